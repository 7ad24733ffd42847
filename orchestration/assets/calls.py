"""Raw call logs and customer lists from the call-tracking source."""

import datetime as dt

import dagster as dg

from orchestration import warehouse
from orchestration.partitions import daily_raw_asset
from orchestration.resources import ExportFolderResource, WarehouseResource


@daily_raw_asset("calls", "call_tracking")
def raw_calls(
    context: dg.AssetExecutionContext, export_folder: ExportFolderResource, warehouse_db: WarehouseResource
) -> dg.MaterializeResult:
    """Calls of one local day from the export folder, one row per call, merged on the provider's call id.

    Phone numbers are stored only as keyed hashes.
    """
    day = dt.date.fromisoformat(context.partition_key)
    result = export_folder.open().read_calls(day)
    for problem in result.problems:
        context.log.warning("skipped a malformed call record: %s", problem)

    with warehouse.connect(warehouse_db.path) as connection:
        written = warehouse.upsert_calls(connection, result.records, day)
    context.log.info("loaded %d calls for %s", written, day)
    return dg.MaterializeResult(
        metadata={"rows": written, "skipped_records": len(result.problems), "day": day.isoformat()}
    )


@daily_raw_asset("customers", "call_tracking")
def raw_customers(
    context: dg.AssetExecutionContext, export_folder: ExportFolderResource, warehouse_db: WarehouseResource
) -> dg.MaterializeResult:
    """Each client's customer list as of the run, one row per client and hashed phone number."""
    result = export_folder.open().read_customers()
    for problem in result.problems:
        context.log.warning("skipped a malformed customer row: %s", problem)

    with warehouse.connect(warehouse_db.path) as connection:
        written = warehouse.replace_customers(connection, result.records)
    context.log.info("loaded %d listed customer numbers", written)
    return dg.MaterializeResult(metadata={"rows": written, "skipped_rows": len(result.problems)})


@daily_raw_asset("blocked_numbers", "call_tracking")
def raw_blocked_numbers(
    context: dg.AssetExecutionContext, export_folder: ExportFolderResource, warehouse_db: WarehouseResource
) -> dg.MaterializeResult:
    """Known junk callers as of the run, per client or ('*') for every client, one row per hashed number."""
    result = export_folder.open().read_blocklist()
    for problem in result.problems:
        context.log.warning("skipped a malformed blocklist row: %s", problem)

    with warehouse.connect(warehouse_db.path) as connection:
        written = warehouse.replace_blocked_numbers(connection, result.records)
    context.log.info("loaded %d blocked numbers", written)
    return dg.MaterializeResult(metadata={"rows": written, "skipped_rows": len(result.problems)})
