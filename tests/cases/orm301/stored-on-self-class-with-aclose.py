from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

class UnitOfWork:
    def __init__(self) -> None:
        self.session = factory()

    async def aclose(self) -> None:
        await self.session.close()
