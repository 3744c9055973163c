import requests
import sqlalchemy


class Cache:
    def get(self, key: str) -> str:
        return key

    def execute(self, command: str) -> None:
        print(command)


async def fetch(url: str) -> int:
    session = requests.Session()
    return session.get(url).status_code


async def cached(cache: Cache) -> str:
    cache.execute("PING")
    return cache.get(sqlalchemy.__name__)


async def unannotated(session, User) -> list:
    return session.query(User).all()
