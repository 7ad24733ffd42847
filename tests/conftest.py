"""Test-session guards: no connection may leave the machine."""

from __future__ import annotations

import ipaddress
import os
import socket

import pytest

os.environ.setdefault("DO_NOT_TRACK", "1")

_real_connect = socket.socket.connect
_real_getaddrinfo = socket.getaddrinfo
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


class OutboundConnectionError(RuntimeError):
    """Code under test tried to reach a host other than loopback."""


def _is_loopback(host: object) -> bool:
    if not isinstance(host, str):
        return True  # Unix sockets and other families carry no host.
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _guarded_connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
        raise OutboundConnectionError(f"blocked a connection to {address[0]}: tests use loopback only")
    return _real_connect(self, address)


def _guarded_getaddrinfo(host, *args, **kwargs):
    if host is not None and not _is_loopback(host if isinstance(host, str) else host.decode()):
        raise OutboundConnectionError(f"blocked a DNS lookup of {host}: tests use loopback only")
    return _real_getaddrinfo(host, *args, **kwargs)


@pytest.fixture(autouse=True, scope="session")
def block_outbound_network():
    """Fail any test whose code reaches for the network beyond loopback, in this process."""
    socket.socket.connect = _guarded_connect
    socket.getaddrinfo = _guarded_getaddrinfo
    yield
    socket.socket.connect = _real_connect
    socket.getaddrinfo = _real_getaddrinfo


@pytest.fixture(scope="session")
def redactor():
    """The real presidio redactor; loading spaCy takes seconds, so the session shares one."""
    from classify.redact import Redactor

    return Redactor()
