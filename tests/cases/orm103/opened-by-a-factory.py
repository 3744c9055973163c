from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

engine = create_async_engine("sqlite+aiosqlite://")
async_session = async_sessionmaker(engine, expire_on_commit=False)


async def get_db():
    async with async_session() as session:
        yield session


async def list_users(User, db=Depends(get_db)):
    return db.query(User).all()  # expect: ORM103:12


async def script(User) -> None:
    async with async_session() as session:
        for user in session.query(User):  # expect: ORM103:21
            print(user)
    async with AsyncSession(engine) as other:
        print(other.query(User).count())  # expect: ORM103:15
