"""The twin: a downgrade() that raises is a decision (the revision cannot be undone)."""

import sqlalchemy as sa
from alembic import op

revision = "a1b2c3d4e5f6"
down_revision = "0f9e8d7c6b5a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_column("users", "legacy_flags")


def downgrade() -> None:
    raise NotImplementedError("a1b2c3d4e5f6 drops data: restore from a backup")
