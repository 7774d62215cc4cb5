"""Build the bolt App from Settings: one WebClient (SLACK_API_URL, retry handlers), middleware, listeners."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from sqlalchemy import Engine

from bot.abcde import slack as abcde_slack
from bot.service import CoachService
from bot.settings import Settings
from bot.slack import actions, commands, events, home, views
from bot.slack.conversation import Conversation
from bot.slack.dedupe import Deliveries
from bot.slack.deps import Deps
from bot.slack.errors import error_handler
from bot.slack.people import PeopleDirectory, people_client, users_info
from flows.loader import DEFAULT_FLOW_ID

ACK_THREADS = 16
WORK_THREADS = 16
QUICK_THREADS = 4  # Vägledning clicks (bot.slack.guidance): a person waits for them to show something


def api_url(url: str) -> str:
    """slack_sdk joins method names onto the base URL and needs the trailing slash."""
    return url if url.endswith("/") else url + "/"


def web_client(settings: Settings) -> WebClient:
    return WebClient(token=settings.slack_bot_token, base_url=api_url(settings.slack_api_url),
                     retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2), ConnectionErrorRetryHandler()])


def build_app(settings: Settings, service: CoachService, engine: Engine, *,
              flow_id: str = DEFAULT_FLOW_ID, with_abcde: bool = True) -> App:
    """The Slack app. `engine` holds the Slack tables (step threads, processed deliveries)."""
    people = PeopleDirectory(engine, users_info(web_client(settings)))
    ack_pool = ThreadPoolExecutor(max_workers=ACK_THREADS, thread_name_prefix="slack-ack")
    app = App(
        client=people_client(web_client(settings), people),  # bolt ignores App(token=…) when client= is given
        signing_secret=settings.slack_signing_secret,
        process_before_response=False,  # ack first; listeners run after the 200 is sent
        ignoring_self_events_enabled=True,
        logger=logging.getLogger("bot.slack.bolt"),
        # Ack functions run here and return at once; the work runs on WORK_THREADS (bot.slack.runner).
        listener_executor=ack_pool,
    )
    deliveries = Deliveries(engine)
    app.middleware(deliveries.middleware())
    deps = Deps(service=service, conversation=Conversation(service, engine), flow_id=flow_id,
                deliveries=deliveries, work=ThreadPoolExecutor(WORK_THREADS, thread_name_prefix="slack-work"),
                default_lang=settings.coach_language, timezone=settings.coach_timezone, people=people,
                lane=ThreadPoolExecutor(QUICK_THREADS, thread_name_prefix="slack-quick"))
    app.error(error_handler(deps.body_lang))
    for feature in (commands, actions, views, events, home):
        feature.register(app, deps)
    if with_abcde:  # tests that inject their own clock register ABCDE themselves
        abcde_slack.register(app, deps)
    app.coach_pools = {"ack": ack_pool, "quick": deps.lane, "work": deps.work}  # type: ignore[attr-defined]  # drained on stop
    return app
