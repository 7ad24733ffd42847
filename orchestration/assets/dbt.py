"""The dbt models, built on the warehouse after the raw assets of the same day."""

import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from orchestration.partitions import daily_partitions

DBT_PROJECT_DIR = Path(__file__).resolve().parents[2] / "dbt_project"

# dbt-core looks up its usage collector on every command unless DO_NOT_TRACK is set.
os.environ.setdefault("DO_NOT_TRACK", "1")

# dagster-dbt 0.29 runs `dbt parse` (to build the manifest of a fresh checkout, and on every load under
# `dagster dev`) with a plain "dbt" looked up on PATH, whatever executable the resource names. Putting
# this interpreter's scripts folder first lets a virtual environment work without being activated.
_SCRIPTS_DIR = str(Path(sys.executable).parent)
if (Path(_SCRIPTS_DIR) / "dbt").exists() and _SCRIPTS_DIR not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = os.pathsep.join([_SCRIPTS_DIR, os.environ.get("PATH", "")])

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def prepare_manifest() -> None:
    """Parse the dbt project when its manifest is missing: a fresh clone has none, and `dagster dev` reparses."""
    if dbt_project.manifest_path.exists():
        dbt_project.prepare_if_dev()
    else:
        dbt_project.preparer.prepare(dbt_project)


class _SchemaPrefixedTranslator(DagsterDbtTranslator):
    """Key each model by its schema and name (marts/calls), so it cannot clash with the raw/* assets."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "model":
            schema = dbt_resource_props["config"].get("schema") or "main"
            return dg.AssetKey([schema, dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return "dbt"


def build_dbt_assets() -> dg.AssetsDefinition:
    prepare_manifest()

    @dbt_assets(
        manifest=dbt_project.manifest_path,
        partitions_def=daily_partitions,
        # One partition a run, like the Python assets, so a backfill is a series of nightly runs.
        backfill_policy=dg.BackfillPolicy.multi_run(max_partitions_per_run=1),
        dagster_dbt_translator=_SchemaPrefixedTranslator(),
        project=dbt_project,
    )
    def call_outcomes_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
        """Staging, intermediate and mart models of the dbt project, rebuilt with their tests."""
        dbt_vars = {"partition_date": context.partition_key}
        yield from dbt.cli(["build", "--vars", json.dumps(dbt_vars)], context=context).stream()

    return call_outcomes_dbt_models
