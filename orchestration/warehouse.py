"""The DuckDB warehouse: raw tables that the Python assets load and dbt reads.

DuckDB allows one writing process at a time, so every write goes through short-lived connections from
here, and the nightly job runs its steps in one process.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path

import duckdb

from classify.outcomes import Decision
from extract.records import AdSpendRow, CallRecord, CustomerPhone

SCHEMA_SQL = Path(__file__).with_name("warehouse_schema.sql")

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
    rows = {(c.client_id, c.phone_hash) for c in customers}
    loaded_at = _now()
    connection.execute("begin transaction")
    try:
        for client_id in {client for client, _ in rows}:
            connection.execute("delete from raw.customers where client_id = ?", [client_id])
        if rows:
            connection.executemany(
                "insert into raw.customers (client_id, phone_hash, loaded_at) values (?, ?, ?)",
                [[client, phone_hash, loaded_at] for client, phone_hash in sorted(rows)],
            )
        connection.execute("commit")
    except Exception:
        connection.execute("rollback")
        raise
    return len(rows)


def listed_customer_hashes(connection: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    return set(connection.execute("select client_id, phone_hash from raw.customers").fetchall())


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


def upsert_outcome(
    connection: duckdb.DuckDBPyConnection,
    call_id: str,
    partition_date: dt.date,
    classifier_version: str,
    decision: Decision | None = None,
    error: str | None = None,
) -> None:
    """Store one call's outcome, or the reason it failed; a later run replaces it."""
    if (decision is None) == (error is None):
        raise ValueError("pass exactly one of decision and error")
    connection.execute(
        "insert or replace into raw.call_outcomes "
        "(call_id, outcome, decided_by, evidence, classifier_version, status, error, classified_at, partition_date) "
        "values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            call_id,
            decision.outcome.value if decision else None,
            decision.decided_by if decision else None,
            decision.evidence if decision else None,
            classifier_version,
            "classified" if decision else "failed",
            error,
            _now(),
            partition_date,
        ],
    )
