"""Shared fixtures: a throwaway PostgreSQL database migrated with Alembic,
Redis availability, and an httpx client wired to the app in-process.

DATABASE_URL is set here, at import time, because ``shop.config`` reads the
environment once when it is first imported.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
ADMIN_URL = os.environ.get("TEST_DATABASE_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
TEST_DB = f"shop_test_{uuid.uuid4().hex[:10]}"


def _url_with_db(url: str, dbname: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + dbname))


os.environ["DATABASE_URL"] = _url_with_db(ADMIN_URL, TEST_DB)
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
# Keep the simulated e-mail short so the suite stays fast.
os.environ["CONFIRMATION_DELAY_SECONDS"] = "0.05"

import httpx  # noqa: E402
import psycopg  # noqa: E402


@pytest.fixture(scope="session")
def database() -> Iterator[str]:
    """Create ``shop_test_<random>``, migrate it to head, drop it afterwards."""
    try:
        admin = psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL not reachable at {ADMIN_URL}: {exc}".strip())
    with admin:
        admin.execute(f'CREATE DATABASE "{TEST_DB}"')
    try:
        from alembic import command
        from alembic.config import Config

        command.upgrade(Config(str(ROOT / "alembic.ini")), "head")
        yield os.environ["DATABASE_URL"]
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{TEST_DB}" WITH (FORCE)')


@pytest.fixture
def db(database: str) -> Iterator[psycopg.Connection]:
    """A connection to the test database, with every table emptied first."""
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("TRUNCATE products, orders, order_items, daily_sales RESTART IDENTITY CASCADE")
        yield conn


@pytest.fixture(scope="session")
def redis_url() -> str:
    import redis

    url = os.environ["REDIS_URL"]
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis not reachable at {url}: {exc}")
    return url


@pytest.fixture
def eager_celery() -> Iterator[None]:
    """Run Celery tasks in-process, synchronously, instead of sending them to Redis."""
    from shop.worker import celery_app

    old = (celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates)
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = old


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def client(db: psycopg.Connection, eager_celery: None) -> AsyncIterator[httpx.AsyncClient]:
    """httpx client talking to the app in-process, with its lifespan (the pool) running."""
    from shop.main import app

    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://shop.test") as c:
            yield c
