"""Daily partitions: one partition per local calendar day of the calls."""

import os

import dagster as dg

# The first day a deployment can backfill. Agencies that hold older calls set it further back.
FIRST_DAY = os.environ.get("CALL_OUTCOMES_FIRST_DAY", "2026-01-01")

daily_partitions = dg.DailyPartitionsDefinition(start_date=FIRST_DAY)
