"""What an answer's author was shown: the origin of each answer version (the question message a thread
reply came under, or the modal), that message on the reply's draft, and a log of every message that
showed a question or gate in a step thread (a reply belongs to the newest one older than itself).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("answer_version") as batch:
        batch.add_column(sa.Column("origin", sa.String(100), nullable=True))
    with op.batch_alter_table("slack_reply_draft") as batch:
        batch.add_column(sa.Column("question_ts", sa.String(32), nullable=True))
    op.create_table(
        "slack_shown_message",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.String(32), nullable=False),
        sa.Column("thread_ts", sa.String(32), nullable=False),
        sa.Column("ts", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["process_id"], ["process.id"], name="fk_slack_shown_message_process_id_process"),
        sa.PrimaryKeyConstraint("id", name="pk_slack_shown_message"),
        sa.UniqueConstraint("channel_id", "ts", name="uq_slack_shown_message_channel_id_ts"),
    )
    op.create_index("ix_slack_shown_message_process_id", "slack_shown_message", ["process_id"])
    op.create_index("ix_slack_shown_message_thread_ts", "slack_shown_message", ["thread_ts"])


def downgrade() -> None:
    op.drop_index("ix_slack_shown_message_thread_ts", table_name="slack_shown_message")
    op.drop_index("ix_slack_shown_message_process_id", table_name="slack_shown_message")
    op.drop_table("slack_shown_message")
    with op.batch_alter_table("slack_reply_draft") as batch:
        batch.drop_column("question_ts")
    with op.batch_alter_table("answer_version") as batch:
        batch.drop_column("origin")
