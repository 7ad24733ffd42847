"""The dbt models, built on the warehouse after the raw assets of the same day."""

import functools
import importlib.metadata
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets
from packaging import version

from orchestration.partitions import daily_partitions, one_day_per_run

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


class OfflineDbtCliResource(DbtCliResource):
    """dagster-dbt's dbt resource, minus its `dbt --version` call, which looks up pypi.org.

    Before every build, dagster-dbt runs `dbt --version` to learn the dbt version, and dbt-core 1.11
    prints with it the latest release, which it requests from pypi.org. The installed dbt-core
    package gives the same version without leaving the machine.
    """

    # TODO: this overrides a private dagster-dbt property (checked on dagster-dbt 0.29.27); when a
    # release offers a public way to pass the version, use it instead.
    @functools.cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))


def prepare_manifest() -> None:
    """Parse the dbt project when its manifest is missing: a fresh clone has none, and `dagster dev` reparses.

    dagster-dbt's own preparer would parse through a plain DbtCliResource, which requests the latest dbt
    release from pypi.org.
    """
    if dbt_project.manifest_path.exists() and not dbt_project.preparer.using_dagster_dev():
        return
    dbt = OfflineDbtCliResource(project_dir=dbt_project)
    dbt.cli(["parse", "--quiet"], target_path=dbt_project.target_path).wait()


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
        backfill_policy=one_day_per_run,
        dagster_dbt_translator=_SchemaPrefixedTranslator(),
        project=dbt_project,
    )
    def call_outcomes_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
        """Staging, intermediate and mart models of the dbt project, rebuilt with their tests."""
        dbt_vars = {"partition_date": context.partition_key}
        yield from dbt.cli(["build", "--vars", json.dumps(dbt_vars)], context=context).stream()

    return call_outcomes_dbt_models
