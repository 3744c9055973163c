"""The twin: a merge revision, both bodies empty."""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = ("0003", "0001")


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
