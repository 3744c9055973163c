from asyncio import gather
from sqlalchemy.ext.asyncio import AsyncSession

async def work(session: AsyncSession, x: int) -> None: ...

async def run_all(session: AsyncSession, xs: list[int]) -> None:
    await gather(*[work(session, x) for x in xs])  # expect: ORM302:11
