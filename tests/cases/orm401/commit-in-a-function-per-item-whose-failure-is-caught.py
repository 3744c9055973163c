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


async def sync_one(session: AsyncSession, repo) -> bool:
    """The callee catches each item's failure (rolls back and reports it): each call is a unit of work."""
    try:
        repo.synced = True
        await session.commit()
        return True
    except Exception:
        await session.rollback()
        logging.exception("sync of %s failed", repo)
        return False


async def sync_or_raise(session: AsyncSession, repo) -> None:
    try:
        repo.synced = True
        await session.commit()
    except Exception:
        await session.rollback()
        raise


async def sync_all(session: AsyncSession, repos: list) -> None:
    for repo in repos:
        await sync_one(session, repo)
    for repo in repos:
        await sync_or_raise(session, repo)  # expect: ORM401:15

