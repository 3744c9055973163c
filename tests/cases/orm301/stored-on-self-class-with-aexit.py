from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

class UnitOfWork:
    async def __aenter__(self) -> "UnitOfWork":
        self.session = factory()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.session.close()
