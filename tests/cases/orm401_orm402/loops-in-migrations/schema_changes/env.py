"""Alembic's environment: beside versions/, it makes this folder an Alembic script directory, whatever its name."""

from alembic import context  # noqa: F401
from sqlalchemy import pool  # noqa: F401
