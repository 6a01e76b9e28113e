"""Settings read once from the environment.

Every setting has a literal default that works on a developer machine with
local PostgreSQL and Redis, so the app starts with no configuration at all;
in a cluster the same names are set on the container.
"""

from __future__ import annotations

import os

# libpq-style URL; asyncpg and psycopg both accept it as is.
DATABASE_URL: str = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/shop")

# Celery broker and result backend (Redis database 0 by default).
REDIS_URL: str = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")

# How long the (simulated) confirmation e-mail takes to "send", in seconds.
CONFIRMATION_DELAY_SECONDS: float = float(os.environ.get("CONFIRMATION_DELAY_SECONDS", "0.5"))

# Size of the asyncpg pool in each web worker process.
DB_POOL_MIN_SIZE: int = int(os.environ.get("DB_POOL_MIN_SIZE", "1"))
DB_POOL_MAX_SIZE: int = int(os.environ.get("DB_POOL_MAX_SIZE", "10"))
