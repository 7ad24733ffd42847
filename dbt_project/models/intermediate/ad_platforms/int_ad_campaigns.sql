with

ad_spend as (

    select * from {{ ref('stg_ad_platforms__ad_spend') }}

),

latest_campaign_attributes as (

    select
        client_id,
        platform,
        campaign_id,
        arg_max(campaign_name, spend_date) filter (
            where campaign_name is not null
        ) as campaign_name,
        arg_max(currency, spend_date) filter (
            where currency is not null
        ) as currency

    from ad_spend

    group by client_id, platform, campaign_id

),

final as (

    select * from latest_campaign_attributes

)

select * from final
