"""A downgrade() with a docstring only (and comments), while upgrade() creates an index."""

import sqlalchemy as sa
from alembic import op

revision = "a1b2c3d4e5f6"
down_revision = "0f9e8d7c6b5a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_users_email", "users", ["email"])


def downgrade() -> None:  # expect: ORM701:1
    """Nothing to undo."""
    # the index stays
