"""Classify the calls of a source: the code that both the nightly asset and the CLI run."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from classify.outcome_cache import OutcomeCache
from classify.outcomes import Decision
from classify.pipeline import CallClassifier, ClassificationError
from classify.rules import CallFacts
from extract.export_folder import ExportFolder, RecordingNotFoundError
from extract.records import CallRecord

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CallResult:
    """A call's decision, or the error that stopped it; exactly one is set."""

    call: CallRecord
    decision: Decision | None
    error: str | None


@dataclass(frozen=True)
class PhoneLists:
    """Hashed numbers, by (client_id, phone_hash): the customer lists, and the blocklists with '*' for all."""

    customers: frozenset[tuple[str, str]] = frozenset()
    blocked: frozenset[tuple[str, str]] = frozenset()


def facts_for(call: CallRecord, lists: PhoneLists) -> CallFacts:
    phone = call.customer_phone_hash
    is_listed = phone is not None and (call.client_id, phone) in lists.customers
    is_blocked = phone is not None and ((call.client_id, phone) in lists.blocked or ("*", phone) in lists.blocked)
    return CallFacts(
        call_id=call.call_id,
        answered=call.answered,
        voicemail_flag=call.voicemail,
        duration_seconds=call.duration,
        has_recording=call.recording_ref is not None,
        is_listed_customer=is_listed,
        is_blocklisted=is_blocked,
    )


def classify_call(
    folder: ExportFolder,
    classifier: CallClassifier,
    call: CallRecord,
    lists: PhoneLists,
    cache: OutcomeCache | None = None,
) -> CallResult:
    """Classify one call; a bad or missing recording becomes an error result, never an exception."""
    recording = None
    missing_reason = None
    if call.recording_ref is not None:
        try:
            recording = folder.fetch_recording(call)
        except RecordingNotFoundError as exc:
            missing_reason = str(exc)

    try:
        decision = classifier.classify(facts_for(call, lists), recording, cache)
    except ClassificationError as exc:
        error = missing_reason or exc.reason
        logger.warning("call %s could not be classified: %s", call.call_id, error)
        return CallResult(call, None, error)
    return CallResult(call, decision, None)


def classify_calls(
    folder: ExportFolder,
    classifier: CallClassifier,
    calls: Iterable[CallRecord],
    lists: PhoneLists,
    cache: OutcomeCache | None = None,
) -> Iterator[CallResult]:
    for call in calls:
        yield classify_call(folder, classifier, call, lists, cache)
