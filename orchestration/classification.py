"""Classify the calls of a source: the code that both the nightly asset and the CLI run."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

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


def facts_for(call: CallRecord, listed_customers: set[tuple[str, str]]) -> CallFacts:
    is_listed = call.customer_phone_hash is not None and (call.client_id, call.customer_phone_hash) in listed_customers
    return CallFacts(
        call_id=call.call_id,
        answered=call.answered,
        voicemail_flag=call.voicemail,
        duration_seconds=call.duration,
        has_recording=call.recording_ref is not None,
        is_listed_customer=is_listed,
    )


def classify_call(
    folder: ExportFolder, classifier: CallClassifier, call: CallRecord, listed_customers: set[tuple[str, str]]
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
        decision = classifier.classify(facts_for(call, listed_customers), recording)
    except ClassificationError as exc:
        error = missing_reason or exc.reason
        logger.warning("call %s could not be classified: %s", call.call_id, error)
        return CallResult(call, None, error)
    return CallResult(call, decision, None)


def classify_calls(
    folder: ExportFolder,
    classifier: CallClassifier,
    calls: Iterable[CallRecord],
    listed_customers: set[tuple[str, str]],
) -> Iterator[CallResult]:
    for call in calls:
        yield classify_call(folder, classifier, call, listed_customers)
