from typing import Annotated
from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

async def get_db(): ...

async def route(session: Annotated[AsyncSession, Depends(get_db)]) -> None:
    session.commit()  # expect: ORM101:5
