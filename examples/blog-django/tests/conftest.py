"""Fixtures: skip cleanly when PostgreSQL or RabbitMQ is not there, give each
run a test database of its own, and run Celery eagerly where asked."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from django.conf import settings


@pytest.fixture(scope="session")
def _postgres_reachable() -> None:
    import psycopg

    db = settings.DATABASES["default"]
    params = {
        "host": db.get("HOST") or "127.0.0.1",
        "port": db.get("PORT") or 5432,
        "user": db.get("USER") or "postgres",
        "password": db.get("PASSWORD") or None,
        "dbname": "postgres",
        "connect_timeout": 3,
    }
    try:
        psycopg.connect(**params).close()
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL not reachable at {params['host']}:{params['port']}: {exc}".strip())


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings: None) -> None:
    # A test database of its own per run, so two runs on one server never collide.
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = f"test_blog_{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session")
def django_db_setup(_postgres_reachable: None, django_db_setup: None) -> None:
    """pytest-django's own setup (create + migrate the test database), after the reachability check."""


@pytest.fixture(scope="session")
def broker_url() -> str:
    from kombu import Connection

    url = settings.CELERY_BROKER_URL
    try:
        with Connection(url, connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as exc:  # kombu raises the transport's own error types
        pytest.skip(f"RabbitMQ not reachable at {url}: {exc}")
    return url


@pytest.fixture
def eager_celery() -> Iterator[None]:
    """Run tasks in-process and synchronously instead of publishing them."""
    from config import celery_app

    old = (celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates)
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = old
