"""Settings of a tool (not Alembic's environment)."""

import os

import sqlalchemy as sa

ENGINE = sa.create_engine(os.environ["DATABASE_URL"])
