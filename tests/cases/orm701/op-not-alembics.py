"""The twin: the shape of a migration, but op is not Alembic's (the module still mentions SQLAlchemy)."""

import sqlalchemy as sa

from myproject.schema import op

revision = "b2c3d4e5f6a1"
down_revision = "a1b2c3d4e5f6"


def upgrade() -> None:
    op.create_table("tags", sa.Column("id", sa.Integer, primary_key=True))


def downgrade() -> None:
    pass
