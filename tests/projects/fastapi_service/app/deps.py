"""FastAPI dependencies: one database session per request."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated, TypeAlias

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.db import ReplicaSession, async_session


async def get_db() -> AsyncGenerator[AsyncSession, None]:
    async with async_session() as session:
        yield session


async def get_db_unannotated():
    # the older spelling, kept by the routes written before the annotations
    async with async_session() as session:
        try:
            yield session
        except Exception:
            await session.rollback()
            raise


async def get_replica_db() -> AsyncGenerator[AsyncSession, None]:
    async with ReplicaSession() as session:
        yield session


async def get_request_session(request: Request):
    # set by the tenancy middleware of another team; nothing here says what it is
    yield request.state.db_session


SessionDep = Annotated[AsyncSession, Depends(get_db)]
ReplicaDep: TypeAlias = Annotated[AsyncSession, Depends(get_replica_db)]
