"""The URL, in another module of the project."""

import os

DATABASE_URL = f"postgresql://{os.environ['DB_USER']}@db/app"
