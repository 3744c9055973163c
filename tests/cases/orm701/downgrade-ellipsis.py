"""A downgrade() that is ..., while upgrade() creates a table."""

import sqlalchemy as sa
from alembic import op

revision = "a1b2c3d4e5f6"
down_revision = "0f9e8d7c6b5a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("tags", sa.Column("id", sa.Integer, primary_key=True))


def downgrade() -> None:  # expect: ORM701:1 "(`op.create_table()`)"
    ...
