from some_framework import Service
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

class UserRepository(Service):
    def __init__(self) -> None:
        self.session = factory()
