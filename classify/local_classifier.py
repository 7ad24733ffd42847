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
from collections.abc import Sequence
from dataclasses import dataclass

from classify.outcomes import EVIDENCE_MAX_CHARS, Decision, Outcome
from classify.transcribe import Side, Transcript

NAME = "local-cues"
VERSION = "21"
# The cue name of a conversation that no cue decided.
NO_CUE = "no_booking_cue"
# The cue name of a booking that the business explicitly confirmed.
CONFIRMED = "booking_confirmed"


def _cues(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# Words after "is this" in a question about the booking itself, not about which business answered.
_NOT_A_PLACE = (
    r"(?:(?:the |a )?(?:correct|right|ok|okay|alright|good|fine|true|accurate|acceptable|it|going|for|about|still"
    r"|available"
    r"|possible|something|everything|urgent|covered|free|time|price|cost|total|same|one|earliest|soonest|best"
    r"|only|appointment|reservation|expensive|cheap|pricey|affordable|an? (?:ai|bot|robot|machine|recording)"
    r"|being recorded|recorded)\b"
    # Questions about the caller's situation or the line itself: "is this an emergency?", "is this a real person?"
    r"|[^.?!]*\b(?:emergency\?|(?:real|live) (?:person|human)\b))"
)

# Robocalls, surveys and vendors selling to the business.
SPAM = _cues(
    # A pocket dial, or a silent line that the business gives up on, is a ghost call, even from a customer.
    r"\b(?:pocket|butt)[- ]?dial|\b(?:i'm|i am) (?:going to|gonna) hang up(?: now)?\b(?! and)",
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
    r"\b(?:loan|debt) (?:forgiveness|relief|consolidation)\b|\byou(?:'re| are) eligible for\b"
    r"|\boutstanding (?:\w+ ){0,3}(?:balance|debt|loan)\b",
    r"lunch and learn|(?:free|product|quick) demo",
    r"\b(?:explain|tell you|show you) how (?:it|this|our \w+) works\b"
    r"|\b(?:you've got|do you have|you got) a (?:couple|few) (?:of )?minutes\b",
    r"\b(?:beat|cut|reduce|lower) (?:their|your|the) (?:price|cost|rate|bill)s? by\b",
    # A product name often runs to several words ("a new RF micro-needling platform").
    r"(?:launched|launching) (?:a|an|our) (?:new )?(?:[\w-]+ ){1,3}(?:platform|app|software)\b",
    r"(?:speak|talk) (?:to|with) the (?:owner|decision maker|office manager|person who handles)",
    # Sales openers of marketing and service vendors.
    r"\bwho (?:handles|is in charge of|takes care of|manages|does) (?:the |your )?(?:marketing|advertising"
    r"|online (?:presence|reviews|marketing)|website|social media|payroll|merchant services|phone system)",
    r"\bgoogle maps\b|\b(?:top|first page)\b[^.?!]{0,30}\bgoogle\b|\brank(?:ing)? (?:\w+ )?(?:on|in) google\b",
    r"\bfree (?:audit|website|marketing|listing|analysis of your)\b",
    # Vendors of leads, software, staffing and property deals, and prize robocalls.
    r"\b(?:get|bring|send|generate) (?:you |your business )?(?:more|new) (?:jobs|calls|customers|patients|clients"
    r"|leads|reviews)\b|\bare you the (?:owner|business owner|decision maker)\b",
    r"\bfree trial\b|\b(?:software|platform|app) for (?:\w+ ){0,2}(?:shops|contractors|practices|offices"
    r"|businesses|firms|dentists|plumbers|restaurants)\b",
    r"\bgift card\b|\bstay on the line\b|\byour number (?:was|has been) (?:selected|chosen)\b",
    r"\bstaffing (?:agency|company|firm|service)\b",
    r"\bwe buy (?:houses|homes|properties)\b|\bcash offer\b|\binterested in selling your\b",
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
    # "Is this the clerk's office?" checks which business is on the line; "is this correct?" does not.
    r"(?<!where )(?<!what )(?<!when )(?<!how )(?<!why )(?<!who )(?<!much )\bis(?:n't| not)? this "
    r"(?!" + _NOT_A_PLACE + r")"
    r"(?:[^.?!]|\b(?:dr|mr|mrs|ms|st)\.)*\?|\bisn't this\b",
    r"\bno (?:<PERSON>|one|body) (?:\w+ )?here|(?:don't|do not) have (?:a|an|any) <PERSON>",
    r"(?:must|might|may) have (?:got|gotten|dialed|called|misdialed|written|the wrong)",
    r"sorry (?:to bother|for bothering) you|(?:we|they) get (?:their|his|her) calls?",
    r"are you (?:maybe |perhaps )looking for",
    r"\bwrong (?:listing|place|company|business|office|person|department|clinic)\b",
    r"\b(?:a|an) private (?:\w+ )?(?:company|firm|practice|office)\b",
    r"(?:want|try|call|handled by|that's|that is) the (?:county|city|state|police|utility|power company"
    r"|electric company|highway department|public works)",
    r"(?:i think|maybe|perhaps) you (?:might |may )?(?:want|mean|need) (?:the|to)",
    # An apology for trying to reach someone else ("Sorry, I was trying to get <PERSON>").
    r"\bsorry,? (?:i was|i'm|i am|we were) trying to (?:get|reach|call)\b",
    r"you(?:'ve| have)? (?:not )?(?:got|reached) (?:a|an) \w+(?: \w+)? (?:company|office|clinic|shop|practice|firm)",
    r"not (?:who|what|the place) (?:i|you)(?:'re| are|'m| am| was)? (?:looking|calling|trying)",
    r"(?:oh,? )?(?:my bad|sorry,? wrong)",
    # The business points the caller to the organization they meant to reach.
    r"\byou(?:'ll)? (?:want|need|should call|should try|might want) (?:to call |to try )?the (?:\w+ ){0,2}"
    r"(?:company|department|office|hospital|clinic|store|line)\b",
    r"\b(?:called|dialed|clicked|rang) (?:the )?(?:first|top|wrong) (?:number|result|listing|one)\b",
    # The business is used to such calls, or the caller says whom they took it for.
    r"\bwe get (?:that|this|their calls|those calls|calls for them) (?:a lot|all the time|sometimes|often)\b",
    r"\bi thought (?:you were|this was|it was) (?:the|a|an)\b",
    r"\b(?:an old|the wrong|a wrong) number\b",
    # The business is often mistaken for another with a similar name, and the caller asks for the other's number.
    r"\b(?:name|number)s? gets? mixed up\b|\b(?:happen to|you) (?:know|have) their (?:number|phone)\b",
)

# A current customer calling about existing service.
EXISTING_CUSTOMER = _cues(
    # "In my case" only means "for me", so it names no existing case.
    r"\b(?<!\bin )(?:my|our) (?:existing |current |upcoming |next )?(?:appointment|cleaning|account|bill|invoice"
    r"|membership|policy|case|order|prescription|refill|warranty claim|ticket|service plan|maintenance plan)\b",
    # "Change the appointment to five" is also how a new caller corrects a booking being made, so only
    # "my" or "our" marks an appointment that already exists.
    r"\breschedul\w*|\b(?:move|change|push) (?:my|our) (?:appointment|cleaning|visit|booking)",
    r"\bcancel (?:my|our|the|tomorrow'?s) (?:appointment|visit|cleaning|booking|service)",
    r"(?:your|the) (?:guy|guys|tech|technician|crew|team|plumber|installer)s? "
    r"(?:came|was|were|did|put|installed|fixed|replaced)",
    # The word boundary keeps "if you didn't ..." out.
    # "You did my brakes", but not "you did help me a lot".
    r"you (?:guys )?(?:put in|installed|fixed|replaced|came out|serviced)\b",
    r"\byou (?:guys )?did (?:my|our|the|a|an|some)\b",
    r"(?:i'm|i am|we're|we are) (?:a |an )?(?:current|existing|regular|longtime|long-time)? ?"
    r"(?:patient|client|customer|member)s? (?:of|with|there|here)",
    r"used to (?:be|come) (?:a |there|in)",
    # A past visit names when it was: "I had a question on pricing" or "we got your name on Google" does not.
    r"(?:i|we) (?:came in|was in|were in|had|got) (?:\w+ ){0,3}"
    r"(?:last (?:week|month|year|time|visit|\w+day)|yesterday|this morning|earlier"
    r"|on (?:\w+day|the (?:\d{1,2}|\w+(?:st|nd|rd|th))))\b",
    r"(?:on|under) (?:your|the) (?:maintenance|service|membership) plan",
    r"following up (?:on|about)",
    r"still (?:dripping|leaking|broken|not working|hurting|making)",
    r"(?:it's|its|it is) (?:dripping|leaking) again",
    r"\bwelcome back\b|\bmy last (?:visit|appointment|cleaning|service)",
    r"\b(?:i'll|i will|let me) (?:move|reschedule|push) (?:it|that|your)\b|\bpush it (?:a|to|back)\b",
    # Claims, files and work in progress.
    r"\b(?:my|our) (?:claim|file)\b|\b(?:status|update) (?:of|on) (?:my|our)\b",
    r"\bis my \w+ ready\b|\b(?:i|we) dropped (?:it|my \w+|our \w+|the \w+) off\b",
)

# A day or an hour as one word. Other cues embed it to tell "you're in at ten" from "you're in luck".
# Recognition writes clock times as digits, with or without a colon ("5:45", "545", "1745").
_TIME_WORDS = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|tonight|noon"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2}(?::?\d\d)?\b)"
)

