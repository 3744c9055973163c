"""Alembic's op under another name."""

import sqlalchemy as sa
from alembic import op as migrate

revision: str = "b2c3d4e5f6a1"
down_revision: str | None = "a1b2c3d4e5f6"


def upgrade() -> None:
    migrate.rename_table("users", "accounts")


def downgrade() -> None:  # expect: ORM701:1 "(`op.rename_table()`)"
    pass


def unused() -> sa.Column:
    return sa.Column("id", sa.Integer)
