"""ORM304, bad: a FastAPI dependency that yields its session, annotated as returning the session.

FastAPI runs it as the generator it is, so the endpoint works; the type
checker rejects the annotation (the test runs mypy on this file).

Observed: GET /users/1 -> 200 {'id': 1, 'name': 'ada'}
Mypy: error: The return type of an async generator function should be "AsyncGenerator" or one of its supertypes
"""

import asyncio
import os
from typing import Annotated

import httpx
from fastapi import Depends, FastAPI, HTTPException
from sqlalchemy import String
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///:memory:")

engine = create_async_engine(DATABASE_URL)
async_session = async_sessionmaker(engine, expire_on_commit=False)
app = FastAPI()


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


async def get_db() -> AsyncSession:  # expect: ORM304:23 "annotate it `AsyncIterator[AsyncSession]`"
    async with async_session() as session:
        yield session


@app.get("/users/{user_id}")
async def read_user(user_id: int, session: Annotated[AsyncSession, Depends(get_db)]) -> dict[str, object]:
    user = await session.get(User, user_id)
    if user is None:
        raise HTTPException(status_code=404)
    return {"id": user.id, "name": user.name}


async def main() -> None:
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.drop_all)
        await connection.run_sync(Base.metadata.create_all)
    try:
        async with async_session() as session:
            session.add(User(id=1, name="ada"))
            await session.commit()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.get("/users/1")
            print(f"GET /users/1 -> {response.status_code} {response.json()}")
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
