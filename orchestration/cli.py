"""The `call-outcomes` command: run the nightly job, classify or evaluate a folder, print the mart."""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import io
import logging
import os
import secrets
import sys
from pathlib import Path

logger = logging.getLogger("orchestration.cli")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid date {text!r}: expected YYYY-MM-DD") from None


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"invalid count {text!r}: expected a whole number of 1 or more")
    return value


def _days(args: argparse.Namespace) -> list[dt.date] | str:
    """Return the days that --date or --from and --to name, or the usage error message."""
    if args.date:
        return "--to goes with --from, not with --date" if args.last else [args.date]
    if args.last is None:
        return "--from needs --to (the last day of the range, inclusive)"
    if args.last < args.first:
        return f"--to {args.last} is before --from {args.first}"
    return [args.first + dt.timedelta(days=n) for n in range((args.last - args.first).days + 1)]


def run_nightly(args: argparse.Namespace) -> int:
    """Run the nightly job for each day, in order, on the Dagster instance of DAGSTER_HOME."""
    import dagster as dg

    if args.export_dir:
        os.environ["CALL_OUTCOMES_EXPORT_DIR"] = str(Path(args.export_dir).resolve())
    days = _days(args)
    problem = days if isinstance(days, str) else _nightly_config_problem()
    if problem:
        print(f"call-outcomes nightly: {problem}", file=sys.stderr)
        return 2
    from orchestration.definitions import WAREHOUSE_PATH, defs

    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    job = defs.resolve_job_def("nightly")
    failed = []
    for day in days:
        print(f"nightly job for {day} ...", flush=True)
        # dagster-dbt copies every dbt event to stdout. Without --verbose that goes to a buffer, shown
        # only when the run fails.
        dbt_output = io.StringIO()
        with contextlib.nullcontext() if args.verbose else contextlib.redirect_stdout(dbt_output):
            result = job.execute_in_process(
                partition_key=day.isoformat(),
                instance=instance,
                raise_on_error=False,
                run_config=_console_log_level("INFO" if args.verbose else "WARNING"),
            )
        print(_night_summary(day, result), flush=True)
        if _interrupted(result):
            # Dagster turns Ctrl-C and SIGTERM into a failed step and returns, so the loop has to stop here.
            skipped = len(days) - days.index(day) - 1
            later = f"{skipped} later day not run" if skipped == 1 else f"{skipped} later days not run"
            print(f"nightly job for {day} was interrupted (run {result.run_id}); {later}", file=sys.stderr)
            return 130
        if not result.success:
            failed.append(day)
            lines = dbt_output.getvalue().splitlines()[-DBT_LINES_ON_FAILURE:]
            if lines:
                print("\n".join(["last lines of dbt's output:", *lines]), file=sys.stderr)
            print(f"nightly job for {day} failed (run {result.run_id}): see the Dagster logs", file=sys.stderr)
    print(f"warehouse: {WAREHOUSE_PATH}")
    return 1 if failed else 0


def _interrupted(result) -> bool:
    """Return True when a run stopped on Ctrl-C or SIGTERM rather than on a failure."""
    return any(
        event.is_step_failure
        and event.step_failure_data.error is not None
        and event.step_failure_data.error.cls_name == "DagsterExecutionInterruptedError"
        for event in result.all_events
    )


# Enough of dbt's output to show the failing model or test and dbt's summary of errors.
DBT_LINES_ON_FAILURE = 30


def _console_log_level(level: str) -> dict:
    """Return run config for Dagster's console logger, which prints every engine event at its DEBUG default."""
    return {"loggers": {"console": {"config": {"log_level": level}}}}


def _night_summary(day: dt.date, result) -> str:
    """Return one line on a finished run: the day's calls and their outcomes, and the assets built."""
    built = 0
    classification = None
    for event in result.get_asset_materialization_events():
        built += 1
        materialization = event.step_materialization_data.materialization
        if materialization.asset_key.path == ["raw", "call_outcomes"]:
            classification = {name: entry.value for name, entry in materialization.metadata.items()}
    if classification is None:
        return f"{day}: calls not classified, {built} assets built"
    outcomes = ", ".join(
        f"{name.removeprefix('outcome_')} {count}"
        for name, count in classification.items()
        if name.startswith("outcome_")
    )
    return (
        f"{day}: {classification['calls']} calls, {classification['classified']} classified"
        f"{f' ({outcomes})' if outcomes else ''}, {classification['failed']} failed, "
        f"{classification['skipped_already_classified']} already classified; {built} assets built"
    )


