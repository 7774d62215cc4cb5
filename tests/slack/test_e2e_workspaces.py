"""Many workspaces, end to end: the real App with OAuth (bolt's WSGI adapter, as under gunicorn) against the
fake Slack. /slack/install sends the browser to Slack with a state; /slack/oauth_redirect exchanges the code
(oauth.v2.access, strict about client id, secret and code) and stores the installation; requests from that
team are then authorized with its stored token. Two workspaces with the same channel ids, process names and
user ids never see each other's processes: commands, App Home, status, export and buttons."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import Engine
from sqlmodel import select

from bot.errors import CoachError
from bot.service import CoachService, ProcessRef
from bot.settings import Settings
from bot.slack import constants as c
from bot.slack.abcde.publish import workspace_client
from bot.slack.app import build_app
from flows.loader import get_flow
from guidance_corpus.base import InMemoryRetriever
from storage.db import session_scope
from storage.models import Process, Workspace
from tests.slack.conftest import PASSAGES, SECRET
from tests.slack.fake_slack import FakeSlack
from tests.slack.settle import settle
from tests.slack.signed import SlackSender

A, B = ("TA0001", "Huddinge kommun"), ("TB0002", "Botkyrka kommun")
NAME, CHANNEL, OTHER_CHANNEL = "Meningsfull fritid i Skogås", "C1", "C2"


class _Threaded(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@dataclass
class Multi:
    slack: FakeSlack
    engine: Engine
    service: CoachService
    app: App
    base: str  # http://127.0.0.1:port

    def sender(self, team: str) -> SlackSender:
        return SlackSender(f"{self.base}/slack/events", SECRET, team=team)

    def get(self, path: str, cookie: str | None = None) -> tuple[int, Any, str]:
        """A browser's GET, without following redirects."""
        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args: Any, **kwargs: Any) -> None:
                return None

        request = urllib.request.Request(self.base + path, headers={"Cookie": cookie} if cookie else {})
        try:
            with urllib.request.build_opener(NoRedirect).open(request, timeout=10) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def install(self, team: tuple[str, str]) -> str:
        """The whole install: /slack/install → Slack (the fake hands out a code) → /slack/oauth_redirect."""
        status, headers, _ = self.get("/slack/install")
        assert status == 302, status
        state = parse_qs(urlparse(headers["Location"]).query)["state"][0]
        code = f"code-{team[0]}"
        self.slack.codes[code] = team
        status, _, page = self.get(f"/slack/oauth_redirect?{urlencode({'code': code, 'state': state})}",
                                   cookie=headers["Set-Cookie"].split(";")[0])
        assert status == 200 and "Processcoach är installerad" in page and team[1] in page, page
        return next(token for token, owner in self.slack.tokens.items() if owner == team[0])

    def process(self, team_id: str, name: str = NAME) -> Process:
        with session_scope(self.engine) as session:
            return session.exec(select(Process).join(Workspace, Process.workspace_id == Workspace.id)
                                .where(Workspace.slack_team_id == team_id, Process.name == name)).one()


