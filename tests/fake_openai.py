"""A loopback server that speaks the OpenAI chat completions API, for tests.

It serves POST /v1/chat/completions with the response bodies and error bodies that the API documents,
and plays a script of replies (answers, refusals, malformed content, 429s, 5xx, slow replies) so
that the real `openai` client and our retry and fallback code run against real HTTP.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    # Seconds to wait before answering, to make the client time out.
    delay: float = 0.0


def completion(
    content: str | None,
    *,
    refusal: str | None = None,
    finish_reason: str = "stop",
    model: str = "fake-model-2026-01-01",
    fingerprint: str | None = "fp_fake01",
) -> Reply:
    body = {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 1_767_225_600,
        "model": model,
        "system_fingerprint": fingerprint,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": refusal},
                "finish_reason": finish_reason,
                "logprobs": None,
            }
        ],
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
    }
    return Reply(200, json.dumps(body).encode(), {"Content-Type": "application/json"})


def answer(outcome: str, evidence: str, **kwargs) -> Reply:
    """A completion whose content is the structured answer our schema asks for."""
    return completion(json.dumps({"outcome": outcome, "evidence": evidence}), **kwargs)


def error(status: int, code: str | None, error_type: str, headers: dict[str, str] | None = None) -> Reply:
    body = {"error": {"message": f"fake {error_type}", "type": error_type, "param": None, "code": code}}
    return Reply(status, json.dumps(body).encode(), {"Content-Type": "application/json", **(headers or {})})


class FakeOpenAI:
    """Start with `with FakeOpenAI() as fake:`; `fake.base_url` goes to the client."""

    def __init__(self, default: Callable[[dict], Reply] | None = None) -> None:
        self.script: list[Reply] = []
        self.requests: list[dict] = []
        self.default = default or (lambda request: error(500, None, "server_error"))
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                request = json.loads(self.rfile.read(length) or b"{}")
                if self.path != "/v1/chat/completions":
                    reply = error(404, "unknown_url", "invalid_request_error")
                else:
                    with fake._lock:
                        fake.requests.append(request)
                        reply = fake.script.pop(0) if fake.script else fake.default(request)
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting, as a timeout test intends

            def log_message(self, *args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()
