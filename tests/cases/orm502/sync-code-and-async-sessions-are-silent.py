from fastapi import Depends, FastAPI
from sqlalchemy import create_engine, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine("sqlite://")
SessionLocal = sessionmaker(engine)
async_engine = create_async_engine("sqlite+aiosqlite://")
async_session = async_sessionmaker(async_engine)
app = FastAPI()


def get_db():
    with SessionLocal() as session:
        yield session


@app.get("/users")
def list_users(User, db: Session = Depends(get_db)) -> list:
    return list(db.scalars(select(User)))


with SessionLocal() as script_session:
    script_session.execute(select(1))
    script_session.commit()


async def with_the_async_api(User) -> list:
    async with async_session() as session:
        rows = list(await session.scalars(select(User)))
        await session.commit()
    async with async_engine.connect() as connection:
        await connection.execute(select(1))
    return rows


async def building_objects_only(User) -> Session:
    session = SessionLocal()
    session.add(User())
    session.expunge_all()
    return session
