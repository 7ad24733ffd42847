"""Daily campaign spend from the ad platforms."""

import datetime as dt

import dagster as dg

from orchestration import warehouse
from orchestration.partitions import daily_raw_asset
from orchestration.resources import ExportFolderResource, WarehouseResource


@daily_raw_asset("ad_spend", "ad_platforms")
def raw_ad_spend(
    context: dg.AssetExecutionContext, export_folder: ExportFolderResource, warehouse_db: WarehouseResource
) -> dg.MaterializeResult:
    """Spend of one day from the export folder's ad_spend.csv, one row per client, platform, campaign and day."""
    day = dt.date.fromisoformat(context.partition_key)
    result = export_folder.open().read_ad_spend(day)
    for problem in result.problems:
        context.log.warning("skipped a malformed ad spend row: %s", problem)

    with warehouse.connect(warehouse_db.path) as connection:
        written = warehouse.upsert_ad_spend(connection, result.records)
    context.log.info("loaded %d ad spend rows for %s", written, day)
    return dg.MaterializeResult(metadata={"rows": written, "skipped_rows": len(result.problems)})
