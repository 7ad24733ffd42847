from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from extract.export_folder import ExportFolder, ExportFolderError, RecordingNotFoundError
from extract.phone_hash import PhoneHasher

SAMPLE = Path(__file__).resolve().parents[1] / "extract" / "samples" / "export"


def write_export(root: Path, calls: list[object], spend: str = "", customers: str = "") -> Path:
    (root / "recordings").mkdir(parents=True)
    lines = [line if isinstance(line, str) else json.dumps(line) for line in calls]
    (root / "calls.jsonl").write_text("\n".join(lines) + "\n")
    if spend:
        (root / "ad_spend.csv").write_text(spend)
    if customers:
        (root / "customers.csv").write_text(customers)
    return root


def call(**overrides) -> dict:
    values = {
        "id": "CAL1",
        "company_id": "northside-dental",
        "answered": True,
        "voicemail": False,
        "direction": "inbound",
        "duration": 42,
        "start_time": "2026-11-02T09:15:00-05:00",
        "customer_phone_number": "+15551234567",
        "tracking_phone_number": "+15557654321",
        "utm_source": "google",
        "utm_campaign": "21001",
        "recording": "recordings/CAL1.ogg",
    }
    values.update(overrides)
    return values


def test_sample_export_reads_cleanly():
    folder = ExportFolder(SAMPLE, PhoneHasher("test-key"))

    calls = folder.read_calls()
    spend = folder.read_ad_spend()

    assert calls.problems == []
    assert len(calls.records) == 30
    assert spend.problems == []
    assert len(folder.read_customers().records) == 4


def test_calls_filtered_by_local_day(tmp_path):
    late_evening = call(id="CAL2", start_time="2026-11-02T23:30:00-08:00")  # 07:30 UTC on the 3rd
    folder = ExportFolder(write_export(tmp_path, [call(), late_evening]), PhoneHasher("k"))

    day = folder.read_calls(dt.date(2026, 11, 2))

    assert [c.call_id for c in day.records] == ["CAL1", "CAL2"]


def test_phone_numbers_hashed_not_kept(tmp_path):
    folder = ExportFolder(write_export(tmp_path, [call()]), PhoneHasher("k"))

    record = folder.read_calls().records[0]

    assert re.fullmatch(r"[0-9a-f]{64}", record.customer_phone_hash)
    assert "5551234567" not in repr(record)
    assert record.customer_phone_last4 is None


def test_hash_matches_across_number_formats():
    hasher = PhoneHasher("k")

    assert hasher.hash("+1 (555) 123-4567") == hasher.hash("555.123.4567") == hasher.hash("+15551234567")
    assert hasher.hash("+15551234567") != PhoneHasher("other").hash("+15551234567")


def test_last4_kept_only_when_configured():
    assert PhoneHasher("k", keep_last4=True).last4("+15551234567") == "4567"
    assert PhoneHasher("k").last4("+15551234567") is None


def test_empty_hash_key_rejected():
    with pytest.raises(ValueError, match="CALL_OUTCOMES_HASH_KEY"):
        PhoneHasher("")


def test_malformed_lines_reported_and_skipped(tmp_path):
    lines = [
        call(),
        "{not json",
        call(id="CAL3", start_time="2026-11-02T09:00:00"),
        call(id=None),
        call(id="CAL5", answered="yes"),
    ]
    folder = ExportFolder(write_export(tmp_path, lines), PhoneHasher("k"))

    result = folder.read_calls()

    assert [c.call_id for c in result.records] == ["CAL1"]
    assert len(result.problems) == 4
    assert result.problems[0].startswith("calls.jsonl line 2: invalid JSON")
    assert "line 3: start_time has no UTC offset" in result.problems[1]
    assert "missing required field 'id'" in result.problems[2]
    assert "'answered'" in result.problems[3]