# Follows "booked" in phrases for a full schedule ("booked up", "booked through Friday").
_NOT_BOOKED_UP = r"(?! up\b| solid\b| through\b| until\b| till\b)"

# Any word but a negation, to fill the gap between a booking noun and its participle, so that "your
# booking was not successful" does not read as a confirmation.
_FILLER = r"(?!not\b|never\b|cannot\b)\w+ "

# The business confirmed a booking during the call.
BOOKING_CONFIRMED = _cues(
    r"(?:you're|you are|you were|you'll be) (?:now |hereby |officially )?(?:all )?"
    r"(?:set|booked|scheduled|confirmed|reserved|on the schedule|down for)" + _NOT_BOOKED_UP,
    r"(?:i've|i have|we've|we have) (?:got )?you (?:down|booked|scheduled|on the schedule|in for)",
    r"(?:i|we)(?:'ll| will) (?:put|pencil) you (?:down|in)",
    r"(?:i|we) (?:got|booked|made|scheduled) (?:you|the|your) (?:appointment|booking|reservation|table|room|visit)",
    r"\byou(?:'ve)? got (?:the|your|an|a) (?:appointment|booking|reservation|table|room|visit)\b",
    # Staff report what they just booked in the simple past ("I booked that appointment", "I reserved your table").
    r"\b(?:i|we) (?:just )?(?:booked|reserved|scheduled|confirmed) (?:your|that|this|those|these|you for)\b",
    r"\b(?:a|your) successful (?:booking|reservation|appointment)\b",
    # Recognition glues "have" to "booked" ("I handbooked your appointment").
    r"\b(?:i|we) (?!un)\w+booked (?:your|that|this|the) (?:appointment|reservation|booking|table|room|visit)s?\b",
    # "You're booked Monday" heard as "your book Monday".
    rf"\byour book(?:'s|s)? (?:for |on |at )?{_TIME_WORDS}",
    # Not "the appointment could have been made", which names a booking that did not happen.
    r"(?:booking|reservation|appointment|table|room|visit|inspection|estimate|consultation)s? "
    r"(?:(?!could\b|would\b|should\b|might\b|may\b|can\b)<?\w+>? ){0,4}"
    rf"(?:is|are|was|were|has been|have been) (?:{_FILLER})?"
    r"(?:confirmed|booked|made|scheduled|reserved|successful|set|placed|done|created|complete|completed|finalized)\b",
    # A car or a hotel that is "done" or "complete" may be a finished repair or stay, so these take only
    # the words of a booking.
    r"\b(?:car|vehicle|rental|hotel|ticket|seat|spot)s? "
    r"(?:(?!could\b|would\b|should\b|might\b|may\b|can\b)<?\w+>? ){0,4}"
    rf"(?:is|are|was|were|has been|have been) (?:{_FILLER})?(?:confirmed|booked|scheduled|reserved)\b",
    rf"\byour \w+ (?:was|is|has been) (?:{_FILLER})?successful\b",
    # Recognition often drops "was" ("the booking successful"), but a booking called successful is one.
    # It also shortens "successful" to "success" ("your appointment is success").
    rf"\b(?:the|your|this) (?:booking|reservation|appointment)s? (?:{_FILLER}){{0,2}}(?<!\bon )(?<!\bun )"
    r"success(?:ful(?:ly)?)?\b",
    r"successfully (?:been )?(?:booked|made|reserved|scheduled|created|confirmed)",
    r"\bsuccessfully able to (?:book|reserve|schedule|make|get)\b",
    r"\b(?:you|i|we) (?:have|'ve) successfully\b",
    r"(?:table|room|appointment|visit|slot|reservation|booking)s? (?:booked|reserved|confirmed|made)\b",
    r"(?:booked|scheduled|reserved|confirmed) (?:for|at|on) (?:\w+ ){0,3}(?:at|between|from|morning|afternoon|evening)",
    # "See you next time" is a farewell.
    r"\bsee you "
    r"(?:then|tomorrow|on|at|next(?! time)|this|when|monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
    r"confirmation (?:e-?mail|text|message)|\b(?:e-?mail|text) confirmation\b",
    # A technician dispatched to the caller.
    r"\b(?:he's|she's|they're|someone's|somebody's|(?:the|a|our) (?:tech|technician|plumber|electrician|mechanic"
    r"|locksmith|driver|crew|team) is) (?:on (?:his|her|their|the) way"
    r"|headed (?:your way|over|out|to you))\b",
    # A reminder presupposes an appointment.
    r"\b(?:text|call|e-?mail|send) you a reminder\b|\breminder (?:text|call|e-?mail)\b",
    r"\b(?:appointment|reservation|booking|table|room|visit|it|that|everything)s? (?:\w+ )?"
    r"(?:went|has gone|'s gone|goes) through\b",
    # "We're booked" and "Dr. <PERSON> is booked" mean the business or a person is full, so the subject
    # must be the caller or what was booked.
    r"\b(?:you're|you are|(?:it|that|everything|appointment|reservation|booking|table|room|visit)s? (?:is|are|'s))"
    r" (?:all )?(?:booked|scheduled)\b" + _NOT_BOOKED_UP,
    r"\b(?:you're|you are|we've got you|i've got you|i have you) (?:on|in) for\b",
    # Staff report a booking they have just made in the past tense ("I went ahead and booked that").
    r"\b(?:went|gone|go) ahead and (?:\w+ ){0,1}(?:booked|book|made|make|scheduled|schedule|reserved|reserve"
    r"|confirmed|confirm|put you)\b",
    r"\b(?:i've|i have|we've|we have) (?:just )?(?:confirmed|booked|reserved|scheduled|made) "
    r"(?:your|the|those|that|these|this|a|an)\b",
    r"\b(?:it's|it is|that's|that is|it's been|that's been) (?:all )?(?:reserved|booked|confirmed)\b" + _NOT_BOOKED_UP,
    rf"\b(?:you're|you are) (?:all )?in (?:at|for|on) (?:\w+ ){{0,2}}{_TIME_WORDS}",
    # Recognition often hears "your reservation" as "your information", which is otherwise seldom called
    # made, successful or confirmed ("your information has been made"). NOTE: a business that verifies
    # a caller's identity may say "your information is confirmed", and this reads it as a booking.
    rf"(?:\b(?:your|the) |^\W*)information (?:{_FILLER}){{0,2}}(?:made|successful|confirmed)\b"
    r"(?! (?:available|public|aware)\b)",
    # Recognition often hears "booked" as "worked", "walked", "looked" or "hooked". Followed directly by
    # a booking noun ("I have worked your appointment"), they can only mean the booking.
    r"\b(?:i've|i have|we've|we have) (?:just )?(?:worked|walked|looked|hooked) (?:your|the|a|an) (?:\w+ )?"
    r"(?:appointment|reservation|booking|table|room|visit)s?\b",
    # The same mishearings in the passive, but not "your car has been worked on".
    r"\byour (?:appointment|reservation|booking|table|room|visit|car|vehicle|rental)s? (?:has|have) been "
    r"(?:worked|walked|looked|hooked)\b(?! on\b| at\b| out\b)",
    # Recognition often garbles the booking noun ("your animation is made" for "your reservation"). Only
    # "your" counts, because "the" would also match "the decision was made".
    r"\byour (?:\w+ ){1,2}(?:is|was|has been|have been) (?:made|confirmed|scheduled)\b",
    # Recognition often drops or garbles "is" or "has been", so "your appointment" followed closely by
    # the participle still counts.
    rf"\byour (?:booking|reservation|appointment|table|room|visit)s? (?:{_FILLER}){{0,2}}"
    r"(?:confirmed|confirm|booked|reserved|scheduled|made)\b",
)

