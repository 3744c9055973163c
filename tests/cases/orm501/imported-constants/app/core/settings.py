"""Constants of the project: read by app/db.py."""

import os

SYNC_URL = "mysql+pymysql://app@db/app"
ASYNC_URL = "mysql+aiomysql://app@db/app"
BUILT_SYNC_URL = f"postgresql+psycopg2://{os.environ['DB_USER']}@db/app"
FROM_ENVIRONMENT = os.environ.get("DATABASE_URL", "sqlite://")
VERSION_DEPENDENT = "postgresql://app@db/app"
