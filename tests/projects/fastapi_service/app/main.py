"""The ASGI application."""

from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.core import engine, settings
from app.models import Base
from app.routers import items, users


@asynccontextmanager
async def lifespan(application: FastAPI):
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    yield
    engine.dispose()  # expect: ORM101:5  needs: app/core/__init__.py, app/core/db.py


app = FastAPI(title="service", debug=settings.echo_sql, lifespan=lifespan)
app.include_router(users.router)
app.include_router(items.router)