@pytest.fixture
def multi(fake_slack: FakeSlack, engine: Engine) -> Iterator[Multi]:
    """The app with OAuth on, on SQLite and (COACH_TEST_POSTGRES_URL) PostgreSQL."""
    slack_engine = engine
    flow = get_flow()
    service = CoachService(db=slack_engine, flows={flow.id: flow}, retriever=lambda: InMemoryRetriever(PASSAGES))
    settings = Settings(_env_file=None, slack_bot_token=None, slack_app_token=None, slack_signing_secret=SECRET,
                        slack_api_url=fake_slack.url, slack_client_id=fake_slack.client_id,
                        slack_client_secret=fake_slack.client_secret)
    app = build_app(settings, service, slack_engine, flow_id=flow.id)
    server = make_server("127.0.0.1", 0, SlackRequestHandler(app), server_class=_Threaded, handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    yield Multi(fake_slack, slack_engine, service, app, f"http://127.0.0.1:{server.server_port}")
    server.shutdown()
    server.server_close()
    settle(app)  # its work done before the database goes: a write met PostgreSQL's DROP SCHEMA (deadlock)


def test_install_redirects_to_slack_with_a_state_and_stores_the_installation(multi: Multi) -> None:
    status, headers, _ = multi.get("/slack/install")
    assert status == 302
    location = urlparse(headers["Location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == "https://slack.com/oauth/v2/authorize"
    assert query["client_id"] == [multi.slack.client_id] and "chat:write" in query["scope"][0].split(",")
    state = query["state"][0]
    assert headers["Set-Cookie"].startswith(f"slack-app-oauth-state={state}")

    multi.slack.codes["good"] = A
    # a state Slack never saw (forged link): refused, the code not spent, nothing stored
    status, _, page = multi.get("/slack/oauth_redirect?code=good&state=forged", cookie="slack-app-oauth-state=forged")
    assert status >= 400 and "Installationen misslyckades" in page
    assert "good" in multi.slack.codes and multi.slack.tokens == {}

    cookie = headers["Set-Cookie"].split(";")[0]
    status, _, page = multi.get(f"/slack/oauth_redirect?code=good&state={state}", cookie=cookie)
    assert status == 200 and "Huddinge kommun" in page
    exchange = multi.slack.of("oauth.v2.access")[-1]
    assert exchange["code"] == "good" and exchange["_response"]["ok"]
    store = multi.app.oauth_flow.settings.installation_store
    installed = store.find_installation(enterprise_id=None, team_id=A[0])
    assert installed is not None and multi.slack.tokens[installed.bot_token] == A[0]
    with session_scope(multi.engine) as session:  # the workspace is known by its name from now on
        assert session.exec(select(Workspace.name).where(Workspace.slack_team_id == A[0])).one() == A[1]
    # the state is single use: the same redirect again installs nothing
    status, _, _ = multi.get(f"/slack/oauth_redirect?code=good&state={state}", cookie=cookie)
    assert status >= 400 and len(multi.slack.of("oauth.v2.access")) == 1


def test_a_wrong_client_secret_is_refused_by_slack(multi: Multi) -> None:
    multi.slack.client_secret = "rotated-in-slack"  # the app still has the old one
    multi.slack.codes["c"] = A
    status, headers, _ = multi.get("/slack/install")
    state = parse_qs(urlparse(headers["Location"]).query)["state"][0]
    status, _, page = multi.get(f"/slack/oauth_redirect?code=c&state={state}",
                                cookie=headers["Set-Cookie"].split(";")[0])
    assert status >= 400 and "Installationen misslyckades" in page
    assert multi.slack.of("oauth.v2.access")[-1]["_response"]["error"] == "bad_client_secret"
    assert multi.slack.tokens == {}


def _ephemeral(slack: FakeSlack, token: str, text: str, user: str = "U1") -> dict:
    return slack.wait_for("chat.postEphemeral", where=lambda a: a["_token"] == token and a.get("user") == user
                          and text in a.get("text", ""))[-1]


def test_two_workspaces_with_the_same_channels_and_names_never_meet(multi: Multi) -> None:
    slack = multi.slack
    token_a, token_b = multi.install(A), multi.install(B)
    in_a, in_b = multi.sender(A[0]), multi.sender(B[0])

    # the same channel id, process name and user id in both workspaces: two processes, one in each
    in_a.command(f"ny {NAME}", channel=CHANNEL)
    slack.wait_for("chat.postMessage", 3, where=lambda a: a["_token"] == token_a)
    in_b.command(f"ny {NAME}", channel=CHANNEL)
    slack.wait_for("chat.postMessage", 3, where=lambda a: a["_token"] == token_b)
    process_a, process_b = multi.process(A[0]), multi.process(B[0])
    assert process_a.id != process_b.id and process_a.channel_id == process_b.channel_id == CHANNEL
    in_a.command("ny Bara i Huddinge", channel=OTHER_CHANNEL)
    slack.wait_for("chat.postMessage", 6, where=lambda a: a["_token"] == token_a)
    in_a.command("roll <@U2|bo> medlem", channel=CHANNEL)
    _ephemeral(slack, token_a, "är nu medlem")
    # every call made for a workspace's request carried that workspace's own token
    tokens = {a["_token"] for name, a in slack.calls if not name.startswith("oauth.")}
    assert tokens == {token_a, token_b}
    # auth.test once at install and once on the first request per token, not before every request
    assert [len([a for a in slack.of("auth.test") if a["_token"] == t]) for t in (token_a, token_b)] == [2, 2]

    # status: each sees its own; workspace B has no process in C2, and B's U2 is in nothing
    in_b.command("status", channel=OTHER_CHANNEL)
    _ephemeral(slack, token_b, "Det finns ingen process i den här kanalen")
    in_b.command("status", user="U2", channel=CHANNEL)
    _ephemeral(slack, token_b, "inte med i processen", user="U2")
    in_a.command("status", user="U2", channel=CHANNEL)
    assert _ephemeral(slack, token_a, NAME, user="U2")["_response"]["ok"]

    # App Home: workspace A's U1 sees two processes, workspace B's U1 one
    for sender, token, expected in ((in_a, token_a, 2), (in_b, token_b, 1)):
        sender.event({"type": "app_home_opened", "user": "U1", "tab": "home", "channel": "D1"})
        home = slack.wait_for("views.publish", where=lambda a, t=token: a["_token"] == t)[-1]
        shown = json.dumps(home["view"], ensure_ascii=False)
        assert shown.count(NAME) >= 1 and ("Bara i Huddinge" in shown) == (expected == 2)

    # export: the coordinator in B gets B's process, without A's member
    in_b.command("export", channel=CHANNEL)
    slack.wait_for("files.completeUploadExternal", where=lambda a: a["_token"] == token_b)
    exported = json.loads(next(iter(slack.uploads.values())))
    assert exported["process"]["name"] == NAME and [m["user_id"] for m in exported["members"]] == ["U1"]
    assert [e["actor"] for e in exported["audit"] if e["action"] == "refused"] == ["U2"]  # B's own U2, refused

    # a button naming A's process, pressed in B (a forged value), reaches nothing and stores nothing
    slack.clear()
    value = json.dumps({"p": process_a.id, "q": "s1.langsiktigt_mal"})
    in_b.click(c.SKIP, value, channel=CHANNEL)
    refused = _ephemeral(slack, token_b, "Processen finns inte längre")
    assert refused["channel"] == CHANNEL
    assert multi.service.state(process=_ref(process_a), actor=_coordinator()).answers == {}

    # the operator's commands (coach export NAME …) find a workspace's process by a name no other uses
    assert multi.service.find_process(name="Bara i Huddinge").workspace_id == process_a.workspace_id
    with pytest.raises(CoachError, match="i arbetsytorna «Huddinge kommun», «Botkyrka kommun»"):
        multi.service.find_process(name=NAME)


def test_reminders_go_out_with_each_workspaces_own_token(multi: Multi) -> None:
    token_a, token_b = multi.install(A), multi.install(B)
    multi.sender(B[0]).command(f"ny {NAME}", channel=CHANNEL)
    multi.slack.wait_for("chat.postMessage", 3)
    ref = _ref(multi.process(B[0]))
    client = workspace_client(multi.app.client, ref)
    assert client is not None and client.token == token_b != token_a
    assert client.auth_test()["team_id"] == B[0]
    # a process without a workspace has no token to go out with when the app serves many: skipped, logged
    assert workspace_client(multi.app.client, ProcessRef(1, "x", "f", "C9", "sv", None)) is None


def _ref(process: Process) -> ProcessRef:
    assert process.id is not None
    return ProcessRef(process.id, process.name, process.flow_id, process.channel_id, process.language,
                      process.workspace_id)


def _coordinator():
    from bot.service import Actor

    return Actor(user_id="U1", display_name="U1", via="slack_thread")


def test_a_workspace_that_has_not_installed_the_app_reaches_nothing(multi: Multi) -> None:
    multi.install(A)
    status, body = multi.sender("TC0003").event({"type": "app_home_opened", "user": "U1", "tab": "home",
                                                 "channel": "D1"})
    assert status == 200 and "install" in body.lower()  # bolt's answer: the app is not installed there
    # in A, the same event is handled: Slack is called with A's token, and nothing happened for TC0003
    status, _ = multi.sender(A[0]).event({"type": "app_home_opened", "user": "U1", "tab": "home", "channel": "D1"})
    assert status == 200
    multi.slack.wait_for("views.publish")
    assert len(multi.slack.of("views.publish")) == 1
    with session_scope(multi.engine) as session:
        assert session.exec(select(Workspace.slack_team_id)).all() == [A[0]]
