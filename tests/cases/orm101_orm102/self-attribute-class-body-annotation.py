from dataclasses import dataclass
from sqlalchemy.ext.asyncio import AsyncSession

@dataclass
class Repository:
    session: AsyncSession

    async def save(self, obj) -> None:
        self.session.add(obj)
        self.session.commit()  # expect: ORM101:9
