"""The warehouse's raw tables, the outcome cache it holds, and the phone lists matched at classification."""

from __future__ import annotations

import dataclasses
import datetime as dt

import duckdb

from classify.outcome_cache import cache_key
from classify.outcomes import Decision, Outcome
from classify.transcribe import Segment, Side, Transcript
from extract.records import CallRecord
from orchestration import warehouse
from orchestration.classification import PhoneLists, facts_for

DAY = dt.date(2026, 11, 2)

MODEL_DECISION = Decision(
    Outcome.BOOKED,
    "model:fake-model",
    "see you Thursday at two",
    model="fake-model-2026-01-01",
    model_fingerprint="fp_1",
    prompt_version="1",
    classifier_version="rules@2+model:fake-model+prompt@1+local-cues@4",
)


def test_outcome_cache_survives_reconnect(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    transcript = Transcript([Segment(Side.MIXED, 0, 2, "see you Thursday at two")], {Side.MIXED: 2.0})
    key = cache_key("v1", transcript)

    with warehouse.connect(path) as connection:
        cache = warehouse.WarehouseOutcomeCache(connection)
        assert cache.get(key) is None
        cache.put(key, MODEL_DECISION)
    with warehouse.connect(path) as connection:
        cached = warehouse.WarehouseOutcomeCache(connection).get(key)

    # The cache keeps the decision, not the version of the run that stored it.
    assert cached == dataclasses.replace(MODEL_DECISION, classifier_version=None)
    assert cache_key("v2", transcript) != key


def test_outcome_row_model_details(tmp_path):
    with warehouse.connect(tmp_path / "warehouse.duckdb") as connection:
        warehouse.upsert_outcome(connection, "CAL1", DAY, "run-version", decision=MODEL_DECISION)
        warehouse.upsert_outcome(connection, "CAL2", DAY, "run-version", error="recording could not be decoded")
        rows = connection.execute(
            "select call_id, outcome, classifier_version, model, model_fingerprint, prompt_version, fallback_reason "
            "from raw.call_outcomes order by call_id"
        ).fetchall()

    assert rows == [
        ("CAL1", "booked", MODEL_DECISION.classifier_version, "fake-model-2026-01-01", "fp_1", "1", None),
        ("CAL2", None, "run-version", None, None, None, None),
    ]


def test_old_warehouse_gains_model_columns(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema raw")
        connection.execute(
            "create table raw.call_outcomes (call_id varchar primary key, outcome varchar, decided_by varchar, "
            "evidence varchar, classifier_version varchar not null, status varchar not null, error varchar, "
            "classified_at timestamp not null, partition_date date not null)"
        )
        connection.execute(
            "insert into raw.call_outcomes values ('OLD', 'booked', 'local-cues@2', null, 'v1', 'classified', "
            "null, now(), '2026-11-01')"
        )

    with warehouse.connect(path) as connection:
        warehouse.upsert_outcome(connection, "CAL1", DAY, "v2", decision=MODEL_DECISION)
        rows = connection.execute("select call_id, model from raw.call_outcomes order by call_id").fetchall()

    assert rows == [("CAL1", "fake-model-2026-01-01"), ("OLD", None)]


def _call(client_id: str, phone_hash: str | None) -> CallRecord:
    fields = {f.name: None for f in dataclasses.fields(CallRecord)}
    fields.update(call_id="CAL1", provider="export_folder", client_id=client_id, start_time="2026-11-02T10:00:00Z")
    fields.update(answered=True, customer_phone_hash=phone_hash, recording_ref="recordings/CAL1.wav")
    return CallRecord(**fields)


def test_blocklist_per_client_and_agency_wide():
    lists = PhoneLists(
        customers=frozenset({("dental", "h-customer")}),
        blocked=frozenset({("dental", "h-dental-junk"), ("*", "h-everywhere-junk")}),
    )

    assert facts_for(_call("dental", "h-dental-junk"), lists).is_blocklisted
    assert not facts_for(_call("plumbing", "h-dental-junk"), lists).is_blocklisted
    assert facts_for(_call("plumbing", "h-everywhere-junk"), lists).is_blocklisted
    assert facts_for(_call("dental", "h-customer"), lists).is_listed_customer
    assert not facts_for(_call("dental", None), lists).is_blocklisted
