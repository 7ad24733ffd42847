"""Measure the redactor on scripted calls: personal details removed, appointment times kept, and speed.

Usage: .venv/bin/python benchmarks/redaction_benchmark.py SCENARIOS.jsonl

Each line of SCENARIOS.jsonl is a call with `call_id`, `label`, `turns` (`speaker`, `text`) and `pii`, the
personal details as they are spoken in the turns. The script redacts the text of every spoken turn once with
the real Redactor, a call at a time as the pipeline does, then reports:

- pii recall: a pii string is removed when, in every turn that contains it, no personal token of it survives.
  Personal tokens are the words of more than 2 characters, other than street types, months and e-mail
  filler ("dot", "at", "com"). Letters spelled one by one count as one word, and every run of 3 number
  words or digit groups in a row is a token too.
- appointment survival: day and time expressions found by a regex in the turns of `booked` calls before
  redaction, outside any pii string, and how many of them are still in the redacted turn word for word.
- speed: spoken turns (segments) redacted per second, and the time to load the models.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from pathlib import Path

from classify.redact import Redactor

SPOKEN_TURNS = {"agent", "caller", "greeting"}

_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ORDINALS = (
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth"
    "|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth"
)
NUMBER_WORDS = set(f"zero|oh|{_UNITS}|{_TEENS}|{_TENS}|hundred|thousand|double|triple|{_ORDINALS}".split("|"))
GENERIC_WORDS = {
    # Street types and unit words: an address is identified by its number and street name.
    "street", "road", "avenue", "lane", "drive", "court", "way", "boulevard", "terrace", "place", "circle",
    "parkway", "apartment", "unit", "suite",
    # E-mail filler as spoken.
    "dot", "com", "net", "org", "example",
    # A month alone does not identify anyone; the day and year around it are number words.
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
}  # fmt: skip

_MONTH = "January|February|March|April|May|June|July|August|September|October|November|December"
_DAY = rf"\d{{1,2}}(?:st|nd|rd|th)?|(?:twenty|thirty)[- ](?:{_ORDINALS})|{_ORDINALS}"
# "at 45 Main Street" is an address, so a bare number after "at" must be an hour followed by no other word
# that is capitalized or a number.
_HOUR = rf"{_UNITS}|ten|eleven|twelve|noon|midnight|(?:1[0-2]|0?[1-9])(?::\d\d)?(?!\d|\s+\d|\s+(?-i:[A-Z]))"
_MINUTE = rf"o'clock|oh[- ](?:{_UNITS})|{_TEENS}|(?:{_TENS})(?:[- ](?:{_UNITS}))?"
_AM_PM = r"\s*[ap]\.?m\b\.?"
APPOINTMENT = re.compile(
    rf"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b"
    rf"|\b(?:today|tomorrow|tonight)\b"
    rf"|\b\d{{1,2}}:\d\d(?:{_AM_PM})?"
    rf"|\b\d{{1,2}}{_AM_PM}"
    rf"|\b(?:{_UNITS}|ten|eleven|twelve)(?:[- ](?:{_MINUTE}))?(?:{_AM_PM}|\s+o'clock)"
    rf"|\bat\s+(?:{_HOUR})(?:[- ](?:{_MINUTE}))?\b(?:{_AM_PM})?"
    rf"|\b(?:{_MONTH})\s+(?:{_DAY})\b"
    rf"|\b(?:{_DAY})\s+of\s+(?:{_MONTH})\b",
    re.IGNORECASE,
)


def words(text: str) -> list[str]:
    """Split text into lower-case words, with runs of single letters ("F K A R I M I") joined into one."""
    joined: list[str] = []
    letters: list[str] = []
    for token in [*re.findall(r"[a-z0-9']+", text.lower().replace("-", " ")), ""]:
        if len(token) == 1 and token.isalpha():
            letters.append(token)
            continue
        if letters:
            joined.append("".join(letters))
            letters = []
        if token:
            joined.append(token)
    return joined


def personal_tokens(pii: str) -> tuple[set[str], list[tuple[str, ...]]]:
    """Return the personal words of a pii string and its runs of 3 number words or digit groups."""
    tokens = words(pii)
    plain = {t for t in tokens if len(t) > 2 and t not in NUMBER_WORDS and not t.isdigit() and t not in GENERIC_WORDS}
    runs: list[tuple[str, ...]] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if token in NUMBER_WORDS or token.isdigit():
            run.append(token)
            continue
        runs.extend(tuple(run[i : i + 3]) for i in range(len(run) - 2))
        run = []
    return plain, runs


def surviving_tokens(pii: str, redacted: str) -> list[str]:
    plain, runs = personal_tokens(pii)
    remaining = words(redacted)
    trigrams = set(zip(remaining, remaining[1:], remaining[2:], strict=False))
    survivors = sorted(plain & set(remaining))
    survivors += [" ".join(run) for run in runs if run in trigrams]
    return survivors


def appointment_expressions(text: str, pii: list[str]) -> list[str]:
    """Return the day and time expressions in text that do not overlap a personal detail."""
    personal = [m.span() for p in pii for m in re.finditer(re.escape(p), text, re.IGNORECASE)]
    found = []
    for match in APPOINTMENT.finditer(text):
        if not any(match.start() < end and start < match.end() for start, end in personal):
            found.append(match.group())
    return found


def count_verbatim(expression: str, text: str) -> int:
    return len(re.findall(rf"(?<!\w){re.escape(expression)}(?!\w)", text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", type=Path, help="JSON Lines file of scripted calls with pii lists")
    args = parser.parse_args()
    if not args.scenarios.is_file():
        parser.error(f"scenarios file {args.scenarios} not found: pass the development scenarios' JSON Lines file")
    scenarios = [json.loads(line) for line in args.scenarios.read_text().splitlines() if line.strip()]

    started = time.perf_counter()
    redactor = Redactor()
    load_seconds = time.perf_counter() - started

    # Each call is redacted as the pipeline does it: all its segments at once, so that a name found in one
    # segment is masked in the others.
    calls = [(s, [t["text"] for t in s["turns"] if t["speaker"] in SPOKEN_TURNS and t["text"]]) for s in scenarios]
    started = time.perf_counter()
    turns = [
        (scenario, text, after)
        for scenario, texts in calls
        for text, after in zip(texts, redactor.redact_call(texts), strict=True)
    ]
    redact_seconds = time.perf_counter() - started

    removed, total, misses = 0, 0, []
    for scenario in scenarios:
        for pii in scenario["pii"]:
            containing = [after for s, text, after in turns if s is scenario and pii.lower() in text.lower()]
            survivors = sorted({token for after in containing for token in surviving_tokens(pii, after)})
            total += 1
            if not containing:
                misses.append(f"{scenario['call_id']}: {pii!r} is in no spoken turn")
            elif survivors:
                misses.append(f"{scenario['call_id']}: {pii!r} left {survivors}")
            else:
                removed += 1

    kept, found, losses = 0, 0, []
    for scenario, text, after in turns:
        if scenario["label"] != "booked":
            continue
        for expression, count in Counter(appointment_expressions(text, scenario["pii"])).items():
            survived = min(count, count_verbatim(expression, after))
            found += count
            kept += survived
            if survived < count:
                losses.append(f"{scenario['call_id']}: {expression!r} in {after!r}")

    print(f"pii removed: {removed} / {total} ({removed / max(total, 1):.1%})")
    for miss in misses:
        print(f"  miss {miss}")
    print(f"appointment days and times kept: {kept} / {found} ({kept / max(found, 1):.1%})")
    for loss in losses:
        print(f"  lost {loss}")
    print(
        f"speed: {len(turns)} segments in {redact_seconds:.1f} s, {len(turns) / redact_seconds:.0f} segments/s, "
        f"{1000 * redact_seconds / len(turns):.1f} ms/segment; models loaded in {load_seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
