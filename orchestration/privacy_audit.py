"""Search everything a deployment keeps for personal data that should never have been stored.

The warehouse (and its published copy) is read table by table through DuckDB, because its file is
compressed. Every other file (Dagster's SQLite run and event storage, compute logs, dbt artifacts and
logs, any log file named) is read as bytes, which finds text in SQLite pages and JSON alike.

Three kinds of finding:
- a canary: a string known to have been spoken in a call (a test caller's name, number or e-mail).
  It matches whatever the case, punctuation and spacing, and spoken digits also match as numerals
  ("five five five, zero one" matches "555-01");
- a phone number: ten NANP digits with the usual separators, or an E.164 number;
- a card number: 13 to 19 digits with a card network's prefix that pass the Luhn check.

A finding is reported with where it is and a masked excerpt, so the report itself leaks nothing new.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

_DIGIT_WORDS = {
    "zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip

# Hex digests, UUIDs and decimals hold long digit runs too, so a match may not touch a letter, another
# digit, or a decimal point followed by digits.
_NOT_ALNUM_BEFORE = r"(?<![0-9A-Za-z])(?<![0-9]\.)"
_NOT_ALNUM_AFTER = r"(?![0-9A-Za-z])(?!\.\d)"
_PHONE = re.compile(
    _NOT_ALNUM_BEFORE
    + r"(?:\+?1[\s.-]?)?\(?[2-9]\d{2}\)?[\s.-]?[2-9]\d{2}[\s.-]?\d{4}"
    + _NOT_ALNUM_AFTER
    + r"|(?<![0-9A-Za-z])\+\d{10,15}"
    + _NOT_ALNUM_AFTER
)
_CARD = re.compile(_NOT_ALNUM_BEFORE + r"[3-6]\d{3}(?:[\s-]?\d){9,15}" + _NOT_ALNUM_AFTER)
_SEPARATORS = re.compile(r"[^0-9a-z]+")
# A digit and a decimal point just before a run of digits make that run a fraction.
_DECIMAL_POINT = re.compile(r"\d\.\Z")
# In a SQLite file a run id's last group (sometimes all digits) runs into the next column, as in
# "-8b15-5626861985832026-11-02", and can pass as a card number. So UUIDs are blanked out first.
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")

# Files that DuckDB must open: their pages are compressed, so a byte search would miss text. The
# write-ahead log beside a database (.wal) is read as bytes like any other file.
_DUCKDB_SUFFIXES = {".duckdb", ".ddb"}
_SKIPPED_SUFFIXES = {".pyc"}


@dataclass(frozen=True)
class Finding:
    location: str
    kind: str
    # A masked excerpt for patterns; the canary itself, which the user supplied, for canaries.
    detail: str


class Canaries:
    """Known personal strings, normalized for matching."""

    def __init__(self, strings: Iterable[str]) -> None:
        self.strings = [s for s in (s.strip() for s in strings) if s]
        self._normalized = []
        for canary in self.strings:
            words = _normalize(canary)
            digits = _as_digits(words)
            self._normalized.append((canary, words, digits and _digits_pattern(digits)))

    def find(self, text: str) -> Iterator[str]:
        """Yield each canary that occurs in text."""
        if not self.strings:
            return
        words = _normalize(text)
        for canary, canary_words, canary_digits in self._normalized:
            if (canary_words and canary_words in words) or (canary_digits and _spelled_number(canary_digits, text)):
                yield canary


def _normalize(text: str) -> str:
    return " " + _SEPARATORS.sub(" ", text.lower()).strip() + " "


def _digits_pattern(digits: str) -> re.Pattern[str]:
    """Match the digits as a number is written: apart by at most a few separators ("(415) 555-0199").

    Digits scattered through a large file would otherwise spell any canary by chance.
    """
    return re.compile(r"(?<!\d)" + r"[^0-9A-Za-z]{0,3}".join(digits) + r"(?!\d)")


def _spelled_number(pattern: re.Pattern[str], text: str) -> bool:
    """Return whether the digits occur as a number, not as the fraction of a decimal such as a timestamp.

    dbt's manifest stores times such as 1796468432.5550144, whose fraction would spell "555 0144".
    """
    for match in pattern.finditer(text):
        is_fraction = match.group().isdigit() and _DECIMAL_POINT.search(text, max(0, match.start() - 2), match.start())
        if not is_fraction:
            return True
    return False


def _as_digits(normalized: str) -> str | None:
    """Return the digits a canary spells, when it is a number of at least five digits, else None."""
    tokens = normalized.split()
    if not tokens:
        return None
    digits = []
    for token in tokens:
        if token.isdigit():
            digits.append(token)
        elif token in _DIGIT_WORDS:
            digits.append(_DIGIT_WORDS[token])
        else:
            return None
    joined = "".join(digits)
    return joined if len(joined) >= 5 else None


def scan_text(text: str, location: str, canaries: Canaries) -> Iterator[Finding]:
    for canary in canaries.find(text):
        yield Finding(location, "canary", canary)
    text = _UUID.sub(lambda uuid: " " * len(uuid.group()), text)
    for match in _PHONE.finditer(text):
        yield Finding(location, "phone number", _mask(match.group()))
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if 13 <= len(digits) <= 19 and _luhn_valid(digits):
            yield Finding(location, "card number", _mask(match.group()))


def _mask(value: str) -> str:
    """Keep only the last two digits, so the report does not repeat what it found."""
    digits = [i for i, ch in enumerate(value) if ch.isdigit()]
    keep = set(digits[-2:])
    return "".join(ch if (i in keep or not ch.isdigit()) else "*" for i, ch in enumerate(value))


def _luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


class AuditError(Exception):
    """A file that should be scanned could not be read."""


def scan_duckdb(path: Path, canaries: Canaries) -> Iterator[Finding]:
    """Scan every value of every table in a DuckDB file, opened read-only."""
    try:
        connection = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise AuditError(
            f"failed to open {path} read-only ({type(exc).__name__}); if a job is writing it, retry when it ends"
        ) from None
    with connection:
        tables = connection.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE' order by table_schema, table_name"
        ).fetchall()
        for schema, table in tables:
            columns = [
                name
                for (name,) in connection.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = ? and table_name = ? order by ordinal_position",
                    [schema, table],
                ).fetchall()
            ]
            cursor = connection.execute(f'select * from "{schema}"."{table}"')
            row_number = 0
            while rows := cursor.fetchmany(1000):
                for row in rows:
                    row_number += 1
                    for column, value in zip(columns, row, strict=True):
                        if value is None or isinstance(value, bool):
                            continue
                        location = f"{path}: {schema}.{table}.{column}, row {row_number}"
                        yield from scan_text(str(value), location, canaries)


def scan_file(path: Path, canaries: Canaries) -> Iterator[Finding]:
    text = path.read_bytes().decode("utf-8", errors="ignore")
    yield from scan_text(text, str(path), canaries)


def audit(paths: Iterable[Path], canaries: Canaries) -> tuple[list[Finding], int]:
    """Scan files and folders (recursively); return the findings and how many files were read."""
    findings: list[Finding] = []
    scanned = 0
    for path in _files(paths):
        scanned += 1
        if path.suffix in _DUCKDB_SUFFIXES:
            findings.extend(scan_duckdb(path, canaries))
        else:
            findings.extend(scan_file(path, canaries))
    return findings, scanned


def _files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix not in _SKIPPED_SUFFIXES)
        elif path.is_file():
            yield path
