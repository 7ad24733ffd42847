"""The default offline classifier: an ordered decision list over phrase cues in the redacted transcript.

It decides the conversations that the rules leave open. Each cue family is a set of general phrasings
of one fact ("the business confirmed a booking", "the caller is selling to the business"), written to
survive speech-recognition errors rather than to match one script. Families are checked in the order of
outcome precedence, and the span of transcript that matched becomes the evidence snippet.

Bump VERSION whenever a cue or the order changes: stored outcomes carry it, and a new version
re-classifies on purpose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from classify.outcomes import EVIDENCE_MAX_CHARS, Decision, Outcome
from classify.transcribe import Side, Transcript

NAME = "local-cues"
VERSION = "2"


def _cues(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# Robocalls, surveys and vendors selling to the business.
SPAM = _cues(
    r"extended (?:auto |car |vehicle )?warranty",
    r"\bpress (?:one|two|nine|zero|1|2|9|0)\b",
    r"social security (?:number|administration|benefits)",
    r"\b(?:irs|internal revenue service)\b",
    r"(?:this is|it's) (?:a|an|your) (?:automated|recorded|important|courtesy|final) (?:message|call|notice|reminder)",
    r"final (?:notice|attempt|warning)",
    r"(?:suspend|suspended|suspension) (?:your|of your)",
    r"\b(?:google|business|maps) (?:listing|profile)\b",
    r"verify your (?:business|listing|account information)",
    r"merchant (?:services|processing|account)",
    r"credit card processing|processing fees",
    r"(?:lower|reduce) your (?:interest|rate|monthly payment|payments)",
    r"pre-?approved|pre-?qualified",
    r"(?:pay|only pay) per lead|(?:more|new) (?:leads|customers) (?:for|to) your",
    r"lead generation|search engine optimization|\bseo\b|marketing (?:services|agency)|website design",
    r"(?:the )?(?:owner|decision maker|person in charge) of (?:the|this|your) business",
    r"(?:short|brief|quick) survey|take (?:a|our) survey|survey (?:about|on)",
    r"you(?:'ve| have) (?:won (?:a|an|the|our)|been selected)|free (?:cruise|vacation|trip)",
    r"\bmedicare\b|health insurance (?:plan|quote|options)",
    r"(?:electricity|energy) (?:rates|supplier|provider|bill)",
    r"(?:beat|match) (?:their|your current) price|cover the install",
    r"(?:gps|fleet) tracking",
    r"(?:amazon|apple|paypal) (?:account|order)|unauthori[sz]ed (?:charge|purchase|transaction)",
    r"(?:your|the) (?:vehicle|car)'?s (?:warranty|factory)",
    r"(?:student|business) loan",
    r"(?:we|i) (?:are|am|'re|'m) (?:calling|reaching out) (?:on behalf of|from) (?:the )?(?:department|bureau|agency)",
    r"courtesy call|limited time offer|card processing",
    r"(?:one|1) for yes|to be removed from|removed from (?:our|the|this) (?:list|calling list)",
    r"(?:is|are|has been|have been) (?:pre-?)?(?:qualified|approved|selected) for",
    r"legal action|arrest warrant|kindly (?:call|press|contact)",
    r"fax (?:machine|tone)|(?:automated|recorded) (?:voice|message)",
    r"your current (?:\w+ )?(?:contract|provider|vendor|supplier|system|processor)",
    r"received (?:a|an) \w+ in the mail|your eligibility",
    r"this (?:call|message) is from|your (?:computer|windows|microsoft)",
    r"(?:extend|reinstate) (?:\w+ ){0,3}warranty",
    r"(?:'s|has|have|'ve) been (?:pre-?)?(?:qualified|approved|selected) for|featured (?:profile|listing|placement)",
    r"working capital|business funding|capital funding|merchant cash|up to \d+ (?:thousand|million) dollars",
    r"lunch and learn|(?:free|product|quick) demo",
    r"(?:launched|launching) (?:a|an|our) (?:new )?\w+ (?:platform|app|software)",
    r"(?:speak|talk) (?:to|with) the (?:owner|decision maker|office manager|person who handles)",
)

# The caller wanted another business or person.
WRONG_NUMBER = _cues(
    r"wrong number",
    r"(?:is|isn't) (?:this|that) not\b",
    r"(?:i|we) (?:must|might|may) have (?:dialed|called|the wrong|misdialed)",
    r"(?:i was|i'm|i am) (?:trying|looking|hoping) (?:to reach|to call|for) (?:a |the )?(?:different|another)",
    r"different (?:place|company|business|office|practice|clinic)",
    r"(?:meant|supposed) to call",
    r"you(?:'ve| have)? (?:got|reached|called) (?:a|an) \w+(?: \w+)? (?:company|office|clinic|shop|practice|firm)",
    r"(?:we're|we are) (?:a|an) \w+(?: \w+)? (?:company|office|clinic|shop|practice|firm)[,.]? we don't",
    r"(?:no|nope|sorry)(?:,? (?:sir|ma'am|man|buddy|pal|friend))?[,.!]? "
    r"(?:this is|you(?:'ve)? reached|you(?:'ve)? got|we(?:'re| are) (?:a|an|not|only))\b",
    r"\bis(?:n't| not)? this\b[^.?!]*\?|\bisn't this\b",
    r"\bno (?:<PERSON>|one|body) (?:\w+ )?here|(?:don't|do not) have (?:a|an|any) <PERSON>",
    r"(?:must|might|may) have (?:got|gotten|dialed|called|misdialed|written|the wrong)",
    r"sorry (?:to bother|for bothering) you|(?:we|they) get (?:their|his|her) calls?",
    r"are you (?:maybe |perhaps )looking for",
    r"\bwrong (?:listing|place|company|business|office|person|department|clinic)\b",
    r"\b(?:a|an) private (?:\w+ )?(?:company|firm|practice|office)\b",
    r"(?:want|try|call|handled by|that's|that is) the (?:county|city|state|police|utility|power company"
    r"|electric company|highway department|public works)",
    r"(?:i think|maybe|perhaps) you (?:might |may )?(?:want|mean|need) (?:the|to)",
    r"you(?:'ve| have)? (?:not )?(?:got|reached) (?:a|an) \w+(?: \w+)? (?:company|office|clinic|shop|practice|firm)",
    r"not (?:who|what|the place) (?:i|you)(?:'re| are|'m| am| was)? (?:looking|calling|trying)",
    r"(?:oh,? )?(?:my bad|sorry,? wrong)",
)

# A current customer calling about existing service.
EXISTING_CUSTOMER = _cues(
    r"\b(?:my|our) (?:existing |current |upcoming |next )?(?:appointment|cleaning|account|bill|invoice|membership"
    r"|policy|case|order|prescription|refill|warranty claim|ticket|service plan|maintenance plan)\b",
    r"\breschedul\w*|\b(?:move|change|push) (?:my|our|the) (?:appointment|cleaning|visit|booking)",
    r"\bcancel (?:my|our|the|tomorrow'?s) (?:appointment|visit|cleaning|booking|service)",
    r"(?:your|the) (?:guy|guys|tech|technician|crew|team|plumber|installer)s? "
    r"(?:came|was|were|did|put|installed|fixed|replaced)",
    r"you (?:guys )?(?:put in|installed|fixed|replaced|did|came out|serviced)",
    r"(?:i'm|i am|we're|we are) (?:a |an )?(?:current|existing|regular|longtime|long-time)? ?"
    r"(?:patient|client|customer|member)s? (?:of|with|there|here)",
    r"used to (?:be|come) (?:a |there|in)",
    r"(?:i|we) (?:came in|was in|were in|had|got) (?:\w+ ){0,3}(?:last|on|yesterday|this morning|earlier)",
    r"(?:on|under) (?:your|the) (?:maintenance|service|membership) plan",
    r"following up (?:on|about)",
    r"still (?:dripping|leaking|broken|not working|hurting|making)",
    r"(?:it's|its|it is) (?:dripping|leaking) again",
    r"\bwelcome back\b|\bmy last (?:visit|appointment|cleaning|service)",
    r"\b(?:i'll|i will|let me) (?:move|reschedule|push) (?:it|that|your)\b|\bpush it (?:a|to|back)\b",
)

# The business confirmed a booking during the call.
BOOKING_CONFIRMED = _cues(
    r"(?:you're|you are|you were|you'll be) (?:all )?(?:set|booked|scheduled|confirmed|on the schedule|down for)",
    r"(?:i've|i have|we've|we have) (?:got )?you (?:down|booked|scheduled|on the schedule|in for)",
    r"(?:i|we)(?:'ll| will) (?:put|pencil) you (?:down|in)",
    r"(?:i|we) (?:got|booked|made|scheduled) (?:you|the|your) (?:appointment|booking|reservation|table|room|visit)",
    r"(?:booking|reservation|appointment|table|room|visit|inspection|estimate|consultation)s? (?:\w+ ){0,2}"
    r"(?:is|are|was|were|has been|have been) (?:\w+ ){0,1}"
    r"(?:confirmed|booked|made|scheduled|reserved|successful|set|placed)",
    r"successfully (?:booked|made|reserved|scheduled)",
    r"(?:table|room|appointment|visit|slot)s? (?:booked|reserved|confirmed)",
    r"(?:booked|scheduled|reserved|confirmed) (?:for|at|on) (?:\w+ ){0,3}(?:at|between|from|morning|afternoon|evening)",
    r"\bsee you "
    r"(?:then|tomorrow|on|at|next|this|monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
    r"confirmation (?:e-?mail|text|message)",
    r"\b(?:is|are|you're|you are|we're|we are) (?:all )?(?:booked|scheduled)\b",
    r"\b(?:you're|you are|we've got you|i've got you|i have you) (?:on|in) for\b",
)

# The caller took an offered slot ("let's do it", "I'll take it"). On its own this is weaker than a
# confirmation, so it counts only next to a time or a request for the caller's details.
SLOT_ACCEPTED = _cues(
    r"\bi'll take (?:it|that|the)\b",
    r"\blet's do (?:it|that|this)\b",
    r"\b(?:that|this|it) (?:works|would work|sounds good|sounds great|sounds perfect)\b",
    r"\bworks for (?:me|us)\b",
    r"\b(?:book|schedule|put) (?:me|us) (?:in|down)\b",
    r"\bsign me up\b",
)
# The business read the details back for the caller to confirm.
READ_BACK = _cues(
    r"\bis that (?:correct|right|ok|okay)\b|\bdoes (?:that|this) sound (?:correct|right|good)\b",
    r"\b(?:please|can you|could you|just to) confirm\b|\bto confirm,",
)
AFFIRMATIVE = re.compile(r"^\W*(?:yes|yeah|yep|yup|correct|that's (?:right|correct)|sounds good|perfect|sure)\b", re.I)

# Without a readable confirmation, a call that discussed a day or time and in which the caller agreed
# this many times is taken as booked.
MIN_AGREEMENTS_WITH_TIME = 2

# The business asked for what it needs to put a caller on the schedule.
DETAILS_REQUESTED = _cues(
    r"(?:can|could|may) i (?:get|have|grab) (?:your|a|the) (?:full )?"
    r"(?:name|number|phone|address|e-?mail|date of birth)",
    r"what(?:'s| is) your (?:full )?(?:name|address|number|phone number|date of birth)",
    r"\b(?:name|address|phone|number),? (?:and|an) (?:your )?(?:name|address|phone|number|e-?mail|date of birth)\b",
    r"\byour (?:full )?name\b|\bdate of birth\b",
)
# A day or time of day, as offered for an appointment.
SLOT_TIME = _cues(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|tonight|noon)\b",
    r"\bthis (?:morning|afternoon|evening)\b|\bat \d|\b\d{1,2}(?:[:.]\d\d)? ?(?:am|pm)\b|\b[ap]\.m\.",
    r"\bat (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b",
    r"\b(?:january|february|march|april|june|july|august|september|october|november|december) \w+",
)

# The booking attempt failed or the caller turned the offer down.
BOOKING_FAILED = _cues(
    r"(?:couldn't|could not|can't|cannot|unable to|wasn't able to|was not able to|not able to|failed to) "
    r"(?:\w+ ){0,2}(?:book|make|reserve|schedule|get|secure|complete)",
    r"(?:booking|reservation|appointment)s? (?:\w+ ){0,2}(?:failed|could not|couldn't|was not|wasn't|is not)",
    r"there was an (?:error|issue|problem)",
    r"\b(?:sorry|afraid)\b[^.?!]{0,40}\b(?:unable|couldn't|could not|can't|cannot|wasn't able|was not able)\b",
    r"not ready to (?:book|schedule|commit)",
    r"(?:i'll|i will|let me|i can|can i|i'd) (?:just |probably |have to |need to )?"
    r"(?:think about it|call (?:you |us )?back|let you know|check (?:with|my)|get back to you|talk to)",
    r"(?:call|let us know|reach out) (?:\w+ )?when you(?:'re| are) ready|in case we miss each other",
    r"(?:i'd|i would) rather not|not (?:right )?now,? (?:thanks|thank you)|maybe (?:in the fall|next year|later)",
    r"(?:i'm|i am) good for now",
    r"(?:find|try) (?:somewhere|someone|somebody) else",
)


@dataclass(frozen=True)
class _Match:
    outcome: Outcome
    cue: str
    segment_index: int
    start: int
    end: int


def classify_conversation(transcript: Transcript) -> Decision:
    """Decide among spam_junk, wrong_number, existing_customer, booked and not_booked.

    The transcript must already be redacted: its text becomes the evidence snippet.
    """
    decided_by = f"{NAME}@{VERSION}"
    segments = transcript.segments

    for outcome, cue_name, pattern, sides in (
        (Outcome.SPAM_JUNK, "spam", SPAM, None),
        (Outcome.WRONG_NUMBER, "wrong_number", WRONG_NUMBER, None),
    ):
        match = _first_match(segments, pattern, sides, outcome, cue_name)
        if match is not None:
            if outcome is Outcome.WRONG_NUMBER:
                # A caller who misdialed but then booked here is a booking.
                confirmed = _last_match(segments, BOOKING_CONFIRMED, Outcome.BOOKED, "booking_confirmed")
                if confirmed is not None and confirmed.segment_index > match.segment_index:
                    return _decision(transcript, confirmed, decided_by)
            return _decision(transcript, match, decided_by)

    existing = _first_match(
        segments, EXISTING_CUSTOMER, (Side.CALLER, Side.MIXED), Outcome.EXISTING_CUSTOMER, "existing_customer"
    )
    if existing is not None:
        return _decision(transcript, existing, decided_by)

    confirmed = _last_match(segments, BOOKING_CONFIRMED, Outcome.BOOKED, "booking_confirmed")
    failed = _last_match(segments, BOOKING_FAILED, Outcome.NOT_BOOKED, "booking_failed_or_declined")
    if confirmed is not None and (failed is None or confirmed.segment_index >= failed.segment_index):
        return _decision(transcript, confirmed, decided_by)
    if failed is not None:
        return _decision(transcript, failed, decided_by)

    # Speech recognition often garbles the confirmation itself, so a call that agreed on a time and then
    # took the caller's details counts as booked too.
    has_time = _any_match(segments, SLOT_TIME)
    details = _last_match(segments, DETAILS_REQUESTED, Outcome.BOOKED, "details_taken_for_slot")
    accepted = _last_match(segments, SLOT_ACCEPTED, Outcome.BOOKED, "slot_accepted") or _confirmed_read_back(segments)
    if accepted is not None and (has_time or details is not None):
        return _decision(transcript, accepted, decided_by)
    if details is not None and has_time:
        return _decision(transcript, details, decided_by)
    if has_time:
        agreements = [i for i, segment in enumerate(segments) if AFFIRMATIVE.search(segment.text)]
        if len(agreements) >= MIN_AGREEMENTS_WITH_TIME:
            index = agreements[-1]
            agreed = _Match(Outcome.BOOKED, "time_agreed", index, 0, len(segments[index].text))
            return _decision(transcript, agreed, decided_by)

    # No cue decided: an ambiguous conversation with a prospect counts as not booked, and its evidence
    # is the caller's longest turn, so a reader can judge the call at a glance.
    return Decision(Outcome.NOT_BOOKED, f"{decided_by}:no_booking_cue", fallback_evidence(transcript))


def _first_match(segments, pattern, sides, outcome, cue_name) -> _Match | None:
    for index, segment in enumerate(segments):
        if sides is not None and segment.side not in sides:
            continue
        found = pattern.search(segment.text)
        if found:
            return _Match(outcome, cue_name, index, found.start(), found.end())
    return None


def _confirmed_read_back(segments) -> _Match | None:
    """Return the last read-back ("Tuesday at ten, is that right?") that one of the next two turns affirms."""
    for index in range(len(segments) - 1, -1, -1):
        found = READ_BACK.search(segments[index].text)
        if found and any(AFFIRMATIVE.search(s.text) for s in segments[index + 1 : index + 3]):
            return _Match(Outcome.BOOKED, "read_back_confirmed", index, found.start(), found.end())
    return None


def _any_match(segments, pattern) -> bool:
    return any(pattern.search(segment.text) for segment in segments)


def _last_match(segments, pattern, outcome, cue_name) -> _Match | None:
    for index in range(len(segments) - 1, -1, -1):
        matches = list(pattern.finditer(segments[index].text))
        if matches:
            found = matches[-1]
            return _Match(outcome, cue_name, index, found.start(), found.end())
    return None


def _decision(transcript: Transcript, match: _Match, decided_by: str) -> Decision:
    text = transcript.segments[match.segment_index].text
    return Decision(match.outcome, f"{decided_by}:{match.cue}", snippet_around(text, match.start, match.end))


def snippet_around(text: str, start: int, end: int, limit: int = EVIDENCE_MAX_CHARS) -> str:
    """Return a verbatim span of text of at most limit characters that contains [start, end)."""
    if len(text) <= limit:
        return text
    if end - start >= limit:
        return text[start : start + limit]
    spare = limit - (end - start)
    left = max(0, start - spare // 2)
    right = min(len(text), left + limit)
    left = max(0, right - limit)
    return text[left:right]


def fallback_evidence(transcript: Transcript) -> str | None:
    caller_side = [s for s in transcript.segments if s.side in (Side.CALLER, Side.MIXED)]
    candidates = caller_side or transcript.segments
    if not candidates:
        return None
    longest = max(candidates, key=lambda s: len(s.text))
    return snippet_around(longest.text, 0, 0)
