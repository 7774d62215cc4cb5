"""What OAuth installs cost each request: the ack time of `/coach hjälp` through bolt's App.dispatch with one
token (SLACK_BOT_TOKEN) and with two installed workspaces (authorize from the installation store), against
the fake Slack, on SQLite. Run: PYTHONPATH=. python benchmarks/oauth_ack.py [N]"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from slack_bolt import BoltRequest
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Installation

from benchmarks.machine import describe
from bot.service import CoachService
from bot.settings import Settings
from bot.slack.app import build_app
from bot.slack.install import oauth_settings
from flows.loader import get_flow
from storage.db import make_engine, migrate
from tests.slack.fake_slack import BOT_USER, FakeSlack
from tests.slack.signed import sign

SECRET = "bench-secret"


def request(team: str, i: int) -> BoltRequest:
    body = urlencode({"team_id": team, "channel_id": "C1", "user_id": "U1", "user_name": "anna",
                      "command": "/coach", "text": "hjälp", "trigger_id": f"t.{i}"})
    stamp = str(int(time.time()))
    return BoltRequest(body=body, headers={"content-type": ["application/x-www-form-urlencoded"],
                                           "x-slack-request-timestamp": [stamp],
                                           "x-slack-signature": [sign(SECRET, stamp, body)]})


def measure(oauth: bool, n: int) -> list[float]:
    slack = FakeSlack()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'coach.db'}")
        migrate(engine)
        extra = ({"slack_client_id": slack.client_id, "slack_client_secret": slack.client_secret} if oauth
                 else {"slack_bot_token": "xoxb-single"})
        settings = Settings(_env_file=None, slack_signing_secret=SECRET, slack_api_url=slack.url, **extra)
        teams = ["T0001"]
        if oauth:
            teams = ["TA", "TB"]
            store = oauth_settings(settings, engine).installation_store
            for team in teams:
                slack.codes[team] = (team, team)
                answer = WebClient(base_url=slack.url).oauth_v2_access(
                    client_id=slack.client_id, client_secret=slack.client_secret, code=team)
                store.save(Installation(app_id="A1", team_id=team, user_id="U1", bot_token=answer["access_token"],
                                        bot_user_id=BOT_USER, bot_id="BBOT"))
        flow = get_flow()
        app = build_app(settings, CoachService(db=engine, flows={flow.id: flow}), engine, flow_id=flow.id)
        times = []
        for i in range(n):
            started = time.perf_counter()
            response = app.dispatch(request(teams[i % len(teams)], i))
            times.append((time.perf_counter() - started) * 1000)
            assert response.status == 200, response.body
        slack.wait_for("chat.postEphemeral", n, timeout=60)
        engine.dispose()
    slack.stop()
    return times[10:]  # the first requests warm caches and pools


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    print(describe())
    for label, oauth in (("one token", False), ("OAuth, 2 workspaces", True)):
        times = sorted(measure(oauth, n))
        p99 = times[int(len(times) * 0.99) - 1]
        print(f"{label:22} ack p50 {statistics.median(times):6.2f} ms  p99 {p99:6.2f} ms  (n={len(times)})")


if __name__ == "__main__":
    main()
