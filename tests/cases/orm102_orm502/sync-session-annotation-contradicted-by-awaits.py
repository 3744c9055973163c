"""A coroutine that awaits the I/O of a parameter annotated `Session`: the annotation or the awaits are
wrong, and the code does not say which; never advise removing the `await`s."""
from sqlalchemy import select
from sqlalchemy.orm import Session


async def load(session: Session, user_id: int):  # expect: ORM102:25 "annotate it `AsyncSession`"
    result = await session.execute(select(1))
    await session.commit()
    return result


async def mixed(session: Session):
    session.execute(select(1))  # expect: ORM502:5
    await session.commit()  # expect: ORM102:5, ORM502:11


async def blocking(session: Session):
    return session.execute(select(1)).all()  # expect: ORM502:12


async def rebound(session: Session):
    session = Session()
    await session.commit()  # expect: ORM102:5, ORM502:11
