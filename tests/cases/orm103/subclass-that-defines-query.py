from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession


class QuerySession(AsyncSession):
    async def query(self, model):
        return (await self.scalars(select(model))).all()


class PlainSubclass(AsyncSession):
    pass


async def users(session: QuerySession, User) -> list:
    return await session.query(User)


async def plain(session: PlainSubclass, User) -> list:
    return session.query(User).all()  # expect: ORM103:12
