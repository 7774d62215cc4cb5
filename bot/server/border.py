"""The border of /slack/events, as WSGI: what is let through to bolt.

The body is read only up to MAX_BODY (413 beyond), the signature is checked over the raw bytes BEFORE
anything is decoded (401), and a body that is not UTF-8 JSON or a form of the content type it claims, or
whose fields bolt reads blindly have the wrong types, is refused (400) — so bolt only ever sees signed,
well-formed requests, and no request gets a traceback.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

EVENTS_PATH = "/slack/events"
MAX_BODY = 1_000_000
MAX_CLOCK_SKEW = 300  # seconds, as Slack's own verification
MAX_DISCARD = 16_000_000  # a too-large body is read and dropped up to this, so the client sees the 413
READ_TIMEOUT = 10.0  # seconds a client may take to send its body
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


def parse(content_type: str, text: str) -> dict[str, Any] | None:
    """The payload as bolt will see it — a JSON object for application/json; a form's flat fields, or its
    JSON-object `payload` — when well formed; else None."""
    try:
        if content_type == "application/json":
            payload = json.loads(text)
        else:
            form = parse_qs(text, keep_blank_values=True, strict_parsing=bool(text), max_num_fields=1000)
            raw = form.get("payload")
            if raw is None:  # a slash command: flat fields
                payload = {key: values[0] for key, values in form.items()}
            elif len(raw) != 1:
                return None
            else:
                payload = json.loads(raw[0])
    except (ValueError, RecursionError):
        return None
    return payload if _shaped(payload) else None


def well_formed(content_type: str, text: str) -> bool:
    return parse(content_type, text) is not None


@dataclass
class Verdict:
    """What the border decided: `status` 0 lets the request through with `text` and `payload`."""
    status: int = 0
    reason: str = ""
    close: bool = False  # the body was not read: the connection cannot be reused
    text: str = ""
    content_type: str = ""
    payload: dict[str, Any] = field(default_factory=dict)


def refuse(status: int, reason: str, *, close: bool = False) -> Verdict:
    return Verdict(status=status, reason=reason, close=close)


def admit(environ: dict[str, Any], secret: str) -> Verdict:
    """Read the body of a POST to /slack/events and check it; a refusal or the admitted request."""
    raw_length = (environ.get("CONTENT_LENGTH") or "").strip()
    stream = environ["wsgi.input"]
    if not raw_length:
        chunked = "chunked" in (environ.get("HTTP_TRANSFER_ENCODING") or "").lower()
        if not chunked:
            return refuse(411, "length required", close=True)
        body = stream.read(MAX_BODY + 1)
        if len(body) > MAX_BODY:
            return refuse(413, "request body too large", close=True)
    elif not raw_length.isascii() or not raw_length.isdigit():
        return refuse(400, "bad content length", close=True)
    else:
        length = int(raw_length)
        if length > MAX_BODY:
            expects = (environ.get("HTTP_EXPECT") or "").lower() == "100-continue"
            if not expects and length <= MAX_DISCARD:
                _discard(stream, length)  # so that a client sending the whole body still reads the answer
            return refuse(413, "request body too large", close=True)
        body = stream.read(length) if length else b""
        if len(body) < length:
            return refuse(400, "incomplete body", close=True)
    if not signature_ok(secret, environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP"),
                        environ.get("HTTP_X_SLACK_SIGNATURE"), body):
        return refuse(401, "invalid request signature")
    content_type = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
    if content_type not in CONTENT_TYPES:
        return refuse(400, "unsupported content type")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return refuse(400, "body is not UTF-8")
    payload = parse(content_type, text)
    if payload is None:
        return refuse(400, "malformed body")
    return Verdict(text=text, content_type=content_type, payload=payload)


def _discard(stream: Any, length: int) -> None:
    left = length
    while left > 0:
        chunk = stream.read(min(left, 65536))
        if not chunk:
            return
        left -= len(chunk)
