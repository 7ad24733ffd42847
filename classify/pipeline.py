"""Classify one call: metadata rules, then audio, transcript rules, redaction and the classifier.

`CallClassifier.classify` is a pure function of one call's facts and recording bytes (given the loaded
models), so calls can be classified in any order, in parallel, or on other machines. The transcript is a
local variable: it is never logged, stored or returned.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from classify import local_classifier
from classify.audio import AudioDecodeError, DecodedAudio, decode_recording
from classify.conversation import ConversationClassifier, LocalConversationClassifier
from classify.openai_classifier import ModelUnavailableError
from classify.outcome_cache import OutcomeCache, cache_key
from classify.outcomes import Decision, Outcome
from classify.redact import Redactor
from classify.rules import CallFacts, decide_from_metadata, find_voicemail_greeting, has_conversation
from classify.steering import remove_steering
from classify.transcribe import Transcriber, Transcript

logger = logging.getLogger(__name__)

# Bump when a rule changes: stored outcomes carry it, and a new version re-classifies on purpose.
RULES_VERSION = "5"
# Bump when the second pass changes which calls it transcribes again or which decision it keeps.
SECOND_PASS_VERSION = "2"


class ClassificationError(Exception):
    """A call could not be classified. The message names the call and the reason, never its content."""

    def __init__(self, call_id: str, reason: str) -> None:
        super().__init__(f"call {call_id}: {reason}")
        self.call_id = call_id
        self.reason = reason


class CallClassifier:
    """Holds the loaded speech, redaction and outcome models and classifies calls one at a time.

    With a second-pass transcriber, two kinds of conversation are transcribed again by that (larger)
    model. One that the local classifier finds no cue in is decided from the second transcript instead.
    One that it decides as not booked from a cue (a failure, a decline, a rejected read-back) is booked
    only when the second transcript contains an explicit confirmation of the booking. Otherwise the first
    decision is kept. On the development calls, tiny.en's transcripts leave 18% of the calls without a
    cue, most often because it garbled the confirmation, and decide 15% as not booked from a cue
    (classify/accuracy.md has the figures).
    """

    def __init__(
        self,
        transcriber: Transcriber,
        redactor: Redactor,
        conversation: ConversationClassifier | None = None,
        second_pass: Transcriber | None = None,
    ) -> None:
        self.transcriber = transcriber
        self.redactor = redactor
        self.local = LocalConversationClassifier()
        self.conversation = conversation or self.local
        self.second_pass = second_pass

    @property
    def version(self) -> str:
        """Identify the rules, classifier and second pass, so that a change of any re-classifies stored calls."""
        version = f"rules@{RULES_VERSION}+{self.conversation.version}"
        if self.second_pass is not None:
            version += f"+second-pass@{SECOND_PASS_VERSION}:{self.second_pass.model_name}"
        return version

    def classify(self, facts: CallFacts, recording: bytes | None, cache: OutcomeCache | None = None) -> Decision:
        """Decide one call, and record in the decision which classifier version made it."""
        decision = decide_from_metadata(facts)
        if decision is None:
            decision = self._classify_recording(facts, recording, cache)
        if decision.classifier_version is None:
            decision = replace(decision, classifier_version=self.version)
        return decision

    def _classify_recording(self, facts: CallFacts, recording: bytes | None, cache: OutcomeCache | None) -> Decision:
        if recording is None:
            raise ClassificationError(facts.call_id, "the call was answered but has no recording to classify")

        try:
            audio = decode_recording(recording)
        except AudioDecodeError as exc:
            raise ClassificationError(facts.call_id, f"recording could not be decoded: {exc}") from None

        decision = self._transcribe_and_decide(facts, audio, self.transcriber, cache)
        if self.second_pass is None:
            return decision
        if local_classifier.found_no_cue(decision):
            return replace(self._transcribe_and_decide(facts, audio, self.second_pass, cache), transcriptions=2)
        if local_classifier.found_no_booking(decision):
            # A failure that the small model hears is often a garbled confirmation, or the failed first try
            # of a booking whose retry it garbled. Only an explicit confirmation overrides it.
            second = self._transcribe_and_decide(facts, audio, self.second_pass, cache)
            if local_classifier.found_confirmation(second):
                decision = second
            return replace(decision, transcriptions=2)
        return decision

    def _transcribe_and_decide(
        self, facts: CallFacts, audio: DecodedAudio, transcriber: Transcriber, cache: OutcomeCache | None
    ) -> Decision:
        try:
            transcript = transcriber.transcribe(audio)
            decision = decide_from_transcript(facts, transcript, self.redactor, self.conversation, cache)
        except Exception as exc:
            # One call's failure must not stop the night. Only the exception type is kept: a library's
            # message could quote the audio or the text it was working on.
            logger.error(
                "call %s: transcription with %s or classification failed (%s)",
                facts.call_id,
                transcriber.model_name,
                type(exc).__name__,
            )
            raise ClassificationError(
                facts.call_id, f"transcription or classification failed ({type(exc).__name__})"
            ) from None
        return replace(decision, transcribed_by=transcriber.model_name, transcriptions=1)


def decide_from_transcript(
    facts: CallFacts,
    transcript: Transcript,
    redactor: Redactor,
    conversation: ConversationClassifier | None = None,
    cache: OutcomeCache | None = None,
) -> Decision:
    """Apply the transcript rules, then the classifier, then the outcome precedence."""
    greeting = find_voicemail_greeting(transcript)
    if greeting is not None:
        return Decision(Outcome.VOICEMAIL, "rule:voicemail_greeting", _clip(redactor.redact(greeting)))

    if not has_conversation(transcript):
        if not facts.answered:
            return Decision(Outcome.MISSED_CALL, "rule:unanswered_without_speech")
        return Decision(Outcome.SPAM_JUNK, "rule:no_conversation")

    redacted = Transcript(
        segments=[
            replace(segment, text=text)
            for segment, text in zip(
                transcript.segments, redactor.redact_call([s.text for s in transcript.segments]), strict=True
            )
        ],
        speech_seconds=transcript.speech_seconds,
        is_dual_channel=transcript.is_dual_channel,
    )
    if not facts.answered:
        # Speech on an unanswered call is a message left without a greeting that we recognized.
        return Decision(Outcome.VOICEMAIL, "rule:unanswered_with_message", local_classifier.fallback_evidence(redacted))

    redacted, removed = remove_steering(redacted)
    if removed:
        logger.info("call %s: %d sentences addressed to the classifier were left out", facts.call_id, removed)

    decision = _decide_conversation(facts, redacted, conversation or LocalConversationClassifier(), cache)
    if decision.outcome in (Outcome.SPAM_JUNK, Outcome.WRONG_NUMBER):
        return decision
    if facts.is_listed_customer:
        return replace(decision, outcome=Outcome.EXISTING_CUSTOMER, decided_by="rule:customer_list")
    return decision


def _decide_conversation(
    facts: CallFacts, redacted: Transcript, conversation: ConversationClassifier, cache: OutcomeCache | None
) -> Decision:
    """Ask the conversation classifier, or the cache when it has seen this conversation before."""
    key = cache_key(f"rules@{RULES_VERSION}+{conversation.version}", redacted)
    if cache is not None:
        cached = cache.get(key)
        if cached is not None:
            return cached
    try:
        decision = conversation.classify_conversation(redacted)
    except ModelUnavailableError as exc:
        logger.warning("call %s: model endpoint unavailable (%s), so the local classifier decides", facts.call_id, exc)
        local = LocalConversationClassifier()
        # Not cached, and stored under the local version, so that the next run sends the call to the model again.
        return replace(
            local.classify_conversation(redacted),
            fallback_reason=f"model endpoint unavailable: {exc}",
            classifier_version=f"rules@{RULES_VERSION}+{local.version}",
        )
    if cache is not None:
        cache.put(key, decision)
    return decision


def _clip(text: str) -> str:
    return local_classifier.snippet_around(text, 0, 0)
