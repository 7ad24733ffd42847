"""Read an export folder: the provider-neutral way to hand over a night of calls.

Layout, with CallRail v3 field names in calls.jsonl:

    calls.jsonl       one call per line: id, company_id, answered, voicemail, direction, duration,
                      start_time (ISO 8601 with offset), customer_phone_number, tracking_phone_number,
                      source, medium, campaign, gclid, utm_*, first_call, recording (relative path or null)
    recordings/       wav, ogg, flac or mp3; mono, or business left and caller right
    customers.csv     client_id,phone_number: each client's current customers
    blocklist.csv     client_id,phone_number: known junk callers; client_id * applies to every client
    ad_spend.csv      client_id,platform,date,campaign_id,campaign_name,spend,clicks,impressions,currency

A malformed line or row is reported by file and line number and skipped, so one bad record does not
stop the night. Problems never quote the record, because it may hold a phone number.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath
from typing import Generic, TypeVar

from extract.phone_hash import PhoneHasher
from extract.records import AdSpendRow, CallRecord, CustomerPhone

logger = logging.getLogger(__name__)

PROVIDER = "export_folder"
CALLS_FILE = "calls.jsonl"
CUSTOMERS_FILE = "customers.csv"
BLOCKLIST_FILE = "blocklist.csv"
AD_SPEND_FILE = "ad_spend.csv"

T = TypeVar("T")

_REQUIRED_CALL_FIELDS = ("id", "company_id", "start_time")
_OPTIONAL_TEXT_FIELDS = (
    "direction", "source", "medium", "campaign", "gclid",
    "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content",
)  # fmt: skip


class ExportFolderError(Exception):
    """The export folder or one of its files cannot be read at all."""


class RecordingNotFoundError(Exception):
    """A call names a recording that is not in the folder."""


@dataclass
class ReadResult(Generic[T]):
    """Records that parsed, and one problem message per line or row that did not."""

    records: list[T] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class ExportFolder:
    """Calls, recordings, customer lists and ad spend from one export folder."""

    def __init__(self, root: Path, hasher: PhoneHasher) -> None:
        self.root = Path(root)
        self.hasher = hasher
        if not self.root.is_dir():
            raise ExportFolderError(f"export folder {self.root} not found")
        if not (self.root / CALLS_FILE).is_file():
            raise ExportFolderError(f"{self.root} is not an export folder: {CALLS_FILE} is missing")

    def read_calls(self, day: dt.date | None = None) -> ReadResult[CallRecord]:
        """Read the calls whose local day is `day`, or every call when day is None."""
        result: ReadResult[CallRecord] = ReadResult()
        seen: set[str] = set()
        for line_number, line in self._lines(CALLS_FILE):
            try:
                record = self._parse_call(json.loads(line))
            except json.JSONDecodeError as exc:
                result.problems.append(f"{CALLS_FILE} line {line_number}: invalid JSON ({exc.msg})")
                continue
            except (TypeError, ValueError) as exc:
                result.problems.append(f"{CALLS_FILE} line {line_number}: {exc}")
                continue
            if day is not None and record.local_date != day:
                continue
            # Exports can repeat a call that was still in progress at the first listing: keep the last one.
            if record.call_id in seen:
                result.records = [r for r in result.records if r.call_id != record.call_id]
            seen.add(record.call_id)
            result.records.append(record)
        return result

    def read_customers(self) -> ReadResult[CustomerPhone]:
        return self._read_phone_list(CUSTOMERS_FILE)

    def read_blocklist(self) -> ReadResult[CustomerPhone]:
        return self._read_phone_list(BLOCKLIST_FILE)

    def _read_phone_list(self, name: str) -> ReadResult[CustomerPhone]:
        result: ReadResult[CustomerPhone] = ReadResult()
        if not (self.root / name).is_file():
            logger.info("%s has no %s: the list is empty", self.root, name)
            return result
        for row_number, row in self._csv_rows(name, ("client_id", "phone_number")):
            phone_hash = self.hasher.hash(row["phone_number"])
            if not row["client_id"] or phone_hash is None:
                result.problems.append(f"{name} row {row_number}: client_id or phone_number is empty")
                continue
            result.records.append(CustomerPhone(client_id=row["client_id"], phone_hash=phone_hash))
        return result

    def read_ad_spend(self, day: dt.date | None = None) -> ReadResult[AdSpendRow]:
        result: ReadResult[AdSpendRow] = ReadResult()
        path = self.root / AD_SPEND_FILE
        if not path.is_file():
            logger.info("%s has no %s: no ad spend to load", self.root, AD_SPEND_FILE)
            return result
        columns = ("client_id", "platform", "date", "campaign_id", "spend")
        for row_number, row in self._csv_rows(AD_SPEND_FILE, columns):
            try:
                spend_row = _parse_spend(row)
            except (ValueError, InvalidOperation) as exc:
                result.problems.append(f"{AD_SPEND_FILE} row {row_number}: {exc}")
                continue
            if day is None or spend_row.date == day:
                result.records.append(spend_row)
        return result

    def fetch_recording(self, call: CallRecord) -> bytes:
        """Return the recording's bytes. Raises RecordingNotFoundError when it is missing."""
        if call.recording_ref is None:
            raise RecordingNotFoundError(f"call {call.call_id} has no recording")
        relative = PurePosixPath(call.recording_ref)
        # Symbolic links inside the folder are followed, but the path itself may not climb out of it.
        if relative.is_absolute() or ".." in relative.parts:
            raise RecordingNotFoundError(f"call {call.call_id}: recording path points outside the export folder")
        path = self.root / relative
        if not path.is_file():
            raise RecordingNotFoundError(f"call {call.call_id}: recording {call.recording_ref} not found")
        return path.read_bytes()

    def _lines(self, name: str) -> Iterator[tuple[int, str]]:
        try:
            with open(self.root / name, encoding="utf-8") as handle:
                for line_number, line in enumerate(handle, start=1):
                    if line.strip():
                        yield line_number, line
        except UnicodeDecodeError:
            raise ExportFolderError(f"{self.root / name} is not UTF-8 text") from None

    def _csv_rows(self, name: str, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
        with open(self.root / name, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise ExportFolderError(f"{self.root / name} lacks the columns {', '.join(missing)}")
            for row_number, row in enumerate(reader, start=2):
                yield row_number, {key: (value or "").strip() for key, value in row.items() if key}

    def _parse_call(self, raw: object) -> CallRecord:
        if not isinstance(raw, dict):
            raise TypeError("a call must be a JSON object")
        for name in _REQUIRED_CALL_FIELDS:
            if not raw.get(name):
                raise ValueError(f"missing required field {name!r}")
        start_time = str(raw["start_time"])
        parsed = dt.datetime.fromisoformat(start_time)
        if parsed.tzinfo is None:
            raise ValueError("start_time has no UTC offset")
        recording = raw.get("recording")
        if recording is not None and not isinstance(recording, str):
            raise TypeError("recording must be a relative path or null")
        customer_number = _text(raw.get("customer_phone_number"))

        return CallRecord(
            call_id=str(raw["id"]),
            provider=PROVIDER,
            client_id=str(raw["company_id"]),
            answered=_optional_bool(raw, "answered"),
            voicemail=_optional_bool(raw, "voicemail"),
            duration=_optional_int(raw, "duration"),
            start_time=start_time,
            customer_phone_hash=self.hasher.hash(customer_number),
            customer_phone_last4=self.hasher.last4(customer_number),
            tracking_phone_hash=self.hasher.hash(_text(raw.get("tracking_phone_number"))),
            first_call=_optional_bool(raw, "first_call"),
            recording_ref=recording,
            **{name: _text(raw.get(name)) for name in _OPTIONAL_TEXT_FIELDS},
        )


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _optional_bool(raw: dict, name: str) -> bool | None:
    value = raw.get(name)
    if value is None or isinstance(value, bool):
        return value
    raise TypeError(f"field {name!r} must be true, false or null")


def _optional_int(raw: dict, name: str) -> int | None:
    value = raw.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(f"field {name!r} must be a whole number of seconds")
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"field {name!r} must be a whole number of seconds") from None


def _parse_spend(row: dict[str, str]) -> AdSpendRow:
    for name in ("client_id", "platform", "campaign_id"):
        if not row.get(name):
            raise ValueError(f"column {name!r} is empty")
    try:
        date = dt.date.fromisoformat(row["date"])
    except ValueError:
        raise ValueError("column 'date' is not an ISO date (YYYY-MM-DD)") from None
    try:
        spend = Decimal(row["spend"])
    except InvalidOperation:
        raise ValueError("column 'spend' is not a number") from None
    if spend < 0:
        raise ValueError("column 'spend' is negative")
    return AdSpendRow(
        client_id=row["client_id"],
        platform=row["platform"],
        date=date,
        campaign_id=row["campaign_id"],
        campaign_name=row.get("campaign_name") or None,
        spend=spend,
        clicks=int(row["clicks"]) if row.get("clicks") else None,
        impressions=int(row["impressions"]) if row.get("impressions") else None,
        currency=row.get("currency") or None,
    )
