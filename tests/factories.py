"""Builders of test inputs shared by several test modules."""

from __future__ import annotations

import os
from pathlib import Path

from classify.rules import CallFacts

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


def guarded_env(env: dict[str, str], blocked_log: Path) -> dict[str, str]:
    """Return env for a subprocess in which every connection beyond loopback is blocked and logged."""
    python_path = os.pathsep.join(p for p in (str(NETWORK_GUARD_DIR), env.get("PYTHONPATH", "")) if p)
    return {**env, "PYTHONPATH": python_path, BLOCKED_CONNECTIONS_LOG: str(blocked_log)}
