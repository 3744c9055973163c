"""A revision of the script location of alembic.ini, without down_revision."""

import sqlalchemy as sa
from alembic import op

revision = "0001"  # expect: ORM701:1


def upgrade() -> None:
    op.create_table("first", sa.Column("id", sa.Integer, primary_key=True))


def downgrade() -> None:
    op.drop_table("first")
