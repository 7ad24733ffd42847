"""Keyed hashing of phone numbers, so repeat callers and customer lists match without raw numbers.

The key is a per-deployment secret: without it a hash cannot be reversed by hashing every possible
number, which a plain SHA-256 of a ten-digit number would allow in minutes.
"""

from __future__ import annotations

import hashlib
import hmac

import phonenumbers


class PhoneHasher:
    """HMAC-SHA256 of a phone number normalized to E.164."""

    def __init__(self, key: str, default_region: str = "US", keep_last4: bool = False) -> None:
        if not key:
            raise ValueError("the phone hash key is empty: set CALL_OUTCOMES_HASH_KEY to a long random secret")
        self._key = key.encode()
        self.default_region = default_region
        self.keep_last4 = keep_last4

    def normalize(self, number: str) -> str:
        """Return the number in E.164 form, or its digits alone when it does not parse as a phone number."""
        try:
            parsed = phonenumbers.parse(number, self.default_region)
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        except phonenumbers.NumberParseException:
            return "".join(ch for ch in number if ch.isdigit())

    def hash(self, number: str | None) -> str | None:
        if not number or not number.strip():
            return None
        normalized = self.normalize(number)
        return hmac.new(self._key, normalized.encode(), hashlib.sha256).hexdigest()

    def last4(self, number: str | None) -> str | None:
        """Return the last four digits when the deployment keeps them, else None."""
        if not self.keep_last4 or not number:
            return None
        digits = "".join(ch for ch in number if ch.isdigit())
        return digits[-4:] or None
