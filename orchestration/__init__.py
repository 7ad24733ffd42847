"""Dagster definitions that wire extraction, classification, the warehouse and dbt together."""

import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())
