class AsyncSession:
    pass

async def f(session: "AsyncSession", obj) -> None:
    session.commit()
    await session.add(obj)
