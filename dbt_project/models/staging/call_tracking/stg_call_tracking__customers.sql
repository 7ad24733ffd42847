with

source as (

    select * from {{ source('call_tracking', 'customers') }}

),

renamed as (

    select
        client_id,
        phone_hash as customer_phone_hash,
        loaded_at

    from source

)

select * from renamed
