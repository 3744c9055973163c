from sqlalchemy.ext.asyncio import AsyncSession

class Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def reset(self, other) -> None:
        self.session = other

    async def save(self) -> None:
        self.session.commit()
