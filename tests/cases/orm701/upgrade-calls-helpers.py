"""The twin: an upgrade() that calls helpers of its own (what they do is not read)."""

import sqlalchemy as sa
from alembic import op

revision = "a1b2c3d4e5f6"
down_revision = "0f9e8d7c6b5a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _create_tables()


def downgrade() -> None:
    pass


def _create_tables() -> None:
    op.create_table("tags", sa.Column("id", sa.Integer, primary_key=True))
