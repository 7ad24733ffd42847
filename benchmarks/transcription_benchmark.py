"""Measure transcription on rendered calls: word error rate against the script, and speed.

Usage: .venv/bin/python benchmarks/transcription_benchmark.py SCENARIOS.jsonl EXPORT_DIR LABELS.csv
           [--model tiny.en|base|DIR] [--beam-size N] [--limit N] [--dual-channel-only]

EXPORT_DIR and LABELS.csv come from rendering SCENARIOS.jsonl with the render tool; the labels file maps
each call id to its scenario. Every call with a recording is decoded and transcribed as the pipeline
does it, one at a time, and its words are compared with the words of the scenario's spoken turns.

- word error rate: word-level edit distance over the number of script words, summed over all calls.
  Words are lower-case runs of letters, digits and apostrophes, so "10:30" in the script against "ten
  thirty" in a transcript counts as errors. The figure compares models and settings, and overstates
  what a reader of the transcript would call wrong.
- per side, for dual-channel calls: the same rate for each side's words against that side's turns
  (agent and greeting for the business, caller for the caller). Close to the whole-call rate, it says
  that words rarely go to the wrong side.
- speed: seconds of audio per second of transcription on this machine, and the time to load the model.
- memory: the peak resident size of the process.

The transcripts stay in memory and only figures are printed.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import resource
import time
from pathlib import Path

from classify.audio import decode_recording
from classify.local_classifier import edit_distance
from classify.speech_models import speech_model
from classify.transcribe import Side, Transcriber, TranscriberSettings
from extract.export_folder import ExportFolder
from extract.phone_hash import PhoneHasher

SIDE_OF_SPEAKER = {"agent": Side.BUSINESS, "greeting": Side.BUSINESS, "caller": Side.CALLER}
_WORD = re.compile(r"[a-z0-9']+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def script_words(scenarios_path: Path, side: Side | None = None) -> dict[str, list[str]]:
    """Return the spoken words of each scenario (of one side's turns only, given a side), by scenario id."""
    script = {}
    for line in scenarios_path.read_text().splitlines():
        if not line.strip():
            continue
        scenario = json.loads(line)
        spoken = [
            turn.get("text", "")
            for turn in scenario["turns"]
            if turn["speaker"] in SIDE_OF_SPEAKER and side in (None, SIDE_OF_SPEAKER[turn["speaker"]])
        ]
        script[scenario["call_id"]] = words(" ".join(spoken))
    return script


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenarios", type=Path)
    parser.add_argument("export_dir", type=Path)
    parser.add_argument("labels", type=Path)
    parser.add_argument(
        "--model", default="tiny.en", help="tiny.en (default) or base, both installed, or a CTranslate2 model folder"
    )
    parser.add_argument("--beam-size", type=int, default=5)
    parser.add_argument("--limit", type=int, help="stop after transcribing N calls")
    parser.add_argument("--dual-channel-only", action="store_true", help="skip mono recordings")
    args = parser.parse_args()
    for path in (args.scenarios, args.export_dir, args.labels):
        if not path.exists():
            parser.error(f"{path} not found")

    script = script_words(args.scenarios)
    side_scripts = {side: script_words(args.scenarios, side) for side in (Side.BUSINESS, Side.CALLER)}
    with args.labels.open(newline="") as handle:
        scenario_of = {row["call_id"]: row["scenario_id"] for row in csv.DictReader(handle)}
    folder = ExportFolder(args.export_dir, PhoneHasher("benchmark-only-key"))
    calls = [call for call in folder.read_calls().records if call.recording_ref is not None]

    started = time.perf_counter()
    model = speech_model(args.model)
    transcriber = Transcriber(TranscriberSettings(model=model, beam_size=args.beam_size))
    load_seconds = time.perf_counter() - started

    errors = reference_count = side_errors = side_reference_count = 0
    audio_seconds = transcribe_seconds = 0.0
    transcribed = dual_channel = 0
    for call in calls:
        if args.limit is not None and transcribed == args.limit:
            break
        scenario_id = scenario_of.get(call.call_id, "")
        reference = script.get(scenario_id)
        if not reference:
            continue
        audio = decode_recording(folder.fetch_recording(call))
        if args.dual_channel_only and not audio.is_dual_channel:
            continue
        started = time.perf_counter()
        transcript = transcriber.transcribe(audio)
        transcribe_seconds += time.perf_counter() - started
        audio_seconds += audio.duration_seconds
        errors += edit_distance(reference, words(transcript.text()))
        reference_count += len(reference)
        transcribed += 1
        if audio.is_dual_channel:
            dual_channel += 1
            for side, side_script in side_scripts.items():
                side_errors += edit_distance(side_script[scenario_id], words(transcript.text(side)))
                side_reference_count += len(side_script[scenario_id])

    if not transcribed:
        raise SystemExit("no call of the export folder has both a recording and a scenario in the labels file")
    peak_megabytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"model: {model.name} from {model.path} (beam size {args.beam_size}), loaded in {load_seconds:.1f} s")
    print(f"calls transcribed: {transcribed}, script words: {reference_count:,}")
    print(f"word error rate: {errors / reference_count:.1%}")
    if dual_channel:
        print(f"dual-channel calls: {dual_channel}, word error rate per side: {side_errors / side_reference_count:.1%}")
    print(
        f"speed: {audio_seconds:,.0f} s of audio in {transcribe_seconds:,.0f} s, "
        f"{audio_seconds / transcribe_seconds:.1f} s of audio a second, {transcribe_seconds / transcribed:.1f} s a call"
    )
    print(f"peak memory: {peak_megabytes:,.0f} MB")


if __name__ == "__main__":
    main()
