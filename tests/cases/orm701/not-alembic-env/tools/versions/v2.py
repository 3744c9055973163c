"""Not a migration: a module of a tool's versions, without down_revision."""

import sqlalchemy as sa
from alembic import op

revision = "2"


def upgrade() -> None:
    op.create_table("v2", sa.Column("id", sa.Integer, primary_key=True))
