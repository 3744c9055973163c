"""A downgrade() that returns at once, while upgrade() alters a table in batch mode (SQLite)."""

import sqlalchemy as sa
from alembic import op

revision = "a1b2c3d4e5f6"
down_revision = "0f9e8d7c6b5a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.alter_column("name", existing_type=sa.String(50), type_=sa.String(100))


def downgrade() -> None:  # expect: ORM701:1 "(`op.batch_alter_table()`)"
    return None
