from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Folder(Base):
    __tablename__ = "folders"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None]
    name: Mapped[str]


class Folders:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _children(self, folder_id: int) -> int:
        statement = select(func.count()).select_from(Folder).where(Folder.parent_id == folder_id)
        return (await self.session.execute(statement)).scalar_one()

    async def _rename(self, folder_id: int) -> None:
        await self.session.execute(update(Folder).where(Folder.id == folder_id).values(name="x"))

    async def _cached(self, folder_id: int) -> int:
        if folder_id in self.known:
            return self.known[folder_id]
        return await self._children(folder_id)

    async def listing(self, folders: list[Folder]) -> list[int]:
        counts = []
        for folder in folders:
            counts.append(await self._children(folder.id))  # expect: ORM402:33 "`_children()` runs a query (at line 23)"
        for folder in folders:
            await self._rename(folder.id)  # an UPDATE per item loads nothing
        for folder in folders:
            await self._cached(folder.id)  # may return before its query
        for name in ("a", "b"):
            await self._children(len(name))  # a few fixed items
        for folder in folders:
            if await self._children(folder.id):  # the search stops at the first match
                return [folder.id]
        return counts

    async def retried(self, folders: list[Folder]) -> None:
        for folder in folders:
            try:
                await self.session.flush()
            except RuntimeError:
                await self._children(folder.id)  # only for the items that fail