def _nightly_config_problem() -> str | None:
    """Return what is missing or invalid for a nightly run, in one line, or None when all is set."""
    export_dir = os.environ.get("CALL_OUTCOMES_EXPORT_DIR")
    if not export_dir:
        return "no export folder: pass --export-dir or set CALL_OUTCOMES_EXPORT_DIR"
    if not Path(export_dir).is_dir():
        return f"export folder {export_dir} not found"
    if not (Path(export_dir) / "calls.jsonl").is_file():
        return f"{export_dir} is not an export folder: calls.jsonl is missing"
    if not os.environ.get("CALL_OUTCOMES_HASH_KEY"):
        return "CALL_OUTCOMES_HASH_KEY is not set: set it to a long random secret and keep it stable"
    from classify.speech_models import SpeechModelError
    from orchestration.resources import ClassifierSettings

    # Checked here because a bad setting would otherwise fail every day's run, deep in a Dagster log.
    try:
        ClassifierSettings.from_env().speech_models()
    except (SpeechModelError, ValueError) as exc:
        return str(exc)
    return None


def _load_classifier():
    from orchestration.resources import ClassifierSettings, load_classifier

    return load_classifier(ClassifierSettings.from_env())


def _classify_folder(export_dir: Path, output: Path) -> None:
    from classify.outcome_cache import MemoryOutcomeCache
    from extract.export_folder import ExportFolder
    from extract.phone_hash import PhoneHasher
    from orchestration.classification import PhoneLists, classify_calls

    # Hashes here only match callers against the customer list in memory, so a throwaway key will do
    # when the deployment key is not set.
    key = os.environ.get("CALL_OUTCOMES_HASH_KEY") or secrets.token_hex(32)
    folder = ExportFolder(export_dir, PhoneHasher(key))
    calls = folder.read_calls()
    for problem in calls.problems:
        print(f"skipped: {problem}", file=sys.stderr)
    lists = PhoneLists(
        customers=frozenset((c.client_id, c.phone_hash) for c in folder.read_customers().records),
        blocked=frozenset((c.client_id, c.phone_hash) for c in folder.read_blocklist().records),
    )
    classifier = _load_classifier()

    output.parent.mkdir(parents=True, exist_ok=True)
    with open(output, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["call_id", "outcome", "decided_by", "evidence", "transcribed_by"])
        results = classify_calls(folder, classifier, calls.records, lists, MemoryOutcomeCache())
        for n, result in enumerate(results, start=1):
            if result.decision is None:
                writer.writerow([result.call.call_id, "", "error", result.error, ""])
            else:
                d = result.decision
                writer.writerow(
                    [result.call.call_id, d.outcome.value, d.decided_by, d.evidence or "", d.transcribed_by or ""]
                )
            handle.flush()
            print(f"\r{n}/{len(calls.records)} classified", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)


def run_classify(args: argparse.Namespace) -> int:
    _classify_folder(Path(args.export_dir), Path(args.output))
    print(f"wrote {args.output}")
    return 0


