"""A fake Slack Web API on 127.0.0.1 (like bolt-python's tests/mock_web_api_server): records every call
and answers the way Slack does (ok, channel, ts, view ids).

Faults, scripted per method (`script`) or as a storm over many calls (`storm`): "500"/"503" (Slack's
`internal_error`), "429" with Retry-After, "reset" (the connection drops before Slack handled the call)
and "lost" (Slack handled it, then the connection dropped before the answer). A faulted call is recorded
as "<method>:<kind>"; only calls Slack handled are recorded under the method's own name.

As strict as Slack: a message or view that breaks Block Kit (bot/slack/validate.py) is refused with
Slack's error (`invalid_blocks`, `invalid_arguments`, `msg_too_long`) and kept in `rejected`; `stop()`
fails a test that had any refusal it did not expect."""

from __future__ import annotations

import base64
import itertools
import json
import random
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl
from zoneinfo import ZoneInfo

from bot.slack.validate import message_problems, view_problems

BOT_USER = "UBOT"
TEAM = "T0001"
PEOPLE = {"U1": ("Anna Lind", "anna"), "U2": ("Bo Ekström", "bob"), "U3": ("Cecilia Öberg", "cissi")}


def shown(user: str) -> str:
    """How the app shows a person of this workspace: their real name from users.info."""
    return PEOPLE.get(user, (f"Person {user}", ""))[0]


FAULTS = ("500", "503", "429", "reset", "lost")


@dataclass
class Storm:
    """Each call of `methods` (empty: every method but auth.test) faults with probability `rate`, the kind
    drawn from `kinds`; `seed` makes a run repeatable."""

    kinds: tuple[str, ...]
    rate: float = 0.5
    methods: frozenset[str] = frozenset()
    retry_after: int = 1
    seed: int = 1
    random: random.Random = field(init=False)

    def __post_init__(self) -> None:
        assert set(self.kinds) <= set(FAULTS), self.kinds
        self.random = random.Random(self.seed)

    def draw(self, method: str) -> str | None:
        if method == "auth.test" or (self.methods and method not in self.methods):
            return None
        return self.random.choice(self.kinds) if self.random.random() < self.rate else None


