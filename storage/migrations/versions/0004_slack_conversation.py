"""Slack conversation: bot messages showing a question or gate (updated in place), and thread replies
waiting for their author's «Spara som svar».

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "slack_posted_message",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("channel_id", sa.String(32), nullable=False),
        sa.Column("ts", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["process_id"], ["process.id"], name="fk_slack_posted_message_process_id_process"),
        sa.PrimaryKeyConstraint("id", name="pk_slack_posted_message"),
        sa.UniqueConstraint("process_id", "kind", "key", name="uq_slack_posted_message_process_id_kind_key"),
    )
    op.create_index("ix_slack_posted_message_process_id", "slack_posted_message", ["process_id"])
    op.create_table(
        "slack_reply_draft",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("channel_id", sa.String(32), nullable=False),
        sa.Column("ts", sa.String(32), nullable=False),
        sa.Column("thread_ts", sa.String(32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["process_id"], ["process.id"], name="fk_slack_reply_draft_process_id_process"),
        sa.PrimaryKeyConstraint("id", name="pk_slack_reply_draft"),
        sa.UniqueConstraint("channel_id", "ts", name="uq_slack_reply_draft_channel_id_ts"),
    )
    op.create_index("ix_slack_reply_draft_process_id", "slack_reply_draft", ["process_id"])


def downgrade() -> None:
    op.drop_index("ix_slack_reply_draft_process_id", table_name="slack_reply_draft")
    op.drop_table("slack_reply_draft")
    op.drop_index("ix_slack_posted_message_process_id", table_name="slack_posted_message")
    op.drop_table("slack_posted_message")
