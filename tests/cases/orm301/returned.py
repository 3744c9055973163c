from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

def open_session() -> AsyncSession:
    s = factory()
    s.add(AuditLog(event="session opened"))
    return s
