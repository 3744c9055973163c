"""/users endpoints."""

from __future__ import annotations

from datetime import datetime, timezone

from fastapi import APIRouter, Depends, HTTPException, status
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..deps import SessionDep, get_db, get_db_unannotated
from ..models import User
from ..repositories.users import UserRepository
from ..schemas import UserCreate, UserOut

router = APIRouter(prefix="/users", tags=["users"])


def _not_found() -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, "no such user")


@router.get("/{user_id}", response_model=UserOut)
async def read_user(user_id: int, db: SessionDep) -> User:
    user = await db.get(User, user_id)
    if user is None:
        raise _not_found()
    return user


@router.get("", response_model=list[UserOut])
async def list_users(db: AsyncSession = Depends(get_db), limit: int = 50, offset: int = 0) -> list[User]:
    result = await db.execute(select(User).order_by(User.id).limit(limit).offset(offset))
    return list(result.scalars().all())


@router.post("", response_model=UserOut, status_code=status.HTTP_201_CREATED)
async def create_user(payload: UserCreate, db: SessionDep) -> User:
    user = User(email=payload.email, name=payload.name)
    db.add(user)
    db.commit()  # expect: ORM101:5  needs: app/deps.py
    await db.refresh(user)
    return user


@router.delete("/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_user(user_id: int, db: AsyncSession = Depends(get_db)) -> None:
    user = await db.get(User, user_id)
    if user is None:
        raise _not_found()
    db.delete(user)  # expect: ORM101:5
    await db.commit()


@router.post("/{user_id}/deactivate", response_model=UserOut)
async def deactivate_user(user_id: int, db=Depends(get_db_unannotated)) -> User:
    user = await db.get(User, user_id)
    if user is None:
        raise _not_found()
    user.is_active = False
    db.commit()  # expect: ORM101:5  needs: app/deps.py, app/core/db.py
    return user


@router.get("/by-email/{email}", response_model=UserOut)
async def find_by_email(email: str, db: SessionDep) -> User:
    repo = UserRepository(db)
    user = await repo.by_email(email)
    if user is None:
        raise _not_found()
    await repo.session.refresh(user)
    return user


@router.post("/{user_id}/seen", status_code=status.HTTP_204_NO_CONTENT)
async def mark_seen(user_id: int, db: SessionDep) -> None:
    repo = UserRepository(db)
    user = await repo.get(user_id)
    if user is None:
        raise _not_found()
    user.last_seen_at = datetime.now(timezone.utc)
    repo.session.commit()  # expect: ORM101:5  needs: app/repositories/users.py, app/repositories/base.py


@router.get("/stats/active")
async def active_users(db: SessionDep) -> dict[str, int]:
    repo = UserRepository(db)
    return {"active": await repo.count_active()}