# The caller took an offered slot ("let's do it", "I'll take it"). On its own this is weaker than a
# confirmation, so it counts only with a time in the call, a request for the caller's details, or a
# slot offered just before.
SLOT_ACCEPTED = _cues(
    r"\bi'll take (?:it|that|the)\b",
    r"\blet's do (?:it|that|this)\b",
    r"\blet's (?:go with|book|schedule|do) (?:the |that |it |him |her |them |a |an )?" + _TIME_WORDS,
    # "It works best for people who..." describes a treatment rather than accepting a slot.
    r"\b(?:that|this|it) (?:works|would work|will work|'ll work|sounds good|sounds great|sounds perfect)\b"
    r"(?! best\b| well\b| by\b| like\b| on\b| with\b| in\b| for (?!me\b|us\b))",
    r"\b(?:that|this|it)'ll work\b",
    r"(?<!not )(?<!n't )(?<!not going to )(?<!n't going to )(?<!not gonna )(?<!n't gonna )\bworks? for (?:me|us)\b",
    r"\b(?:book|schedule|put) (?:me|us) (?:in|down|on)\b",
    r"\bsign me up\b",
    # The caller picks one of the times offered ("this afternoon, please", "Thursday at nine, please").
    r"^\W*(?:the |let's say |make it )?(?:this (?:morning|afternoon|evening)|tomorrow|today|tonight|monday|tuesday"
    r"|wednesday|thursday|friday|saturday|sunday|the (?:morning|afternoon|evening|first|second|earlier|later) one)"
    r"(?: \w+){0,3},? please\b",
)
# Words that close a call ("that will be all", "I am all set").
CLOSING = _cues(
    r"\b(?:that's|that is|that'll be|that will be|that would be) all\b|\ball set\b|\ball i need|\bthat's it\b"
)
# The business offered a particular slot. Recognition often loses the time itself ("I have an opening at
# ten forty" heard as "I have an opening a tent forty"), but the offer survives.
SLOT_OFFERED = _cues(
    r"\b(?:i|we) (?:have|'ve got) (?:a|an|one|two|something|availability|time|this|next|tomorrow|today"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    r"\b(?:i|we) (?:can|could) (?:do|get you in|squeeze you in|fit you in|see you|have someone|come out|be out)\b",
    r"\b(?:there's|there is|we have|i have) (?:an? )?(?:opening|slot|spot|availability|cancellation)\b",
    # "How about <PERSON> Salon?" suggests a place rather than a time.
    rf"\bhow about (?:[\w']+ ){{0,3}}{_TIME_WORDS}",
    r"\bwould (?:that|this|\w+day|it) work\b|\bdoes (?:that|this|\w+day|it) work\b",
)
# Number of turns before an acceptance that are searched for the offer it accepts.
SLOT_OFFER_WINDOW = 2

