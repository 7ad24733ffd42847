with

calls as (

    select * from {{ ref('stg_call_tracking__calls') }}

),

ad_campaigns as (

    select * from {{ ref('int_ad_campaigns') }}

),

platform_assigned as (

    select
        *,
        case
            -- an explicit utm_source outranks a gclid, so a Meta-tagged visit stays with Meta
            when utm_source in ('facebook', 'fb', 'instagram', 'meta') then 'meta_ads'
            when utm_source = 'google' or gclid is not null then 'google_ads'
            else 'unattributed'
        end as platform

    from calls

),

campaign_assigned as (

    select
        *,
        case
            when platform = 'unattributed' then 'unattributed'
            -- a paid call without utm_campaign cannot be matched to a campaign's spend
            else coalesce(utm_campaign, 'unattributed')
        end as campaign_id

    from platform_assigned

),

campaign_named as (

    select
        campaign_assigned.*,
        case
            when campaign_assigned.platform = 'unattributed' then 'Unattributed'
            else ad_campaigns.campaign_name
        end as campaign_name

    from campaign_assigned

    left join ad_campaigns
        on
            campaign_assigned.client_id = ad_campaigns.client_id
            and campaign_assigned.platform = ad_campaigns.platform
            and campaign_assigned.campaign_id = ad_campaigns.campaign_id

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

        -- call
        direction,
        duration_seconds,
        is_answered,
        is_voicemail_flagged,
        is_first_call,
        has_recording,
        customer_phone_hash,

        -- attribution and the tracking parameters it was derived from
        platform,
        campaign_id,
        campaign_name,
        utm_source,
        utm_campaign,
        gclid

    from campaign_named

)

select * from final
