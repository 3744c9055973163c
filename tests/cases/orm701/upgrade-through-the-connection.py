"""The twin: an upgrade() whose only operation of op is get_bind(): it moves data through the connection."""

import sqlalchemy as sa
from alembic import op

revision = "a1b2c3d4e5f6"
down_revision = "0f9e8d7c6b5a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    connection.execute(sa.text("UPDATE users SET active = true WHERE active IS NULL"))


def downgrade() -> None:
    pass
