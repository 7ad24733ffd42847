from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def turn(speaker: str, utterance: str, acts: tuple[str, ...] = ()) -> dict:
    """Return a turn in the dataset's format, with one frame containing the given acts."""
    actions = [{"act": act, "slot": "", "values": [], "canonical_values": []} for act in acts]
    return {"speaker": speaker, "utterance": utterance, "frames": [{"service": "Services_1", "actions": actions}]}


BOOKED = {
    "dialogue_id": "1_00001",
    "services": ["Services_1"],
    "turns": [
        turn("USER", "Book me a haircut at noon tomorrow."),
        turn("SYSTEM", "Your appointment is booked.", ("NOTIFY_SUCCESS",)),
    ],
}
FAILED = {
    "dialogue_id": "1_00002",
    "services": ["Services_1"],
    "turns": [
        turn("USER", "Book me a haircut at noon tomorrow."),
        turn("SYSTEM", "Sorry, I could not book it.", ("NOTIFY_FAILURE",)),
    ],
}
TWO_SERVICES = {"dialogue_id": "1_00003", "services": ["Services_1", "Hotels_1"], "turns": BOOKED["turns"]}


def run_tool(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "sgd_scenarios.py"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_dialogues_become_labelled_scenarios(tmp_path: Path):
    split = tmp_path / "test"
    split.mkdir()
    (split / "dialogues_001.json").write_text(json.dumps([BOOKED, FAILED, TWO_SERVICES]))
    out = tmp_path / "scenarios.jsonl"

    result = run_tool(str(split), str(out), "--services", "Services_1")

    assert result.returncode == 0, result.stderr
    scenarios = {s["call_id"]: s for s in map(json.loads, out.read_text().splitlines())}
    assert set(scenarios) == {"sgd-test-1_00001", "sgd-test-1_00002"}
    assert scenarios["sgd-test-1_00001"]["label"] == "booked"
    assert scenarios["sgd-test-1_00002"]["label"] == "not_booked"
    booked_turns = scenarios["sgd-test-1_00001"]["turns"]
    assert booked_turns[0]["speaker"] == "agent"
    assert [t["speaker"] for t in booked_turns[1:]] == ["caller", "agent"]
    assert scenarios["sgd-test-1_00001"]["business"]["type"] == "salon"


def test_exclude_leaves_out_earlier_sample(tmp_path: Path):
    split = tmp_path / "test"
    split.mkdir()
    (split / "dialogues_001.json").write_text(json.dumps([BOOKED, FAILED]))
    earlier = tmp_path / "earlier.jsonl"
    earlier.write_text(json.dumps({"call_id": "sgd-test-1_00001"}) + "\n")
    out = tmp_path / "scenarios.jsonl"

    result = run_tool(str(split), str(out), "--services", "Services_1", "--exclude", str(earlier))

    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["call_id"] for line in out.read_text().splitlines()] == ["sgd-test-1_00002"]


def test_unknown_service_rejected(tmp_path: Path):
    result = run_tool(str(tmp_path), str(tmp_path / "out.jsonl"), "--services", "Flights_1")

    assert result.returncode == 2
    assert "Flights_1" in result.stderr


def test_dialogue_list_builds_those_dialogues(tmp_path: Path):
    split = tmp_path / "test"
    split.mkdir()
    (split / "dialogues_001.json").write_text(json.dumps([BOOKED, FAILED]))
    listed = tmp_path / "sample.txt"
    listed.write_text("1_00002\n")
    out = tmp_path / "scenarios.jsonl"

    result = run_tool(str(split), str(out), "--dialogues", str(listed))

    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["call_id"] for line in out.read_text().splitlines()] == ["sgd-test-1_00002"]


def test_dialogue_list_with_unknown_id_rejected(tmp_path: Path):
    split = tmp_path / "test"
    split.mkdir()
    (split / "dialogues_001.json").write_text(json.dumps([BOOKED]))
    listed = tmp_path / "sample.txt"
    listed.write_text("9_99999\n")

    result = run_tool(str(split), str(tmp_path / "out.jsonl"), "--dialogues", str(listed))

    assert result.returncode == 2
    assert "9_99999" in result.stderr
