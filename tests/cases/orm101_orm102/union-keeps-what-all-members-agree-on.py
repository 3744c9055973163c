from typing import Union
from sqlalchemy.ext.asyncio import AsyncSession, async_scoped_session
from sqlalchemy.orm import Session

async def f(a: Union[AsyncSession, Session], s: Union[AsyncSession, async_scoped_session[AsyncSession]]):
    a.commit()
    await a.add(1)  # expect: ORM102:5
    s.commit()  # expect: ORM101:5
    s.run_sync(print)
