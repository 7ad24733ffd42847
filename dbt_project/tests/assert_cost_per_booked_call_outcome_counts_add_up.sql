-- Every call has exactly one outcome, so the outcome counts of a row add up to its calls.
select
    client_id,
    platform,
    campaign_id,
    date_day,
    calls

from {{ ref('cost_per_booked_call') }}

where
    calls != booked_calls
    + not_booked_calls
    + voicemail_calls
    + missed_calls
    + spam_junk_calls
    + wrong_number_calls
    + existing_customer_calls
    + unclassified_calls
