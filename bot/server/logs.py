"""Structured logs: one JSON object a line, and one line per HTTP request with its request id, workspace
(team id), kind of Slack request, status and latency.

Never user text and never tokens: the request line names what Slack sent by its type, the command name
(not its text), the action id or the view's callback id; every line is scrubbed of Slack tokens
(xoxb-/xoxp-/xapp-… and the like) whatever logged it.
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import socket
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
log = logging.getLogger("bot.server.request")
_TOKEN = re.compile(r"\bx(?:ox[abposre]|app)-[A-Za-z0-9-]+")
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_FIELDS = ("request_id", "team", "kind", "target", "status", "latency_ms", "route", "retry", "replica", "refused")


def scrub(text: str) -> str:
    return _TOKEN.sub("[token]", text)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(), "logger": record.name, "msg": record.getMessage(),
            "pid": record.process, "thread": record.threadName,
        }
        rid = getattr(record, "request_id", None) or request_id.get()
        if rid:
            entry["request_id"] = rid
        for key in _FIELDS[1:]:
            value = getattr(record, key, None)
            if value is not None:
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return scrub(json.dumps(entry, ensure_ascii=False, default=str))


class TextFormatter(logging.Formatter):
    """The terminal's format, scrubbed of tokens too."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


class _Stderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a record is emitted (like logging's last resort), so a
    command run in-process (typer's CliRunner swaps and then closes the stream) leaves no dead stream behind."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property  # type: ignore[override]
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def configure(fmt: str = "json", level: int = logging.INFO) -> logging.Handler:
    """The root logger writes to stderr in `fmt` (json|text); returns the handler."""
    handler = _Stderr()
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    handler._coach = True  # type: ignore[attr-defined]
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_coach", False):  # ours from before; others' (a test's capture) stay
            root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    return handler


def describe(payload: dict[str, Any]) -> dict[str, Any]:
    """Team id, kind and a name for a Slack payload — identifiers only, never what a person wrote."""
    team = payload.get("team_id") or payload.get("team")
    if isinstance(team, dict):
        team = team.get("id")
    kind = payload.get("type")
    name: str | None = None
    if payload.get("command"):
        kind, name = "command", str(payload["command"])[:40]
    elif kind == "event_callback":
        event = payload.get("event") or {}
        kind, name = "event", str(event.get("type"))[:40]
    elif kind == "block_actions":
        action = (payload.get("actions") or [{}])[0]
        kind, name = "action", str(action.get("action_id"))[:60]
    elif kind in ("view_submission", "view_closed"):
        kind, name = ("view" if kind == "view_submission" else "view_closed"), str(
            (payload.get("view") or {}).get("callback_id"))[:60]
    elif kind in ("shortcut", "message_action", "block_suggestion", "url_verification"):
        name = str(payload.get("callback_id") or payload.get("action_id") or "")[:60] or None
    else:
        kind = "other"
    return {"team": team if isinstance(team, str) else None, "kind": kind, "target": name}


def replica_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class RequestLog:
    """WSGI middleware: a request id (the load balancer's X-Request-Id, else a new one) in the context and
    the answer's headers; after the answer, one log line and the metrics."""

    def __init__(self, app: Callable[..., Iterable[bytes]], *, metrics: Any = None, replica: str | None = None) -> None:
        self.app, self.metrics, self.replica = app, metrics, replica

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        started = time.perf_counter()
        offered = environ.get("HTTP_X_REQUEST_ID") or ""
        rid = offered if _REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex[:16]
        token = request_id.set(rid)
        info: dict[str, Any] = environ.setdefault("coach.info", {})
        seen: dict[str, int] = {}

        def respond(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen["status"] = int(status.split(" ", 1)[0])
            return start_response(status, [*headers, ("X-Request-Id", rid)], exc_info)

        # the server's responder (gunicorn's Response: force_close) stays reachable for the app
        environ.setdefault("coach.responder", getattr(start_response, "__self__", None))
        try:
            body = self.app(environ, respond)
        except Exception:
            log.exception("request failed", extra={"route": info.get("route")})
            seen["status"] = 500
            body = _internal_error(start_response, rid)
        finally:
            request_id.reset(token)
        self._record(info, seen.get("status", 0), time.perf_counter() - started, rid, environ)
        return body

    def _record(self, info: dict[str, Any], status: int, seconds: float, rid: str, environ: dict[str, Any]) -> None:
        route = info.get("route")
        if route == "slack" and self.metrics is not None:
            self.metrics.request(info.get("kind") or "refused", status, seconds)
        elif status >= 500 and self.metrics is not None:
            self.metrics.error("http")
        if route in ("health", "metrics") and status < 400:
            return  # probes every few seconds: not worth a line each
        extra = {"request_id": rid, "status": status, "latency_ms": round(seconds * 1000, 1),
                 "route": route or environ.get("PATH_INFO", "")[:60], "replica": self.replica,
                 "retry": environ.get("HTTP_X_SLACK_RETRY_NUM"), **{k: info.get(k) for k in
                                                                    ("team", "kind", "target", "refused")}}
        log.info("slack request" if route == "slack" else "http request", extra=extra)


def _internal_error(start_response: Callable[..., Any], rid: str) -> list[bytes]:
    body = b"internal error"
    start_response("500 Internal Server Error", [("Content-Type", "text/plain; charset=utf-8"),
                                                 ("Content-Length", str(len(body))), ("X-Request-Id", rid)],
                   sys.exc_info())
    return [body]
