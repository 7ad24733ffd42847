"""Daily partitions: one partition per local calendar day of the calls."""

import os
import warnings

import dagster as dg

# The first day a deployment can backfill. Agencies that hold older calls set it further back.
FIRST_DAY = os.environ.get("CALL_OUTCOMES_FIRST_DAY", "2026-01-01")

daily_partitions = dg.DailyPartitionsDefinition(start_date=FIRST_DAY)

# One partition a run, so that a backfill is a series of nightly runs. Every asset of the nightly job
# needs it, or Dagster warns that the job mixes policies. The installed Dagster also warns that the
# parameter is beta on @asset at every load, so that one warning is filtered.
one_day_per_run = dg.BackfillPolicy.multi_run(max_partitions_per_run=1)
warnings.filterwarnings("ignore", message="Parameter `backfill_policy`", category=dg.BetaWarning)


def daily_raw_asset(name: str, group_name: str, **settings):
    """Return the @asset decorator for raw/<name>: one partition a local day, and one day a run."""
    return dg.asset(
        key=["raw", name],
        partitions_def=daily_partitions,
        backfill_policy=one_day_per_run,
        group_name=group_name,
        **{"kinds": {"duckdb"}, **settings},
    )
