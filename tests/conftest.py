"""Test-session guards: no connection may leave the machine."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

os.environ.setdefault("DO_NOT_TRACK", "1")

# The folder that subprocesses get on PYTHONPATH; this process loads the same guard by file path.
GUARD_DIR = Path(__file__).with_name("network_guard")
_spec = importlib.util.spec_from_file_location("network_guard", GUARD_DIR / "sitecustomize.py")
network_guard = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(network_guard)


@pytest.fixture(autouse=True, scope="session")
def block_outbound_network():
    """Fail any test whose code reaches for the network beyond loopback, in this process."""
    network_guard.install()
    yield
    network_guard.uninstall()


@pytest.fixture(scope="session")
def redactor():
    """The real presidio redactor; loading spaCy takes seconds, so the session shares one."""
    from classify.redact import Redactor

    return Redactor()
