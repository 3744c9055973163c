from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

async def apply(session: AsyncSession, connector, changes: dict) -> None:
    for key, value in changes.items():
        if key == "connector_type" and value != connector.connector_type:
            duplicate = await session.scalar(select(Connector).where(Connector.connector_type == value))
            if duplicate is not None:
                raise ValueError(value)
        setattr(connector, key, value)
