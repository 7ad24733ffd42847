"""The outcome of a call and the record of why it was given."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Outcome(enum.StrEnum):
    """The seven outcomes a call can have, in order of precedence."""

    MISSED_CALL = "missed_call"
    VOICEMAIL = "voicemail"
    SPAM_JUNK = "spam_junk"
    WRONG_NUMBER = "wrong_number"
    EXISTING_CUSTOMER = "existing_customer"
    BOOKED = "booked"
    NOT_BOOKED = "not_booked"


EVIDENCE_MAX_CHARS = 200


@dataclass(frozen=True)
class Decision:
    """An outcome with what decided it and a redacted evidence snippet."""

    outcome: Outcome
    # A rule id such as "rule:missed_call", or a classifier name and version.
    decided_by: str
    # Redacted, at most EVIDENCE_MAX_CHARS characters; None when metadata alone decided.
    evidence: str | None = None
    # The language model that was asked, and what it reported, when one is configured.
    model: str | None = None
    model_fingerprint: str | None = None
    prompt_version: str | None = None
    # Why the local classifier decided instead of the configured model (a refusal, an invalid answer,
    # or an unreachable endpoint); None when the configured classifier decided.
    fallback_reason: str | None = None
    # The speech model whose transcript decided the call, for example "whisper-base" when the second pass
    # decided. None when metadata alone decided.
    transcribed_by: str | None = None
    # The number of times the recording was transcribed: 0 when metadata alone decided, and 2 when the
    # second pass ran, whichever transcript then decided.
    transcriptions: int = 0
    # The classifier version this outcome stands for. An outcome decided locally because the model
    # endpoint was unreachable carries the local version, so that the next run sends the call to the model again.
    classifier_version: str | None = None

    def __post_init__(self) -> None:
        if self.evidence is not None and len(self.evidence) > EVIDENCE_MAX_CHARS:
            raise ValueError(f"evidence is {len(self.evidence)} characters, over the limit of {EVIDENCE_MAX_CHARS}")
