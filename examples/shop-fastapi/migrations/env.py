"""Alembic environment.

The app itself uses raw SQL through asyncpg; SQLAlchemy is here only to give
Alembic a connection, through the synchronous psycopg 3 driver.
"""

from __future__ import annotations

import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)


def _sqlalchemy_url() -> str:
    """DATABASE_URL (libpq form, shared with the app) -> SQLAlchemy psycopg URL."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return config.get_main_option("sqlalchemy.url") or ""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


# No ORM models: migrations are written by hand, so there is no metadata to autogenerate from.
target_metadata = None


def run_migrations_offline() -> None:
    context.configure(url=_sqlalchemy_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    section = config.get_section(config.config_ini_section, {})
    section["sqlalchemy.url"] = _sqlalchemy_url()
    connectable = engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
