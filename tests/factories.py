"""Builders of test inputs shared by several test modules."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from classify.rules import CallFacts

ROOT = Path(__file__).resolve().parents[1]
NETWORK_GUARD_DIR = Path(__file__).with_name("network_guard")
BLOCKED_CONNECTIONS_LOG = "CALL_OUTCOMES_BLOCKED_CONNECTIONS_LOG"


def call_facts(**overrides) -> CallFacts:
    """Return the facts of an answered, recorded call that no metadata rule decides, with overrides."""
    values = dict(
        call_id="CAL1",
        answered=True,
        voicemail_flag=False,
        duration_seconds=90,
        has_recording=True,
        is_listed_customer=False,
    )
    values.update(overrides)
    return CallFacts(**values)


class NoRedaction:
    """Stands in for the Redactor where a test reads its transcript back unchanged."""

    def redact(self, text: str) -> str:
        return text

    def redact_call(self, texts: list[str]) -> list[str]:
        return list(texts)


def deployment_env(root: Path, hash_key: str) -> dict[str, str]:
    """Return env for a nightly job that keeps its warehouse and Dagster home under root.

    Every connection beyond loopback is blocked in the job and its subprocesses, and logged to
    root / "blocked_connections.log".
    """
    dagster_home = root / "dagster_home"
    dagster_home.mkdir()
    shutil.copy(ROOT / "orchestration" / "dagster.yaml", dagster_home / "dagster.yaml")
    python_path = os.pathsep.join(p for p in (str(NETWORK_GUARD_DIR), os.environ.get("PYTHONPATH", "")) if p)
    return {
        **os.environ,
        "DAGSTER_HOME": str(dagster_home),
        "CALL_OUTCOMES_WAREHOUSE": str(root / "warehouse.duckdb"),
        "CALL_OUTCOMES_HASH_KEY": hash_key,
        "DO_NOT_TRACK": "1",
        "PYTHONPATH": python_path,
        BLOCKED_CONNECTIONS_LOG: str(root / "blocked_connections.log"),
    }
