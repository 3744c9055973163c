"""Queries on users that the routers and the services share."""

from __future__ import annotations

from sqlalchemy import func, select, update

from app.models import User

from .base import BaseRepository


class UserRepository(BaseRepository[User]):
    model = User

    async def by_email(self, email: str) -> User | None:
        result = await self.session.execute(select(User).where(User.email == email))
        return result.scalar_one_or_none()

    async def count_active(self) -> int:
        return await self.session.scalar(select(func.count()).select_from(User).where(User.is_active))

    async def create(self, email: str, name: str) -> User:
        user = User(email=email, name=name)
        await self.session.add(user)  # expect: ORM102:9  needs: app/repositories/base.py
        await self.session.flush()
        return user

    async def deactivate(self, user_id: int) -> None:
        stmt = update(User).where(User.id == user_id).values(is_active=False)
        self.session.execute(stmt)  # expect: ORM101:9  needs: app/repositories/base.py
        await self.session.commit()

    async def search(self, term: str) -> list[User]:
        result = await self.session.execute(select(User).where(User.name.ilike(f"%{term}%")))
        return list(await result.scalars().all())  # expect: ORM102:21  needs: app/repositories/base.py
