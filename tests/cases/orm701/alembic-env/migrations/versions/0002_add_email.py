"""add email: no down_revision, so Alembic cannot load the directory"""

import sqlalchemy as sa
from alembic import op

revision = "0002"  # expect: ORM701:1 "this migration has no `down_revision`"


def upgrade() -> None:
    op.add_column("users", sa.Column("email", sa.String(200)))


def downgrade() -> None:
    op.drop_column("users", "email")
