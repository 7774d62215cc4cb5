"""Slack step threads: one thread per step of a process in its channel.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "slack_step_thread",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("step_number", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.String(32), nullable=False),
        sa.Column("thread_ts", sa.String(32), nullable=False),
        sa.Column("message_ts", sa.String(32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["process_id"], ["process.id"], name="fk_slack_step_thread_process_id_process"),
        sa.PrimaryKeyConstraint("id", name="pk_slack_step_thread"),
        sa.UniqueConstraint("process_id", "step_number", name="uq_slack_step_thread_process_id_step_number"),
    )
    op.create_index("ix_slack_step_thread_process_id", "slack_step_thread", ["process_id"])
    op.create_index("ix_slack_step_thread_thread_ts", "slack_step_thread", ["thread_ts"])


def downgrade() -> None:
    op.drop_index("ix_slack_step_thread_thread_ts", table_name="slack_step_thread")
    op.drop_index("ix_slack_step_thread_process_id", table_name="slack_step_thread")
    op.drop_table("slack_step_thread")
