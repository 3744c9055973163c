"""The twin: a merge revision, both bodies empty."""

import sqlalchemy as sa
from alembic import op

revision = "c0ffee000001"
down_revision = ("a1b2c3d4e5f6", "0f9e8d7c6b5a")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
