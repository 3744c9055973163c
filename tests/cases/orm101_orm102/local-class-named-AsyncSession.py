import sqlalchemy

class AsyncSession:
    def commit(self) -> None: ...
    async def add(self, obj) -> None: ...

async def f(session: AsyncSession, obj) -> None:
    session.commit()
    await session.add(obj)