# The business read the details back for the caller to confirm.
READ_BACK = _cues(
    r"\bis that (?:correct|right|ok|okay)\b|\bdoes (?:that|this) sound (?:correct|right|good)\b",
    # Not "can you confirm whether they have parking?", a question about the business.
    r"\b(?:please|kindly|can you|could you|just to|so to|ok,? to|okay,? to|let's|let me) confirm\b"
    r"(?! (?:whether|if)\b)|\bto confirm[,:]",
    # Recognition often turns "is that correct?" into "in that correct" or "didn't that correct", and may
    # drop the question mark.
    r"\b(?:that|it|this) (?:correct|right)\?|\b(?:in|isn't|didn't) that (?:correct|right)\b",
    r"\bso you(?:'d| would) like\b|\bso you want\b|^\W*(?:ok(?:ay)?,? )?so (?:that's|that is) ",
    r"\b(?:just )?to be clear\b|\bjust (?:to )?make sure\b|\bto make sure (?:you|that|i)\b",
    r"\bconfirm (?:the|that|to|your|you|these|those|this|with)\b|(?<!can you )(?<!could you )\bconfirm if\b",
)
AFFIRMATIVE = re.compile(
    r"^\W*(?:(?:ok|okay|alright|all right|great)\W+)?"
    r"(?:yes|yeah|yep|yup|correct|that's (?:right|correct|perfect|fine|great)|that is (?:right|correct)|exactly"
    r"|sounds (?:good|great|perfect)|perfect|sure|absolutely|definitely|please do|go ahead"
    r"|(?:that )?works? for (?:me|us)|that works|that'll work|that will work|confirmed|i confirm)\b",
    re.I,
)
# To details read back for confirmation, "that's okay" means yes. To an offer it often means no thanks,
# so only read-back replies accept it.
READ_BACK_AFFIRMATIVE = re.compile(
    AFFIRMATIVE.pattern + r"|^\W*(?:that's|that is|it's|it is) (?:ok|okay|good)\b|^\W*you got it\b", re.I
)
# Words that name a booking. They tell a read-back of a booking from one of, say, a callback number.
BOOKING_SUBJECT = _cues(
    r"\b(?:appointment|reservation|booking|table|room|visit|consultation|inspection|estimate|session|class)s?\b",
    r"\b(?:book|booked|schedule|scheduled|reserve|reserved)\b",
)
# Number of turns after a read-back that are searched for the caller's reply. Mono recordings split one
# spoken turn into several segments, so the reply can sit a few segments later.
READ_BACK_REPLY_WINDOW = 3

# Without a readable confirmation, a call that discussed a day or time and in which the caller agreed
# this many times is taken as booked.
MIN_AGREEMENTS_WITH_TIME = 2

# The business asked for what it needs to put a caller on the schedule.
DETAILS_REQUESTED = _cues(
    r"(?:can|could|may) i (?:get|have|grab) (?:your|a|the) (?:full )?"
    r"(?:name|number|phone|address|e-?mail|date of birth)",
    r"what(?:'s| is) your (?:full )?(?:name|address|number|phone number|date of birth)",
    # "Their address and phone number" is the caller asking about the business, not for the caller's details.
    r"(?<!their )(?<!its )(?<!his )(?<!her )\b(?:name|address|phone|number),? (?:and|an) (?:your |a |the |best )?"
    r"(?:name|address|phone|number|e-?mail|date of birth)\b",
    r"\byour (?:full )?name\b|\bdate of birth\b",
    r"\b(?:best|good) (?:number|phone number|callback number)\b|\b(?:way|number) to reach you\b",
    r"\bnames? (?:for|on|of) the (?:account|reservation|booking|appointment|card|order)\b",
    r"\bunder what name\b",
    r"\b(?:what name|who) (?:should|shall|can|do) (?:i|we) put (?:it|that|you|this) (?:down )?under\b",
    r"\b(?:a|the|your) card to (?:hold|secure|reserve)\b",
)
# A day or time of day, as offered for an appointment.
SLOT_TIME = _cues(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|noon)\b",
    # Not "how can I help you today?" or "that's all for today".
    r"(?<!help you )(?<!for you )(?<!all for )(?<!it for )\btoday\b",
    r"\bthis (?:morning|afternoon|evening)\b|\bat \d|\b\d{1,2}(?:[:.]\d\d)? ?(?:am|pm)\b|\b[ap]\.m\.",
    # "At one thousand seven hundred" is a street number.
    r"\bat (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b(?! thousand| hundred)",
    # Arrival windows ("between two and four", "around ten"), but not amounts ("around two hundred dollars").
    r"\b(?:around|between|after|before|by) (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b"
    r"(?!(?: (?:or|to|and) \w+)? (?:hundred|thousand|dollars|bucks|percent|weeks?|months?|years?|days?|hours?"
    r"|minutes?|people|of)\b)",
    r"\b(?:january|february|march|april|june|july|august|september|october|november|december) \w+",
    r"\b\d{1,2}:\d\d\b|\bo'clock\b|\bin the (?:morning|afternoon|evening)\b",
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[ -](?:fifteen|thirty|forty-five)\b",
)

