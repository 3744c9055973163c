"""A helper that builds a client on the session it is given and returns it (alone, or in a tuple) gives
the session back: the caller still has to close it.  Twins: the caller returns the client (its caller
closes it), the helper also stores the session for later."""
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))
clients: list = []


class DriveClient:
    def __init__(self, session: AsyncSession, token: str) -> None:
        self.session = session
        self.token = token

    async def files(self) -> list:
        return list(await self.session.scalars(...))


def build_client(session: AsyncSession, token: str) -> tuple[DriveClient | None, str | None]:
    if not token:
        return None, "no token"
    return DriveClient(session, token), None


def plain_client(session: AsyncSession) -> DriveClient:
    client = DriveClient(session, "t")
    return client


def registered_client(session: AsyncSession) -> DriveClient:
    client = DriveClient(session, "t")
    clients.append(client)
    return client


async def index_files(token: str) -> list:
    session = factory()  # expect: ORM301:15
    client, error = build_client(session, token)
    if error or client is None:
        return []
    return await client.files()


async def index_plain() -> list:
    session = factory()  # expect: ORM301:15
    return await plain_client(session).files()


async def client_for_caller(token: str) -> DriveClient | None:
    session = factory()
    client, _ = build_client(session, token)
    return client


async def index_registered() -> list:
    session = factory()
    return await registered_client(session).files()
