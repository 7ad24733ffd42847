"""The second pass: Whisper base transcribes again a conversation that tiny.en leaves without a cue, or
decides as not booked from a cue.

In one wrong-number call of the bundled sample, tiny.en garbles the caller's question so that no cue
matches, and base hears it. In the test recording of a booking that succeeds at the second try, tiny.en
hears the failed first try but garbles the confirmation, and base hears the confirmation.
"""

from __future__ import annotations

import pytest

from classify import local_classifier
from classify.outcomes import Decision, Outcome
from classify.pipeline import RULES_VERSION, SECOND_PASS_VERSION, CallClassifier, ClassificationError
from classify.speech_models import SpeechModelError, whisper_base, whisper_tiny_en
from classify.transcribe import Transcriber, TranscriberSettings
from orchestration.resources import ClassifierSettings, load_classifier
from tests.factories import ROOT, call_facts

SAMPLE_RECORDINGS = ROOT / "extract" / "samples" / "export" / "recordings"
BOOKED_RECORDING = ROOT / "tests" / "data" / "recordings" / "booked-new-patient.ogg"
# A restaurant booking that fails at 1 pm and is confirmed at 6 pm.
RETRIED_BOOKING_RECORDING = ROOT / "tests" / "data" / "recordings" / "booked-after-failed-attempt.ogg"
# A caller who dialled the wrong business.
WRONG_NUMBER_CALL = "CAL8b35ee1f3442cb95ecf9e50695a8"
CUES = f"local-cues@{local_classifier.VERSION}"
NO_CUE = f"{CUES}:no_booking_cue"
VERSION_WITH_BASE = f"rules@{RULES_VERSION}+{CUES}+second-pass@{SECOND_PASS_VERSION}:whisper-base"


class _UnusedTranscriber:
    """A second pass that fails the test if the classifier calls it."""

    model_name = "unused-test-model"

    def transcribe(self, audio):
        raise AssertionError("the second pass ran on a call that the first transcript decided")


class _Renamed:
    """A real transcriber under another model name, with a count of its calls."""

    def __init__(self, transcriber: Transcriber, model_name: str) -> None:
        self.transcriber = transcriber
        self.model_name = model_name
        self.calls = 0

    def transcribe(self, audio):
        self.calls += 1
        return self.transcriber.transcribe(audio)


class _FailingTranscriber:
    model_name = "failing-test-model"

    def transcribe(self, audio):
        raise RuntimeError("caller said: my card is 4111 1111 1111 1111")


@pytest.fixture(scope="module")
def tiny() -> Transcriber:
    return Transcriber(TranscriberSettings(model=whisper_tiny_en()))


@pytest.fixture(scope="module")
def base() -> Transcriber:
    return Transcriber(TranscriberSettings(model=whisper_base()))


def _sample_recording(call_id: str) -> bytes:
    return (SAMPLE_RECORDINGS / f"{call_id}.ogg").read_bytes()


@pytest.mark.slow
def test_no_cue_call_decided_from_base(tiny, base, redactor):
    facts = call_facts(call_id=WRONG_NUMBER_CALL)
    recording = _sample_recording(WRONG_NUMBER_CALL)

    first_only = CallClassifier(tiny, redactor).classify(facts, recording)
    with_second = CallClassifier(tiny, redactor, second_pass=base).classify(facts, recording)

    assert first_only.decided_by == NO_CUE
    assert first_only.transcribed_by == "whisper-tiny.en"
    assert with_second.outcome is Outcome.WRONG_NUMBER
    assert with_second.decided_by == f"local-cues@{local_classifier.VERSION}:wrong_number"
    assert with_second.transcribed_by == "whisper-base"
    assert with_second.transcriptions == 2
    assert with_second.classifier_version == VERSION_WITH_BASE


@pytest.mark.slow
def test_second_confirmation_overrides_failure(tiny, base, redactor):
    recording = RETRIED_BOOKING_RECORDING.read_bytes()

    first_only = CallClassifier(tiny, redactor).classify(call_facts(), recording)
    with_second = CallClassifier(tiny, redactor, second_pass=base).classify(call_facts(), recording)

    assert first_only.outcome is Outcome.NOT_BOOKED
    assert first_only.decided_by == f"{CUES}:booking_failed_or_declined"
    assert first_only.transcriptions == 1
    assert with_second.outcome is Outcome.BOOKED
    assert with_second.decided_by == f"{CUES}:booking_confirmed"
    assert "confirmed" in with_second.evidence
    assert with_second.transcribed_by == "whisper-base"
    assert with_second.transcriptions == 2


@pytest.mark.slow
def test_failure_kept_without_second_confirmation(tiny, redactor):
    # tiny.en as its own second pass hears the same failure, so the first decision must be kept.
    second = _Renamed(tiny, "second-test-model")
    recording = RETRIED_BOOKING_RECORDING.read_bytes()

    decision = CallClassifier(tiny, redactor, second_pass=second).classify(call_facts(), recording)

    assert second.calls == 1
    assert decision.outcome is Outcome.NOT_BOOKED
    assert decision.decided_by == f"{CUES}:booking_failed_or_declined"
    assert decision.transcribed_by == "whisper-tiny.en"
    assert decision.transcriptions == 2


