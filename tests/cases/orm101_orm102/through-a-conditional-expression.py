from sqlalchemy.ext.asyncio import AsyncSession

async def finish(session: AsyncSession, ok: bool) -> None:
    session.commit() if ok else session.rollback()  # expect: ORM101:5, ORM101:33
    ok and session.flush()  # expect: ORM101:12

async def save(session: AsyncSession, commit: bool) -> None:
    return session.commit() if commit else session.flush()  # expect: ORM101:12 "is returned without `await`", ORM101:44 "is returned without `await`"

async def later(session: AsyncSession, ok: bool) -> None:
    job = session.commit() if ok else session.rollback()  # expect: ORM101:11 "and never awaited", ORM101:39 "and never awaited"
    print("done")