def run_eval(args: argparse.Namespace) -> int:
    """Compare outcomes with labels: from --predictions, from the warehouse, or by classifying the folder."""
    import json

    from classify.evaluation import FAILED, LabelledCall, format_report

    export_dir = Path(args.export_dir)
    if args.from_warehouse:
        predicted = _warehouse_outcomes()
    else:
        predictions_path = Path(args.predictions) if args.predictions else Path(args.output)
        if not args.predictions:
            _classify_folder(export_dir, predictions_path)
        with open(predictions_path, newline="") as handle:
            predicted = {row["call_id"]: row["outcome"] or FAILED for row in csv.DictReader(handle)}
    with open(args.labels_csv, newline="") as handle:
        expected = {row["call_id"]: row["expected_outcome"] for row in csv.DictReader(handle)}
    metadata = {}
    with open(export_dir / "calls.jsonl") as handle:
        for line in handle:
            if line.strip():
                call = json.loads(line)
                metadata[call["id"]] = (call.get("answered"), call.get("duration"))

    missing = sorted(set(expected) - set(predicted))
    if missing:
        print(f"{len(missing)} labelled calls have no prediction, for example {missing[0]}", file=sys.stderr)
    calls = [
        LabelledCall(call_id, outcome, predicted[call_id], *metadata.get(call_id, (None, None)))
        for call_id, outcome in sorted(expected.items())
        if call_id in predicted
    ]
    print(format_report(calls))
    return 0


def _warehouse_outcomes() -> dict[str, str]:
    """Return the stored outcome of every call in the warehouse, FAILED for calls that failed."""
    import duckdb

    from classify.evaluation import FAILED
    from orchestration.definitions import WAREHOUSE_PATH

    if not WAREHOUSE_PATH.exists():
        raise SystemExit(f"no warehouse at {WAREHOUSE_PATH}: run `call-outcomes nightly` first")
    with duckdb.connect(str(WAREHOUSE_PATH), read_only=True) as connection:
        rows = connection.execute("select call_id, outcome from raw.call_outcomes").fetchall()
    return {call_id: outcome or FAILED for call_id, outcome in rows}


def run_mart(args: argparse.Namespace) -> int:
    from orchestration.definitions import WAREHOUSE_PATH
    from reports.mart_table import format_mart

    if not WAREHOUSE_PATH.exists():
        print(
            f"call-outcomes mart: no warehouse at {WAREHOUSE_PATH}: run `call-outcomes nightly` first", file=sys.stderr
        )
        return 2
    print(format_mart(WAREHOUSE_PATH, args.limit))
    return 0


