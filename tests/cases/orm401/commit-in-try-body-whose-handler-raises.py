import logging
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

async def import_tags(session: AsyncSession, labels: list[str]) -> None:
    for label in labels:
        try:
            session.add(Tag(label=label))
            await session.commit()  # expect: ORM401:19
        except IntegrityError:
            logging.warning("duplicate %s", label)
            await session.rollback()
            raise
