"""Ephemeral call classification: audio in, outcome out, nothing else kept."""

import logging

logging.getLogger(__name__).addHandler(logging.NullHandler())
