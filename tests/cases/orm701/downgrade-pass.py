"""A downgrade() that is pass, while upgrade() adds a column."""

import sqlalchemy as sa
from alembic import op

revision = "a1b2c3d4e5f6"
down_revision = "0f9e8d7c6b5a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("nickname", sa.String(50), nullable=True))


def downgrade() -> None:  # expect: ORM701:1 "`downgrade()` does nothing, but `upgrade()` changes the database (`op.add_column()`)"
    pass
