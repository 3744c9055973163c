import sqlalchemy


class SearchSession:
    def query(self, text: str) -> list[str]:
        return [text]


async def search(session: SearchSession) -> list[str]:
    return session.query("sqlalchemy")


async def unannotated(session, User) -> list:
    return session.query(User).all()


async def any_object(db: object, User) -> list:
    return db.query(User).all()  # type: ignore[attr-defined]


session = SearchSession()


async def module_level_name() -> list[str]:
    return session.query(sqlalchemy.__name__)