# How service businesses confirm a visit or a drop-off ("we'll have a tech out Thursday"). These count
# only in a turn that names a day or time and does not leave it open ("come by anytime Monday").
VISIT_SCHEDULED = _cues(
    r"\b(?:we'll|we will|i'll|i will|we're going to|i'm going to) (?:have|send|get) (?:\w+ ){0,2}(?:out|over)\b",
    r"\b(?:we'll|we will|i'll|i will|he'll|he will|she'll|she will|they'll|they will"
    r"|(?!(?:nobody|none|nothing|one)\b)\w+ will) be "
    r"(?:out there|over|there|at your (?:place|house|home|door|office|building)"
    r"|out (?:to your|at|on|between|tomorrow|today|this|first|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday))\b",
    r"\bwill call you (?:\w+ ){0,4}before (?:he|she|they|we) (?:gets?|arrives?|comes?|heads? over)\b",
    r"\b(?<!can )(?<!could )come (?:on )?(?:in|by) (?:at|on|first thing|tomorrow|today|this|monday|tuesday"
    r"|wednesday|thursday|friday|saturday|sunday)\b",
    r"\bdrop (?:it|them|the \w+|her|him) off\b",
    r"\b(?:you're|you are|i've got you|i have you|we have you|we've got you|put you) on the (?:books|schedule"
    r"|calendar)\b",
    r"\byour (?:appointment|consultation|visit|reservation|estimate|inspection|service call|cleaning|exam)"
    r"(?:'s| is| will be) (?:at|on|for)\b",
    r"\b(?:i|we)(?:'ve| have)? (?:put|penciled|pencilled|slotted|squeezed|fit|booked) you (?:in|down)\b",
    # Not "we're booked for Friday", which means the business is full.
    r"\b(?:you're|you are) (?:all )?(?:set|booked|scheduled|confirmed|locked in) for\b"
    r"|\b(?:is|'s) (?:all )?(?:set|scheduled|confirmed|locked in) for\b",
    r"\b(?:all )?squared away\b|\blocked in\b|\b(?:blocked|held) (?:off |out )?(?:\w+ ){0,2}for you\b",
)
OPEN_TIME = _cues(r"\bany ?time\b|\bwhenever\b|\bif you (?:want|decide|like|'d like|would like|choose)\b")
VISIT_TIME = _cues(
    SLOT_TIME.pattern,
    r"\bbetween (?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|noon)\b",
    r"\bfirst thing\b|\bthe (?:\d{1,2}(?:st|nd|rd|th)|first|second|third|\w+teenth|\w+tieth|twenty-\w+)\b",
)

# The booking attempt failed or the caller turned the offer down.
BOOKING_FAILED = _cues(
    r"(?:couldn't|could not|can't|cannot|unable to|wasn't able to|was not able to|not able to|failed to) "
    r"(?:\w+ ){0,2}(?:book|reserve|schedule|secure|complete)",
    # Other verbs are too common ("I can't get the door open"), so they need a booking object. Any verb
    # will do with one, because recognition often garbles the verb ("couldn't look in the appointment").
    r"(?:couldn't|could not|can't|cannot|unable to|wasn't able to|was not able to|not able to|failed to) "
    r"(?:(?:make|get) (?:it\b|that\b|you (?:in|on|a|an)\b|(?:\w+ ){0,2}(?:table|room)s?\b)"
    r"|(?:\w+ ){1,3}(?:appointment|reservation|booking)s?\b)",
    r"(?:won't|will not|wouldn't|would not) be able to",
    # Redaction tags count as words ("the appointment at <PERSON> could not be made").
    r"(?:booking|reservation|appointment)s? (?:<?\w+>? ){0,4}(?:failed|could not|couldn't|was not|wasn't|is not)",
    r"(?:was|is|it's) not possible|(?:wasn't|isn't) possible",
    # Recognition splits "unsuccessful" ("the reservation went on successful").
    r"\b(?:was|were|is|went|been) (?:not|on|un) successful\b|\bunsuccessful(?:ly)?\b",
    r"there was an (?:error|issue|problem)|\bsomething went wrong\b",
    r"\b(?:sorry|afraid)\b[^.?!]{0,40}\b(?:unable|couldn't|could not|can't|cannot|wasn't able"
    r"|was not able|won't be able|not able|failed|went wrong|no (?:\w+ )?(?:openings?|availability))\b",
    r"(?:we're|we are|i'm|i am|we're all|they're) (?:fully |all )?booked (?:up|solid)|\bfully booked\b",
    r"\b(?:we're|we are|i'm|i am|he's|he is|she's|she is|they're|they are|(?:dr|doctor)\.? \S+ is) "
    r"(?:completely |all )?booked (?:for|on|all|that|this|the|every|most)\b",
    r"(?:don't|do not|doesn't|does not) have (?:any |an |a )?(?:openings?|availability|anything (?:open|available))",
    r"\bno (?:openings?|availability|appointments? (?:left|available))\b",
    r"not ready to (?:book|schedule|commit)",
    r"\b(?:i|we) (?:need|have|want|'d like|would like|'ve got) to think (?:about it|it over)\b",
    r"(?:i'll|i will|let me|i can|can i|i'd) (?:just |probably |have to |need to )?"
    # Not "I'll let you know if I need anything else", which closes a call.
    r"(?:think about it|call (?:you |us |them )?(?:back|first)|let you know(?! if (?:i|we) need)|check with"
    r"|get back to you|talk to|look (?:them|it) up|shop around|reach out)",
    r"(?:call|let us know|reach out) (?:\w+ )?when you(?:'re| are) ready|in case we miss each other",
    r"\b(?:and|then) (?:i'll )?call (?:you|y'all) back\b",
    r"(?:i'd|i would) rather not|not (?:right )?now,? (?:thanks|thank you)|maybe (?:in the fall|next year|later)",
    # "Find someone else" on its own requests another option, while "I'll find someone else" gives up.
    r"\btry (?:somewhere|someone|somebody) else|\b(?:i|we)(?:'ll| will| need to| have to|'m going to|'m gonna"
    r"| are going to)(?: just| have to| need to| probably)? (?:find|go to|call|look for) (?:somewhere|someone|somebody)"
    r" else",
    r"\b(?:don't|do not) (?:put me (?:down|in)|book (?:it|that|me|anything)|schedule (?:it|that|me|anything))\b",
    r"\bhold off\b|\b(?:just |still )?(?:calling|shopping) around\b|\bstill getting (?:quotes|prices|estimates)\b",
    r"\b(?:i|we) (?:don't|do not) (?:need|want) (?:one|an appointment|a reservation|the appointment|to book"
    r"|to schedule|to make (?:one|an|a|the))\b",
    r"\b(?:make|making|book|booking|schedule|scheduling|do|call|calling) (?:\w+ ){0,3}myself\b",
)

