"""Block every connection beyond loopback in this Python process and in the processes it starts.

Python imports `sitecustomize` at startup from the path, so putting this folder on PYTHONPATH installs
the guard in the nightly job's process, in dbt's subprocess, and in the pytest process (through
conftest.py). A blocked attempt raises an OSError, as an offline machine would, and is appended to the
file named by CALL_OUTCOMES_BLOCKED_CONNECTIONS_LOG, so that a test can fail on an attempt that a
library caught and ignored.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys

LOG_VARIABLE = "CALL_OUTCOMES_BLOCKED_CONNECTIONS_LOG"
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}
_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


class OutboundConnectionError(ConnectionRefusedError):
    """Code tried to reach a host other than loopback."""


def is_loopback(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode()
    if not isinstance(host, str):
        return True  # Unix sockets and other families carry no host.
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _block(what: str, host: object) -> OutboundConnectionError:
    log = os.environ.get(LOG_VARIABLE)
    if log:
        with open(log, "a") as handle:
            program = " ".join(os.path.basename(arg) for arg in sys.argv[:2])
            handle.write(f"pid {os.getpid()} ({program}): {what} {host}\n")
    return OutboundConnectionError(f"blocked {what} {host}: only loopback is allowed here")


def _guarded_connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not is_loopback(address[0]):
        raise _block("a connection to", address[0])
    return _real_connect(self, address)


def _guarded_connect_ex(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not is_loopback(address[0]):
        raise _block("a connection to", address[0])
    return _real_connect_ex(self, address)


def _guarded_getaddrinfo(host, *args, **kwargs):
    if host is not None and not is_loopback(host):
        raise _block("a DNS lookup of", host)
    return _real_getaddrinfo(host, *args, **kwargs)


def install() -> None:
    socket.socket.connect = _guarded_connect
    socket.socket.connect_ex = _guarded_connect_ex
    socket.getaddrinfo = _guarded_getaddrinfo


def uninstall() -> None:
    socket.socket.connect = _real_connect
    socket.socket.connect_ex = _real_connect_ex
    socket.getaddrinfo = _real_getaddrinfo


if os.environ.get(LOG_VARIABLE) is not None:
    install()
