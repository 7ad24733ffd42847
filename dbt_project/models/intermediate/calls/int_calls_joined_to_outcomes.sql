with

calls as (

    select * from {{ ref('int_calls_attributed') }}

),

call_outcomes as (

    select * from {{ ref('stg_classification__call_outcomes') }}

),

customers as (

    select * from {{ ref('stg_call_tracking__customers') }}

),

calls_joined as (

    select
        calls.call_id,
        calls.client_id,
        calls.provider,
        calls.call_date,
        calls.started_at,
        calls.direction,
        calls.platform,
        calls.campaign_id,
        calls.campaign_name,
        calls.duration_seconds,
        calls.is_answered,
        calls.is_voicemail_flagged,
        calls.is_first_call,
        calls.has_recording,
        calls.customer_phone_hash,
        customers.customer_phone_hash is not null as is_on_current_customer_list,
        -- the classifier leaves outcome null when it failed, and calls it has not
        -- reached yet have no row at all
        coalesce(call_outcomes.outcome, 'unclassified') as outcome,
        call_outcomes.decided_by,
        call_outcomes.evidence,
        call_outcomes.transcribed_by,
        call_outcomes.classifier_version,
        call_outcomes.classifier_model,
        call_outcomes.classifier_prompt_version,
        call_outcomes.classifier_fallback_reason,
        coalesce(call_outcomes.classification_status, 'pending') as classification_status,
        call_outcomes.classification_error,
        call_outcomes.classified_at

    from calls

    left join call_outcomes
        on calls.call_id = call_outcomes.call_id

    left join customers
        on
            calls.client_id = customers.client_id
            and calls.customer_phone_hash = customers.customer_phone_hash

),

flags_added as (

    select
        *,
        outcome in ('booked', 'not_booked') as is_new_prospect,
        outcome = 'booked' as is_booked

    from calls_joined

),

final as (

    select * from flags_added

)

select * from final
