from typing import Generic, Optional, TypeVar, Union
from sqlalchemy import Engine
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import sessionmaker

EngineT = TypeVar("EngineT", bound="Union[Engine, AsyncEngine]")
SessionT = TypeVar("SessionT", bound=AsyncSession)
MakerT = TypeVar("MakerT", sessionmaker, async_sessionmaker)

class Config(Generic[EngineT]):
    engine_instance: Optional[EngineT] = None
    maker: MakerT

    async def create_all(self, metadata) -> None:
        async with self.engine_instance.begin() as conn:
            conn.run_sync(metadata.create_all)  # expect: ORM101:13
        async with self.engine_instance.connect() as conn:
            conn.commit()  # expect: ORM101:13
        async with self.maker.begin() as session:
            session.flush()  # expect: ORM101:13

async def save(session: SessionT) -> None:
    session.commit()  # expect: ORM101:5
