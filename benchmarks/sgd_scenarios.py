"""Turn Schema-Guided Dialogue conversations into call scenarios, to measure on calls the cues were not written from.

Usage: .venv/bin/python benchmarks/sgd_scenarios.py SGD_SPLIT_DIR OUT.jsonl [--services S,S] [--per-service N]
           [--seed N] [--exclude SCENARIOS.jsonl] [--dialogues IDS.txt]

SGD_SPLIT_DIR is one split (`test`, `dev` or `train`) of a local copy of the Schema-Guided Dialogue
dataset (github.com/google-research-datasets/dstc8-schema-guided-dialogue, CC BY-SA 4.0, so scenarios
built from it carry that licence). Single-service dialogues of each service are sampled. A dialogue
is `booked` when the system reported a successful transaction (a NOTIFY_SUCCESS act) and `not_booked`
otherwise, and a greeting from the business opens each call. The output is the scenario format that
the render tool and `benchmarks/reference_transcripts.py` read. `--exclude` leaves out the dialogues
already in another scenarios file, so that a second sample is disjoint from the first. `--dialogues`
builds exactly the dialogues listed in a file, one id per line, such as the samples in
`benchmarks/sgd_samples/`.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter, defaultdict
from pathlib import Path

# Services whose transactions are what local businesses take over the phone, and the business type each
# represents.
BUSINESS_TYPES = {
    "Services_1": "salon",
    "Services_2": "dentist",
    "Services_3": "doctor",
    "Services_4": "therapist",
    "Restaurants_1": "restaurant",
    "Restaurants_2": "restaurant",
    "Hotels_1": "hotel",
    "Hotels_2": "vacation rental",
    "Hotels_3": "hotel",
    "Hotels_4": "hotel",
    "Homes_1": "real estate",
    "Homes_2": "real estate",
    "RentalCars_1": "car rental",
    "RentalCars_2": "car rental",
    "RentalCars_3": "car rental",
}
GREETINGS = (
    "Hello, how can I help you today?",
    "Thanks for calling, how may I help?",
    "Good morning, what can I do for you?",
    "Hi there, how can I help?",
)
SCENARIO_PREFIX = "sgd"


def read_dialogues(split_dir: Path) -> list[dict]:
    dialogues = []
    for path in sorted(split_dir.glob("dialogues_*.json")):
        dialogues.extend(json.loads(path.read_text()))
    return dialogues


def is_booked(dialogue: dict) -> bool:
    return any(
        action["act"] == "NOTIFY_SUCCESS"
        for turn in dialogue["turns"]
        if turn["speaker"] == "SYSTEM"
        for frame in turn["frames"]
        for action in frame["actions"]
    )


def scenario(dialogue: dict, split: str, rng: random.Random) -> dict:
    service = dialogue["services"][0]
    turns = [{"speaker": "agent", "text": rng.choice(GREETINGS)}]
    turns += [
        {"speaker": "caller" if turn["speaker"] == "USER" else "agent", "text": turn["utterance"]}
        for turn in dialogue["turns"]
    ]
    return {
        "call_id": f"{SCENARIO_PREFIX}-{split}-{dialogue['dialogue_id']}",
        "business": {"name": service, "type": BUSINESS_TYPES[service]},
        "label": "booked" if is_booked(dialogue) else "not_booked",
        "metadata": {
            "answered": True,
            "voicemail_flag": False,
            "direction": "inbound",
            "first_call": True,
            "customer_listed": False,
            "after_hours": False,
        },
        "turns": turns,
        "pii": [],
        "notes": "source: Schema-Guided Dialogue dataset (google-research-datasets/dstc8-schema-guided-dialogue), "
        "CC BY-SA 4.0",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split_dir", type=Path, help="a split folder of the dataset, containing dialogues_*.json")
    parser.add_argument("out", type=Path, help="scenarios JSONL to write")
    parser.add_argument("--services", default=",".join(BUSINESS_TYPES), help="comma-separated SGD service names")
    parser.add_argument("--per-service", type=int, default=30, help="dialogues sampled from each service")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--exclude", type=Path, help="scenarios JSONL whose dialogues to leave out")
    parser.add_argument("--dialogues", type=Path, help="file of dialogue ids to build, in place of a sample")
    args = parser.parse_args()

    services = [name for name in args.services.split(",") if name]
    unknown = sorted(set(services) - set(BUSINESS_TYPES))
    if unknown:
        parser.error(f"unknown services {unknown}: choose from {sorted(BUSINESS_TYPES)}")
    excluded = set()
    if args.exclude is not None:
        excluded = {json.loads(line)["call_id"] for line in args.exclude.read_text().splitlines() if line.strip()}

    split = args.split_dir.name
    by_service: dict[str, list[dict]] = defaultdict(list)
    for dialogue in read_dialogues(args.split_dir):
        call_id = f"{SCENARIO_PREFIX}-{split}-{dialogue['dialogue_id']}"
        if len(dialogue["services"]) == 1 and dialogue["services"][0] in services and call_id not in excluded:
            by_service[dialogue["services"][0]].append(dialogue)

    rng = random.Random(args.seed)
    scenarios = []
    if args.dialogues is not None:
        listed_ids = [line.strip() for line in args.dialogues.read_text().splitlines() if line.strip()]
        found = {d["dialogue_id"]: d for dialogues in by_service.values() for d in dialogues}
        missing = [dialogue_id for dialogue_id in listed_ids if dialogue_id not in found]
        if missing:
            parser.error(f"{len(missing)} dialogues of {args.dialogues} not found in {args.split_dir}: {missing[:5]}")
        scenarios = [scenario(found[dialogue_id], split, rng) for dialogue_id in listed_ids]
    else:
        for service in services:
            candidates = by_service.get(service, [])
            for dialogue in rng.sample(candidates, min(args.per_service, len(candidates))):
                scenarios.append(scenario(dialogue, split, rng))
    args.out.write_text("".join(json.dumps(s) + "\n" for s in scenarios))

    counts = Counter((s["business"]["type"], s["label"]) for s in scenarios)
    print(f"{len(scenarios)} scenarios written to {args.out}")
    for (business_type, label), count in sorted(counts.items()):
        print(f"  {business_type:<16} {label:<11} {count}")


if __name__ == "__main__":
    main()
