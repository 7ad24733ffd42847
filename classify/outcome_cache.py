"""Outcomes remembered by what the classifier saw, so the same conversation always gets the same outcome.

A language model can return a different outcome on another day, even at temperature 0. The key is a hash of the
classifier version (rules, prompt and model) and the redacted transcript with its sides, so a re-run or a
backfill reuses the stored decision without asking the model again, and a new classifier version misses
the cache on purpose. Only the hash is kept, never the text it was computed from.
"""

from __future__ import annotations

import hashlib
import json
from typing import Protocol

from classify.outcomes import Decision
from classify.transcribe import Transcript


def cache_key(classifier_version: str, transcript: Transcript) -> str:
    payload = json.dumps(
        {
            "version": classifier_version,
            "dual_channel": transcript.is_dual_channel,
            "segments": [[segment.side.value, segment.text] for segment in transcript.segments],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


class OutcomeCache(Protocol):
    def get(self, key: str) -> Decision | None: ...

    def put(self, key: str, decision: Decision) -> None: ...


class MemoryOutcomeCache:
    """A cache that lasts for one process: for the CLI's one-off runs and for tests."""

    def __init__(self) -> None:
        self._decisions: dict[str, Decision] = {}

    def get(self, key: str) -> Decision | None:
        return self._decisions.get(key)

    def put(self, key: str, decision: Decision) -> None:
        self._decisions[key] = decision

    def __len__(self) -> int:
        return len(self._decisions)
