"""Deterministic rules: what call metadata and fixed patterns in the audio decide on their own.

Each rule has a stable id that is stored with the outcome it gives ("rule:<id>"), so a reader of the
warehouse can see why a call got its outcome. Rules run before any classifier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from classify.outcomes import Decision, Outcome
from classify.transcribe import Side, Transcript

# A caller who speaks less than this in a dual-channel call never really talked ("Hello?" and a hang-up).
MIN_CALLER_SPEECH_SECONDS = 1.5
# Mono recordings mix both sides, so the floor covers a business greeting plus a word or two.
MIN_MIXED_SPEECH_SECONDS = 3.0
MIN_MIXED_WORDS = 12
MIN_WORDS_AFTER_GREETING = 8
# Whisper can merge a short call into one segment, so a long enough single segment still counts.
MIN_MIXED_WORDS_SINGLE_SEGMENT = 30
# Voicemail greetings play before anything else on the business side, though phone menus can come first.
GREETING_SEGMENTS_TO_SCAN = 4

_VOICEMAIL_GREETING = re.compile(
    # A receptionist's "Do you want to leave a message?" offers to take one, and so is no greeting.
    r"(?<!do you want to )(?<!did you want to )(?<!would you like to )(?<!do you wanna )(?<!care to )"
    r"leave (?:us |me )?(?:a |your )?(?:brief |short |detailed )?(?:message|name|voicemail)"
    r"|after the beep"
    # Recognition can run "the tone" into one word ("after natone").
    r"|(?:at|after) (?:the |a |that )?(?:n?a|the|de)?tone\b"
    r"|mailbox"
    r"|voice ?mail"
    # The person or number called, not a thing ("outdoor seating is not available").
    r"|(?:customer|person|party|subscriber|number|user|i'm|i am|we're|we are|he's|she's|they're)\b[^.?!]{0,40}?"
    r"\b(?:is |are )?(?:currently )?(?:not available|unavailable)"
    r"|(?:can'?t|cannot|unable to) (?:come to|take) (?:the phone|your call)"
    r"|record your message"
    r"|we will return your call|we'?ll (?:return|get back to) (?:your call|you)"
    r"|our office is (?:now )?closed|(?:the )?(?:shop|office) is closed",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CallFacts:
    """Provider metadata about a call and whether the caller is on the customer list, with no content or number."""

    call_id: str
    answered: bool | None
    voicemail_flag: bool | None
    duration_seconds: int | None
    has_recording: bool
    is_listed_customer: bool
    # The caller's number is on the client's (or the agency's) blocklist of known junk callers.
    is_blocklisted: bool = False


def decide_from_metadata(facts: CallFacts) -> Decision | None:
    """Decide the outcomes that provider metadata settles before any audio is read."""
    if facts.is_blocklisted:
        return Decision(Outcome.SPAM_JUNK, "rule:blocklist")
    if facts.voicemail_flag:
        return Decision(Outcome.VOICEMAIL, "rule:provider_voicemail_flag")
    if not facts.answered and not facts.has_recording:
        return Decision(Outcome.MISSED_CALL, "rule:unanswered_without_recording")
    return None


def find_voicemail_greeting(transcript: Transcript) -> str | None:
    """Return the greeting segment's text when the call reached a voicemail box, else None.

    Only the first segments of the business side are scanned, so a caller who says "voicemail"
    later in a live call does not trigger it. Mono recordings are scanned from the start.
    """
    opening = [s for s in transcript.segments if s.side in (Side.BUSINESS, Side.MIXED)]
    for segment in opening[:GREETING_SEGMENTS_TO_SCAN]:
        if _VOICEMAIL_GREETING.search(segment.text):
            return segment.text
    return None


def has_conversation(transcript: Transcript) -> bool:
    """Tell whether both parties spoke, judged by VAD speech seconds rather than by recognized words."""
    if transcript.is_dual_channel:
        caller_seconds = transcript.speech_seconds.get(Side.CALLER, 0.0)
        business_seconds = transcript.speech_seconds.get(Side.BUSINESS, 0.0)
        caller_words = len(transcript.text(Side.CALLER).split())
        return caller_seconds >= MIN_CALLER_SPEECH_SECONDS and business_seconds > 0 and caller_words > 1

    speech_seconds = transcript.speech_seconds.get(Side.MIXED, 0.0)
    words = len(transcript.text().split())
    if speech_seconds < MIN_MIXED_SPEECH_SECONDS or words < MIN_MIXED_WORDS:
        return False
    # The business's greeting is usually the first segment: with little said after it, nobody answered it.
    after_greeting = words - len(transcript.segments[0].text.split())
    return after_greeting >= MIN_WORDS_AFTER_GREETING or words >= MIN_MIXED_WORDS_SINGLE_SEGMENT
