from acme.db.engine import ExtendedEngine


class UserRepository:
    _db: ExtendedEngine

    def __init__(self, db: ExtendedEngine) -> None:
        self._db = db

    async def rename(self, user, name: str) -> None:
        async with self._db.begin_session() as session:
            user.name = name
            session.add(user)
            session.commit()  # expect: ORM101:13

    async def rename_elsewhere(self, other_db, user, name: str) -> None:
        async with other_db.begin_session() as session:
            user.name = name
            session.commit()
