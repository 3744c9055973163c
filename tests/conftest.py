"""Shared pytest fixtures."""

import shutil
import tempfile

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


# The linter keeps an on-disk cache in the user's cache directory by default: the suite (and the
# flake8 and pylint processes it starts, which inherit the environment) keeps its own, which also
# runs every later check of the fixture projects through the cache, as a user's second run would.
_CACHE_HOME = tempfile.mkdtemp(prefix="async-orm-lint-tests-")
os.environ["XDG_CACHE_HOME"] = _CACHE_HOME


def pytest_sessionfinish(session, exitstatus):  # pylint: disable=unused-argument
    shutil.rmtree(_CACHE_HOME, ignore_errors=True)


def pytest_collection_modifyitems(items):
    """A sweep is slow too: ``-m "not slow"`` never runs one, whatever its module says."""
    for item in items:
        if item.get_closest_marker("sweep") is not None and item.get_closest_marker("slow") is None:
            item.add_marker(pytest.mark.slow)
