"""Token rotation across replicas: two replicas (each its own authorize, stores and locks, one database) find
the workspace's token about to expire at the same moment. Slack's refresh tokens are single use (the fake
is as strict), so with bolt's plain authorize one replica rotates and the other is refused and its request
lost; with RotatingAuthorize exactly one refresh happens and both use the new token. An install's OAuth state is
consumed once, also when two replicas get it at the same moment."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import pytest
from slack_bolt import BoltContext
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import Engine

from bot.settings import Settings
from bot.slack.install import RotatingAuthorize, authorize, oauth_settings
from tests.slack.fake_slack import BOT_USER, FakeSlack

TEAM = ("TA0001", "Huddinge kommun")


def _settings(slack: FakeSlack) -> Settings:
    return Settings(_env_file=None, slack_api_url=slack.url, slack_client_id=slack.client_id,
                    slack_client_secret=slack.client_secret, slack_token_rotation_minutes=120)


def _install(slack: FakeSlack, engine: Engine) -> str:
    """An installation whose token expires in a minute (within the 120 minutes: due for rotation)."""
    slack.token_lifetime = 60
    slack.codes["c"] = TEAM
    answer = WebClient(base_url=slack.url).oauth_v2_access(client_id=slack.client_id,
                                                           client_secret=slack.client_secret, code="c")
    store = oauth_settings(_settings(slack), engine).installation_store
    store.save(Installation(app_id="A1", team_id=TEAM[0], team_name=TEAM[1], user_id="U1",
                            bot_token=answer["access_token"], bot_refresh_token=answer["refresh_token"],
                            bot_token_expires_in=answer["expires_in"], bot_user_id=BOT_USER, bot_id="BBOT"))
    slack.token_lifetime = 12 * 3600  # the rotated token is good for 12 hours
    return answer["access_token"]


def _replica(slack: FakeSlack, engine: Engine, safe: bool) -> InstallationStoreAuthorize:
    settings = _settings(slack)
    oauth = oauth_settings(settings, engine)  # its own stores, as in another process
    if safe:
        return authorize(settings, engine, oauth, WebClient(base_url=slack.url))
    return InstallationStoreAuthorize(logger=logging.getLogger(__name__), installation_store=oauth.installation_store,
                                      client_id=settings.slack_client_id, client_secret=settings.slack_client_secret,
                                      token_rotation_expiration_minutes=120, client=WebClient(base_url=slack.url))


def _authorized(replica: InstallationStoreAuthorize, slack: FakeSlack, results: list) -> threading.Thread:
    def run() -> None:
        context = BoltContext({"client": WebClient(base_url=slack.url), "is_enterprise_install": False})
        result = replica(context=context, enterprise_id=None, team_id=TEAM[0], user_id="U7")
        results.append(result.bot_token if result is not None else None)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.01)  # polling a condition, not waiting a fixed time


@pytest.fixture
def slack() -> FakeSlack:
    server = FakeSlack()
    yield server
    server.stop()


def refreshes(slack: FakeSlack) -> list[dict]:
    return [a for a in slack.of("oauth.v2.access") if a.get("grant_type") == "refresh_token"]


def test_two_replicas_rotate_once_and_both_use_the_new_token(slack: FakeSlack, engine: Engine) -> None:
    old = _install(slack, engine)
    first, second = _replica(slack, engine, safe=True), _replica(slack, engine, safe=True)
    assert isinstance(second, RotatingAuthorize)
    release = slack.hold("oauth.v2.access")
    results: list[str | None] = []
    one = _authorized(first, slack, results)
    slack.wait_for("oauth.v2.access:held")  # the first replica is refreshing, inside its lock
    two = _authorized(second, slack, results)
    _until(lambda: second.locks.waiting == 1)  # the second waits for the lock instead of refreshing too
    release.set()
    one.join(10)
    two.join(10)
    assert len(refreshes(slack)) == 1 and refreshes(slack)[0]["_response"]["ok"]
    new = refreshes(slack)[0]["_response"]["access_token"]
    assert results == [new, new] and new != old
    stored = first.installation_store.find_installation(enterprise_id=None, team_id=TEAM[0])
    assert stored.bot_token == new and stored.bot_refresh_token == refreshes(slack)[0]["_response"]["refresh_token"]
    # a later request: the token is fresh, nothing rotates, no lock is taken
    after: list[str | None] = []
    _authorized(second, slack, after).join(10)
    assert after == [new] and len(refreshes(slack)) == 1


def test_without_the_lock_one_replica_loses_its_request(slack: FakeSlack, engine: Engine) -> None:
    """Why RotatingAuthorize exists: bolt's own authorize on two replicas spends the refresh token twice."""
    _install(slack, engine)
    first, second = _replica(slack, engine, safe=False), _replica(slack, engine, safe=False)
    release = slack.hold("oauth.v2.access")
    results: list[str | None] = []
    threads = [_authorized(first, slack, results), _authorized(second, slack, results)]
    slack.wait_for("oauth.v2.access:held", 2)
    release.set()
    for thread in threads:
        thread.join(10)
    assert sorted(a["_response"].get("error", "ok") for a in refreshes(slack)) == ["invalid_refresh_token", "ok"]
    assert None in results  # that request was refused as unauthorized


def test_an_install_state_is_consumed_once_across_replicas(slack: FakeSlack, engine: Engine) -> None:
    """A double click on «Allow» that reaches two replicas: one exchange, the other a refusal."""
    first = oauth_settings(_settings(slack), engine).state_store
    second = oauth_settings(_settings(slack), engine).state_store
    state = first.issue()
    start = threading.Barrier(2)
    outcomes: list[bool] = []

    def consume(store) -> None:
        start.wait()
        outcomes.append(store.consume(state))

    threads = [threading.Thread(target=consume, args=(store,)) for store in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(outcomes) == [False, True]
    assert first.consume("never-issued") is False
