"""Domain events the app reads (guidance shown, summary posted) get their own table; the audit log becomes
write-only for the app. Existing audit rows of those two kinds are copied over, so underlag already
written keep citing the passages shown.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "process_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["process_id"], ["process.id"], name="fk_process_event_process_id_process"),
        sa.PrimaryKeyConstraint("id", name="pk_process_event"),
    )
    op.create_index("ix_process_event_process_id", "process_event", ["process_id"])
    op.execute("INSERT INTO process_event (process_id, kind, actor, detail, created_at) "
               "SELECT process_id, action, actor, detail, created_at FROM audit_event "
               "WHERE process_id IS NOT NULL AND action IN ('guidance_shown', 'summary_posted') ORDER BY id")


def downgrade() -> None:
    op.drop_index("ix_process_event_process_id", table_name="process_event")
    op.drop_table("process_event")
