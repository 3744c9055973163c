from typing import Union
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

async def f(a: Union[AsyncSession, Session], b: "AsyncSession | Session") -> None:
    a.commit()
    b.commit()
    await b.commit()
