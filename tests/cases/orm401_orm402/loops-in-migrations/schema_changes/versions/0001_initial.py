"""The first revision."""

from sqlalchemy import Column  # noqa: F401

revision = "0001"
down_revision = None