# A question whether the caller needs more help, near the end of a call.
ANYTHING_ELSE = _cues(r"\b(?:anything|something) else\b")

# The business offered to book, so a "no" in the next turns is the caller declining.
BOOKING_OFFER = _cues(
    r"\b(?:do|would) you (?:like|want|need) (?:me )?to (?:\w+ ){0,3}"
    r"(?:appointment|reservation|booking|table|room|visit|consult|consultation|estimate|inspection|schedule|book)\b",
    r"\b(?:do|would) you (?:like|want) (?:me )?to (?:book|make|schedule|reserve|set up|come in|get you)\b",
    r"\b(?:shall|should|can|may) i (?:book|make|schedule|reserve|set up|put you|get you)\b",
    r"\b(?:want|like) (?:me )?to (?:book|schedule|reserve) (?:it|that|one|you|a|an|the)\b",
    r"\b(?:do|would) you (?:like|want) (?:a|an|the) (?:\w+ ){0,2}(?:appointment|reservation|booking|table|room|visit"
    r"|consultation|estimate|inspection|session|lesson|class|spot|slot)\b",
)
DECLINE_REPLY = re.compile(
    r"^\W*(?:no\b(?![\s,.!-]*problem)|nope\b|nah\b|not (?:yet|now|today|right now|at the moment|at this time)\b"
    r"|(?:i'm|i am) (?:fine|good|okay|ok)\b)",
    re.I,
)
# Number of turns after an offer that are searched for the caller's reply.
OFFER_REPLY_WINDOW = 2

# An apology right after the caller affirmed a read-back ("Sorry, that time was just taken") means the
# booking did not go through, even where recognition garbled the rest of the sentence.
APOLOGY = _cues(r"\b(?:sorry|unfortunately|apologi[sz]e|apologies|afraid)\b")
# Number of turns after the caller's "yes" that are searched for the apology.
APOLOGY_WINDOW = 2


# Key words that recognition splits into common words or respells ("confirm" heard as "can form"). Each
# is matched by its sound skeleton (see _sound_key), so every cue family written with the key word also
# matches its sound-alike spellings.
_SOUND_ALIKE_WORDS = ("confirm", "confirmed", "appointment", "appointments", "reservation", "reservations")
# Long key words whose sound skeleton no common word comes close to. A single recognized word counts as
# one of them if its skeleton starts alike and differs in at most _MAX_SOUND_EDITS consonants
# ("reservation" heard as "renovation"). Words like "appointment" stay out, since "apartment" and
# "payment" are that close.
_EDIT_TOLERANT_WORDS = ("reservation", "reservations")
_MAX_SOUND_EDITS = 2
# A word that starts with this many letters of a key word is a form of it ("reserved"), not a mishearing.
_STEM_LETTERS = 6
# A sound-alike may span this many recognized words ("can form", "a point meant").
_MAX_SOUND_ALIKE_WORDS = 3
# Longer words joined into a sound-alike would be real words of their own rather than fragments.
_MAX_FRAGMENT_LETTERS = 5
_WORD = re.compile(r"[A-Za-z']+")


def _sound_key(word: str) -> str:
    """Reduce a word to a consonant skeleton, so spellings that sound alike share a key.

    The key ignores vowels and voicing ("d" and "t" are one letter), which garbled words often get
    wrong, and keeps the order of the other consonants.
    """
    letters = re.sub(r"[^a-z]", "", word.lower()).replace("ph", "f").replace("ck", "k")
    letters = letters.translate(str.maketrans("cqgvzdb", "kkkfstp"))
    consonants = re.sub(r"[aeiouyhw]", "", letters)
    return re.sub(r"(.)\1+", r"\1", consonants)


_SOUND_ALIKE_KEYS = {_sound_key(word): word for word in _SOUND_ALIKE_WORDS}
_EDIT_TOLERANT_KEYS = {_sound_key(word): word for word in _EDIT_TOLERANT_WORDS}


def edit_distance(first: Sequence, second: Sequence) -> int:
    """Return the Levenshtein distance between two sequences: of letters for words, of words for texts."""
    previous = list(range(len(second) + 1))
    for i, first_item in enumerate(first, start=1):
        current = [i]
        for j, second_item in enumerate(second, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (first_item != second_item)))
        previous = current
    return previous[-1]


def _near_key_word(word: str) -> str | None:
    """Return the edit-tolerant key word that word is a mishearing of, or None."""
    key = _sound_key(word)
    for key_word_key, key_word in _EDIT_TOLERANT_KEYS.items():
        if (
            word[:_STEM_LETTERS].lower() != key_word[:_STEM_LETTERS]
            and key[:1] == key_word_key[:1]
            and abs(len(key) - len(key_word_key)) <= 1
            and edit_distance(key, key_word_key) <= _MAX_SOUND_EDITS
        ):
            return key_word
    return None


