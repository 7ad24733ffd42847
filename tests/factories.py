"""Builders of test inputs shared by several test modules."""

from __future__ import annotations

from classify.rules import CallFacts


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
