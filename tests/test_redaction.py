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
    ],
)
def test_appointment_times_and_prices_survive(redactor, text):
    assert redactor.redact(text) == text


def test_email_recognizer_works_offline(redactor):
    # The session's socket guard fails this test if tldextract tries to fetch the suffix list.
    assert "<EMAIL_ADDRESS>" in redactor.redact("my email is maria@example.org")


def test_blank_text_unchanged(redactor):
    assert redactor.redact("   ") == "   "