def run_privacy_audit(args: argparse.Namespace) -> int:
    """Scan the deployment's stored data for canaries and phone or card numbers; exit 1 on any finding."""
    from orchestration.privacy_audit import AuditError, Canaries, audit

    canary_strings = list(args.canary or [])
    if args.canaries:
        canaries_path = Path(args.canaries)
        if not canaries_path.is_file():
            print(f"call-outcomes privacy-audit: canaries file {canaries_path} not found", file=sys.stderr)
            return 2
        lines = canaries_path.read_text().splitlines()
        canary_strings += [line for line in lines if not line.lstrip().startswith("#")]
    paths = [Path(p) for p in args.paths] or _deployment_paths()
    missing = [str(p) for p in args.paths if not Path(p).exists()]
    if missing:
        print(f"call-outcomes privacy-audit: not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        findings, scanned = audit(paths, Canaries(canary_strings))
    except AuditError as exc:
        print(f"call-outcomes privacy-audit: {exc}", file=sys.stderr)
        return 2

    print(f"scanned {scanned} files under {', '.join(str(p) for p in paths if p.exists()) or 'nothing'}")
    count = len(Canaries(canary_strings).strings)
    print(f"with {count} {'canary' if count == 1 else 'canaries'}, and patterns for phone and card numbers")
    for finding in findings:
        print(f"FOUND {finding.kind} {finding.detail!r} in {finding.location}")
    print(f"{len(findings)} findings" if findings else "no findings")
    return 1 if findings else 0


# The Dagster home that `make demo` and `make dev` use when DAGSTER_HOME is not set (see the Makefile).
MAKEFILE_DAGSTER_HOME = Path(__file__).resolve().parents[1] / ".dagster_home"


def _deployment_paths() -> list[Path]:
    """Return what a deployment stores: the warehouse and its siblings, Dagster's home, dbt's output."""
    from orchestration.assets.dbt import DBT_PROJECT_DIR
    from orchestration.warehouse import warehouse_path

    warehouse = warehouse_path()
    paths = sorted(warehouse.parent.glob(f"{warehouse.stem}*")) if warehouse.parent.exists() else []
    if os.environ.get("DAGSTER_HOME"):
        paths.append(Path(os.environ["DAGSTER_HOME"]))
    elif MAKEFILE_DAGSTER_HOME.is_dir():
        paths.append(MAKEFILE_DAGSTER_HOME)
    else:
        print(
            "call-outcomes privacy-audit: DAGSTER_HOME is not set, so Dagster's run storage and logs are not "
            "scanned; set it to the Dagster home of the nightly runs",
            file=sys.stderr,
        )
    paths += [DBT_PROJECT_DIR / "target", DBT_PROJECT_DIR / "logs"]
    return paths


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="call-outcomes", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    nightly = commands.add_parser(
        "nightly",
        help="run the nightly job for one day or a range of days",
        description="Load, classify and model the calls of each day. Needs CALL_OUTCOMES_HASH_KEY.",
    )
    nightly.add_argument("--export-dir", help="export folder to load (default: $CALL_OUTCOMES_EXPORT_DIR)")
    when = nightly.add_mutually_exclusive_group(required=True)
    when.add_argument("--date", type=_date, help="local day of the calls, YYYY-MM-DD")
    when.add_argument("--from", dest="first", type=_date, help="first day of a range, YYYY-MM-DD")
    nightly.add_argument("--to", dest="last", type=_date, help="last day of the range, inclusive")
    nightly.add_argument(
        "--verbose", action="store_true", help="print Dagster's and dbt's progress, not only warnings and errors"
    )
    nightly.set_defaults(handler=run_nightly)

    classify = commands.add_parser("classify", help="classify every call of an export folder into a CSV")
    classify.add_argument("export_dir", help="export folder to classify")
    classify.add_argument("--output", default="predictions.csv", help="CSV to write (default predictions.csv)")
    classify.set_defaults(handler=run_classify)

    evaluate = commands.add_parser("eval", help="precision, recall and confusion matrix against labels")
    evaluate.add_argument("export_dir", help="export folder whose calls the labels describe")
    evaluate.add_argument("labels_csv", help="CSV with call_id and expected_outcome columns")
    source = evaluate.add_mutually_exclusive_group()
    source.add_argument("--predictions", help="use this predictions CSV instead of classifying again")
    source.add_argument(
        "--from-warehouse",
        action="store_true",
        help="use the outcomes that the nightly job stored in $CALL_OUTCOMES_WAREHOUSE",
    )
    evaluate.add_argument(
        "--output", default="predictions.csv", help="where to write predictions (default predictions.csv)"
    )
    evaluate.set_defaults(handler=run_eval)

    mart = commands.add_parser("mart", help="print the cost-per-booked-call mart")
    mart.add_argument("--limit", type=_positive_int, help="print at most this many rows")
    mart.set_defaults(handler=run_mart)

    privacy = commands.add_parser(
        "privacy-audit",
        help="search stored data for canaries and phone or card numbers; exit 1 on any finding",
        description="Scan the warehouse and its copies, the Dagster home, dbt's output and any given path.",
    )
    privacy.add_argument(
        "paths",
        nargs="*",
        help="files or folders to scan (default: $CALL_OUTCOMES_WAREHOUSE and its "
        "siblings, $DAGSTER_HOME, dbt_project/target and dbt_project/logs)",
    )
    privacy.add_argument(
        "--canaries", help="file of strings that must not appear, one per line; lines starting with # are comments"
    )
    privacy.add_argument("--canary", action="append", help="a string that must not appear; repeatable")
    privacy.set_defaults(handler=run_privacy_audit)
    return parser


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DO_NOT_TRACK", "1")
    args = build_parser().parse_args(argv)
    if args.command != "nightly":
        # The nightly job logs through Dagster's own console logger; a root handler would print it twice.
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.handler(args)
    except BrokenPipeError:
        # The reader stopped early (`call-outcomes mart | head`). Point stdout at /dev/null so that
        # Python's flush at exit does not raise again, and exit like a process killed by SIGPIPE.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        # Ctrl-C outside a Dagster run (Dagster handles it inside one): exit as shells expect.
        print(f"call-outcomes {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
