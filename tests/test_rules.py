from __future__ import annotations

import pytest

from classify.outcomes import Outcome
from classify.rules import decide_from_metadata, find_voicemail_greeting, has_conversation
from classify.transcribe import Segment, Side, Transcript
from tests.factories import call_facts


def dual(business: list[str], caller: list[str], business_seconds=10.0, caller_seconds=10.0) -> Transcript:
    segments = [Segment(Side.BUSINESS, 5.0 * i, 5.0 * i + 2, text) for i, text in enumerate(business)]
    segments += [Segment(Side.CALLER, 5.0 * i + 2.5, 5.0 * i + 4, text) for i, text in enumerate(caller)]
    segments.sort(key=lambda s: s.start)
    return Transcript(segments, {Side.BUSINESS: business_seconds, Side.CALLER: caller_seconds}, is_dual_channel=True)


def mono(texts: list[str], speech_seconds=20.0) -> Transcript:
    segments = [Segment(Side.MIXED, 3.0 * i, 3.0 * i + 2, text) for i, text in enumerate(texts)]
    return Transcript(segments, {Side.MIXED: speech_seconds})


@pytest.mark.parametrize(
    ("overrides", "expected", "rule"),
    [
        (
            dict(answered=False, voicemail_flag=False, has_recording=False),
            Outcome.MISSED_CALL,
            "rule:unanswered_without_recording",
        ),
        (
            dict(answered=False, voicemail_flag=None, has_recording=False),
            Outcome.MISSED_CALL,
            "rule:unanswered_without_recording",
        ),
        (
            dict(answered=False, has_recording=False, is_listed_customer=True),
            Outcome.MISSED_CALL,
            "rule:unanswered_without_recording",
        ),
        (dict(answered=False, voicemail_flag=True), Outcome.VOICEMAIL, "rule:provider_voicemail_flag"),
        (
            dict(answered=True, voicemail_flag=True, is_listed_customer=True),
            Outcome.VOICEMAIL,
            "rule:provider_voicemail_flag",
        ),
        (dict(is_blocklisted=True), Outcome.SPAM_JUNK, "rule:blocklist"),
        # A known junk caller is junk whether or not anyone picked up.
        (dict(answered=False, has_recording=False, is_blocklisted=True), Outcome.SPAM_JUNK, "rule:blocklist"),
        (dict(answered=False, voicemail_flag=True, is_blocklisted=True), Outcome.SPAM_JUNK, "rule:blocklist"),
    ],
)
def test_metadata_rules_decide(overrides, expected, rule):
    decision = decide_from_metadata(call_facts(**overrides))

    assert decision is not None
    assert decision.outcome is expected
    assert decision.decided_by == rule
    assert decision.evidence is None


@pytest.mark.parametrize(
    "overrides",
    [dict(), dict(answered=False, has_recording=True), dict(is_listed_customer=True)],
)
def test_metadata_rules_leave_recorded_calls_open(overrides):
    assert decide_from_metadata(call_facts(**overrides)) is None


@pytest.mark.parametrize(
    "greeting",
    [
        "You've reached Greenway Lawn. Sorry we missed you, please leave a message after the tone.",
        "The wireless customer you are calling is not available.",
        "The mailbox is full and cannot accept any messages at this time.",
        "Thanks for calling. We can't come to the phone right now.",
        "Our office is closed. Please leave your name and number.",
        # "After the tone" as recognition sometimes runs it together.
        "The customer you are calling is unreachable, speak after natone.",
    ],
)
def test_voicemail_greeting_found_in_business_opening(greeting):
    transcript = dual([greeting], ["Hi, this is about my furnace."])

    assert find_voicemail_greeting(transcript) == greeting


def test_voicemail_words_late_in_live_call_ignored():
    business = [
        "Anchor Plumbing, this is Rita.",
        "Sure.",
        "Okay.",
        "Got it.",
        "We'll call your voicemail if we miss you.",
    ]
    transcript = dual(business, ["Hi, I need a plumber."])

    assert find_voicemail_greeting(transcript) is None


@pytest.mark.parametrize(
    "offer",
    [
        "She's with a client right now. Do you want to leave a message?",
        "He stepped out. Would you like to leave a message for him?",
    ],
)
def test_receptionist_message_offer_not_greeting(offer):
    transcript = dual(["Thanks for calling Bright Smiles, this is Dana.", offer], ["Hi, is Dr. Patel in?"])

    assert find_voicemail_greeting(transcript) is None


def test_machine_message_menu_is_greeting():
    menu = "If you would like to leave a message, please do so after the tone."
    transcript = dual([menu], ["Hi, it's about my cleaning."])

    assert find_voicemail_greeting(transcript) == menu


def test_unavailable_option_is_no_greeting():
    transcript = dual(["The reservation was made. Outdoor seating is not available."], ["Okay, thanks."])

    assert find_voicemail_greeting(transcript) is None


def test_business_named_stone_is_no_greeting():
    transcript = dual(["Thanks for calling Bright Smiles at Stone Oak, this is Dana."], ["Hi, I need a cleaning."])

    assert find_voicemail_greeting(transcript) is None


def test_voicemail_words_from_caller_side_ignored():
    transcript = dual(["Anchor Plumbing, this is Rita."], ["I left you a voicemail yesterday."])

    assert find_voicemail_greeting(transcript) is None


def test_conversation_needs_caller_speech_in_dual_channel():
    ghost = dual(["Reliable Rooter, how can I help?", "Hello? Are you there?"], ["Hello?"], caller_seconds=0.6)
    real = dual(["Reliable Rooter, how can I help?"], ["My basement drain is backing up, can you come today?"])

    assert not has_conversation(ghost)
    assert has_conversation(real)


def test_conversation_in_mono_needs_speech_and_words():
    silent = mono([], speech_seconds=0.0)
    greeting_only = mono(["Thank you for calling, how can I help?"], speech_seconds=2.5)
    real = mono(
        ["Thank you for calling Sure Seal Plumbing.", "How much for a toilet install, just labor?", "Two twenty-five."]
    )

    assert not has_conversation(silent)
    assert not has_conversation(greeting_only)
    assert has_conversation(real)
