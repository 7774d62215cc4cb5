"""ABCDE reporting: schedules, skipped periods, report versions, reminder dispatches, posted reports.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VIAS = "via IN ('terminal', 'slack_thread', 'slack_modal', 'cli', 'import')"


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}")


def upgrade() -> None:
    op.create_table(
        "abcde_schedule",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("cadence", sa.String(16), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("at_time", sa.String(5), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("anchor", sa.Date(), nullable=False),
        sa.Column("target", sa.String(16), nullable=False),
        sa.Column("channel_id", sa.String(32), nullable=True),
        sa.Column("thread_ts", sa.String(32), nullable=True),
        sa.Column("reporters", sa.JSON(), nullable=False),
        sa.Column("nudge_hours", sa.Integer(), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("active_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("set_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _fk("abcde_schedule", "process_id", "process"),
        sa.PrimaryKeyConstraint("id", name="pk_abcde_schedule"),
        sa.UniqueConstraint("process_id", name="uq_abcde_schedule_process_id"),
        sa.CheckConstraint("cadence IN ('weekly', 'biweekly', 'monthly')", name="ck_abcde_schedule_cadence"),
        sa.CheckConstraint("target IN ('channel', 'thread')", name="ck_abcde_schedule_target"),
    )
    op.create_table(
        "abcde_skip",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("schedule_id", sa.Integer(), nullable=False),
        sa.Column("period_key", sa.String(10), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("abcde_skip", "schedule_id", "abcde_schedule"),
        sa.PrimaryKeyConstraint("id", name="pk_abcde_skip"),
        sa.UniqueConstraint("schedule_id", "period_key", name="uq_abcde_skip_schedule_id_period_key"),
    )
    op.create_index("ix_abcde_skip_schedule_id", "abcde_skip", ["schedule_id"])
    op.create_table(
        "abcde_report_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("period_key", sa.String(10), nullable=False),
        sa.Column("period_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("period_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("via", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("abcde_report_version", "process_id", "process"),
        sa.PrimaryKeyConstraint("id", name="pk_abcde_report_version"),
        sa.UniqueConstraint("process_id", "period_key", "author", "version",
                            name="uq_abcde_report_version_process_id_period_key_author_version"),
        sa.CheckConstraint(VIAS, name="ck_abcde_report_version_via"),
    )
    op.create_index("ix_abcde_report_version_process_id", "abcde_report_version", ["process_id"])
    op.create_table(
        "abcde_dispatch",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("schedule_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("period_key", sa.String(10), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("instance", sa.String(200), nullable=False),
        sa.Column("channel_id", sa.String(32), nullable=True),
        sa.Column("message_ts", sa.String(32), nullable=True),
        sa.Column("error", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("abcde_dispatch", "schedule_id", "abcde_schedule"),
        sa.PrimaryKeyConstraint("id", name="pk_abcde_dispatch"),
        sa.UniqueConstraint("schedule_id", "user_id", "period_key", "kind",
                            name="uq_abcde_dispatch_schedule_id_user_id_period_key_kind"),
        sa.CheckConstraint("kind IN ('reminder', 'nudge')", name="ck_abcde_dispatch_kind"),
        sa.CheckConstraint("status IN ('claimed', 'sent', 'failed')", name="ck_abcde_dispatch_status"),
    )
    op.create_index("ix_abcde_dispatch_schedule_id", "abcde_dispatch", ["schedule_id"])
    op.create_table(
        "abcde_post",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("period_key", sa.String(10), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("channel_id", sa.String(32), nullable=True),
        sa.Column("message_ts", sa.String(32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("abcde_post", "process_id", "process"),
        sa.PrimaryKeyConstraint("id", name="pk_abcde_post"),
        sa.UniqueConstraint("process_id", "period_key", "author", name="uq_abcde_post_process_id_period_key_author"),
    )
    op.create_index("ix_abcde_post_process_id", "abcde_post", ["process_id"])


def downgrade() -> None:
    op.drop_index("ix_abcde_post_process_id", table_name="abcde_post")
    op.drop_table("abcde_post")
    op.drop_index("ix_abcde_dispatch_schedule_id", table_name="abcde_dispatch")
    op.drop_table("abcde_dispatch")
    op.drop_index("ix_abcde_report_version_process_id", table_name="abcde_report_version")
    op.drop_table("abcde_report_version")
    op.drop_index("ix_abcde_skip_schedule_id", table_name="abcde_skip")
    op.drop_table("abcde_skip")
    op.drop_table("abcde_schedule")
