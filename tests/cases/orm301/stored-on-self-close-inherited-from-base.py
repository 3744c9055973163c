from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

class Base:
    async def aclose(self) -> None:
        await self.session.close()

class UserRepository(Base):
    def __init__(self) -> None:
        self.session = factory()
