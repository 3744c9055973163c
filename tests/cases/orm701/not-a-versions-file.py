"""The twin: outside a versions directory, a module without down_revision does not have the whole shape of a
migration: it is not taken for one."""

import sqlalchemy as sa
from alembic import op

revision = "b2c3d4e5f6a1"


def upgrade() -> None:
    op.create_table("tags", sa.Column("id", sa.Integer, primary_key=True))


def downgrade() -> None:
    pass
