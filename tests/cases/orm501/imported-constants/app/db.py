"""Constants imported from app/core/settings.py, directly, relatively, through a re-export or a module."""

from sqlalchemy.ext.asyncio import create_async_engine

from app.core import DEFAULT_URL, settings
from app.core.settings import ASYNC_URL, FROM_ENVIRONMENT, SYNC_URL, VERSION_DEPENDENT
from .core.settings import BUILT_SYNC_URL

sync = create_async_engine(SYNC_URL)  # expect: ORM501:28 "`mysql+pymysql://` names the synchronous driver pymysql"
built = create_async_engine(BUILT_SYNC_URL)  # expect: ORM501:29
reexported = create_async_engine(DEFAULT_URL)  # expect: ORM501:34
through_module = create_async_engine(settings.SYNC_URL)  # expect: ORM501:38
async_url = create_async_engine(ASYNC_URL)
through_module_async = create_async_engine(settings.ASYNC_URL)
from_environment = create_async_engine(FROM_ENVIRONMENT)
version_dependent = create_async_engine(VERSION_DEPENDENT)
