-- Returns the rows that break the raw.call_outcomes contract, which requires that a
-- classified row has an outcome and a failed row has none.
select
    call_id,
    classification_status,
    outcome

from {{ ref('stg_classification__call_outcomes') }}

where
    (classification_status = 'classified' and outcome is null)
    or (classification_status = 'failed' and outcome is not null)
