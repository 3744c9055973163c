from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

async def apply(session: AsyncSession, connector, changes: dict) -> None:
    for key, value in changes.items():
        if value != connector.connector_type:
            duplicate = await session.scalar(select(Connector).where(Connector.kind == value))  # expect: ORM402:31
            if duplicate is not None:
                raise ValueError(value)
