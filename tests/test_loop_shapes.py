"""ORM401 and ORM402 on the loop shapes real code has: checkpoints, groups, one-item guards.

Each shape that silences a rule has its twin that is still reported.
"""

from __future__ import annotations

import textwrap

import pytest

from marked_snippets import check_marked

CHECKPOINTS = [
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def index(session: AsyncSession, documents: list, embed) -> None:
            for document in documents:
                document.status = "processing"
                await session.commit()  # the state is visible before the long step
                document.vector = await embed(document.text)
                document.status = "ready"
        """,
        id="commit-before-awaited-work",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def charge(session: AsyncSession, orders: list, billing) -> None:
            for order in orders:
                session.add(Invoice(order_id=order.id))
                await session.commit()
                await billing.charge(order.customer_id)  # only once the invoice is saved
        """,
        id="commit-before-an-external-call",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def save(session: AsyncSession, rows: list) -> None:
            for row in rows:
                session.add(Item(**row))
                await session.commit()  # ORM401
                await session.refresh(row)  # the session's own I/O: no checkpoint
        """,
        id="twin-followed-by-the-session-s-own-io",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def save(session: AsyncSession, rows: list, notify) -> None:
            for row in rows:
                await notify(row)
                session.add(Item(**row))
                await session.commit()  # ORM401
        """,
        id="twin-awaited-work-before-the-commit",
    ),
]


@pytest.mark.parametrize("source", CHECKPOINTS)
def test_orm401_checkpoints(source: str) -> None:
    check_marked(textwrap.dedent(source), ("ORM401",))


GROUPS_AND_GUARDS = [
    pytest.param(
        """\
        from sqlalchemy import select
        from sqlalchemy.ext.asyncio import AsyncSession

        async def mappings(session: AsyncSession, ids_by_kind: dict) -> dict:
            found = {}
            for kind, ids in ids_by_kind.items():
                stmt = select(Mapping).where(Mapping.kind == kind, Mapping.source_id.in_(ids))
                for mapping in (await session.execute(stmt)).scalars().all():
                    found[(kind, mapping.source_id)] = mapping
            return found
        """,
        id="one-query-per-group",
    ),
    pytest.param(
        """\
        from sqlalchemy import select
        from sqlalchemy.ext.asyncio import AsyncSession

        async def mappings(session: AsyncSession, ids_by_kind: dict) -> dict:
            found = {}
            for kind, ids in ids_by_kind.items():
                for source_id in ids:
                    stmt = select(Mapping).where(Mapping.kind == kind, Mapping.source_id == source_id)
                    found[source_id] = (await session.execute(stmt)).scalar_one()  # ORM402
            return found
        """,
        id="twin-one-query-per-item-of-a-group",
    ),
    pytest.param(
        """\
        from sqlalchemy import select
        from sqlalchemy.ext.asyncio import AsyncSession

        async def apply(session: AsyncSession, connector, changes: dict) -> None:
            for key, value in changes.items():
                if key == "connector_type" and value != connector.connector_type:
                    duplicate = await session.scalar(select(Connector).where(Connector.connector_type == value))
                    if duplicate is not None:
                        raise ValueError(value)
                setattr(connector, key, value)
        """,
        id="query-for-one-key",
    ),
    pytest.param(
        """\
        from sqlalchemy import select
        from sqlalchemy.ext.asyncio import AsyncSession

        async def apply(session: AsyncSession, connector, changes: dict) -> None:
            for key, value in changes.items():
                if value != connector.connector_type:
                    duplicate = await session.scalar(select(Connector).where(Connector.kind == value))  # ORM402
                    if duplicate is not None:
                        raise ValueError(value)
        """,
        id="twin-query-for-every-key-that-changed",
    ),
]


@pytest.mark.parametrize("source", GROUPS_AND_GUARDS)
def test_orm402_groups_and_guards(source: str) -> None:
    check_marked(textwrap.dedent(source), ("ORM402",))
