from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

engine = create_async_engine("sqlite+aiosqlite://")

class MySession(AsyncSession):
    async def add(self, obj) -> None:
        super().add(obj)
        await self.flush()

async def f(a: MySession, obj) -> None:
    await a.add(obj)
    await MySession(engine).add(obj)
    async with MySession(engine) as b:
        await b.add(obj)
        await b.expunge(obj)  # expect: ORM102:9