def test_problems_never_quote_phone_numbers(tmp_path):
    bad = call(duration="five minutes", customer_phone_number="+15559876543")
    folder = ExportFolder(write_export(tmp_path, [bad]), PhoneHasher("k"))

    problems = folder.read_calls().problems

    assert len(problems) == 1
    assert "9876543" not in problems[0]


def test_repeated_call_id_keeps_last(tmp_path):
    folder = ExportFolder(write_export(tmp_path, [call(duration=5), call(duration=50)]), PhoneHasher("k"))

    records = folder.read_calls().records

    assert [(c.call_id, c.duration) for c in records] == [("CAL1", 50)]


def test_missing_recording_named(tmp_path):
    folder = ExportFolder(write_export(tmp_path, [call()]), PhoneHasher("k"))
    record = folder.read_calls().records[0]

    with pytest.raises(RecordingNotFoundError, match=r"CAL1.*not found"):
        folder.fetch_recording(record)


def test_recording_outside_folder_rejected(tmp_path):
    (tmp_path / "secret.wav").write_bytes(b"RIFF")
    folder = ExportFolder(write_export(tmp_path / "export", [call(recording="../secret.wav")]), PhoneHasher("k"))
    record = folder.read_calls().records[0]

    with pytest.raises(RecordingNotFoundError, match="outside the export folder"):
        folder.fetch_recording(record)


def test_folder_without_calls_file_rejected(tmp_path):
    with pytest.raises(ExportFolderError, match=r"calls\.jsonl is missing"):
        ExportFolder(tmp_path, PhoneHasher("k"))


def test_ad_spend_rows_validated(tmp_path):
    spend = (
        "client_id,platform,date,campaign_id,campaign_name,spend,clicks,impressions,currency\n"
        "northside-dental,google_ads,2026-11-02,21001,Search - Brand,120.50,30,900,USD\n"
        "northside-dental,google_ads,11/02/2026,21001,Search - Brand,10,1,1,USD\n"
        "northside-dental,google_ads,2026-11-02,21002,Search,-3,1,1,USD\n"
        "northside-dental,meta_ads,2026-11-03,23851,Lead Ads,40,4,100,USD\n"
    )
    folder = ExportFolder(write_export(tmp_path, [call()], spend=spend), PhoneHasher("k"))

    result = folder.read_ad_spend(dt.date(2026, 11, 2))

    assert [(r.campaign_id, str(r.spend)) for r in result.records] == [("21001", "120.50")]
    assert result.problems == [
        "ad_spend.csv row 3: column 'date' is not an ISO date (YYYY-MM-DD)",
        "ad_spend.csv row 4: column 'spend' is negative",
    ]


def test_ad_spend_missing_column_rejected(tmp_path):
    folder = ExportFolder(
        write_export(tmp_path, [call()], spend="client_id,date,spend\nx,2026-11-02,1\n"), PhoneHasher("k")
    )

    with pytest.raises(ExportFolderError, match=r"lacks the columns platform, campaign_id"):
        folder.read_ad_spend()


def test_blocklist_is_hashed_per_client_and_agency_wide(tmp_path):
    root = write_export(tmp_path, [call()])
    (root / "blocklist.csv").write_text(
        "client_id,phone_number\nnorthside-dental,+1 (415) 555-0100\n*,415-555-0199\n,415-555-0142\n"
    )
    hasher = PhoneHasher("k")

    blocked = ExportFolder(root, hasher).read_blocklist()

    assert [(b.client_id, b.phone_hash) for b in blocked.records] == [
        ("northside-dental", hasher.hash("+14155550100")),
        ("*", hasher.hash("+14155550199")),
    ]
    assert blocked.problems == ["blocklist.csv row 4: client_id or phone_number is empty"]


def test_a_folder_without_a_blocklist_blocks_nobody(tmp_path):
    blocked = ExportFolder(write_export(tmp_path, [call()]), PhoneHasher("k")).read_blocklist()

    assert blocked.records == []
    assert blocked.problems == []
