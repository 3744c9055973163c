"""A parameter nothing annotates is an ``AsyncSession`` when the function uses it as only one can be
used: a coroutine only sessions have (``flush``, ``refresh``, ``scalars``, ``stream_scalars``,
``run_sync``) awaited on it, with another such signal (``add``, ``add_all``, ``expunge``, ``get_bind``),
and nothing read on it an ``AsyncSession`` lacks.  Twins: asyncpg's connection, aiofiles' file, a unit
of work of the project with methods of its own, one signal alone, a sync function."""
from sqlalchemy import select


async def save(session, item) -> None:
    session.add(item)
    await session.flush()
    session.commit()  # expect: ORM101:5


async def reload(session, item) -> None:
    await session.refresh(item)
    rows = await session.scalars(select(1))
    session.rollback()  # expect: ORM101:5
    return rows


async def asyncpg_style(conn, item) -> None:
    await conn.fetch("SELECT 1")
    await conn.execute("INSERT ...")
    conn.close()


async def aiofiles_style(handle, text) -> None:
    await handle.write(text)
    await handle.flush()
    handle.close()


async def unit_of_work(uow, item) -> None:
    uow.add(item)
    await uow.flush()
    uow.register_new(item)
    uow.commit()


async def one_signal(store, item) -> None:
    await store.flush()
    store.commit()


def sync_function(session, item) -> None:
    session.add(item)
    session.flush()
    session.commit()
