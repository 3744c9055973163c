from typing import Annotated
from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

async def get_db(): ...

SessionDep = Annotated[AsyncSession, Depends(get_db)]

async def route(session: SessionDep) -> None:
    session.commit()  # expect: ORM101:5
