import logging

from sqlalchemy.ext.asyncio import AsyncSession


async def rename(session: AsyncSession, note, new_path: str) -> None:
    note.path = new_path
    await session.commit()


async def rename_all(session: AsyncSession, renames: list) -> list:
    failed = []
    for note, new_path in renames:
        try:
            await rename(session, note, new_path)
        except Exception:
            logging.exception("rename of %s failed", note)
            await session.rollback()
            failed.append(note)
    for note, new_path in renames:
        await rename(session, note, new_path)  # expect: ORM401:15
    return failed
