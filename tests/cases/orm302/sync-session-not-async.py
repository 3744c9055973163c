import asyncio
from sqlalchemy.orm import Session

async def report(session: Session) -> None: ...

async def run(session: Session) -> None:
    await asyncio.gather(report(session), report(session))
