"""The throwaway PostgreSQL server works, and really goes away afterwards."""

import asyncio
import socket
from urllib.parse import urlsplit

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from postgres_server import PostgresUnavailable, create_database, throwaway_postgres

pytestmark = pytest.mark.slow  # every test starts or uses a PostgreSQL server


def _accepts_connections(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError:
        return False
    return True


def test_select_one_in_fresh_database(postgres_url):
    url = create_database(postgres_url, "test_select_one")
    assert url.endswith("/test_select_one")

    async def main():
        engine = create_async_engine(url)
        try:
            async with engine.connect() as conn:
                return (await conn.execute(text("select 1"))).scalar_one()
        finally:
            await engine.dispose()

    assert asyncio.run(main()) == 1


@pytest.mark.parametrize("body_raises", [False, True])
def test_server_is_gone_after_exit(body_raises):
    class Boom(Exception):
        pass

    port = None
    try:
        with throwaway_postgres() as url:
            port = urlsplit(url).port
            assert _accepts_connections(port)
            if body_raises:
                raise Boom
    except PostgresUnavailable as exc:
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    except Boom:
        assert body_raises
    assert port is not None
    assert not _accepts_connections(port)
