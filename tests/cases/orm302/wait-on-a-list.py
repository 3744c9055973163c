import asyncio
from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: AsyncSession) -> None: ...
async def g(session: AsyncSession) -> None: ...

async def run(session: AsyncSession) -> None:
    done, pending = await asyncio.wait([f(session), g(session)])  # expect: ORM302:27