@dataclass(frozen=True)
class _MatchText:
    """A segment's text with sound-alike spellings of key words rewritten, and a map back to the original.

    Each replacement is (start in text, end in text, start in original, end in original).
    """

    text: str
    replacements: tuple[tuple[int, int, int, int], ...] = ()

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self._to_original(start, at_end=False), self._to_original(end, at_end=True)

    def _to_original(self, position: int, at_end: bool) -> int:
        shift = 0
        for text_start, text_end, original_start, original_end in self.replacements:
            if position <= text_start:
                break
            if position < text_end:
                return original_end if at_end else original_start
            shift = original_end - text_end
        return position + shift


def _match_text(original: str) -> _MatchText:
    words = list(_WORD.finditer(original))
    pieces: list[str] = []
    replacements: list[tuple[int, int, int, int]] = []
    copied_to = 0
    length = 0
    index = 0
    while index < len(words):
        found = _sound_alike_at(words, index)
        if found is None:
            index += 1
            continue
        count, key_word = found
        original_start, original_end = words[index].start(), words[index + count - 1].end()
        pieces.append(original[copied_to:original_start])
        length += original_start - copied_to
        replacements.append((length, length + len(key_word), original_start, original_end))
        pieces.append(key_word)
        length += len(key_word)
        copied_to = original_end
        index += count
    if not replacements:
        return _MatchText(original)
    pieces.append(original[copied_to:])
    return _MatchText("".join(pieces), tuple(replacements))


def _sound_alike_at(words: list[re.Match[str]], index: int) -> tuple[int, str] | None:
    """Return (word count, key word) for the shortest run of words from index that sounds like a key word."""
    for count in range(1, _MAX_SOUND_ALIKE_WORDS + 1):
        run = words[index : index + count]
        if len(run) < count:
            return None
        if count > 1 and any(len(w.group()) > _MAX_FRAGMENT_LETTERS or not _sound_key(w.group()) for w in run):
            return None
        key_word = _SOUND_ALIKE_KEYS.get(_sound_key("".join(w.group() for w in run)))
        if key_word is not None:
            if count == 1 and run[0].group().lower() == key_word:
                return None
            return count, key_word
        if count == 1:
            key_word = _near_key_word(run[0].group())
            if key_word is not None:
                return count, key_word
    return None


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
    texts = [_match_text(segment.text) for segment in segments]

    for outcome, cue_name, pattern in (
        (Outcome.SPAM_JUNK, "spam", SPAM),
        (Outcome.WRONG_NUMBER, "wrong_number", WRONG_NUMBER),
    ):
        match = _first_match(segments, texts, pattern, None, outcome, cue_name)
        if match is not None:
            if outcome is Outcome.WRONG_NUMBER:
                # A caller who misdialed but then booked here is a booking.
                confirmed = _last_match(texts, BOOKING_CONFIRMED, Outcome.BOOKED, CONFIRMED)
                if confirmed is not None and confirmed.segment_index > match.segment_index:
                    return _decision(transcript, confirmed, decided_by)
            return _decision(transcript, match, decided_by)

    existing = _first_match(
        segments, texts, EXISTING_CUSTOMER, (Side.CALLER, Side.MIXED), Outcome.EXISTING_CUSTOMER, "existing_customer"
    )
    if existing is not None:
        return _decision(transcript, existing, decided_by)

    confirmed = _latest(_last_match(texts, BOOKING_CONFIRMED, Outcome.BOOKED, CONFIRMED), _last_visit_scheduled(texts))
    failed = _latest(
        # "Not right now, thanks" after "Anything else you need?" turns down more help, not the booking.
        _last_match(
            texts, BOOKING_FAILED, Outcome.NOT_BOOKED, "booking_failed_or_declined", unless_after=ANYTHING_ELSE
        ),
        _replied_offer(texts, DECLINE_REPLY, Outcome.NOT_BOOKED, "offer_declined"),
        _apology_after_read_back(texts),
    )
    if confirmed is not None and (failed is None or confirmed.segment_index >= failed.segment_index):
        return _decision(transcript, confirmed, decided_by)
    if failed is not None:
        return _decision(transcript, failed, decided_by)

    # Speech recognition often garbles the confirmation itself, so weaker signs of a booking decide next.
    # From the strongest, they are an affirmed read-back, an accepted slot or offer, and, once a day or
    # time came up, the caller's details taken or repeated agreement.
    has_time = _any_match(texts, SLOT_TIME)
    details = _last_match(texts, DETAILS_REQUESTED, Outcome.BOOKED, "details_taken_for_slot")
    read_back = _replied_read_back(texts, has_time)
    if read_back is not None:
        return _decision(transcript, read_back, decided_by)
    accepted = _last_match(texts, SLOT_ACCEPTED, Outcome.BOOKED, "slot_accepted")
    # "That will work, that's all I need" closes the call: the caller settled on a place, not a booking.
    if accepted is not None and CLOSING.search(texts[accepted.segment_index].text):
        accepted = None
    if accepted is not None and (has_time or details is not None or _follows(texts, accepted, SLOT_OFFERED)):
        return _decision(transcript, accepted, decided_by)
    accepted = _replied_offer(texts, AFFIRMATIVE, Outcome.BOOKED, "offer_accepted")
    if accepted is not None and (has_time or details is not None):
        return _decision(transcript, accepted, decided_by)
    if details is not None and has_time:
        return _decision(transcript, details, decided_by)
    if has_time:
        agreements = [i for i, text in enumerate(texts) if AFFIRMATIVE.search(text.text)]
        if len(agreements) >= MIN_AGREEMENTS_WITH_TIME:
            index = agreements[-1]
            agreed = _Match(Outcome.BOOKED, "time_agreed", index, 0, len(segments[index].text))
            return _decision(transcript, agreed, decided_by)

    # No cue decided: an ambiguous conversation with a prospect counts as not booked, and its evidence
    # is the caller's longest turn, so a reader can judge the call at a glance.
    return Decision(Outcome.NOT_BOOKED, f"{decided_by}:{NO_CUE}", fallback_evidence(transcript))


