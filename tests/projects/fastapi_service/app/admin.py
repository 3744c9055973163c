"""An admin panel that takes a sync or an async session factory, as admin libraries do."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import select

from app.core.db import AnySessionMaker
from app.models.user import User


class UserAdmin:
    session_maker: ClassVar[AnySessionMaker]
    is_async: ClassVar[bool] = True

    async def count(self) -> int:
        stmt = select(User)
        if self.is_async:
            async with self.session_maker() as session:
                rows = session.execute(stmt)  # expect: ORM101:24  needs: app/core/db.py
                return len(rows.all())
        with self.session_maker() as session:
            return len(session.execute(stmt).all())  # expect: ORM502:24  needs: app/core/db.py

    async def rename(self, user_id: int, name: str) -> None:
        if self.is_async:
            async with self.session_maker() as session:
                user = await session.get(User, user_id)
                user.name = name
                session.commit()  # expect: ORM101:17  needs: app/core/db.py
        else:
            with self.session_maker() as session:
                user = session.get(User, user_id)  # expect: ORM502:24  needs: app/core/db.py
                user.name = name
                session.commit()  # expect: ORM502:17  needs: app/core/db.py
