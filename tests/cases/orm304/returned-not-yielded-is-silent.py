from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

async_session = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))


def new_session() -> AsyncSession:
    return async_session()


async def opened() -> AsyncSession:
    session = async_session()
    await session.connection()
    return session


async def rows(session: AsyncSession, User) -> AsyncSession:
    result = [(yield_ for yield_ in (await session.scalars(User)).all())]
    print(result)
    return session


def with_a_nested_generator() -> AsyncSession:
    def batches():
        yield 1

    print(list(batches()))
    return async_session()


class NotASession:
    pass


async def yields_something_else() -> NotASession:
    yield NotASession()


async def yields_an_int() -> int:
    yield 1
