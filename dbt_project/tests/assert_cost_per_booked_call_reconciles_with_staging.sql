-- The mart must not lose or double count spend or calls, so its totals must equal
-- the staging totals. Returns one row when they differ.
-- The meta ref makes dagster-dbt load this test as a check on the mart. Without it,
-- a singular test that reads several models has no asset to attach to.
{{ config(meta={'dagster': {'ref': {'name': 'cost_per_booked_call'}}}) }}

with

mart_totals as (

    select
        sum(spend) as spend,
        sum(calls) as calls

    from {{ ref('cost_per_booked_call') }}

),

staging_spend as (

    select sum(spend) as spend

    from {{ ref('stg_ad_platforms__ad_spend') }}

),

staging_calls as (

    select count(*) as calls

    from {{ ref('stg_call_tracking__calls') }}

),

totals_compared as (

    select
        mart_totals.spend as mart_spend,
        staging_spend.spend as staging_spend,
        mart_totals.calls as mart_calls,
        staging_calls.calls as staging_calls

    from mart_totals

    cross join staging_spend

    cross join staging_calls

)

select * from totals_compared

where
    coalesce(mart_spend, 0) != coalesce(staging_spend, 0)
    or coalesce(mart_calls, 0) != staging_calls