@pytest.mark.slow
def test_second_pass_is_stable(tiny, base, redactor):
    classifier = CallClassifier(tiny, redactor, second_pass=base)
    facts = call_facts(call_id=WRONG_NUMBER_CALL)
    recording = _sample_recording(WRONG_NUMBER_CALL)

    assert classifier.classify(facts, recording) == classifier.classify(facts, recording)


@pytest.mark.slow
def test_decided_call_skips_second_pass(tiny, redactor):
    classifier = CallClassifier(tiny, redactor, second_pass=_UnusedTranscriber())

    decision = classifier.classify(call_facts(), BOOKED_RECORDING.read_bytes())

    assert decision.outcome is Outcome.BOOKED
    assert decision.transcribed_by == "whisper-tiny.en"
    assert decision.transcriptions == 1


def test_metadata_decision_not_transcribed(redactor):
    classifier = CallClassifier(_UnusedTranscriber(), redactor, second_pass=_UnusedTranscriber())

    decision = classifier.classify(call_facts(answered=False, has_recording=False), None)

    assert decision.outcome is Outcome.MISSED_CALL
    assert decision.transcribed_by is None
    assert decision.transcriptions == 0


@pytest.mark.slow
def test_second_pass_failure_names_call(tiny, redactor):
    classifier = CallClassifier(tiny, redactor, second_pass=_FailingTranscriber())

    with pytest.raises(ClassificationError) as raised:
        classifier.classify(call_facts(call_id=WRONG_NUMBER_CALL), _sample_recording(WRONG_NUMBER_CALL))

    assert WRONG_NUMBER_CALL in str(raised.value)
    assert "RuntimeError" in str(raised.value)
    assert "4111" not in str(raised.value)


@pytest.mark.parametrize(
    ("decided_by", "expected"),
    [
        (NO_CUE, True),
        (f"local-cues@{local_classifier.VERSION}:booking_confirmed", False),
        (f"local-cues@{local_classifier.VERSION}:booking_failed_or_declined", False),
        ("rule:customer_list", False),
        ("model:gpt-4o-mini", False),
        ("other-classifier@1:no_booking_cue", False),
    ],
)
def test_found_no_cue(decided_by, expected):
    decision = Decision(Outcome.NOT_BOOKED, decided_by)

    assert local_classifier.found_no_cue(decision) is expected


@pytest.mark.parametrize(
    ("outcome", "decided_by", "expected"),
    [
        (Outcome.NOT_BOOKED, f"{CUES}:booking_failed_or_declined", True),
        (Outcome.NOT_BOOKED, f"{CUES}:offer_declined", True),
        (Outcome.NOT_BOOKED, f"{CUES}:read_back_rejected", True),
        (Outcome.NOT_BOOKED, NO_CUE, False),
        (Outcome.BOOKED, f"{CUES}:booking_confirmed", False),
        (Outcome.WRONG_NUMBER, f"{CUES}:wrong_number", False),
        (Outcome.NOT_BOOKED, "model:gpt-4o-mini", False),
    ],
)
def test_found_no_booking(outcome, decided_by, expected):
    assert local_classifier.found_no_booking(Decision(outcome, decided_by)) is expected


@pytest.mark.parametrize(
    ("decided_by", "expected"),
    [
        (f"{CUES}:booking_confirmed", True),
        (f"{CUES}:read_back_confirmed", False),
        (f"{CUES}:slot_accepted", False),
        ("model:gpt-4o-mini", False),
    ],
)
def test_found_confirmation(decided_by, expected):
    assert local_classifier.found_confirmation(Decision(Outcome.BOOKED, decided_by)) is expected


@pytest.mark.parametrize("value", ["off", "Off", " OFF "])
def test_second_pass_off_any_case(value):
    first, second = ClassifierSettings(second_pass_model=value).speech_models()

    assert first.name == "whisper-tiny.en"
    assert second is None


def test_second_pass_same_as_first_rejected():
    with pytest.raises(SpeechModelError, match="is the model of the first pass"):
        ClassifierSettings(second_pass_model="tiny.en").speech_models()


def test_second_pass_named_case_insensitively():
    _, second = ClassifierSettings(second_pass_model="Base").speech_models()

    assert second.name == "whisper-base"


def test_second_pass_setting_defaults_to_base(monkeypatch):
    monkeypatch.delenv("CALL_OUTCOMES_SECOND_PASS_MODEL", raising=False)

    assert ClassifierSettings.from_env().second_pass_model == "base"


def test_second_pass_off(monkeypatch):
    monkeypatch.setenv("CALL_OUTCOMES_SECOND_PASS_MODEL", "off")

    classifier = load_classifier(ClassifierSettings.from_env())

    assert classifier.second_pass is None
    assert classifier.version == f"rules@{RULES_VERSION}+local-cues@{local_classifier.VERSION}"


def test_no_second_pass_for_language_model():
    classifier = load_classifier(ClassifierSettings(llm_model="fake-model", llm_base_url="http://127.0.0.1:9/v1"))

    assert classifier.second_pass is None
    assert "second-pass" not in classifier.version


def test_second_pass_default_loads_base():
    classifier = load_classifier(ClassifierSettings())

    assert classifier.second_pass is not None
    assert classifier.second_pass.model_name == "whisper-base"
    assert classifier.transcriber.model_name == "whisper-tiny.en"
    assert classifier.version == VERSION_WITH_BASE
