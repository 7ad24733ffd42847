"""The Dagster definitions: assets, resources, the nightly job and its schedule.

Configuration comes from the environment:
    CALL_OUTCOMES_EXPORT_DIR   export folder to load (required for a run)
    CALL_OUTCOMES_HASH_KEY     secret key for hashing phone numbers (required for a run)
    CALL_OUTCOMES_WAREHOUSE    DuckDB file (default .call-outcomes/warehouse.duckdb)
    CALL_OUTCOMES_KEEP_LAST4   "1" keeps the last four digits of caller numbers
    CALL_OUTCOMES_WHISPER_*    MODEL_DIR, DEVICE, COMPUTE_TYPE, BEAM_SIZE of the speech model
    CALL_OUTCOMES_SECOND_PASS_MODEL  "base" (default), "tiny.en", a model folder, or "off": the model that transcribes
                               again a conversation that the local classifier finds no booking cue in
    CALL_OUTCOMES_LLM_MODEL    a model name turns on the OpenAI-compatible classifier (default: local)
    CALL_OUTCOMES_LLM_*        BASE_URL, API_KEY (or OPENAI_API_KEY), TIMEOUT_SECONDS, MAX_ATTEMPTS
"""

from __future__ import annotations

import os

import dagster as dg

from orchestration import warehouse
from orchestration.assets.ad_spend import raw_ad_spend
from orchestration.assets.calls import raw_blocked_numbers, raw_calls, raw_customers
from orchestration.assets.dbt import OfflineDbtCliResource, build_dbt_assets, dbt_project
from orchestration.assets.outcomes import raw_call_outcomes
from orchestration.resources import (
    ClassifierResource,
    ClassifierSettings,
    ExportFolderResource,
    WarehouseResource,
)


def _classifier_resource() -> ClassifierResource:
    settings = ClassifierSettings.from_env()
    fields = {name: getattr(settings, name) for name in ClassifierResource.model_fields if name != "llm_api_key"}
    # Through EnvVar, so that the key is read at run time and never shown in the run's configuration.
    for name in ("CALL_OUTCOMES_LLM_API_KEY", "OPENAI_API_KEY"):
        if os.environ.get(name):
            return ClassifierResource(**fields, llm_api_key=dg.EnvVar(name))
    return ClassifierResource(**fields)


WAREHOUSE_PATH = warehouse.warehouse_path()
dbt_models = build_dbt_assets()

nightly_job = dg.define_asset_job(
    "nightly",
    selection=dg.AssetSelection.all(),
    # DuckDB takes one writing process at a time, so the steps run one after another in one process.
    executor_def=dg.in_process_executor,
    description="Load one day of calls and spend, classify the calls, and rebuild the dbt models.",
)

nightly_schedule = dg.build_schedule_from_partitioned_job(
    nightly_job, hour_of_day=5, minute_of_hour=0, default_status=dg.DefaultScheduleStatus.STOPPED
)

defs = dg.Definitions(
    assets=[raw_calls, raw_customers, raw_blocked_numbers, raw_ad_spend, raw_call_outcomes, dbt_models],
    jobs=[nightly_job],
    schedules=[nightly_schedule],
    resources={
        "export_folder": ExportFolderResource(
            path=dg.EnvVar("CALL_OUTCOMES_EXPORT_DIR"),
            hash_key=dg.EnvVar("CALL_OUTCOMES_HASH_KEY"),
            keep_last4=os.environ.get("CALL_OUTCOMES_KEEP_LAST4") == "1",
        ),
        "warehouse_db": WarehouseResource(path=str(WAREHOUSE_PATH)),
        "classifier": _classifier_resource(),
        "dbt": OfflineDbtCliResource(project_dir=dbt_project),
    },
)
