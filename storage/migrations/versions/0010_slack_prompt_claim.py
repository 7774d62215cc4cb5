"""Showing a process's next question in Slack is claimed in the database, so that replicas (and gunicorn
workers) that each stored an answer at the same moment post the next question once.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "slack_prompt_claim",
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(64), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["process_id"], ["process.id"], name="fk_slack_prompt_claim_process_id_process"),
        sa.PrimaryKeyConstraint("process_id", name="pk_slack_prompt_claim"),
    )


def downgrade() -> None:
    op.drop_table("slack_prompt_claim")
