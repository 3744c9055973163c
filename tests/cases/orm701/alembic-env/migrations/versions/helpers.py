"""The twin: a module of the versions directory that is not a revision (no revision, no upgrade())."""

import sqlalchemy as sa
from alembic import op


def create_audit_columns(table: str) -> None:
    op.add_column(table, sa.Column("created_at", sa.DateTime()))
