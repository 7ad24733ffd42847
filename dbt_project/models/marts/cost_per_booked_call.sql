with

ad_spend as (

    select * from {{ ref('stg_ad_platforms__ad_spend') }}

),

ad_campaigns as (

    select * from {{ ref('int_ad_campaigns') }}

),

calls as (

    select * from {{ ref('int_calls_joined_to_outcomes') }}

),

spend_days as (

    select
        client_id,
        platform,
        campaign_id,
        spend_date as date_day,
        currency,
        spend,
        clicks,
        impressions

    from ad_spend

),

call_days as (

    select
        client_id,
        platform,
        campaign_id,
        call_date as date_day,
        count(*) as calls,
        count(*) filter (where outcome = 'booked') as booked_calls,
        count(*) filter (where outcome = 'not_booked') as not_booked_calls,
        count(*) filter (where outcome = 'voicemail') as voicemail_calls,
        count(*) filter (where outcome = 'missed_call') as missed_calls,
        count(*) filter (where outcome = 'spam_junk') as spam_junk_calls,
        count(*) filter (where outcome = 'wrong_number') as wrong_number_calls,
        count(*) filter (
            where outcome = 'existing_customer'
        ) as existing_customer_calls,
        count(*) filter (where outcome = 'unclassified') as unclassified_calls

    from calls

    group by client_id, platform, campaign_id, call_date

),

-- a full outer join keeps days with spend and no calls as well as calls with no
-- spend, so that spend and call totals both reconcile with their sources
spend_days_joined_to_call_days as (

    select
        coalesce(spend_days.client_id, call_days.client_id) as client_id,
        coalesce(spend_days.platform, call_days.platform) as platform,
        coalesce(spend_days.campaign_id, call_days.campaign_id) as campaign_id,
        coalesce(spend_days.date_day, call_days.date_day) as date_day,
        spend_days.currency as reported_currency,
        coalesce(spend_days.spend, 0) as spend,
        -- zero clicks on a day without a spend row, but null where the platform
        -- reported the day without clicks or impressions
        case
            when spend_days.client_id is null then 0 else spend_days.clicks
        end as clicks,
        case
            when spend_days.client_id is null then 0 else spend_days.impressions
        end as impressions,
        coalesce(call_days.calls, 0) as calls,
        coalesce(call_days.booked_calls, 0) as booked_calls,
        coalesce(call_days.not_booked_calls, 0) as not_booked_calls,
        coalesce(call_days.voicemail_calls, 0) as voicemail_calls,
        coalesce(call_days.missed_calls, 0) as missed_calls,
        coalesce(call_days.spam_junk_calls, 0) as spam_junk_calls,
        coalesce(call_days.wrong_number_calls, 0) as wrong_number_calls,
        coalesce(call_days.existing_customer_calls, 0) as existing_customer_calls,
        coalesce(call_days.unclassified_calls, 0) as unclassified_calls

    from spend_days

    full outer join call_days
        on
            spend_days.client_id = call_days.client_id
            and spend_days.platform = call_days.platform
            and spend_days.campaign_id = call_days.campaign_id
            and spend_days.date_day = call_days.date_day

),

campaign_named as (

    select
        spend_days_joined_to_call_days.*,
        case
            when spend_days_joined_to_call_days.platform = 'unattributed'
                then 'Unattributed'
            else ad_campaigns.campaign_name
        end as campaign_name,
        coalesce(
            spend_days_joined_to_call_days.reported_currency,
            ad_campaigns.currency
        ) as currency

    from spend_days_joined_to_call_days

    left join ad_campaigns
        on
            spend_days_joined_to_call_days.client_id = ad_campaigns.client_id
            and spend_days_joined_to_call_days.platform = ad_campaigns.platform
            and spend_days_joined_to_call_days.campaign_id = ad_campaigns.campaign_id

),

new_prospects_counted as (

    select
        *,
        booked_calls + not_booked_calls as new_prospect_calls,
        calls - existing_customer_calls as new_demand_calls

    from campaign_named

),

metrics_calculated as (

    select
        *,
        round(
            cast(booked_calls as double) / nullif(new_prospect_calls, 0), 4
        ) as booking_rate,
        cast(
            round(spend / nullif(new_demand_calls, 0), 2) as decimal(18, 2)
        ) as cost_per_call,
        cast(
            round(spend / nullif(new_prospect_calls, 0), 2) as decimal(18, 2)
        ) as cost_per_new_prospect_call,
        cast(
            round(spend / nullif(booked_calls, 0), 2) as decimal(18, 2)
        ) as cost_per_booked_call

    from new_prospects_counted

),

final as (

    select
        client_id,
        platform,
        campaign_id,
        date_day,
        campaign_name,
        currency,
        spend,
        clicks,
        impressions,
        calls,
        booked_calls,
        not_booked_calls,
        voicemail_calls,
        missed_calls,
        spam_junk_calls,
        wrong_number_calls,
        existing_customer_calls,
        unclassified_calls,
        new_prospect_calls,
        booking_rate,
        cost_per_call,
        cost_per_new_prospect_call,
        cost_per_booked_call

    from metrics_calculated

)

select * from final
