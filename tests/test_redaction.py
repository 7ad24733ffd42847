from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Hi, yeah, this is Desmond Clarke calling about the leak.", "Desmond Clarke"),
        ("My cell is five five five, zero one seven seven.", "five five five, zero one seven seven"),
        ("Call me back at 555-012-4567 please.", "555-012-4567"),
        ("Send it to john.doe@example.com please.", "john.doe@example.com"),
        ("The card is 4111 1111 1111 1111.", "4111 1111 1111 1111"),
        ("The address is ninety-four Ferncliff Road.", "ninety-four Ferncliff Road"),
        ("We're at 1745 Osprey Lane.", "1745 Osprey Lane"),
        # Numbers as speech recognition writes them.
        ("It's seven one oh, nine six six, four oh oh oh.", "seven one oh, nine six six, four oh oh oh"),
        ("The number is 710-966-4000-600.", "710-966-4000-600"),
        ("Card number four one one one, one one one one, one one one one, one one one one.", "four one one one"),
        ("My policy number is double four seven two nine.", "double four seven two nine"),
        ("Account ending in three nine one.", "three nine one"),
        ("Date of birth is March third, nineteen eighty-four.", "nineteen eighty-four"),
        ("I was born on the fourth of July 1962.", "1962"),
        # Names in any case, after cues.
        ("yeah my name is priyanka desai", "priyanka"),
        ("hi this is okonkwo, returning your call", "okonkwo"),
        ("Oyelowo speaking.", "Oyelowo"),
        ("It's under Farida Haddad.", "Haddad"),
        # E-mail addresses as spoken, and street addresses in words.
        ("it's john dot doe at gmail dot com", "doe at gmail"),
        ("j o h n at example dot com", "j o h n"),
        ("I'm at four twelve Westbrook Circle, apartment B.", "Westbrook"),
    ],
)
def test_personal_detail_removed(redactor, text, secret):
    redacted = redactor.redact(text)

    assert secret not in redacted
    assert "<" in redacted


@pytest.mark.parametrize(
    "text",
    [
        "You're set for Thursday at five fifteen.",
        "How's Monday the sixth, between ten and two?",
        "It's two twenty-five, plus parts.",
        "Can you do Tuesday at three?",
        "We have ten thirty or eleven fifteen on March the ninth.",
        "Your appointment is on the twelfth of April at 4:45 pm.",
        "This is Anchor Plumbing, how can I help?",
        "The estimate was four hundred and fifty dollars.",
    ],
)
def test_appointment_times_and_prices_survive(redactor, text):
    assert redactor.redact(text) == text


def test_email_recognizer_works_offline(redactor):
    # The session's socket guard fails this test if tldextract tries to fetch the suffix list.
    assert "<EMAIL_ADDRESS>" in redactor.redact("my email is maria@example.org")


def test_blank_text_unchanged(redactor):
    assert redactor.redact("   ") == "   "


def test_redact_call_masks_a_name_found_once_everywhere(redactor):
    # The surname alone and the first name as an address carry no cue of their own.
    segments = [
        "Can I get your name?",
        "Obi. O B I. Chinedu Obi.",
        "Thanks, Chinedu. You're booked Monday at eight.",
        "Okay Mr. Obi, see you then.",
    ]

    redacted = redactor.redact_call(segments)

    assert not any(name in text for text in redacted for name in ("Obi", "Chinedu"))
    assert redacted[0] == segments[0]
    assert "Monday at eight" in redacted[2]


def test_redact_call_keeps_calls_apart(redactor):
    first = redactor.redact_call(["My name is Will Baker.", "I will call the baker."])
    second = redactor.redact_call(["Hello.", "I will call the baker."])

    assert first == ["My name is <PERSON>.", "I <PERSON> call the <PERSON>."]
    # Names are shared within one call only.
    assert second == ["Hello.", "I will call the baker."]
