from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

engine = create_async_engine("sqlite+aiosqlite://")

class MySession(AsyncSession):
    def helper(self) -> None: ...

async def f(a: MySession) -> None:
    a.commit()  # expect: ORM101:5
    b = MySession(engine)
    b.commit()  # expect: ORM101:5
