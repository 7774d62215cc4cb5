"""Build the bolt App from Settings: one WebClient (SLACK_API_URL, retry handlers), middleware, listeners."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_sdk import WebClient

from bot.abcde.service import AbcdeService
from bot.service import CoachService
from bot.settings import Settings
from bot.slack import actions, commands, events, home, views
from bot.slack.abcde import listeners as abcde_slack
from bot.slack.conversation import Conversation
from bot.slack.dedupe import Deliveries
from bot.slack.deps import Deps
from bot.slack.errors import error_handler
from bot.slack.inbox import Inbox, inbox_path
from bot.slack.outbox import Outbox
from bot.slack.people import PeopleDirectory, people_client, users_info
from bot.slack.replies import keep_before_ack
from bot.slack.retry import BoundedBackoff, RetryPolicy
from bot.slack.tenancy import Tenancy, current
from bot.slack_state import Engine
from flows.loader import DEFAULT_FLOW_ID

ACK_THREADS = 16
WORK_THREADS = 16
QUICK_THREADS = 4  # Vägledning clicks (bot.slack.guidance): a person waits for them to show something


def api_url(url: str) -> str:
    """slack_sdk joins method names onto the base URL and needs the trailing slash."""
    return url if url.endswith("/") else url + "/"


def web_client(settings: Settings, policy: RetryPolicy | None = None) -> WebClient:
    """429 (Retry-After), 5xx and dropped connections retried with bounded backoff (bot.slack.retry)."""
    policy = policy or RetryPolicy(total=settings.slack_retry_total)
    return WebClient(token=settings.slack_bot_token, base_url=api_url(settings.slack_api_url),
                     retry_handlers=[BoundedBackoff(policy)])


def outside_client(settings: Settings, engine: Engine) -> WebClient:
    """The client for work outside a Slack request (`coach reminders run-due`, `coach abcde`): the one
    token's, or with OAuth installs one that gives each workspace's (bot.slack.abcde.publish.workspace_client)."""
    if not settings.oauth_enabled:
        return web_client(settings)
    from bot.slack.install import WorkspaceClients, oauth_settings

    return WorkspaceClients.of(settings, engine, oauth_settings(settings, engine))


def build_app(settings: Settings, service: CoachService, engine: Engine, *,
              flow_id: str = DEFAULT_FLOW_ID, with_abcde: bool = True, retry: RetryPolicy | None = None,
              outbox: Outbox | None = None) -> App:
    """The Slack app. `engine` holds the Slack tables (step threads, processed deliveries, the outbox, which
    `coach serve` drains with bot.slack.outbox.OutboxLoop on `app.coach_outbox`), and with OAuth installs
    (Settings.oauth_enabled) the installations; without, one workspace on SLACK_BOT_TOKEN."""
    ack_pool = ThreadPoolExecutor(max_workers=ACK_THREADS, thread_name_prefix="slack-ack")
    if settings.oauth_enabled:
        from bot.slack.install import WorkspaceClients, oauth_settings

        oauth = oauth_settings(settings, engine)
        client = WorkspaceClients.of(settings, engine, oauth, retry)
        single = web_client(settings, retry)  # users.info outside a request: none in practice
        people = PeopleDirectory(engine, lambda user_id: users_info(current().client or single)(user_id))
        app = App(client=client, signing_secret=settings.slack_signing_secret, oauth_settings=oauth,
                  authorize=client.authorize, **_app_options(ack_pool))
    else:
        people = PeopleDirectory(engine, users_info(web_client(settings, retry)))
        # bolt ignores App(token=…) when client= is given
        app = App(client=people_client(web_client(settings, retry), people),
                  signing_secret=settings.slack_signing_secret, **_app_options(ack_pool))
    outbox = outbox or Outbox(engine, lease=settings.coach_outbox_lease)
    return _wire(app, settings, service, engine, people, ack_pool, outbox, flow_id=flow_id, with_abcde=with_abcde)


def _app_options(ack_pool: ThreadPoolExecutor) -> dict:
    return {"process_before_response": False,  # ack first; listeners run after the 200 is sent
            "ignoring_self_events_enabled": True, "logger": logging.getLogger("bot.slack.bolt"),
            # Ack functions run here and return at once; the work runs on WORK_THREADS (bot.slack.runner).
            "listener_executor": ack_pool}


def _wire(app: App, settings: Settings, service: CoachService, engine: Engine, people: PeopleDirectory,
          ack_pool: ThreadPoolExecutor, outbox: Outbox, *, flow_id: str, with_abcde: bool) -> App:
    deliveries = Deliveries(engine)
    inbox = Inbox(inbox_path(engine, settings.coach_data_dir))
    app.middleware(keep_before_ack(inbox))  # before the ack, and before duplicates are dropped
    app.middleware(deliveries.middleware())
    deps = Deps(service=service, conversation=Conversation(service, engine, outbox), flow_id=flow_id,
                deliveries=deliveries, work=ThreadPoolExecutor(WORK_THREADS, thread_name_prefix="slack-work"),
                default_lang=settings.coach_language, timezone=settings.coach_timezone, people=people,
                lane=ThreadPoolExecutor(QUICK_THREADS, thread_name_prefix="slack-quick"),
                abcde=AbcdeService(service, engine, default_tz=settings.coach_timezone),
                tenancy=Tenancy(engine, multi=settings.oauth_enabled), inbox=inbox)
    app.error(error_handler(deps.body_lang))
    for feature in (commands, actions, views, events, home):
        feature.register(app, deps)
    if with_abcde:  # tests that inject their own clock register ABCDE themselves
        abcde_slack.register(app, deps)
    app.coach_outbox = outbox  # type: ignore[attr-defined]
    app.coach_pools = {"ack": ack_pool, "quick": deps.lane, "work": deps.work}  # type: ignore[attr-defined]  # drained on stop
    app.coach_inbox = inbox  # type: ignore[attr-defined]
    return app
