"""HTTP mode: a small threading WSGI-less server in front of bolt's dispatcher, at /slack/events.

bolt's own development server is single-threaded; this one serves requests concurrently (one thread
each), which Slack's 3-second ack budget needs when several people click at once.

The border: the body is read only up to MAX_BODY (413 beyond), the signature is checked over the raw
bytes BEFORE anything is decoded (401), and a body that is not UTF-8 JSON or a form of the content
type it claims is refused (400) — so bolt only ever sees signed, well-formed requests, and no request
gets a traceback or a reset connection. `stop_accepting` and `drain` are the graceful stop.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from slack_bolt import App, BoltRequest

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"
MAX_BODY = 1_000_000
MAX_CLOCK_SKEW = 300  # seconds, as Slack's own verification
MAX_DISCARD = 16_000_000  # a too-large body is read and dropped up to this, so the client sees the 413
READ_TIMEOUT = 10.0  # seconds a client may take to send a request
CONTENT_TYPES = ("application/json", "application/x-www-form-urlencoded")
_TIMESTAMP = re.compile(r"[0-9]{1,12}")


def signature_ok(secret: str, timestamp: str | None, signature: str | None, body: bytes,
                 now: float | None = None) -> bool:
    """Slack's v0 signature over the raw bytes; False (never an exception) for anything garbled."""
    if not secret or not timestamp or not signature or not _TIMESTAMP.fullmatch(timestamp):
        return False
    if abs((now if now is not None else time.time()) - int(timestamp)) > MAX_CLOCK_SKEW:
        return False
    base = b"v0:" + timestamp.encode("ascii") + b":" + body
    expected = "v0=" + hmac.new(secret.encode("utf-8"), base, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode("ascii"), signature.encode("utf-8", "replace"))


_SHAPES: dict[str, tuple[type, ...]] = {  # fields bolt reads without checking their type, as Slack sends them
    "event": (dict,), "user": (dict, str), "team": (dict, str, type(None)), "channel": (dict, str),
    "container": (dict,), "view": (dict,), "message": (dict,), "enterprise": (dict, str, type(None)),
    "authorizations": (list,), "actions": (list,), "type": (str,), "api_app_id": (str,),
    "team_id": (str, type(None)), "enterprise_id": (str, type(None)), "user_id": (str,), "channel_id": (str,),
}


def _shaped(payload: object) -> bool:
    if not isinstance(payload, dict):
        return False
    if any(key in payload and not isinstance(payload[key], kinds) for key, kinds in _SHAPES.items()):
        return False
    nested = [*payload.get("authorizations", []), *payload.get("actions", [])]
    event = payload.get("event")
    return all(isinstance(x, dict) for x in nested) and (event is None or _shaped_event(event))


def _shaped_event(event: dict) -> bool:
    return all(not (key in event and not isinstance(event[key], kinds))
               for key, kinds in (("type", (str,)), ("user", (str, dict)), ("channel", (str, dict)),
                                  ("item", (dict,)), ("message", (dict,))))


def well_formed(content_type: str, text: str) -> bool:
    """A JSON object for application/json; a form (with a JSON-object `payload`, if any) otherwise; the
    fields bolt reads blindly (event, user, team, view, actions …) of the types Slack sends."""
    try:
        if content_type == "application/json":
            return _shaped(json.loads(text))
        form = parse_qs(text, keep_blank_values=True, strict_parsing=bool(text), max_num_fields=1000)
        payload = form.get("payload")
        if payload is None:  # a slash command: flat fields
            return _shaped({key: values[0] for key, values in form.items()})
        return len(payload) == 1 and _shaped(json.loads(payload[0]))
    except (ValueError, RecursionError):
        return False


class SlackHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, app: App, host: str = "0.0.0.0", port: int = 3000, path: str = EVENTS_PATH,
                 signing_secret: str | None = None) -> None:
        self.app, self.events_path = app, path
        self.signing_secret = signing_secret if signing_secret is not None else app._signing_secret
        self.stopping = False
        self._busy = 0
        self._idle = threading.Condition()
        super().__init__((host, port), _Handler)

    @property
    def port(self) -> int:
        return self.server_address[1]

    def start_in_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.1}, name="slack-http",
                                  daemon=True)
        thread.start()
        return thread

    # ---- graceful stop ----------------------------------------------------------------------------

    def begin(self) -> None:
        with self._idle:
            self._busy += 1

    def end(self) -> None:
        with self._idle:
            self._busy -= 1
            self._idle.notify_all()

    @property
    def in_flight(self) -> int:
        with self._idle:
            return self._busy

    def stop_accepting(self) -> None:
        """No new connections (the listening socket closes); requests on open connections get 503.
        Call from another thread than the one in serve_forever."""
        self.stopping = True
        self.shutdown()
        self.server_close()

    def drain(self, timeout: float) -> bool:
        """Wait until the requests being handled have been answered; False if some still run."""
        with self._idle:
            return self._idle.wait_for(lambda: self._busy == 0, timeout=timeout)


class _Handler(BaseHTTPRequestHandler):
    server: SlackHTTPServer
    protocol_version = "HTTP/1.1"
    timeout = READ_TIMEOUT

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        log.debug("%s " + format, self.address_string(), *args)

    def do_GET(self) -> None:  # noqa: N802
        if self.path.partition("?")[0] == "/healthz":
            ok = not self.server.stopping
            self._send(200 if ok else 503, {"content-type": ["application/json"]}, json.dumps({"ok": ok}))
        else:
            self._send(404, {}, "")

    def do_POST(self) -> None:  # noqa: N802
        self.server.begin()
        try:
            self._post()
        except Exception:  # noqa: BLE001  (the client gets a plain 500, the log gets the cause)
            log.exception("HTTP request to %s failed", self.path)
            self.close_connection = True
            try:
                self._send(500, {}, "internal error")
            except OSError:
                pass
        finally:
            self.server.end()

    def _post(self) -> None:
        path, _, query = self.path.partition("?")
        if path != self.server.events_path:
            self._refuse(404, "not found")
            return
        if self.server.stopping:
            self._refuse(503, "shutting down", {"Retry-After": "5"})
            return
        raw_length = self.headers.get("Content-Length")
        if raw_length is None:
            self._refuse(411, "length required")
            return
        if not raw_length.strip().isascii() or not raw_length.strip().isdigit():
            self._refuse(400, "bad content length")
            return
        length = int(raw_length)
        if length > MAX_BODY:
            self._discard(length)
            self._refuse(413, "request body too large")
            return
        body = self.rfile.read(length)
        if len(body) < length:
            self._refuse(400, "incomplete body")
            return
        if not signature_ok(self.server.signing_secret, self.headers.get("X-Slack-Request-Timestamp"),
                            self.headers.get("X-Slack-Signature"), body):
            self._send(401, {}, "invalid request signature")
            return
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type not in CONTENT_TYPES:
            self._send(400, {}, "unsupported content type")
            return
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            self._send(400, {}, "body is not UTF-8")
            return
        if not well_formed(content_type, text):
            self._send(400, {}, "malformed body")
            return
        headers = {k.lower(): v for k, v in self.headers.items()}
        response = self.server.app.dispatch(BoltRequest(body=text, query=query, headers=headers))
        self._send(response.status, response.headers, response.body)

    def handle_expect_100(self) -> bool:
        """`Expect: 100-continue` with a body too large: 413 before the client sends it."""
        length = self.headers.get("Content-Length") or ""
        if length.isascii() and length.isdigit() and int(length) > MAX_BODY:
            self._refuse(413, "request body too large")
            return False
        return super().handle_expect_100()

    def _discard(self, length: int) -> None:
        left = min(length, MAX_DISCARD)
        while left > 0:
            chunk = self.rfile.read(min(left, 65536))
            if not chunk:
                return
            left -= len(chunk)

    def _refuse(self, status: int, text: str, headers: dict | None = None) -> None:
        """Answer before the body is read: the connection cannot be reused."""
        self.close_connection = True
        self._send(status, headers or {}, text)

    def _send(self, status: int, headers: dict, body: str | dict) -> None:
        data = (body if isinstance(body, str) else json.dumps(body)).encode("utf-8")
        self.send_response(status)
        for key, values in headers.items():
            if key.lower() in ("content-length", "connection"):
                continue
            for value in values if isinstance(values, list | tuple) else [values]:
                self.send_header(key, value)
        if not headers and status >= 400:
            self.send_header("Content-Type", "text/plain; charset=utf-8")
        if self.server.stopping:
            self.close_connection = True
        if self.close_connection:
            self.send_header("Connection", "close")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