class FakeSlack(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # benchmarks: 50 users' apps calling at once (the default 5 resets connections)

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.lock = threading.Condition()
        self._ts = itertools.count(1)
        self._views = itertools.count(1)
        self.rate_limit_next: dict[str, int] = {}  # method → answer 429 (Retry-After: 1) this many times
        self.scripted: dict[str, list[tuple]] = {}  # method ("*": any) → (kind, Retry-After, where), in order
        self.weather: Storm | None = None
        self.uploads: dict[str, bytes] = {}  # file id → uploaded bytes
        self.rejected: list[tuple[str, list[str]]] = []  # (method, problems) of every refused call
        self.people: dict[str, tuple[str, str]] = dict(PEOPLE)  # user id → (real name, display name)
        self.gone: set[str] = set()  # users.info answers user_not_found
        # users.info's time zone and locale per person (e.g. "America/New_York", "en-US"); someone left out
        # answers as an account without them, so COACH_TIMEZONE / the process's language apply
        self.zones: dict[str, str] = {}
        self.locales: dict[str, str] = {}
        self.holds: dict[str, threading.Event] = {}  # method → answered only once the event is set
        self.dropping: set[str] = set()  # methods whose held calls are dropped when released (drop_held)
        self.socket_mode_url: str | None = None  # what apps.connections.open answers (fake_socket_mode.py)
        # OAuth installs (tests/slack/test_e2e_workspaces.py): the app's credentials, install codes Slack
        # would hand the browser, and the tokens issued. Once a token is issued, every call must carry a
        # known one (auth.test says whose); `token_lifetime` makes tokens rotate (refresh tokens, single use).
        self.client_id, self.client_secret = "111.222", "oauth-secret"
        self.codes: dict[str, tuple[str, str]] = {}  # code → (team id, team name), single use
        self.tokens: dict[str, str] = {}  # bot token → team id
        self.refresh_tokens: dict[str, str] = {}  # refresh token → team id, single use
        self.token_lifetime: int | None = None
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.01},
                                       daemon=True)  # stop waits for the next poll: 0.1 s made 0.1 s a test
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/api/"

    def next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    # ---- what tests look at ---------------------------------------------------------------------

    def of(self, method: str) -> list[dict[str, Any]]:
        with self.lock:
            return [args for name, args in self.calls if name == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0, where=None) -> list[dict[str, Any]]:
        """Wait until `count` calls of `method` (matching `where`) were made; listeners run after ack."""
        deadline = time.time() + timeout
        with self.lock:
            while True:
                found = [a for n, a in self.calls if n == method and (where is None or where(a))]
                if len(found) >= count:
                    return found
                if time.time() >= deadline:
                    raise AssertionError(f"expected {count} {method} call(s), got {len(found)}: {found}")
                self.lock.wait(timeout=max(0.0, deadline - time.time()))

    def hold(self, method: str) -> threading.Event:
        """Calls of `method` wait (recorded as "<method>:held") until the returned event is set."""
        event = threading.Event()
        self.holds[method] = event
        return event

    def drop_held(self, method: str) -> None:
        """Calls of `method` held now are dropped unanswered and unhandled; later calls go through."""
        event = self.holds.pop(method, None)
        self.dropping.add(method)
        if event is not None:
            event.set()

    def script(self, method: str, kind: str, times: int = 1, retry_after: int = 1, where=None) -> None:
        """The next `times` calls of `method` ("*": of any method) fault with `kind` (see FAULTS); with
        `where`, only calls whose arguments it accepts (one message's every try, whatever else is called)."""
        assert kind in FAULTS, kind
        with self.lock:
            self.scripted.setdefault(method, []).extend([(kind, retry_after, where)] * times)

    def storm(self, *kinds: str, rate: float = 0.5, methods: tuple[str, ...] = (), retry_after: int = 1,
              seed: int = 1) -> None:
        with self.lock:
            self.weather = Storm(kinds, rate, frozenset(methods), retry_after, seed)

    def calm(self) -> None:
        """End the storm and every scripted fault still waiting."""
        with self.lock:
            self.weather = None
            self.scripted.clear()

    def fault(self, method: str, args: dict[str, Any]) -> tuple[str, int] | None:
        """The fault this call gets, if any (called with the lock held)."""
        if self.rate_limit_next.get(method):
            self.rate_limit_next[method] -= 1
            return "429", 1
        for name in (method, "*"):
            queue = self.scripted.get(name) if method != "auth.test" else None
            for index, (kind, retry_after, where) in enumerate(queue or []):
                if where is None or where(args):
                    del queue[index]
                    return kind, retry_after
        if self.weather is not None:
            kind = self.weather.draw(method)
            if kind is not None:
                return kind, self.weather.retry_after
        return None

    def faulted(self) -> list[str]:
        with self.lock:
            return [name for name, _ in self.calls if name.rpartition(":")[2] in FAULTS]

    def clear(self) -> None:
        with self.lock:
            self.calls.clear()

    def stop(self) -> None:
        """Shut down; fails when Slack refused a call the test did not expect (and clear from `rejected`)."""
        self.shutdown()
        self.server_close()
        assert not self.rejected, f"Slack would refuse: {self.rejected}"

    # ---- users.info: the workspace's people -----------------------------------------------------------

    def user_info(self, args: dict[str, Any]) -> dict[str, Any]:
        """Like Slack: real and display name in `profile`, the time zone (`tz`, `tz_offset`) and — only when
        asked with include_locale — the locale of those given one in `zones` / `locales`; `user_not_found`
        for an id in `gone`. Anyone not in `people` gets a made-up "Person <id>"."""
        user = str(args.get("user") or "")
        if not user:
            return {"ok": False, "error": "user_not_found"}
        if user in self.gone:
            return {"ok": False, "error": "user_not_found"}
        real, display = self.people.get(user, (f"Person {user}", f"name_{user}"))
        info = {"id": user, "team_id": TEAM, "name": display.lower().replace(" ", "."), "deleted": False,
                "real_name": real, "is_bot": False, "updated": 1700000000,
                "profile": {"real_name": real, "real_name_normalized": real, "display_name": display,
                            "display_name_normalized": display, "first_name": real.split(" ")[0]}}
        if user in self.zones:
            zone = ZoneInfo(self.zones[user])
            info.update(tz=self.zones[user], tz_label=self.zones[user],
                        tz_offset=int(datetime.now(zone).utcoffset().total_seconds()))
        if user in self.locales and str(args.get("include_locale")).lower() in ("1", "true"):
            info["locale"] = self.locales[user]
        return {"ok": True, "user": info}

    # ---- conversations.replies / history: what was posted (with metadata when asked for) ---------------

    def messages(self, args: dict[str, Any]) -> list[dict[str, Any]]:
        """A thread (root first) for replies, the channel's top-level messages (newest first) for history."""
        channel, root = args.get("channel"), args.get("ts")
        with_metadata = str(args.get("include_all_metadata")).lower() in ("1", "true")
        found = []
        for name, posted in self.calls:
            ts = (posted.get("_response") or {}).get("ts")
            if name != "chat.postMessage" or posted.get("channel") != channel or ts is None:
                continue
            if (ts == root or posted.get("thread_ts") == root) if root else not posted.get("thread_ts"):
                message = {"type": "message", "ts": ts, "text": posted.get("text"), "user": BOT_USER}
                if posted.get("thread_ts"):
                    message["thread_ts"] = posted["thread_ts"]
                if with_metadata and posted.get("metadata"):
                    message["metadata"] = posted["metadata"]
                found.append(message)
        return found if root else found[::-1]

    # ---- answers --------------------------------------------------------------------------------

    def refusal(self, method: str, args: dict[str, Any]) -> dict[str, Any] | None:
        """Slack's error answer when the call's blocks or view break Block Kit; None when valid."""
        if method in ("chat.postMessage", "chat.update", "chat.postEphemeral"):
            blocks = args.get("blocks")
            blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
            problems = message_problems(args.get("text"), blocks)
            if problems:
                self.rejected.append((method, problems))
                error = "msg_too_long" if all(p.startswith("text:") for p in problems) else "invalid_blocks"
                return {"ok": False, "error": error, "errors": problems}
        if method in ("views.open", "views.update", "views.push", "views.publish"):
            view = args.get("view") or {}
            view = json.loads(view) if isinstance(view, str) else view
            problems = view_problems(view)
            if problems:
                self.rejected.append((method, problems))
                return {"ok": False, "error": "invalid_arguments", "response_metadata": {"messages": problems}}
        return None

    # ---- OAuth: oauth.v2.access ---------------------------------------------------------------------

    def _issue(self, team_id: str) -> dict[str, Any]:
        token = f"xoxb-{team_id}-{next(self._ts)}"
        self.tokens[token] = team_id
        issued: dict[str, Any] = {"access_token": token, "token_type": "bot"}
        if self.token_lifetime is not None:
            refresh = f"xoxe-1-{team_id}-{next(self._ts)}"
            self.refresh_tokens[refresh] = team_id
            issued |= {"refresh_token": refresh, "expires_in": self.token_lifetime}
        return issued

    def oauth_access(self, args: dict[str, Any], client: tuple[str, str] | None) -> dict[str, Any]:
        """Like Slack: the app's client id and secret (HTTP Basic, or in the form), then either an install
        code (once) or, for rotating tokens, a refresh token (once)."""
        client = client or (str(args.get("client_id") or ""), str(args.get("client_secret") or ""))
        if client[0] != self.client_id:
            return {"ok": False, "error": "invalid_client_id"}
        if client[1] != self.client_secret:
            return {"ok": False, "error": "bad_client_secret"}
        if args.get("grant_type") == "refresh_token":
            team_id = self.refresh_tokens.pop(str(args.get("refresh_token") or ""), None)
            if team_id is None:
                return {"ok": False, "error": "invalid_refresh_token"}
            return {"ok": True, "app_id": "A1", "team": {"id": team_id}, **self._issue(team_id)}
        team = self.codes.pop(str(args.get("code") or ""), None)
        if team is None:
            return {"ok": False, "error": "invalid_code"}
        return {"ok": True, "app_id": "A1", "authed_user": {"id": "U1"}, "scope": "chat:write,commands",
                "bot_user_id": BOT_USER, "team": {"id": team[0], "name": team[1]}, "enterprise": None,
                "is_enterprise_install": False, **self._issue(team[0])}

    def answer(self, method: str, args: dict[str, Any], token: str | None = None,
               client: tuple[str, str] | None = None) -> dict[str, Any]:
        if method == "oauth.v2.access":
            return self.oauth_access(args, client)
        if self.tokens and token not in self.tokens:
            return {"ok": False, "error": "invalid_auth" if token else "not_authed"}
        refused = self.refusal(method, args)
        if refused is not None:
            return refused
        if method == "auth.test":
            return {"ok": True, "url": "https://test.slack.com/", "team": "Test", "user": "coach",
                    "team_id": self.tokens.get(token or "", TEAM), "user_id": BOT_USER, "bot_id": "BBOT"}
        if method in ("chat.postMessage", "chat.update"):
            ts = args.get("ts") or self.next_ts()
            return {"ok": True, "channel": args.get("channel"), "ts": ts,
                    "message": {"text": args.get("text"), "ts": ts, "thread_ts": args.get("thread_ts")}}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self.next_ts()}
        if method.startswith("views."):
            view = args.get("view") or {}
            view = json.loads(view) if isinstance(view, str) else view
            return {"ok": True, "view": {**view, "id": args.get("view_id") or f"V{next(self._views):05d}",
                                         "hash": f"h{time.time_ns()}"}}
        if method == "apps.connections.open" and self.socket_mode_url:
            return {"ok": True, "url": self.socket_mode_url}
        if method == "users.info":
            return self.user_info(args)
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._views):05d}"
            return {"ok": True, "file_id": file_id, "upload_url": self.url.replace("/api/", f"/upload/{file_id}")}
        if method == "files.completeUploadExternal":
            files = args.get("files")
            files = json.loads(files) if isinstance(files, str) else files
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(args.get("users"))}}
        if method in ("conversations.replies", "conversations.history"):
            return {"ok": True, "messages": self.messages(args), "has_more": False}
        if method == "conversations.info":
            return {"ok": True, "channel": {"id": args.get("channel"), "name": "skogas"}}
        return {"ok": True}


