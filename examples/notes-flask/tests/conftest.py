"""Fixtures: a throwaway PostgreSQL database with the schema applied by the
real `init-db` command, and a Flask test client on it."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from flask import Flask
from flask.testing import FlaskClient

from notes import create_app
from notes.db import close_pool

ADMIN_URL = os.environ.get("TEST_DATABASE_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    try:
        admin = psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL not reachable at {ADMIN_URL}: {exc}".strip())
    name = f"notes_test_{uuid.uuid4().hex[:10]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(ADMIN_URL)._replace(path="/" + name))
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def app(database_url: str) -> Iterator[Flask]:
    app = create_app({"TESTING": True, "DATABASE_URL": database_url})
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    yield app
    close_pool(app)


@pytest.fixture
def client(app: Flask, database_url: str) -> FlaskClient:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("TRUNCATE notes RESTART IDENTITY")
    return app.test_client()
