"""Calls full of personal details run through the nightly job, and none of the details is stored.

The eight calls in tests/data/pii_calls have callers say names, phone and card numbers, e-mail
addresses, street addresses and dates of birth. Their provider voicemail flags are cleared here so
that every recording is transcribed, redacted and classified, and the job's console output is kept as
a log file. Then `call-outcomes privacy-audit` searches the warehouse, the Dagster home and that log
for every detail and every caller number, and each evidence snippet is checked on its own.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.privacy_audit import Canaries
from tests.factories import deployment_env

ROOT = Path(__file__).resolve().parents[1]
CALLS = ROOT / "tests" / "data" / "pii_calls"
DAY = "2026-11-02"


def canary_strings() -> list[str]:
    details = [detail for call in json.loads((CALLS / "pii.json").read_text()).values() for detail in call["pii"]]
    # Each part of a name or street is personal on its own ("Lionel" alone still identifies the caller).
    parts = [word for detail in details for word in _distinctive_words(detail)]
    numbers = []
    for line in (CALLS / "calls.jsonl").read_text().splitlines():
        call = json.loads(line)
        numbers += [call["customer_phone_number"], call["tracking_phone_number"]]
    return sorted(set(details + parts + numbers))


# Capitalized words of a detail that identify nobody on their own.
_COMMON_WORDS = {
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "fourteen", "seventeen",
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "road", "lane", "avenue", "drive", "court", "terrace", "street", "way",
}  # fmt: skip


def _distinctive_words(detail: str) -> list[str]:
    """Return the words of a name or address that are personal alone: "Lionel", "Ferncliff"."""
    if " at " in detail:
        return []
    words = detail.replace("-", " ").replace(",", " ").split()
    return [w for w in words if w[:1].isupper() and len(w) > 2 and w.lower() not in _COMMON_WORDS]


@pytest.fixture(scope="module")
def deployment(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("privacy")
    export = root / "export"
    shutil.copytree(CALLS, export)
    calls = [json.loads(line) for line in (export / "calls.jsonl").read_text().splitlines()]
    for call in calls:
        call["voicemail"] = False
    (export / "calls.jsonl").write_text("".join(json.dumps(call) + "\n" for call in calls))

    env = deployment_env(root, hash_key="privacy-test-key")
    command = [sys.executable, "-m", "orchestration.cli", "nightly", "--export-dir", str(export), "--date", DAY]
    run = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=900)
    (root / "nightly.log").write_text(run.stdout + run.stderr)
    assert run.returncode == 0, run.stderr[-5000:]
    return root


def test_every_call_classified(deployment):
    with duckdb.connect(str(deployment / "warehouse.duckdb"), read_only=True) as connection:
        statuses = connection.execute("select status, count(*) from raw.call_outcomes group by status").fetchall()

    assert statuses == [("classified", 8)]


def test_privacy_audit_finds_no_detail(deployment):
    canaries = deployment / "canaries.txt"
    canaries.write_text("\n".join(canary_strings()) + "\n")
    paths = [deployment / "warehouse.duckdb", deployment / "dagster_home", deployment / "nightly.log"]
    command = [sys.executable, "-m", "orchestration.cli", "privacy-audit", "--canaries", str(canaries)]

    audit = subprocess.run(command + [str(p) for p in paths], cwd=ROOT, capture_output=True, text=True, timeout=300)

    assert audit.returncode == 0, audit.stdout[-5000:] + audit.stderr[-2000:]


def test_no_evidence_snippet_holds_a_detail(deployment):
    canaries = Canaries(canary_strings())
    with duckdb.connect(str(deployment / "warehouse.duckdb"), read_only=True) as connection:
        rows = connection.execute(
            "select call_id, evidence from raw.call_outcomes where evidence is not null"
        ).fetchall()

    assert rows, "the calls should have evidence snippets to check"
    leaks = {call_id: list(canaries.find(evidence)) for call_id, evidence in rows}
    assert not any(leaks.values()), {call_id: found for call_id, found in leaks.items() if found}


def test_no_process_reached_beyond_loopback(deployment):
    # The nightly job, Dagster and the dbt subprocess all ran with the network guard installed.
    assert not (deployment / "blocked_connections.log").exists()
