from typing import TypeVar, Union
from sqlalchemy import Engine
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import Session

EngineT = TypeVar("EngineT", Engine, AsyncEngine)
AnySession = TypeVar("AnySession", bound=Union[Session, AsyncSession])
Unbound = TypeVar("Unbound")

async def f(engine: EngineT, session: AnySession, other: Unbound, metadata) -> None:
    engine.dispose()
    engine.connect()
    with engine.begin() as conn:
        conn.commit()
    with engine.connect() as conn2:
        conn2.run_sync(metadata.create_all)
    session.commit()
    other.commit()
