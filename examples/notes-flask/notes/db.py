"""PostgreSQL access: one psycopg connection pool per process, and init-db.

The pool is created closed and opened on first use. gunicorn imports the app
and may fork afterwards; opening lazily guarantees each worker process gets
its own connections instead of sharing sockets inherited from its parent.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from psycopg import Connection
from psycopg.rows import DictRow, dict_row
from psycopg_pool import ConnectionPool

_EXTENSION = "notes.pool"
_open_lock = threading.Lock()


def init_app(app: Flask) -> None:
    pool: ConnectionPool[Connection[DictRow]] = ConnectionPool(
        conninfo=app.config["DATABASE_URL"],
        min_size=app.config["DB_POOL_MIN_SIZE"],
        max_size=app.config["DB_POOL_MAX_SIZE"],
        kwargs={"row_factory": dict_row},
        connection_class=Connection[DictRow],
        open=False,
        name="notes",
    )
    app.extensions[_EXTENSION] = pool
    atexit.register(pool.close)
    app.cli.add_command(init_db_command)


def get_pool(app: Flask | None = None) -> ConnectionPool[Connection[DictRow]]:
    pool: ConnectionPool[Connection[DictRow]] = (app or current_app).extensions[_EXTENSION]
    if pool.closed:
        with _open_lock:
            if pool.closed:
                # wait=True: fail loudly at the first request if the database is unreachable.
                pool.open(wait=True, timeout=10)
    return pool


@contextmanager
def connection() -> Iterator[Connection[DictRow]]:
    """A pooled connection; the block runs in a transaction committed on exit."""
    with get_pool().connection() as conn:
        yield conn


def close_pool(app: Flask) -> None:
    app.extensions[_EXTENSION].close()


def init_db() -> None:
    sql = resources.files("notes").joinpath("schema.sql").read_text(encoding="utf-8")
    with connection() as conn:
        conn.execute(sql)  # type: ignore[arg-type]  # trusted file shipped with the package


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the tables if they do not exist yet."""
    init_db()
    click.echo("notes schema is up to date")
