from sqlalchemy.ext.asyncio import AsyncSession

def default_session() -> AsyncSession: ...

async def route(session=default_session()) -> None:
    # a default value is not what the caller passes
    session.commit()
