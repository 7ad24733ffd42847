with

calls as (

    select * from {{ ref('int_calls_joined_to_outcomes') }}

),

final as (

    select
        -- ids
        call_id,
        client_id,
        provider,

        -- when
        call_date,
        started_at,

        -- attribution
        platform,
        campaign_id,
        campaign_name,

        -- call
        direction,
        duration_seconds,
        is_answered,
        is_voicemail_flagged,
        is_first_call,
        has_recording,
        is_on_current_customer_list,

        -- outcome
        outcome,
        decided_by,
        evidence,
        transcribed_by,
        classification_status,
        classification_error,
        classifier_version,
        classifier_model,
        classifier_prompt_version,
        classifier_fallback_reason,
        classified_at,
        is_new_prospect,
        is_booked

    from calls

)

select * from final
