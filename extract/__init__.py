"""Extraction from call-tracking providers and ad platforms into provider-neutral records."""

import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())
