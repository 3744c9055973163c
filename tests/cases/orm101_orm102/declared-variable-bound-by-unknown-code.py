from sqlalchemy.ext.asyncio import AsyncSession

async def f(view) -> None:
    session: AsyncSession
    async with view.session_maker() as session:
        session.commit()  # expect: ORM101:9

class Job:
    session: AsyncSession

    def __init__(self, maker) -> None:
        self.session = maker()

    async def run(self) -> None:
        self.session.flush()  # expect: ORM101:9
