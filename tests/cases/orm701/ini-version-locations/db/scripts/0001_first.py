"""The twin: a module of another folder, not a version location."""

import sqlalchemy as sa
from alembic import op

revision = "0001"


def upgrade() -> None:
    op.create_table("first", sa.Column("id", sa.Integer, primary_key=True))


def downgrade() -> None:
    op.drop_table("first")