class _Handler(BaseHTTPRequestHandler):
    server: FakeSlack

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_POST(self) -> None:  # noqa: N802
        raw_bytes = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.startswith("/upload/"):  # step 2 of files.uploadV2: the file's bytes
            with self.server.lock:
                self.server.uploads[self.path.removeprefix("/upload/")] = raw_bytes
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"OK")
            return
        method = self.path.removeprefix("/api/").partition("?")[0]
        raw = raw_bytes.decode("utf-8")
        if "json" in (self.headers.get("Content-Type") or ""):
            args = json.loads(raw or "{}")
        else:
            args = {}
            for key, value in parse_qsl(raw):
                try:
                    args[key] = json.loads(value) if value[:1] in "[{" else value
                except ValueError:
                    args[key] = value
        server = self.server
        held = server.holds.get(method)
        if held is not None:
            with server.lock:
                server.calls.append((method + ":held", args))
                server.lock.notify_all()
            held.wait(timeout=30)
            if method in server.dropping:  # the call never reached Slack: dropped, not handled
                with server.lock:
                    server.calls.append((method + ":reset", args))
                    server.lock.notify_all()
                self._drop()
                return
        with server.lock:
            fault = server.fault(method, args)
            if fault is not None:
                server.calls.append((f"{method}:{fault[0]}", args))
                server.lock.notify_all()
            if fault is None or fault[0] == "lost":
                token, client = self._credentials(args)
                response = server.answer(method, args, token, client)
                server.calls.append((method, {**args, "_response": response, "_token": token,
                                              "_at": time.monotonic()}))
                server.lock.notify_all()
        if fault is None:
            self._reply(200, response)
        elif fault[0] == "429":
            self._reply(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(fault[1])})
        elif fault[0] in ("500", "503"):
            self._reply(int(fault[0]), {"ok": False, "error": "internal_error"})
        else:  # "reset" and "lost": the connection drops, no answer
            self._drop()

    def _drop(self) -> None:
        """Close the connection at once (RST), the way a dropped connection looks to the client."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _credentials(self, args: dict[str, Any]) -> tuple[str | None, tuple[str, str] | None]:
        """(bearer token or the form's `token`, (client id, secret) of HTTP Basic auth)."""
        header = self.headers.get("Authorization") or ""
        if header.startswith("Basic "):
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
            return None, (user, password)
        return (header.removeprefix("Bearer ") or args.get("token")), None

    def _reply(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
