from __future__ import annotations

import csv
import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from orchestration.cli import main
from tests.factories import deployment_env

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def restore_export_dir(monkeypatch):
    # The command sets CALL_OUTCOMES_EXPORT_DIR from --export-dir; monkeypatch restores it afterwards.
    monkeypatch.delenv("CALL_OUTCOMES_EXPORT_DIR", raising=False)


def test_nightly_rejects_missing_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CALL_OUTCOMES_HASH_KEY", "k")

    code = main(["nightly", "--export-dir", str(tmp_path / "absent"), "--date", "2026-11-02"])

    assert code == 2
    assert "absent not found" in capsys.readouterr().err


def test_nightly_rejects_folder_without_calls(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CALL_OUTCOMES_HASH_KEY", "k")

    code = main(["nightly", "--export-dir", str(tmp_path), "--date", "2026-11-02"])

    assert code == 2
    assert "calls.jsonl is missing" in capsys.readouterr().err


def test_nightly_requires_hash_key(tmp_path, monkeypatch, capsys):
    (tmp_path / "calls.jsonl").write_text("")
    monkeypatch.delenv("CALL_OUTCOMES_HASH_KEY", raising=False)

    code = main(["nightly", "--export-dir", str(tmp_path), "--date", "2026-11-02"])

    assert code == 2
    assert "CALL_OUTCOMES_HASH_KEY is not set" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("CALL_OUTCOMES_SECOND_PASS_MODEL", "/nonexistent"),
        ("CALL_OUTCOMES_SECOND_PASS_MODEL", "none"),
        ("CALL_OUTCOMES_WHISPER_MODEL_DIR", "/nonexistent"),
        ("CALL_OUTCOMES_WHISPER_BEAM_SIZE", "five"),
    ],
)
def test_nightly_rejects_invalid_model_setting(tmp_path, monkeypatch, capsys, variable, value):
    (tmp_path / "calls.jsonl").write_text("")
    monkeypatch.setenv("CALL_OUTCOMES_HASH_KEY", "k")
    monkeypatch.setenv(variable, value)

    code = main(["nightly", "--export-dir", str(tmp_path), "--date", "2026-11-02"])

    assert code == 2
    assert f"call-outcomes nightly: {variable}={value!r}" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        (["--date", "2026-11-02", "--to", "2026-11-03"], "--to goes with --from, not with --date"),
        (["--from", "2026-11-02"], "--from needs --to"),
        (["--from", "2026-11-04", "--to", "2026-11-02"], "--to 2026-11-02 is before --from 2026-11-04"),
    ],
)
def test_nightly_rejects_unclear_days(tmp_path, capsys, dates, message):
    code = main(["nightly", "--export-dir", str(tmp_path), *dates])

    assert code == 2
    assert f"call-outcomes nightly: {message}" in capsys.readouterr().err


@pytest.mark.parametrize("limit", ["0", "-1", "ten"])
def test_mart_rejects_invalid_limit(capsys, limit):
    with pytest.raises(SystemExit):
        main(["mart", "--limit", limit])

    assert f"invalid count '{limit}'" in capsys.readouterr().err


def test_nightly_rejects_invalid_date(capsys):
    with pytest.raises(SystemExit):
        main(["nightly", "--date", "2026-13-02"])

    assert "invalid date '2026-13-02'" in capsys.readouterr().err


def test_eval_reads_predictions_file(tmp_path, capsys):
    export = tmp_path / "export"
    export.mkdir()
    (export / "calls.jsonl").write_text(
        '{"id": "CAL1", "answered": true, "duration": 95}\n{"id": "CAL2", "answered": true, "duration": 20}\n'
    )
    labels = tmp_path / "labels.csv"
    labels.write_text("call_id,expected_outcome\nCAL1,booked\nCAL2,spam_junk\n")
    predictions = tmp_path / "predictions.csv"
    predictions.write_text("call_id,outcome,decided_by,evidence\nCAL1,booked,rule:x,\nCAL2,,error,bad audio\n")

    code = main(["eval", str(export), str(labels), "--predictions", str(predictions)])

    report = capsys.readouterr().out
    assert code == 0
    assert "calls evaluated: 2" in report
    assert "overall accuracy: 50.0%" in report
    assert (
        "error"
        in report.splitlines()[report.splitlines().index("confusion matrix (rows expected, columns predicted):") + 1]
    )


@pytest.mark.slow
def test_classify_writes_predictions(tmp_path):
    sample = ROOT / "extract" / "samples" / "export"
    # A booking that tiny.en hears, a wrong number that only Whisper base hears, and a missed call.
    call_ids = ["CAL94e161750a1f48ce0667b92b7512", "CAL8b35ee1f3442cb95ecf9e50695a8", "CAL50dbb0ba7bf90bfe2c696e354683"]
    export = tmp_path / "export"
    (export / "recordings").mkdir(parents=True)
    calls = [json.loads(line) for line in (sample / "calls.jsonl").read_text().splitlines()]
    chosen = [call for call in calls if call["id"] in call_ids]
    for call in chosen:
        if call["recording"]:
            shutil.copy(sample / call["recording"], export / "recordings")
    (export / "calls.jsonl").write_text("".join(json.dumps(call) + "\n" for call in chosen))
    output = tmp_path / "predictions.csv"
    command = [sys.executable, "-m", "orchestration.cli", "classify", str(export), "--output", str(output)]

    process = subprocess.run(
        command, env=deployment_env(tmp_path, "k"), cwd=ROOT, capture_output=True, text=True, timeout=600
    )

    assert process.returncode == 0, process.stderr[-3000:]
    with output.open(newline="") as handle:
        rows = {row.pop("call_id"): row for row in csv.DictReader(handle)}
    booked, wrong_number, missed = (rows[call_id] for call_id in call_ids)
    assert (booked["outcome"], booked["transcribed_by"]) == ("booked", "whisper-tiny.en")
    assert (wrong_number["outcome"], wrong_number["transcribed_by"]) == ("wrong_number", "whisper-base")
    assert missed["outcome"] == "missed_call"
    assert missed["decided_by"].startswith("rule:")
    assert missed["transcribed_by"] == ""


def test_closed_pipe_exits_quietly(tmp_path):
    # Thousands of findings overflow the pipe buffer, so the write after the reader stops must fail.
    for index in range(3000):
        (tmp_path / f"note-{index}.txt").write_text("call me at 415-555-0199\n")
    command = [sys.executable, "-m", "orchestration.cli", "privacy-audit", str(tmp_path)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        process.stdout.readline()
        process.stdout.close()
        stderr = process.stderr.read().decode()
        code = process.wait(timeout=120)

    assert code == 141
    assert "Traceback" not in stderr


@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupted_nightly_skips_later_days(tmp_path, signal_number):
    command = [sys.executable, "-m", "orchestration.cli", "nightly", "--verbose", "--export-dir"]
    command += ["extract/samples/export", "--from", "2026-11-02", "--to", "2026-11-04"]
    process = subprocess.Popen(
        command, env=deployment_env(tmp_path, "k"), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    # The classification step logs this line as it starts, and its 12 calls then take several seconds.
    for line in process.stderr:
        if "to classify with" in line:
            process.send_signal(signal_number)
            break
    stdout, stderr = process.communicate(timeout=300)

    assert process.returncode == 130
    assert "2 later days not run" in stderr
    assert "2026-11-03:" not in stdout
