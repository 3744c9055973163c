from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

class UserRepository:
    def __init__(self) -> None:
        self.session = factory()  # expect: ORM301:24 "that nothing closes"

    async def add(self, user: User) -> None:
        self.session.add(user)
        await self.session.commit()
