from typing import ClassVar, Final, Optional, Union
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.orm import sessionmaker

MAKER = Union[sessionmaker, async_sessionmaker]

class View:
    maker: ClassVar[MAKER]
    fixed: Final = async_sessionmaker()

    async def save(self, stmt) -> None:
        async with self.maker() as session:
            session.commit()  # expect: ORM101:13
            result = session.execute(stmt)  # expect: ORM101:22 "and never awaited"
            return result.all()

    async def save_now(self) -> None:
        async with self.fixed() as session:
            session.flush()  # expect: ORM101:13

async def load(maker: Optional[async_sessionmaker | sessionmaker]) -> None:
    async with maker() as session:
        session.commit()  # expect: ORM101:9
    with maker() as session:
        session.commit()
