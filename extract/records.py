"""Provider-neutral records that every source yields and the warehouse loads.

Phone numbers are hashed as soon as a record is built (see phone_hash.py): no record carries a raw
number, so nothing downstream can log or store one by accident.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class CallRecord:
    """One call as a call-tracking provider reported it."""

    call_id: str
    provider: str
    client_id: str
    direction: str | None
    answered: bool | None
    voicemail: bool | None
    duration: int | None
    # ISO 8601 with the client's UTC offset, as the provider sent it.
    start_time: str
    customer_phone_hash: str | None
    customer_phone_last4: str | None
    tracking_phone_hash: str | None
    source: str | None
    medium: str | None
    campaign: str | None
    gclid: str | None
    utm_source: str | None
    utm_medium: str | None
    utm_campaign: str | None
    utm_term: str | None
    utm_content: str | None
    first_call: bool | None
    # Location of the recording at the source (a path or URL). It is never stored, because provider URLs expire.
    recording_ref: str | None

    @property
    def local_date(self) -> dt.date:
        """Return the call's day in the client's time zone, which is the offset the provider gave."""
        return dt.datetime.fromisoformat(self.start_time).date()


@dataclass(frozen=True)
class CustomerPhone:
    """A phone number on a client's customer list, hashed."""

    client_id: str
    phone_hash: str


@dataclass(frozen=True)
class AdSpendRow:
    """Spend of one campaign on one day, in the ad account's currency."""

    client_id: str
    platform: str
    date: dt.date
    campaign_id: str
    campaign_name: str | None
    spend: Decimal
    clicks: int | None
    impressions: int | None
    currency: str | None
