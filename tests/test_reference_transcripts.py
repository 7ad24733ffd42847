from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from benchmarks.reference_transcripts import reference_transcript
from classify.transcribe import Side

ROOT = Path(__file__).resolve().parents[1]

SCENARIOS = [
    {
        "call_id": "booked-1",
        "label": "booked",
        "metadata": {"answered": True, "voicemail_flag": False, "customer_listed": False},
        "turns": [
            {"speaker": "agent", "text": "Bright Smiles Dental, this is Dana."},
            {"speaker": "caller", "text": "Hi, I need a cleaning, do you have anything Thursday?"},
            {"speaker": "agent", "text": "I have Thursday at two. Can I get your name?"},
            {"speaker": "caller", "text": "Sure, it's Pat Lee."},
            {"speaker": "agent", "text": "Great, I booked that appointment for Thursday at two."},
        ],
    },
    {
        "call_id": "missed-1",
        "label": "missed_call",
        "metadata": {"answered": False, "voicemail_flag": False, "customer_listed": False},
        "turns": [],
    },
    {
        "call_id": "voicemail-1",
        "label": "voicemail",
        "metadata": {"answered": False, "voicemail_flag": None, "customer_listed": False},
        "turns": [
            {"speaker": "ringback", "text": "6"},
            {"speaker": "greeting", "text": "You've reached Bright Smiles. Please leave a message after the tone."},
            {"speaker": "tone", "text": ""},
            {"speaker": "caller", "text": "Hi, this is Pat calling about a cleaning, please call me back."},
        ],
    },
]


def test_turns_keep_side_and_order():
    transcript, seconds = reference_transcript(SCENARIOS[2]["turns"])

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
