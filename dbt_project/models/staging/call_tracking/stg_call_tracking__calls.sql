with

source as (

    select * from {{ source('call_tracking', 'calls') }}

),

renamed as (

    select
        -- ids
        call_id,
        client_id,
        provider,

        -- call
        direction,
        answered as is_answered,
        voicemail as is_voicemail_flagged,
        first_call as is_first_call,
        has_recording,
        duration as duration_seconds,

        -- the provider's string carries the client's UTC offset, so its date part
        -- is the client's local day. started_at is the same instant in UTC.
        -- A start time without an offset, or one that does not parse, becomes
        -- null, so that the not_null tests report it instead of the build failing
        -- on a cast error or reading the time as UTC.
        case
            when regexp_matches(start_time, '(Z|[+-]\d{2}:?\d{2})$')
                then timezone('UTC', try_cast(start_time as timestamptz))
        end as started_at,
        try_cast(left(start_time, 10) as date) as call_date,

        -- PII: phone number digests, and the last four digits where the deployment keeps them
        customer_phone_hash,
        customer_phone_last4,
        tracking_phone_hash,

        -- provider attribution
        source as provider_source,
        medium as provider_medium,
        campaign as provider_campaign,

        -- providers send empty tracking parameters as empty strings or as nulls
        nullif(trim(gclid), '') as gclid,
        lower(nullif(trim(utm_source), '')) as utm_source,
        lower(nullif(trim(utm_medium), '')) as utm_medium,
        nullif(trim(utm_campaign), '') as utm_campaign,
        nullif(trim(utm_term), '') as utm_term,
        nullif(trim(utm_content), '') as utm_content,

        -- load metadata
        partition_date,
        loaded_at

    from source

)

select * from renamed
