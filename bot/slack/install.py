"""Installs to many workspaces: bolt's OAuth flow (/slack/install, /slack/oauth_redirect) with slack_sdk's
SQLAlchemy installation and state stores on the app's own engine (bot.installations: the adapter
touches no database itself).

On when SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set (Settings.oauth_enabled); otherwise the app runs on
SLACK_BOT_TOKEN exactly as before. Token rotation (bolt's token_rotation_expiration_minutes) is made safe
across replicas by `RotatingAuthorize`: a replica that finds the token about to expire takes a lock for
that workspace (bot.installations.RotationLocks), reads the installation again and rotates only if no other
replica did meanwhile, so one refresh token is spent once and every replica uses the new token.
"""

from __future__ import annotations

import html
import logging
from time import time
from typing import TYPE_CHECKING

from slack_bolt import BoltContext, BoltResponse
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Installation

from bot.installations import RotationLocks, stores
from bot.settings import Settings
from bot.slack.tenancy import team_key
from bot.slack.texts import st
from bot.slack_state import Engine, SlackStateService

if TYPE_CHECKING:
    from bot.slack.retry import RetryPolicy

log = logging.getLogger(__name__)


class RotatingAuthorize(InstallationStoreAuthorize):
    """bolt's authorize from the installation store, with the rotation serialised per workspace."""

    def __init__(self, *, locks: RotationLocks, **kwargs) -> None:
        super().__init__(**kwargs)
        self.locks = locks

    def _expiring(self, installation: Installation) -> bool:
        soon = time() + self.token_rotation_expiration_minutes * 60
        return any(refresh is not None and (expires is None or expires <= soon) for refresh, expires in (
            (installation.bot_refresh_token, installation.bot_token_expires_at),
            (installation.user_refresh_token, installation.user_token_expires_at)))

    def _rotate_and_save_tokens_if_necessary(self, installation: Installation | None) -> Installation | None:
        if installation is None or not self._expiring(installation):
            return None  # nothing to rotate: no lock, no database write
        key = team_key(installation.team_id, installation.enterprise_id) or "-"
        with self.locks.hold(key):
            latest = self.installation_store.find_installation(
                enterprise_id=installation.enterprise_id, team_id=installation.team_id,
                is_enterprise_install=installation.is_enterprise_install)
            if latest is None:
                return None
            refreshed = super()._rotate_and_save_tokens_if_necessary(latest)  # rotates and saves, in the lock
            if refreshed is None and latest.bot_token == installation.bot_token:
                return None
            result = refreshed or latest  # rotated here, or by another replica while this one waited
        if installation.user_token is None:  # bolt cleared the installer's user token for this request
            result.user_token = result.user_refresh_token = result.user_scopes = None
        return result


def oauth_settings(settings: Settings, engine: Engine) -> OAuthSettings:
    installations, states = stores(settings, engine)

    def success(args: SuccessArgs) -> BoltResponse:
        installation = args.installation
        key = team_key(installation.team_id, installation.enterprise_id)
        if key is not None:
            SlackStateService(engine).workspace_id(key, installation.team_name or installation.enterprise_name
                                                   or key, rename=bool(installation.team_name))
        log.info("installed in workspace %s", key)
        return _page(200, "install_ok", name=installation.team_name)

    def failure(args: FailureArgs) -> BoltResponse:
        log.warning("installation failed: %s", args.reason)
        return _page(args.suggested_status_code, "install_failed")

    return OAuthSettings(
        client_id=settings.slack_client_id, client_secret=settings.slack_client_secret,
        scopes=[s.strip() for s in settings.slack_scopes.split(",") if s.strip()], user_scopes=[],
        redirect_uri=settings.slack_redirect_uri or None, install_page_rendering_enabled=False,  # straight to Slack
        installation_store=installations, state_store=states,
        state_expiration_seconds=settings.slack_state_expiration_seconds,
        token_rotation_expiration_minutes=settings.slack_token_rotation_minutes,
        callback_options=CallbackOptions(success=success, failure=failure))


def authorize(settings: Settings, engine: Engine, oauth: OAuthSettings, client: WebClient) -> RotatingAuthorize:
    return RotatingAuthorize(
        locks=RotationLocks(engine), logger=logging.getLogger("bot.slack.install"),
        installation_store=oauth.installation_store, client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        token_rotation_expiration_minutes=settings.slack_token_rotation_minutes, client=client,
        # auth.test once per token, not before every ack: a rotated token is a new key; a revoked one is
        # removed from the store by bolt's tokens_revoked/app_uninstalled listeners and so never found
        cache_enabled=True)


class WorkspaceClients(WebClient):
    """The app's client when it serves many workspaces: it has no token of its own; `for_workspace`
    gives a client with that workspace's bot token (rotated when due), for work outside a request such
    as ABCDE reminders (bot.slack.abcde.publish)."""

    engine: Engine
    authorize: RotatingAuthorize

    @classmethod
    def of(cls, settings: Settings, engine: Engine, oauth: OAuthSettings,
           retry: RetryPolicy | None = None) -> WorkspaceClients:
        """429 (Retry-After), 5xx and dropped connections retried with bounded backoff, as the one token's."""
        from bot.slack.retry import BoundedBackoff, RetryPolicy

        policy = retry or RetryPolicy(total=settings.slack_retry_total)
        client = cls(token=None, base_url=settings.slack_api_url.rstrip("/") + "/",
                     retry_handlers=[BoundedBackoff(policy)])
        client.engine, client.authorize = engine, authorize(settings, engine, oauth, client)
        return client

    def for_workspace(self, workspace_id: int | None) -> WebClient:
        if workspace_id is None:
            raise LookupError("a process without a workspace cannot be reached when the app serves many")
        key = SlackStateService(self.engine).team_of(workspace_id)
        if not key:
            raise LookupError(f"workspace {workspace_id} has no Slack team")
        team_id, enterprise_id = (None, key[2:]) if key.startswith("E:") else (key, None)
        client = WebClient(base_url=self.base_url, timeout=self.timeout, headers=self.headers,
                           retry_handlers=list(self.retry_handlers or []), logger=self.logger)
        context = BoltContext({"client": client, "is_enterprise_install": team_id is None})
        result = self.authorize(context=context, enterprise_id=enterprise_id, team_id=team_id, user_id=None)
        if result is None or not result.bot_token:
            raise LookupError(f"no installation for {key}: the app was uninstalled or its token revoked")
        client.token = result.bot_token
        return client


def _page(status: int, what: str, name: str | None = None) -> BoltResponse:
    """The page the browser shows after an installation, in Swedish and English (`slack.<what>_title`, `_text`)."""
    where = f" – {html.escape(name)}" if name else ""
    title_sv, title_en = st(f"{what}_title", "sv"), st(f"{what}_title", "en")
    text_sv, text_en = st(f"{what}_text", "sv"), st(f"{what}_text", "en")
    body = (f"<!doctype html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>{title_sv}</title></head>"
            f"<body><h1>{title_sv}{where}</h1><p>{text_sv}</p>"
            f"<h2 lang=\"en\">{title_en}</h2><p lang=\"en\">{text_en}</p></body></html>")
    return BoltResponse(status=status, body=body, headers={"Content-Type": "text/html; charset=utf-8"})
