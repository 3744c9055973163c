"""The place says it is a migration, even without its whole shape: op imported under another path."""

import sqlalchemy as sa
import alembic.op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    alembic.op.create_index("ix_users_email", "users", ["email"])


def downgrade() -> None:  # expect: ORM701:1 "(`op.create_index()`)"
    """Kept."""
