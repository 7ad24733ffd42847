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
        classifier_version,
        error as classification_error,

        -- timestamps
        classified_at,
        partition_date

    from source

)

select * from renamed
