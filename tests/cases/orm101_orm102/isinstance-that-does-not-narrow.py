from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

async def f(session: Session | AsyncSession, make, stmt) -> None:
    if isinstance(session, AsyncSession):
        session = make()
        session.commit()
    if isinstance(session, (AsyncSession, Session)):
        session.commit()
    if isinstance(session, Session):
        pass
    else:
        session.commit()
    if not isinstance(session, AsyncSession):
        print("sync")
    session.commit()
    if isinstance(session, AsyncSession):
        def later() -> None:
            session.commit()
        later()

async def g(session, stmt) -> None:
    isinstance = lambda *args: True
    if isinstance(session, AsyncSession):
        session.commit()
    for session in ():
        pass
