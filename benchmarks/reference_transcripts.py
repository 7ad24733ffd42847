"""Measure the rules and the local classifier on the scenarios' own words, with no speech recognition.

Usage: .venv/bin/python benchmarks/reference_transcripts.py SCENARIOS.jsonl [--misses]

Each scenario's turns become a transcript as if recognition had heard every word: one segment per turn,
tagged with its side as in a dual-channel recording (agent and greeting for the business, caller for the
caller). Segment times assume 2.5 words a second, and tones, ringback and silence take the seconds that
the render tool gives them. The call's facts come from the scenario's metadata. Each transcript then goes
through the pipeline's own decision code (`decide_from_transcript`, with the real redactor).

The report is the one that `call-outcomes eval` prints. Compared with the figures from rendered audio, it
separates the classifier's own mistakes from those that speech recognition causes. `--misses` also prints,
for each wrong call, the scenario id, the cue that decided and its redacted evidence snippet.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from classify.evaluation import LabelledCall, format_report
from classify.pipeline import decide_from_transcript
from classify.redact import Redactor
from classify.rules import CallFacts, decide_from_metadata
from classify.transcribe import Segment, Side, Transcript

SIDE_OF_SPEAKER = {"agent": Side.BUSINESS, "greeting": Side.BUSINESS, "caller": Side.CALLER}
WORDS_PER_SECOND = 2.5
# Seconds that the render tool gives a turn without words when the scenario gives none.
TONE_SECONDS = 0.6
DEFAULT_PAUSE_SECONDS = {"ringback": 6.0, "silence": 2.0}
GAP_SECONDS = 0.5


def reference_transcript(turns: list[dict]) -> tuple[Transcript, float]:
    """Return the transcript of a scenario's turns and the call's length in seconds."""
    segments = []
    speech = {Side.BUSINESS: 0.0, Side.CALLER: 0.0}
    clock = 0.0
    for turn in turns:
        speaker, text = turn["speaker"], turn.get("text") or ""
        if speaker in SIDE_OF_SPEAKER:
            seconds = max(1.0, len(text.split()) / WORDS_PER_SECOND)
            side = SIDE_OF_SPEAKER[speaker]
            segments.append(Segment(side=side, start=clock, end=clock + seconds, text=text))
            speech[side] += seconds
        elif speaker == "tone":
            seconds = TONE_SECONDS
        else:
            seconds = float(text or DEFAULT_PAUSE_SECONDS.get(speaker, 0.0))
        clock += seconds + GAP_SECONDS
    return Transcript(segments=segments, speech_seconds=speech, is_dual_channel=True), clock


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", type=Path, help="scenarios JSONL, as the render tool reads it")
    parser.add_argument("--misses", action="store_true", help="print each wrong call's cue and evidence")
    args = parser.parse_args()

    started = time.perf_counter()
    redactor = Redactor()
    calls, misses = [], []
    for line in args.scenarios.read_text().splitlines():
        if not line.strip():
            continue
        scenario = json.loads(line)
        metadata = scenario.get("metadata", {})
        turns = scenario.get("turns") or []
        transcript, seconds = reference_transcript(turns)
        facts = CallFacts(
            call_id=scenario["call_id"],
            answered=bool(metadata.get("answered")),
            voicemail_flag=bool(metadata.get("voicemail_flag")),
            duration_seconds=round(seconds),
            has_recording=bool(turns),
            is_listed_customer=bool(metadata.get("customer_listed")),
        )
        decision = decide_from_metadata(facts) or decide_from_transcript(facts, transcript, redactor)
        predicted = decision.outcome.value
        calls.append(LabelledCall(facts.call_id, scenario["label"], predicted, facts.answered, round(seconds)))
        if predicted != scenario["label"]:
            misses.append(
                f"{facts.call_id}: expected {scenario['label']}, got {predicted} by {decision.decided_by}"
                f" ({decision.evidence!r})"
            )

    print(format_report(calls))
    print(f"\n{len(calls)} scenarios decided in {time.perf_counter() - started:.1f} s")
    if args.misses:
        print("\n" + "\n".join(misses) if misses else "\nno misses")


if __name__ == "__main__":
    main()
