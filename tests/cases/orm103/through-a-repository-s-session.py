from sqlalchemy.ext.asyncio import AsyncSession


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_email(self, User, email: str):
        return self.session.query(User).filter_by(email=email).first()  # expect: ORM103:16 "`await self.session.scalars("


class Service:
    def __init__(self, repository: UserRepository) -> None:
        self.repository = repository

    async def find(self, User, email: str):
        return self.repository.session.query(User).filter_by(email=email).first()  # expect: ORM103:16
