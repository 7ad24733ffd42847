"""The DuckDB warehouse: raw tables that the Python assets load and dbt reads.

DuckDB allows one writing process at a time, so every write goes through short-lived connections from
here, and the nightly job runs its steps in one process.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import duckdb

from classify.outcomes import Decision, Outcome
from extract.records import AdSpendRow, CallRecord, CustomerPhone

SCHEMA_SQL = Path(__file__).with_name("warehouse_schema.sql")
DEFAULT_PATH = ".call-outcomes/warehouse.duckdb"


def warehouse_path() -> Path:
    """Return the warehouse file as an absolute path; dbt reads the same variable."""
    path = Path(os.environ.get("CALL_OUTCOMES_WAREHOUSE") or DEFAULT_PATH).resolve()
    os.environ["CALL_OUTCOMES_WAREHOUSE"] = str(path)
    return path


_CALL_COLUMNS = [
    "call_id", "provider", "client_id", "direction", "answered", "voicemail", "duration", "start_time",
    "customer_phone_hash", "customer_phone_last4", "tracking_phone_hash", "source", "medium", "campaign",
    "gclid", "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "first_call",
]  # fmt: skip


@contextlib.contextmanager
def connect(path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse, creating it and its raw schema on first use."""
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect(str(path), read_only=read_only)
    try:
        if not read_only:
            connection.execute(SCHEMA_SQL.read_text())
        yield connection
    finally:
        connection.close()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def upsert_calls(connection: duckdb.DuckDBPyConnection, calls: Iterable[CallRecord], partition_date: dt.date) -> int:
    """Insert or replace calls by the provider's call id; return how many were written."""
    loaded_at = _now()
    rows = [
        [getattr(call, column) for column in _CALL_COLUMNS]
        + [call.recording_ref is not None, partition_date, loaded_at]
        for call in calls
    ]
    if not rows:
        return 0
    columns = ", ".join([*_CALL_COLUMNS, "has_recording", "partition_date", "loaded_at"])
    placeholders = ", ".join("?" * (len(_CALL_COLUMNS) + 3))
    connection.executemany(f"insert or replace into raw.calls ({columns}) values ({placeholders})", rows)
    return len(rows)


def replace_customers(connection: duckdb.DuckDBPyConnection, customers: Iterable[CustomerPhone]) -> int:
    """Replace the customer lists of the clients present in `customers`; other clients keep theirs."""
    return _replace_phone_lists(connection, "raw.customers", customers)


def replace_blocked_numbers(connection: duckdb.DuckDBPyConnection, numbers: Iterable[CustomerPhone]) -> int:
    """Replace the blocklists of the clients present in `numbers` ('*' is the agency-wide list)."""
    return _replace_phone_lists(connection, "raw.blocked_numbers", numbers)


def _replace_phone_lists(connection: duckdb.DuckDBPyConnection, table: str, phones: Iterable[CustomerPhone]) -> int:
    rows = {(p.client_id, p.phone_hash) for p in phones}
    loaded_at = _now()
    connection.execute("begin transaction")
    try:
        for client_id in {client for client, _ in rows}:
            connection.execute(f"delete from {table} where client_id = ?", [client_id])
        if rows:
            connection.executemany(
                f"insert into {table} (client_id, phone_hash, loaded_at) values (?, ?, ?)",
                [[client, phone_hash, loaded_at] for client, phone_hash in sorted(rows)],
            )
        connection.execute("commit")
    except Exception:
        connection.execute("rollback")
        raise
    return len(rows)


def listed_customer_hashes(connection: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    return set(connection.execute("select client_id, phone_hash from raw.customers").fetchall())


def blocked_number_hashes(connection: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    return set(connection.execute("select client_id, phone_hash from raw.blocked_numbers").fetchall())


def upsert_ad_spend(connection: duckdb.DuckDBPyConnection, rows: Iterable[AdSpendRow]) -> int:
    loaded_at = _now()
    values = [[*dataclasses.astuple(row), loaded_at] for row in rows]
    if not values:
        return 0
    columns = [field.name for field in dataclasses.fields(AdSpendRow)] + ["loaded_at"]
    connection.executemany(
        f"insert or replace into raw.ad_spend ({', '.join(columns)}) values ({', '.join('?' * len(columns))})",
        values,
    )
    return len(values)


def stored_outcome_versions(connection: duckdb.DuckDBPyConnection, call_ids: list[str]) -> dict[str, str]:
    """Return the classifier version of each call that is already classified, by call id."""
    if not call_ids:
        return {}
    rows = connection.execute(
        "select call_id, classifier_version from raw.call_outcomes "
        "where status = 'classified' and call_id in (select unnest(?))",
        [call_ids],
    ).fetchall()
    return dict(rows)


_DECISION_COLUMNS = ["model", "model_fingerprint", "prompt_version", "fallback_reason"]


def upsert_outcome(
    connection: duckdb.DuckDBPyConnection,
    call_id: str,
    partition_date: dt.date,
    classifier_version: str,
    decision: Decision | None = None,
    error: str | None = None,
) -> None:
    """Store one call's outcome, or the reason it failed; a later run replaces it.

    `classifier_version` is the version of a failed call's run; a decision carries its own.
    """
    if (decision is None) == (error is None):
        raise ValueError("pass exactly one of decision and error")
    connection.execute(
        "insert or replace into raw.call_outcomes "
        "(call_id, outcome, decided_by, evidence, classifier_version, status, error, classified_at, partition_date, "
        f"transcribed_by, {', '.join(_DECISION_COLUMNS)}) values ({', '.join('?' * (10 + len(_DECISION_COLUMNS)))})",
        [
            call_id,
            decision.outcome.value if decision else None,
            decision.decided_by if decision else None,
            decision.evidence if decision else None,
            (decision.classifier_version if decision else None) or classifier_version,
            "classified" if decision else "failed",
            error,
            _now(),
            partition_date,
            decision.transcribed_by if decision else None,
            *[getattr(decision, column) if decision else None for column in _DECISION_COLUMNS],
        ],
    )


class WarehouseOutcomeCache:
    """The outcome cache in the warehouse, so that it outlives the run (see classify/outcome_cache.py)."""

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self.connection = connection

    def get(self, key: str) -> Decision | None:
        row = self.connection.execute(
            f"select outcome, decided_by, evidence, {', '.join(_DECISION_COLUMNS)} "
            "from classification.outcome_cache where cache_key = ?",
            [key],
        ).fetchone()
        if row is None:
            return None
        outcome, decided_by, evidence, *details = row
        return Decision(Outcome(outcome), decided_by, evidence, **dict(zip(_DECISION_COLUMNS, details, strict=True)))

    def put(self, key: str, decision: Decision) -> None:
        self.connection.execute(
            "insert or replace into classification.outcome_cache "
            f"(cache_key, outcome, decided_by, evidence, {', '.join(_DECISION_COLUMNS)}, cached_at) "
            f"values ({', '.join('?' * (5 + len(_DECISION_COLUMNS)))})",
            [
                key,
                decision.outcome.value,
                decision.decided_by,
                decision.evidence,
                *[getattr(decision, column) for column in _DECISION_COLUMNS],
                _now(),
            ],
        )
