"""HTTP mode refuses malformed and unsigned requests with 400/401/413 — never a traceback or a reset.
Against the real server: `coach serve --http` (gunicorn) as a subprocess, shared by this module."""

from __future__ import annotations

import hmac
import http.client
import json
import socket
import time
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest

from bot.server.border import MAX_BODY
from tests.slack import serve_process
from tests.slack.fake_slack import FakeSlack
from tests.slack.serve_process import Served
from tests.slack.signed import sign

# Slow tier: a served process (`coach serve --http` under gunicorn, started as a subprocess) — tests/README.md
pytestmark = pytest.mark.slow

SECRET = "border-secret"
Running = Served


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    slack = FakeSlack()
    served = serve_process.start(tmp_path_factory.mktemp("border"), slack, secret=SECRET)
    yield served
    served.stop()
    slack.stop()

FORM = "application/x-www-form-urlencoded"


def raw_post(running: Running, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    url = urlparse(running.sender.url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    try:
        connection.putrequest("POST", url.path, skip_accept_encoding=True)
        for key, value in headers.items():
            connection.putheader(key, value)
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def signed_headers(body: bytes, content_type: str = FORM, **extra: str) -> dict[str, str]:
    stamp = str(int(time.time()))
    signature = "v0=" + hmac.new(SECRET.encode(), b"v0:" + stamp.encode() + b":" + body, "sha256").hexdigest()
    return {"Content-Type": content_type, "Content-Length": str(len(body)), "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature, **extra}


def assert_plain(status: int, body: bytes, expected: int) -> None:
    assert status == expected, (status, body)
    assert b"Traceback" not in body and b"File \"" not in body


@pytest.mark.parametrize("timestamp, signature", [
    ("abc", "v0=00"), ("", ""), ("-1", "v0=00"), ("1e9", "v0=00"), ("99999999999999999999", "v0=00"),
    (None, "v0=" + "0" * 64), ("0", None), ("ok", "v0=ä"),
])
def test_garbled_signature_or_timestamp_gets_401(running: Running, timestamp, signature) -> None:
    body = b"token=x&command=/coach&text=hj%C3%A4lp"
    stamp = str(int(time.time())) if timestamp == "ok" else timestamp
    headers = {"Content-Type": FORM, "Content-Length": str(len(body))}
    if stamp is not None:
        headers["X-Slack-Request-Timestamp"] = stamp
    if signature is not None:
        headers["X-Slack-Signature"] = signature.encode().decode("latin-1")
    assert_plain(*raw_post(running, body, headers), 401)


def test_unsigned_and_stale_requests_get_401(running: Running) -> None:
    status, _ = running.sender.command("hjälp", signature="v0=" + "f" * 64)
    assert status == 401
    old = int(time.time()) - 3600
    status, _ = running.sender.post("text=x", FORM, timestamp=old, signature=sign(SECRET, str(old), "text=x"))
    assert status == 401


@pytest.mark.parametrize("body, content_type", [
    (b"\xff\xfe\x00garbage", FORM), (b"\xff\xfe\x00garbage", "application/json"), (b"[1, 2]", "application/json"),
    (b"{not json", "application/json"), (b"payload=%7Bnot+json", FORM), (b"payload=%5B%5D", FORM),
    (b"a=1&&&=&b", FORM), (b"[" * 100_000, "application/json"), (b"hello", "text/plain"), (b"{}", "")])
def test_signed_garbage_gets_400(running: Running, body: bytes, content_type: str) -> None:
    assert_plain(*raw_post(running, body, signed_headers(body, content_type)), 400)


def test_huge_body_gets_413(running: Running) -> None:
    body = b"x" * (MAX_BODY + 1)
    assert_plain(*raw_post(running, body, signed_headers(body)), 413)


def test_huge_body_announced_with_expect_gets_413_before_it_is_sent(running: Running) -> None:
    url = urlparse(running.sender.url)
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Expect: 100-continue\r\nContent-Length: 52428800\r\n\r\n")
        answer = _read_until_final(sock)
    # gunicorn answers the expectation itself ("100 Continue"); the 413 follows before any body is sent
    assert answer.startswith(b"HTTP/1.1 413"), answer


def _read_until_final(sock: socket.socket) -> bytes:
    """The first non-1xx response on the socket."""
    data = b""
    while True:
        chunk = sock.recv(4096)
        if not chunk:
            return data
        data += chunk
        while data.startswith(b"HTTP/1.1 100") and b"\r\n\r\n" in data:
            data = data.split(b"\r\n\r\n", 1)[1]
        if data.startswith(b"HTTP/1.1 ") and not data.startswith(b"HTTP/1.1 100") and b"\r\n\r\n" in data:
            return data


def test_bad_content_length_gets_400(running: Running) -> None:
    url = urlparse(running.sender.url)
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n")
        answer = sock.recv(4096)
    assert answer.startswith(b"HTTP/1.1 400") and b"Traceback" not in answer


def test_not_http_at_all_gets_an_answer_not_a_reset(running: Running) -> None:
    url = urlparse(running.sender.url)
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(b"\x00\x01\x02 garbage \xff\r\n\r\n")
        answer = sock.recv(4096)
    assert b"400" in answer and b"Traceback" not in answer  # no status line: the request had no version


def test_the_app_still_answers_after_the_garbage(running: Running) -> None:
    for body in (b"\xff" * 100, b"payload=%7B", b"{}"):
        raw_post(running, body, signed_headers(body))
    status, _ = running.sender.command("hjälp")
    assert status == 200
    running.slack.wait_for("chat.postEphemeral")  # the help was posted: the app is alive


def test_a_signed_body_with_escaped_surrogates_is_answered(running: Running) -> None:
    body = json.dumps({"token": "x", "type": "url_verification", "challenge": "c\ud800h"})
    status, text = running.sender.post(body, "application/json")
    assert status == 200 and "Traceback" not in text
