"""The privacy audit finds canaries and phone or card numbers, and nothing else."""

from __future__ import annotations

import hashlib
import sqlite3

import duckdb
import pytest

from orchestration.cli import main
from orchestration.privacy_audit import Canaries, audit, scan_text


def kinds(text: str, *canaries: str) -> list[str]:
    return [finding.kind for finding in scan_text(text, "test", Canaries(canaries))]


@pytest.mark.parametrize(
    "text",
    [
        "call me at 415-555-0199",
        "(415) 555 0199 is my cell",
        "+1 415.555.0199",
        "number +14155550199 on file",
        "4155550199",
    ],
)
def test_phone_numbers_found(text):
    assert kinds(text) == ["phone number"]


@pytest.mark.parametrize(
    "text",
    [
        "card 4111 1111 1111 1111 expires soon",
        "5555-5555-5555-4444",
        "378282246310005",
    ],
)
def test_card_numbers_found(text):
    assert kinds(text) == ["card number"]


def test_card_number_beside_uuid_found():
    assert kinds("run da95505f-f9dd-4aef-8b15-562686198583 card 4111 1111 1111 1111") == ["card number"]


@pytest.mark.parametrize(
    "text",
    [
        hashlib.sha256(b"+14155550199").hexdigest(),
        "run 602b183b-cdb4-4183-ba55-133b23a6f955",
        '{"timestamp": 1764887400.123456}',
        "4111 1111 1111 1112",  # fails the Luhn check
        "spend 140.00 on 2026-11-02, 35 clicks, 900 impressions",
        "see you Tuesday at 10:30, it's $150",
        "call CAL5e496adbc59d83a60577ebb56c54 at 2026-11-02T10:05:00-05:00",
        # A run id followed by its partition key with no separator, as in Dagster's SQLite run index.
        "da95505f-f9dd-4aef-8b15-5626861985832026-11-02",
    ],
)
def test_ordinary_values_not_flagged(text):
    assert kinds(text) == []


def test_canary_matches_case_and_punctuation_insensitively():
    assert kinds("evidence: yeah this is DESMOND  clarke.", "Desmond Clarke") == ["canary"]


def test_digit_canary_needs_its_digits_written_together():
    canary = "four one one one, one one one one, one one one one, one one one one"

    assert kinds("card 4111-1111-1111-1111 on file", canary) == ["canary", "card number"]
    # The same digits scattered through other text, as in a large binary file, are not the number.
    assert kinds("run 4 took 1.1 s; 1 of 1 passed in 11 min on 11 11 11 11 hosts", canary) == []


def test_digit_canary_not_found_in_decimal_fraction():
    canary = "five five five, zero one four four"

    assert kinds('"created_at": 1796468432.5550144, "supported_languages": null', canary) == []
    assert "canary" in kinds("call 555.0144", canary)
    assert "canary" in kinds("call 415.555.0144", canary)


def test_spoken_number_canary_matches_digits():
    assert kinds("my cell is 555-0177", "five five five, zero one seven seven") == ["canary"]


def test_canary_needs_whole_words():
    assert kinds("Clarkesville office", "Clarke") == []


def test_findings_mask_the_number():
    [finding] = scan_text("call 415-555-0199", "test", Canaries([]))

    assert finding.detail == "***-***-**99"


def test_duckdb_and_sqlite_files_scanned(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("create schema raw")
        connection.execute("create table raw.call_outcomes (call_id varchar, evidence varchar)")
        connection.execute("insert into raw.call_outcomes values ('CAL1', 'all set, <PERSON>'), ('CAL2', 'hi Desmond')")
    events = tmp_path / "dagster_home" / "storage" / "runs.db"
    events.parent.mkdir(parents=True)
    with sqlite3.connect(events) as connection:
        connection.execute("create table event_logs (event text)")
        connection.execute("insert into event_logs values ('caller 415-555-0199 classified')")

    findings, scanned = audit([warehouse, tmp_path / "dagster_home"], Canaries(["Desmond"]))

    assert scanned == 2
    assert [(f.kind, f.location) for f in findings] == [
        ("canary", f"{warehouse}: raw.call_outcomes.evidence, row 2"),
        ("phone number", str(events)),
    ]


def test_cli_exit_codes(tmp_path, capsys):
    clean = tmp_path / "clean.log"
    clean.write_text("classified 12 calls in 40.1 s\n")
    leaky = tmp_path / "leaky.log"
    leaky.write_text("call CAL7 from Bettina Kowalczyk failed\n")
    canaries = tmp_path / "canaries.txt"
    canaries.write_text("Bettina Kowalczyk\n\n")

    assert main(["privacy-audit", str(clean), "--canaries", str(canaries)]) == 0
    assert main(["privacy-audit", str(leaky), "--canaries", str(canaries)]) == 1
    assert main(["privacy-audit", str(tmp_path / "absent.log")]) == 2

    output = capsys.readouterr().out
    assert f"FOUND canary 'Bettina Kowalczyk' in {leaky}" in output


def test_cli_skips_comment_lines_of_canaries_file(tmp_path, capsys):
    log = tmp_path / "run.log"
    log.write_text("# reviewed by the on-call engineer\n")
    canaries = tmp_path / "canaries.txt"
    canaries.write_text("# reviewed by the on-call engineer\nBettina Kowalczyk\n")

    assert main(["privacy-audit", str(log), "--canaries", str(canaries)]) == 0
    assert "with 1 canary," in capsys.readouterr().out
