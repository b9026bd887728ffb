"""Shared state: conversations, WeChat message state, request limits.

Revision ID: 0001
Revises:
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "govqa_meta",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "conversations",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Float, nullable=False),
    )
    op.create_index("ix_conversations_updated_at", "conversations", ["updated_at"])
    op.create_table(
        "wechat_messages",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("work_id", sa.String(64), nullable=False),
        sa.Column("deliveries", sa.Integer, nullable=False),
        sa.Column("reply", sa.Text, nullable=True),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("updated_at", sa.Float, nullable=False),
    )
    op.create_index("ix_wechat_messages_created_at", "wechat_messages", ["created_at"])
    for name in ("wechat_aliases", "wechat_pending"):
        op.create_table(
            name,
            sa.Column("id", sa.String(64), primary_key=True),
            sa.Column("work_id", sa.String(64), nullable=False),
            sa.Column("created_at", sa.Float, nullable=False),
        )
        op.create_index(f"ix_{name}_created_at", name, ["created_at"])
    op.create_table(
        "rate_limits",
        sa.Column("scope", sa.String(16), primary_key=True),
        sa.Column("client", sa.String(64), primary_key=True),
        sa.Column("window_start", sa.Float, nullable=False),
        sa.Column("hits", sa.Integer, nullable=False),
    )
    op.create_index("ix_rate_limits_window_start", "rate_limits", ["window_start"])


def downgrade() -> None:
    for name in ("rate_limits", "wechat_pending", "wechat_aliases", "wechat_messages", "conversations", "govqa_meta"):
        op.drop_table(name)
