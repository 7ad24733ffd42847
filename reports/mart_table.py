"""Print the cost-per-booked-call mart as a plain text table."""

from __future__ import annotations

from pathlib import Path

import duckdb

MART = "marts.cost_per_booked_call"
COLUMNS = [
    ("client_id", "client"),
    ("date_day", "day"),
    ("platform", "platform"),
    ("campaign_name", "campaign"),
    ("spend", "spend"),
    ("calls", "calls"),
    ("new_prospect_calls", "prospects"),
    ("booked_calls", "booked"),
    ("booking_rate", "book rate"),
    ("cost_per_call", "cost/call"),
    ("cost_per_booked_call", "cost/booked"),
]


def _cell(value: object, column: str) -> str:
    if value is None:
        return "-"
    if column == "booking_rate":
        return f"{float(value):.0%}"
    if column in ("spend", "cost_per_call", "cost_per_booked_call"):
        return f"{float(value):,.2f}"
    return str(value)


def format_mart(warehouse: Path, limit: int | None = None) -> str:
    """Return the mart as a table ordered by client, day, platform and campaign."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        query = (
            f"select {', '.join(c for c, _ in COLUMNS)} from {MART} "
            "order by client_id, date_day, platform, campaign_name"
        )
        if limit:
            query += f" limit {int(limit)}"
        rows = connection.execute(query).fetchall()

    table = [[header for _, header in COLUMNS]]
    table += [[_cell(value, column) for value, (column, _) in zip(row, COLUMNS, strict=True)] for row in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(COLUMNS))]
    numeric_from = 4
    lines = []
    for line in table:
        cells = [
            cell.rjust(width) if i >= numeric_from else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
