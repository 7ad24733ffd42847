with

source as (

    select * from {{ source('ad_platforms', 'ad_spend') }}

),

renamed as (

    select
        -- ids
        client_id,
        platform,
        campaign_id,
        campaign_name,

        -- the ad account's reporting day, taken to be the client's local day
        date as spend_date,

        -- measures
        spend,
        clicks,
        impressions,
        upper(currency) as currency,

        -- load metadata
        loaded_at

    from source

)

select * from renamed
