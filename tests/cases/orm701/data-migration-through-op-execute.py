"""op.execute() changes what upgrade() leaves: a downgrade() that does nothing hides it."""

import sqlalchemy as sa
from alembic import op

revision = "a1b2c3d4e5f6"
down_revision = "0f9e8d7c6b5a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE users SET active = true WHERE active IS NULL")


def downgrade() -> None:  # expect: ORM701:1 "(`op.execute()`)"
    pass
