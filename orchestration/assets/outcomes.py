"""Call outcomes: each call of the day classified ephemerally, only the result stored."""

import collections
import datetime as dt
import time

import dagster as dg

from orchestration import warehouse
from orchestration.classification import PhoneLists, classify_call
from orchestration.partitions import daily_raw_asset
from orchestration.resources import ClassifierResource, ExportFolderResource, WarehouseResource

# A night of calls takes minutes, so a progress line this often shows that the step is moving.
PROGRESS_EVERY = 25


class CallOutcomesConfig(dg.Config):
    reclassify: bool = False
    """Classify again calls that already have an outcome from the current classifier version."""


@daily_raw_asset(
    "call_outcomes",
    "classification",
    deps=[dg.AssetKey(["raw", "calls"]), dg.AssetKey(["raw", "customers"]), dg.AssetKey(["raw", "blocked_numbers"])],
    kinds={"python", "duckdb"},
)
def raw_call_outcomes(
    context: dg.AssetExecutionContext,
    config: CallOutcomesConfig,
    export_folder: ExportFolderResource,
    warehouse_db: WarehouseResource,
    classifier: ClassifierResource,
) -> dg.MaterializeResult:
    """One outcome row per call of the day: outcome, what decided it and a redacted evidence snippet.

    Recordings are decoded in memory and transcripts dropped after each call. A call whose recording
    is missing or corrupt gets a 'failed' row naming the reason, and the other calls still run.
    """
    day = dt.date.fromisoformat(context.partition_key)
    folder = export_folder.open()
    calls = folder.read_calls(day).records
    loaded = classifier.load()

    with warehouse.connect(warehouse_db.path) as connection:
        lists = PhoneLists(
            customers=frozenset(warehouse.listed_customer_hashes(connection)),
            blocked=frozenset(warehouse.blocked_number_hashes(connection)),
        )
        stored = warehouse.stored_outcome_versions(connection, [c.call_id for c in calls])
    pending = [c for c in calls if config.reclassify or stored.get(c.call_id) != loaded.version]
    context.log.info("%d calls on %s, %d to classify with %s", len(calls), day, len(pending), loaded.version)

    outcomes: collections.Counter[str] = collections.Counter()
    failures = 0
    started = time.monotonic()
    fallbacks = 0
    second_pass_name = loaded.second_pass.model_name if loaded.second_pass is not None else None
    second_passes = 0
    transcribed_twice = 0
    with warehouse.connect(warehouse_db.path) as connection:
        cache = warehouse.WarehouseOutcomeCache(connection)
        for done, call in enumerate(pending, start=1):
            result = classify_call(folder, loaded, call, lists, cache)
            # Each upsert commits on its own, so calls already classified survive a crash later in the night.
            warehouse.upsert_outcome(
                connection, call.call_id, day, loaded.version, decision=result.decision, error=result.error
            )
            if result.decision is not None:
                outcomes[result.decision.outcome.value] += 1
                fallbacks += result.decision.fallback_reason is not None
                second_passes += second_pass_name is not None and result.decision.transcribed_by == second_pass_name
                transcribed_twice += result.decision.transcriptions == 2
            else:
                failures += 1
                context.log.warning("call %s failed: %s", call.call_id, result.error)
            if done % PROGRESS_EVERY == 0:
                context.log.info("classified %d of %d calls", done, len(pending))

    seconds = time.monotonic() - started
    context.log.info(
        "classified %d calls in %.1f s, %d failed, %d transcribed twice, %d decided from the second transcript",
        len(pending) - failures,
        seconds,
        failures,
        transcribed_twice,
        second_passes,
    )
    return dg.MaterializeResult(
        metadata={
            "calls": len(calls),
            "classified": len(pending) - failures,
            "failed": failures,
            "decided_locally_instead_of_model": fallbacks,
            "transcribed_twice": transcribed_twice,
            "decided_from_second_transcript": second_passes,
            "skipped_already_classified": len(calls) - len(pending),
            "classifier_version": loaded.version,
            "seconds": round(seconds, 1),
            **{f"outcome_{name}": count for name, count in sorted(outcomes.items())},
        }
    )
