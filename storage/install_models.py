"""The tables of slack_sdk's SQLAlchemy installation and OAuth state stores (OAuth installs to many
workspaces, bot.slack.install), registered on the app's metadata so migrations and the schema check
know them. Created by migration 0008_installations; the stores read and write them on the app's engine."""

from __future__ import annotations

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlmodel import SQLModel

INSTALLATIONS = SQLAlchemyInstallationStore.default_installations_table_name  # "slack_installations"
BOTS = SQLAlchemyInstallationStore.default_bots_table_name  # "slack_bots"
STATES = SQLAlchemyOAuthStateStore.default_table_name  # "slack_oauth_states"

installations = SQLAlchemyInstallationStore.build_installations_table(SQLModel.metadata, INSTALLATIONS)
bots = SQLAlchemyInstallationStore.build_bots_table(SQLModel.metadata, BOTS)
oauth_states = SQLAlchemyOAuthStateStore.build_oauth_states_table(SQLModel.metadata, STATES)
