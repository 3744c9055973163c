"""Shared pytest fixtures."""

# --- BEGIN postgres_url fixture (see tests/postgres_server.py) -----------------
import contextlib
import os

import pytest

from postgres_server import PostgresUnavailable, throwaway_postgres


@pytest.fixture(scope="session")
def postgres_url():
    """URL of a private PostgreSQL server shared by the whole test session.

    Skips (never fails) where PostgreSQL cannot run, so contributors without it
    can still run the suite; under CI the skip reason carries the full start-up
    output so a broken setup is diagnosable from the log.
    """
    with contextlib.ExitStack() as stack:
        try:
            url = stack.enter_context(throwaway_postgres())
        except PostgresUnavailable as exc:
            reason = str(exc) if os.environ.get("CI") else str(exc).splitlines()[0]
            pytest.skip(f"PostgreSQL unavailable: {reason}")
        yield url
# --- END postgres_url fixture -------------------------------------------------
