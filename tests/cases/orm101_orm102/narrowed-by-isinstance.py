from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

async def count(session: Session | AsyncSession, stmt, obj) -> int:
    if isinstance(session, AsyncSession):
        session.execute(stmt)  # expect: ORM101:9
        await session.add(obj)  # expect: ORM102:9
    elif isinstance(session, Session) and obj is not None:
        await session.commit()  # expect: ORM102:9
    return 0

async def save(request, obj) -> None:
    session = request.state.session
    if not isinstance(session, AsyncSession):
        raise TypeError("an async session is needed")
    session.add(obj)
    session.commit()  # expect: ORM101:5
