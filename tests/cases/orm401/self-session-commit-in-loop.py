from sqlalchemy.ext.asyncio import AsyncSession

class Importer:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def run(self, rows: list[dict]) -> None:
        for row in rows:
            self.session.add(Item(**row))
            await self.session.commit()  # expect: ORM401:19