def found_no_cue(decision: Decision) -> bool:
    """Return whether this classifier chose not_booked only because no cue of any outcome matched."""
    return decision.decided_by.startswith(f"{NAME}@") and decision.decided_by.endswith(f":{NO_CUE}")


def found_no_booking(decision: Decision) -> bool:
    """Return whether this classifier chose not_booked from a cue: a failure, a decline or a rejected read-back."""
    return (
        decision.outcome is Outcome.NOT_BOOKED
        and decision.decided_by.startswith(f"{NAME}@")
        and not found_no_cue(decision)
    )


def found_confirmation(decision: Decision) -> bool:
    """Return whether this classifier booked the call because the business explicitly confirmed the booking."""
    return decision.decided_by.startswith(f"{NAME}@") and decision.decided_by.endswith(f":{CONFIRMED}")


def _first_match(segments, texts, pattern, sides, outcome, cue_name) -> _Match | None:
    for index, (segment, text) in enumerate(zip(segments, texts, strict=True)):
        if sides is not None and segment.side not in sides:
            continue
        found = pattern.search(text.text)
        if found:
            return _match(outcome, cue_name, index, text, found)
    return None


def _replied_read_back(texts, has_time: bool) -> _Match | None:
    """Decide from the caller's reply to the last read-back that got one ("Tuesday at ten, is that right?").

    A "yes" books, with the read-back as evidence. A "no" that no later "yes" follows means the details
    were never settled, so it counts as not booked, with the reply as evidence. Without a day or time in
    the call, the read-back must name what is booked ("a table for two"), so that confirming a callback
    number is not taken for a booking. Returns None when no reply decides.
    """
    for index in range(len(texts) - 1, -1, -1):
        found = READ_BACK.search(texts[index].text)
        if not found:
            continue
        reply = _read_back_reply(texts, index)
        if reply is None:
            continue
        offset, reply_match, affirmed = reply
        if affirmed:
            if has_time or any(BOOKING_SUBJECT.search(text.text) for text in texts[index : index + 2]):
                return _match(Outcome.BOOKED, "read_back_confirmed", index, texts[index], found)
            continue
        # A later "yes" usually accepts corrected details, read back in words the cues missed.
        if any(AFFIRMATIVE.search(text.text) for text in texts[offset + 1 :]):
            return None
        return _match(Outcome.NOT_BOOKED, "read_back_rejected", offset, texts[offset], reply_match)
    return None


def _read_back_reply(texts, index: int) -> tuple[int, re.Match[str], bool] | None:
    """Return the caller's first yes or no to the read-back at index: (turn, match, whether it is a yes).

    Only the READ_BACK_REPLY_WINDOW turns after the read-back are searched. Returns None without a reply.
    """
    for offset in range(index + 1, min(len(texts), index + 1 + READ_BACK_REPLY_WINDOW)):
        affirmed = READ_BACK_AFFIRMATIVE.search(texts[offset].text)
        if affirmed:
            return offset, affirmed, True
        declined = DECLINE_REPLY.search(texts[offset].text)
        if declined:
            return offset, declined, False
    return None


def _last_visit_scheduled(texts) -> _Match | None:
    """Return the last VISIT_SCHEDULED match in a turn that also names a day or time and does not leave it open."""
    for index in range(len(texts) - 1, -1, -1):
        text = texts[index].text
        found = list(VISIT_SCHEDULED.finditer(text))
        if found and VISIT_TIME.search(text) and not OPEN_TIME.search(text):
            return _match(Outcome.BOOKED, "visit_scheduled", index, texts[index], found[-1])
    return None


def _apology_after_read_back(texts) -> _Match | None:
    """Return the last apology within APOLOGY_WINDOW turns after a caller affirmed a read-back."""
    for index in range(len(texts) - 1, -1, -1):
        if not READ_BACK.search(texts[index].text):
            continue
        reply = _read_back_reply(texts, index)
        if reply is None or not reply[2]:
            continue
        reply_turn = reply[0]
        for offset in range(reply_turn + 1, min(len(texts), reply_turn + 1 + APOLOGY_WINDOW)):
            found = APOLOGY.search(texts[offset].text)
            if found:
                return _match(Outcome.NOT_BOOKED, "apology_after_read_back", offset, texts[offset], found)
    return None


def _replied_offer(texts, reply_pattern, outcome, cue_name) -> _Match | None:
    """Return the caller's last reply that matches reply_pattern right after an offer to book.

    The reply is the evidence because it decides the call.
    """
    for index in range(len(texts) - 1, 0, -1):
        found = reply_pattern.search(texts[index].text)
        if not found:
            continue
        offers = texts[max(0, index - OFFER_REPLY_WINDOW) : index]
        if any(BOOKING_OFFER.search(offer.text) for offer in offers):
            return _match(outcome, cue_name, index, texts[index], found)
    return None


def _follows(texts, match: _Match, pattern) -> bool:
    """Tell whether pattern occurs in the matched turn or in the SLOT_OFFER_WINDOW turns before it."""
    start = max(0, match.segment_index - SLOT_OFFER_WINDOW)
    return any(pattern.search(text.text) for text in texts[start : match.segment_index + 1])


def _latest(*matches: _Match | None) -> _Match | None:
    found = [match for match in matches if match is not None]
    return max(found, key=lambda match: match.segment_index, default=None)


def _any_match(texts, pattern) -> bool:
    return any(pattern.search(text.text) for text in texts)


def _last_match(texts, pattern, outcome, cue_name, unless_after=None) -> _Match | None:
    """Return the last match of pattern, skipping a turn that comes right after one matching unless_after."""
    for index in range(len(texts) - 1, -1, -1):
        if unless_after is not None and index > 0 and unless_after.search(texts[index - 1].text):
            continue
        matches = list(pattern.finditer(texts[index].text))
        if matches:
            return _match(outcome, cue_name, index, texts[index], matches[-1])
    return None


def _match(outcome: Outcome, cue_name: str, index: int, text: _MatchText, found: re.Match[str]) -> _Match:
    start, end = text.original_span(found.start(), found.end())
    return _Match(outcome, cue_name, index, start, end)


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
