"""The nightly job through Dagster, the real speech model, DuckDB and dbt, checked against hand-worked figures.

Eight calls to one dental client on 2026-11-02, all from the Google Ads campaign 21001, plus spend for
that campaign and for a Meta campaign that brought no calls:

    call                                  expected outcome    decided by
    missed call from a listed customer     missed_call         metadata
    provider-flagged voicemail             voicemail           metadata
    answered, only "hello?" then silence   spam_junk           no-conversation rule
    "press one" robocall                   spam_junk           classifier
    brake follow-up, listed customer       existing_customer   customer list
    new patient takes Tuesday at ten       booked              classifier
    price check for a toilet install       not_booked          classifier, on a second transcript (base)
    recording is an XML error page         (failed)            decoding error

Hand-worked mart row for Google Ads 21001: spend 140.00, 8 calls, 2 new-prospect calls (booked and
not booked), 1 booked, booking rate 0.5, cost per call 140 / (8 - 1 existing customer) = 20.00, cost per
new-prospect call 140 / 2 = 70.00, cost per booked call 140 / 1 = 140.00.

The robocall's number is on the agency-wide blocklist, so a rule decides it before its audio is read.
The job runs three times: twice with the local classifier (the second finds nothing to do), then with
a model on a loopback OpenAI-compatible server, which answers one call, refuses one and gives invalid
evidence for one; the outcomes, and so the mart, stay the same.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from classify.pipeline import RULES_VERSION
from tests.factories import deployment_env
from tests.fake_openai import FakeOpenAI, Reply, answer, completion

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "extract" / "samples" / "export"
DAY = "2026-11-02"
HASH_KEY = "end-to-end-test-key"

# Sample call id -> expected outcome (None: classification must fail).
SAMPLE_CALLS = {
    "CAL50dbb0ba7bf90bfe2c696e354683": "missed_call",
    "CAL9b49fee8a209f6aa93bbc416a76e": "voicemail",
    "CAL5691c6027db316f4b05954f703db": "spam_junk",
    "CAL377d54132dab9347c168abae0273": "spam_junk",
    "CAL993e09cd5a9c98c3de6878f0c716": "existing_customer",
    "CAL5e496adbc59d83a60577ebb56c54": "not_booked",
}
BOOKED_CALL = "CALe2e0000000000000000000booked"
CORRUPT_CALL = "CALe2e00000000000000000corrupt"
LISTED_CALLS = ("CAL50dbb0ba7bf90bfe2c696e354683", "CAL993e09cd5a9c98c3de6878f0c716")
BLOCKED_CALL = "CAL377d54132dab9347c168abae0273"
PRICE_CHECK_CALL = "CAL5e496adbc59d83a60577ebb56c54"

TWILIO_404_BODY = (
    b'<?xml version="1.0" encoding="UTF-8"?><TwilioResponse><RestException><Code>20404</Code>'
    b"<Message>The requested resource was not found</Message><Status>404</Status></RestException></TwilioResponse>"
)


def _on_campaign(call: dict, call_id: str, minute: int) -> dict:
    return {
        **call,
        "id": call_id,
        "company_id": "northside-dental",
        "start_time": f"{DAY}T10:{minute:02d}:00-05:00",
        "source": "Google Ads",
        "medium": "cpc",
        "campaign": "Search - Brand",
        "utm_source": "google",
        "utm_medium": "cpc",
        "utm_campaign": "21001",
    }


@pytest.fixture(scope="module")
def export_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("export")
    recordings = root / "recordings"
    recordings.mkdir()
    sample_calls = {c["id"]: c for c in map(json.loads, (SAMPLE / "calls.jsonl").read_text().splitlines())}

    calls = []
    for minute, call_id in enumerate(SAMPLE_CALLS):
        call = sample_calls[call_id]
        if call["recording"]:
            shutil.copy(SAMPLE / call["recording"], recordings)
        calls.append(_on_campaign(call, call_id, minute))

    template = sample_calls["CAL5e496adbc59d83a60577ebb56c54"]
    shutil.copy(ROOT / "tests" / "data" / "recordings" / "booked-new-patient.ogg", recordings / f"{BOOKED_CALL}.ogg")
    booked = _on_campaign(template, BOOKED_CALL, 40)
    booked.update(customer_phone_number="+15550100001", duration=23, recording=f"recordings/{BOOKED_CALL}.ogg")
    (recordings / f"{CORRUPT_CALL}.wav").write_bytes(TWILIO_404_BODY)
    corrupt = _on_campaign(template, CORRUPT_CALL, 41)
    corrupt.update(customer_phone_number="+15550100002", recording=f"recordings/{CORRUPT_CALL}.wav")
    calls += [booked, corrupt]

    lines = [json.dumps(c) for c in calls]
    lines.insert(3, '{"id": "CALbroken", "company_id": ')  # A truncated line must not stop the night.
    (root / "calls.jsonl").write_text("\n".join(lines) + "\n")

    listed = [sample_calls[call_id]["customer_phone_number"] for call_id in LISTED_CALLS]
    (root / "customers.csv").write_text(
        "client_id,phone_number\n" + "".join(f"northside-dental,{number}\n" for number in listed)
    )
    blocked = sample_calls[BLOCKED_CALL]["customer_phone_number"]
    (root / "blocklist.csv").write_text(f"client_id,phone_number\n*,{blocked}\n")
    (root / "ad_spend.csv").write_text(
        "client_id,platform,date,campaign_id,campaign_name,spend,clicks,impressions,currency\n"
        f"northside-dental,google_ads,{DAY},21001,Search - Brand,140.00,35,900,USD\n"
        f"northside-dental,meta_ads,{DAY},23851,Lead Ads - Local,35.50,7,400,USD\n"
        "northside-dental,google_ads,2026-11-03,21001,Search - Brand,99.00,20,500,USD\n"
    )
    return root


@pytest.fixture(scope="module")
def nightly_run(export_dir, tmp_path_factory) -> dict:
    home = tmp_path_factory.mktemp("deployment")
    env = deployment_env(home, hash_key=HASH_KEY)
    command = [sys.executable, "-m", "orchestration.cli", "nightly", "--export-dir", str(export_dir), "--date", DAY]
    first = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=900)
    local_outcomes = _query(home / "warehouse.duckdb", _OUTCOMES_SQL)
    local_speech_models = _query(
        home / "warehouse.duckdb",
        "select raw.call_id, raw.transcribed_by, mart.transcribed_by from raw.call_outcomes as raw"
        " join marts.calls as mart using (call_id)",
    )
    second = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=900)
    with FakeOpenAI(default=_fake_model_answer) as fake:
        # Calls are classified in file order: the listed customer's call, the price check, the booking.
        fake.script += [
            answer("existing_customer", "words that nobody said on this call"),
            completion(None, refusal="I can't help with that."),
        ]
        model_env = {**env, "CALL_OUTCOMES_LLM_MODEL": "fake-model", "CALL_OUTCOMES_LLM_BASE_URL": fake.base_url}
        model_env["CALL_OUTCOMES_LLM_API_KEY"] = "test-key"
        with_model = subprocess.run(command, env=model_env, cwd=ROOT, capture_output=True, text=True, timeout=900)
    return {
        "home": home,
        "warehouse": home / "warehouse.duckdb",
        "first": first,
        "second": second,
        "with_model": with_model,
        "local_outcomes": local_outcomes,
        "local_speech_models": local_speech_models,
        "model_requests": fake.requests,
    }


_OUTCOMES_SQL = "select call_id, outcome, decided_by, evidence from raw.call_outcomes order by call_id"


def _fake_model_answer(request: dict) -> Reply:
    """Stand in for a model: call a conversation booked, quoting the segment that names a weekday."""
    segments = json.loads(request["messages"][1]["content"].split("\n", 1)[1])
    weekday = [s["text"] for s in segments if re.search(r"day\b", s["text"], re.IGNORECASE)]
    return answer("booked", weekday[0] if weekday else segments[-1]["text"])


def _query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def test_nightly_job_succeeds(nightly_run):
    for name in ("first", "second", "with_model"):
        run = nightly_run[name]
        assert run.returncode == 0, f"{name} run failed:\n{run.stdout[-3000:]}\n{run.stderr[-5000:]}"


def test_each_night_prints_one_summary_line(nightly_run):
    calls = len(SAMPLE_CALLS) + 2  # the sample calls, the booking and the corrupt recording
    first = nightly_run["first"].stdout

    assert f"{DAY}: {calls} calls, {calls - 1} classified (" in first
    assert ", 1 failed, 0 already classified;" in first
    assert "START sql" not in first


def test_first_night_counts_second_pass(nightly_run):
    # Only the price check is transcribed again: tiny.en finds no cue in it, and base decides it.
    with dg.DagsterInstance.from_config(str(nightly_run["home"] / "dagster_home")) as instance:
        first = instance.fetch_materializations(dg.AssetKey(["raw", "call_outcomes"]), limit=1, ascending=True)
    metadata = first.records[0].asset_materialization.metadata

    assert metadata["transcribed_twice"].value == 1
    assert metadata["decided_from_second_transcript"].value == 1


def test_one_outcome_row_per_call(nightly_run):
    rows = dict(
        (call_id, (outcome, status))
        for call_id, outcome, status in _query(
            nightly_run["warehouse"], "select call_id, outcome, status from raw.call_outcomes"
        )
    )

    expected = {call_id: (outcome, "classified") for call_id, outcome in SAMPLE_CALLS.items()}
    expected[BOOKED_CALL] = ("booked", "classified")
    expected[CORRUPT_CALL] = (None, "failed")
    assert rows == expected


def test_failed_call_names_reason_without_content(nightly_run):
    [(error,)] = _query(
        nightly_run["warehouse"], f"select error from raw.call_outcomes where call_id = '{CORRUPT_CALL}'"
    )

    assert "could not be decoded" in error
    assert "TwilioResponse" not in error


def test_evidence_is_short_and_every_outcome_explained(nightly_run):
    rows = _query(
        nightly_run["warehouse"], "select decided_by, evidence from raw.call_outcomes where status = 'classified'"
    )

    assert all(decided_by for decided_by, _ in rows)
    assert all(evidence is None or len(evidence) <= 200 for _, evidence in rows)


def test_each_outcome_names_its_speech_model(nightly_run):
    rows = {call_id: (raw, mart) for call_id, raw, mart in nightly_run["local_speech_models"]}

    # The local classifier finds no cue in tiny.en's transcript of the price check, so Whisper base
    # transcribes it again. Metadata decides the missed call, the flagged voicemail and the blocked number.
    assert rows[PRICE_CHECK_CALL] == ("whisper-base", "whisper-base")
    assert rows[BOOKED_CALL] == ("whisper-tiny.en", "whisper-tiny.en")
    assert rows["CAL5691c6027db316f4b05954f703db"] == ("whisper-tiny.en", "whisper-tiny.en")
    assert rows["CAL50dbb0ba7bf90bfe2c696e354683"] == (None, None)
    assert rows["CAL9b49fee8a209f6aa93bbc416a76e"] == (None, None)
    assert rows[BLOCKED_CALL] == (None, None)
    assert rows[CORRUPT_CALL] == (None, None)


def test_mart_matches_hand_worked_figures(nightly_run):
    [row] = _query(
        nightly_run["warehouse"],
        "select spend, calls, booked_calls, not_booked_calls, voicemail_calls, missed_calls, spam_junk_calls,"
        " wrong_number_calls, existing_customer_calls, unclassified_calls, new_prospect_calls, booking_rate,"
        " cost_per_call, cost_per_new_prospect_call, cost_per_booked_call"
        " from marts.cost_per_booked_call"
        f" where client_id = 'northside-dental' and platform = 'google_ads' and campaign_id = '21001'"
        f" and date_day = '{DAY}'",
    )

    (spend, calls, booked, not_booked, voicemail, missed, spam, wrong, existing, unclassified, prospects,
     booking_rate, cost_per_call, cost_per_prospect, cost_per_booked) = row  # fmt: skip
    assert spend == Decimal("140.00")
    assert calls == 8
    assert (booked, not_booked, voicemail, missed, spam, wrong, existing, unclassified) == (1, 1, 1, 1, 2, 0, 1, 1)
    assert prospects == 2
    assert booking_rate == pytest.approx(0.5)
    assert cost_per_call == Decimal("20.00")
    assert cost_per_prospect == Decimal("70.00")
    assert cost_per_booked == Decimal("140.00")


def test_mart_keeps_spend_without_calls(nightly_run):
    [(spend, calls, cost_per_booked)] = _query(
        nightly_run["warehouse"],
        "select spend, calls, cost_per_booked_call from marts.cost_per_booked_call"
        f" where platform = 'meta_ads' and date_day = '{DAY}'",
    )

    assert spend == Decimal("35.50")
    assert calls == 0
    assert cost_per_booked is None


def test_only_the_run_day_is_loaded(nightly_run):
    days = _query(nightly_run["warehouse"], "select distinct date from raw.ad_spend")

    assert [str(day) for (day,) in days] == [DAY]


def test_no_raw_phone_number_persists(nightly_run, export_dir):
    numbers = set()
    for line in (export_dir / "calls.jsonl").read_text().splitlines():
        try:
            call = json.loads(line)
        except json.JSONDecodeError:
            continue
        numbers |= {call["customer_phone_number"], call["tracking_phone_number"]}
    digits = {number.lstrip("+") for number in numbers} | {number[-10:] for number in numbers}

    with duckdb.connect(str(nightly_run["warehouse"]), read_only=True) as connection:
        tables = connection.execute(
            "select table_schema, table_name from information_schema.tables"
            " where table_schema in ('raw', 'staging', 'marts')"
        ).fetchall()
        for schema, table in tables:
            text = str(connection.execute(f'select * from "{schema}"."{table}"').fetchall())
            leaked = [d for d in digits if d in text]
            assert not leaked, f"{schema}.{table} holds raw phone numbers"

    for path in nightly_run["home"].rglob("*"):
        if path.is_file() and path.suffix != ".duckdb":
            content = path.read_bytes().decode("utf-8", errors="ignore")
            leaked = [d for d in digits if d in content]
            assert not leaked, f"{path} holds raw phone numbers"


def test_blocklisted_caller_is_junk_by_rule(nightly_run):
    [(outcome, decided_by, evidence)] = _query(
        nightly_run["warehouse"],
        f"select outcome, decided_by, evidence from raw.call_outcomes where call_id = '{BLOCKED_CALL}'",
    )

    assert (outcome, decided_by, evidence) == ("spam_junk", "rule:blocklist", None)


def test_second_run_retries_only_failed_call(nightly_run):
    summary = f"{DAY}: 8 calls, 0 classified, 1 failed, 7 already classified;"

    assert summary in nightly_run["second"].stdout


def test_model_run_records_the_model_and_each_fallback(nightly_run):
    rows = {
        call_id: rest
        for call_id, *rest in _query(
            nightly_run["warehouse"],
            "select call_id, outcome, decided_by, model, model_fingerprint, prompt_version, fallback_reason,"
            " classifier_version from raw.call_outcomes where status = 'classified'",
        )
    }
    version = f"rules@{RULES_VERSION}+model:fake-model+prompt@1+local-cues@"

    booked = rows[BOOKED_CALL]
    assert booked[:6] == ["booked", "model:fake-model", "fake-model-2026-01-01", "fp_fake01", "1", None]
    assert booked[6].startswith(version)
    price_check = rows[PRICE_CHECK_CALL]
    assert price_check[0] == "not_booked"
    assert price_check[1].startswith("local-cues@")
    assert price_check[5] == "the model refused"
    listed = rows[LISTED_CALLS[1]]
    assert listed[:2] == ["existing_customer", "rule:customer_list"]
    assert listed[5] == "the evidence is not a span of the transcript"
    # Rules decide the others; the model was asked about the three conversations only.
    assert len(nightly_run["model_requests"]) == 3
    assert all(row[6].startswith(version) for row in rows.values())


def test_model_run_keeps_every_outcome(nightly_run):
    outcomes = {call_id: outcome for call_id, outcome, _, _ in _query(nightly_run["warehouse"], _OUTCOMES_SQL)}

    assert outcomes == {call_id: outcome for call_id, outcome, _, _ in nightly_run["local_outcomes"]}


def test_only_redacted_text_reached_the_model(nightly_run, export_dir):
    sent = json.dumps(nightly_run["model_requests"])
    numbers = [json.loads(line)["customer_phone_number"] for line in _call_lines(export_dir)]

    assert all(number[-7:] not in sent for number in numbers)
    assert all(request["temperature"] == 0 for request in nightly_run["model_requests"])


def test_conversations_are_cached_by_transcript(nightly_run):
    [(cached,)] = _query(nightly_run["warehouse"], "select count(*) from classification.outcome_cache")
    [(model_cached,)] = _query(
        nightly_run["warehouse"],
        "select count(*) from classification.outcome_cache where prompt_version is not null",
    )

    # The local runs cached their three conversations and Whisper base's second transcript of the price
    # check, in which the local classifier found no cue either, and the model run cached its three.
    assert (cached, model_cached) == (7, 3)


def _call_lines(export_dir: Path) -> list[str]:
    lines = []
    for line in (export_dir / "calls.jsonl").read_text().splitlines():
        try:
            json.loads(line)
        except json.JSONDecodeError:
            continue
        lines.append(line)
    return lines


def test_privacy_audit_finds_nothing(nightly_run, export_dir, tmp_path):
    canaries = tmp_path / "canaries.txt"
    numbers = set()
    for line in _call_lines(export_dir):
        call = json.loads(line)
        numbers |= {call["customer_phone_number"], call["tracking_phone_number"]}
    canaries.write_text("\n".join(sorted(numbers)) + "\n")
    command = [sys.executable, "-m", "orchestration.cli", "privacy-audit", "--canaries", str(canaries)]
    paths = [str(nightly_run["warehouse"]), str(nightly_run["home"] / "dagster_home")]

    audit = subprocess.run(command + paths, cwd=ROOT, capture_output=True, text=True, timeout=300)

    assert audit.returncode == 0, audit.stdout[-3000:] + audit.stderr[-3000:]
    assert "no findings" in audit.stdout


def test_no_process_reached_beyond_loopback(nightly_run):
    # The nightly job, Dagster and the dbt subprocess all ran with the network guard installed.
    assert not (nightly_run["home"] / "blocked_connections.log").exists()
