"""The WSGI app of HTTP mode: /slack/events through the border into bolt's dispatcher, bolt's OAuth pages
when the app has an OAuth flow, /healthz, /readyz and /metrics. gunicorn (bot.server.gunicorn_app) serves
it; tests serve the same callable in-process.

A refusal closes the connection when the body was not read (gunicorn otherwise waits for it on a
kept-alive connection): see `_close_after`.
"""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App, BoltRequest

from bot.server import border
from bot.server.health import Health
from bot.server.logs import RequestLog, describe
from bot.server.metrics import Metrics

log = logging.getLogger(__name__)
StartResponse = Callable[..., Any]
PLAIN = [("Content-Type", "text/plain; charset=utf-8")]
JSON = [("Content-Type", "application/json")]


class SlackWSGI:
    def __init__(self, app: App, *, health: Health | None = None, metrics: Metrics | None = None,
                 signing_secret: str | None = None, events_path: str = border.EVENTS_PATH) -> None:
        self.app, self.health, self.metrics, self.events_path = app, health, metrics, events_path
        self.signing_secret = signing_secret if signing_secret is not None else app._signing_secret
        self._oauth = None

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO") or "/", environ.get("REQUEST_METHOD", "GET")
        info = environ.setdefault("coach.info", {})
        if path == self.events_path:
            if method != "POST":
                return _send(start_response, 405, "method not allowed", [("Allow", "POST")])
            info["route"] = "slack"
            return self._slack(environ, start_response, info)
        if method in ("GET", "HEAD"):
            page = self._page(path, environ, start_response, info)
            if page is not None:
                return page
        return _send(start_response, 404, "not found")

    def _page(self, path: str, environ: dict[str, Any], start_response: StartResponse,
              info: dict[str, Any]) -> Iterable[bytes] | None:
        if path == "/healthz" and self.health is not None:
            info["route"] = "health"
            status, answer = self.health.alive()
            return _send(start_response, status, json.dumps(answer), JSON)
        if path == "/readyz" and self.health is not None:
            info["route"] = "health"
            status, answer = self.health.ready()
            return _send(start_response, status, json.dumps(answer), JSON)
        if path == "/metrics" and self.metrics is not None:
            info["route"] = "metrics"
            body, content_type = self.metrics.exposition()
            start_response("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))])
            return [body]
        flow = self.app.oauth_flow
        if flow is not None and path in (flow.install_path, flow.redirect_uri_path):
            info["route"] = "oauth"
            from slack_bolt.adapter.wsgi import SlackRequestHandler

            return SlackRequestHandler(self.app, self.events_path)(environ, start_response)
        return None

    def _slack(self, environ: dict[str, Any], start_response: StartResponse,
               info: dict[str, Any]) -> Iterable[bytes]:
        _limit_reads(environ)
        try:
            verdict = border.admit(environ, self.signing_secret)
        except OSError:  # the client stopped sending (timeout, reset): nobody to answer
            _close_after(environ, start_response)
            return _send(start_response, 400, "incomplete body")
        if verdict.status:
            info["refused"] = verdict.reason
            if verdict.close:
                _close_after(environ, start_response)
            return _send(start_response, verdict.status, verdict.reason)
        info.update(describe(verdict.payload))
        headers = {key[5:].lower().replace("_", "-"): value for key, value in environ.items()
                   if key.startswith("HTTP_")}
        headers["content-type"] = environ.get("CONTENT_TYPE", "")
        response = self.app.dispatch(BoltRequest(body=verdict.text, query=environ.get("QUERY_STRING", ""),
                                                 headers=headers))
        out = [(key, value) for key, values in response.headers.items()
               if key.lower() not in ("content-length", "connection")
               for value in (values if isinstance(values, list | tuple) else [values])]
        return _send(start_response, response.status, response.body or "", out)


def build_wsgi(app: App, *, health: Health | None = None, metrics: Metrics | None = None,
               replica: str | None = None) -> Callable[..., Iterable[bytes]]:
    """The app as gunicorn and the tests serve it: the request log (and metrics) around SlackWSGI."""
    return RequestLog(SlackWSGI(app, health=health, metrics=metrics), metrics=metrics, replica=replica)


def _send(start_response: StartResponse, status: int, body: str | bytes,
          headers: list[tuple[str, str]] | None = None) -> list[bytes]:
    data = body.encode("utf-8") if isinstance(body, str) else body
    headers = list(headers if headers is not None else PLAIN)
    if not any(key.lower() == "content-type" for key, _ in headers) and status >= 400:
        headers += PLAIN
    start_response(f"{status} {_REASONS.get(status, 'Status')}", [*headers, ("Content-Length", str(len(data)))])
    return [data]


_REASONS = {200: "OK", 302: "Found", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found",
            405: "Method Not Allowed", 411: "Length Required", 413: "Content Too Large", 500: "Internal Server Error",
            503: "Service Unavailable"}


def _limit_reads(environ: dict[str, Any]) -> None:
    """A client gets READ_TIMEOUT seconds per read of its body (gunicorn's socket blocks without one)."""
    sock = environ.get("gunicorn.socket")
    if isinstance(sock, socket.socket):
        try:
            sock.settimeout(border.READ_TIMEOUT)
        except OSError:
            pass


def _close_after(environ: dict[str, Any], start_response: StartResponse) -> None:
    """gunicorn's start_response is a bound method of its Response, which can be told to close the
    connection after answering (it ignores a Connection header from the app); other servers: nothing."""
    responder = environ.get("coach.responder") or getattr(start_response, "__self__", None)
    force_close = getattr(responder, "force_close", None)
    if callable(force_close):
        force_close()
