with

source as (

    select * from {{ source('classification', 'call_outcomes') }}

),

renamed as (

    select
        -- ids
        call_id,

        -- classification
        status as classification_status,
        lower(nullif(trim(outcome), '')) as outcome,
        decided_by,
        evidence,
        transcribed_by,
        classifier_version,
        model as classifier_model,
        model_fingerprint as classifier_model_fingerprint,
        prompt_version as classifier_prompt_version,
        fallback_reason as classifier_fallback_reason,
        error as classification_error,

        -- timestamps
        classified_at,
        partition_date

    from source

)

select * from renamed
