from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from benchmarks.reference_transcripts import reference_transcript
from classify.transcribe import Side

ROOT = Path(__file__).resolve().parents[1]


def scenario(call_id: str, label: str, answered: bool, turns: list[dict]) -> dict:
    """Return a scenario record as the render tool reads it."""
    metadata = {"answered": answered, "voicemail_flag": False, "customer_listed": False}
    return {"call_id": call_id, "label": label, "metadata": metadata, "turns": turns}


VOICEMAIL_TURNS = [
    {"speaker": "ringback", "text": "6"},
    {"speaker": "greeting", "text": "You've reached Bright Smiles. Please leave a message after the tone."},
    {"speaker": "tone", "text": ""},
    {"speaker": "caller", "text": "Hi, this is Pat calling about a cleaning, please call me back."},
]
SCENARIOS = [
    scenario(
        "booked-1",
        "booked",
        True,
        [
            {"speaker": "agent", "text": "Bright Smiles Dental, this is Dana."},
            {"speaker": "caller", "text": "Hi, I need a cleaning, do you have anything Thursday?"},
            {"speaker": "agent", "text": "I have Thursday at two. Can I get your name?"},
            {"speaker": "caller", "text": "Sure, it's Pat Lee."},
            {"speaker": "agent", "text": "Great, I booked that appointment for Thursday at two."},
        ],
    ),
    scenario("missed-1", "missed_call", False, []),
    scenario("voicemail-1", "voicemail", False, VOICEMAIL_TURNS),
]


def test_turns_keep_side_and_order():
    transcript, seconds = reference_transcript(VOICEMAIL_TURNS)

    assert [segment.side for segment in transcript.segments] == [Side.BUSINESS, Side.CALLER]
    assert transcript.segments[0].start >= 6.0
    assert transcript.segments[1].start > transcript.segments[0].end
    assert transcript.is_dual_channel
    assert seconds > transcript.segments[1].end


def test_benchmark_reports_every_scenario(tmp_path):
    scenarios = tmp_path / "scenarios.jsonl"
    scenarios.write_text("".join(json.dumps(scenario) + "\n" for scenario in SCENARIOS))

    result = subprocess.run(
        [sys.executable, "benchmarks/reference_transcripts.py", str(scenarios), "--misses"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )

    assert "calls evaluated: 3" in result.stdout
    assert "overall accuracy: 100.0%" in result.stdout
    assert "no misses" in result.stdout
