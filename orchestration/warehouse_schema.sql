-- Raw tables that the Python assets load and the dbt sources read.
-- Phone numbers never appear in clear: they are stored as a keyed HMAC-SHA256 hex digest.

create schema if not exists raw;

-- One row per call, merged on the provider's call id.
create table if not exists raw.calls (
    call_id varchar primary key,
    provider varchar not null,
    client_id varchar not null,
    direction varchar,
    answered boolean,
    voicemail boolean,
    duration integer,
    -- ISO 8601 with the offset of the client's time zone, as the provider sent it.
    start_time varchar not null,
    customer_phone_hash varchar,
    -- Only filled when the deployment sets CALL_OUTCOMES_KEEP_LAST4=1.
    customer_phone_last4 varchar,
    tracking_phone_hash varchar,
    source varchar,
    medium varchar,
    campaign varchar,
    gclid varchar,
    utm_source varchar,
    utm_medium varchar,
    utm_campaign varchar,
    utm_term varchar,
    utm_content varchar,
    first_call boolean,
    has_recording boolean not null,
    partition_date date not null,
    loaded_at timestamp not null
);

-- One row per client and listed customer phone number.
create table if not exists raw.customers (
    client_id varchar not null,
    phone_hash varchar not null,
    loaded_at timestamp not null,
    primary key (client_id, phone_hash)
);

-- Numbers whose calls are junk whatever is said: one row per client ('*' for every client) and hash.
create table if not exists raw.blocked_numbers (
    client_id varchar not null,
    phone_hash varchar not null,
    loaded_at timestamp not null,
    primary key (client_id, phone_hash)
);

-- One row per client, ad platform, campaign and day.
create table if not exists raw.ad_spend (
    client_id varchar not null,
    platform varchar not null,
    date date not null,
    campaign_id varchar not null,
    campaign_name varchar,
    spend decimal(18, 2) not null,
    clicks integer,
    impressions integer,
    currency varchar,
    loaded_at timestamp not null,
    primary key (client_id, platform, date, campaign_id)
);

-- One row per call: the outcome, or the reason it could not be classified.
create table if not exists raw.call_outcomes (
    call_id varchar primary key,
    -- booked, not_booked, voicemail, missed_call, spam_junk, wrong_number, existing_customer;
    -- null when status is 'failed'.
    outcome varchar,
    -- Rule id (for example 'rule:missed_call') or classifier name and version.
    decided_by varchar,
    -- Redacted span of the transcript, at most 200 characters; null for metadata rules.
    evidence varchar,
    classifier_version varchar not null,
    -- 'classified' or 'failed'.
    status varchar not null,
    -- Why classification failed, without any call content; null when classified.
    error varchar,
    classified_at timestamp not null,
    partition_date date not null
);

-- Columns added after the first release; a warehouse created before them gains them on the next run.
alter table raw.call_outcomes add column if not exists model varchar;
alter table raw.call_outcomes add column if not exists model_fingerprint varchar;
alter table raw.call_outcomes add column if not exists prompt_version varchar;
alter table raw.call_outcomes add column if not exists fallback_reason varchar;
-- The speech model whose transcript decided the call, or null when metadata alone decided.
alter table raw.call_outcomes add column if not exists transcribed_by varchar;

-- The answer given for each conversation the classifier has seen, keyed by a SHA-256 of the classifier
-- version and the redacted transcript (see classify/outcome_cache.py). The transcript itself is not kept.
create schema if not exists classification;

create table if not exists classification.outcome_cache (
    cache_key varchar primary key,
    outcome varchar not null,
    decided_by varchar not null,
    evidence varchar,
    model varchar,
    model_fingerprint varchar,
    prompt_version varchar,
    fallback_reason varchar,
    cached_at timestamp not null
);
