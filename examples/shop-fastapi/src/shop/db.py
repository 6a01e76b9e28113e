"""Synchronous PostgreSQL access for the worker and the ETL (psycopg 3).

The web app uses asyncpg; background code is synchronous, so it uses the
same psycopg driver that Alembic uses rather than pulling in a third one.
"""

from __future__ import annotations

import psycopg

from shop import config


def connect() -> psycopg.Connection:
    # DATABASE_URL is a libpq URL, which psycopg takes unchanged.
    return psycopg.connect(config.DATABASE_URL)
