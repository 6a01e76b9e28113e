"""Background work: the nightly ETL, the beat schedule and the Celery worker."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from datetime import date, datetime, timezone
from pathlib import Path

import httpx
import psycopg
import pytest

from shop import reports

ROOT = Path(__file__).resolve().parents[1]


def _order(db: psycopg.Connection, email: str, total: int, created_at: str | None = None) -> int:
    row = db.execute(
        "INSERT INTO orders (customer_email, total_cents, created_at)"
        " VALUES (%s, %s, coalesce(%s::timestamptz, now())) RETURNING id",
        (email, total, created_at),
    ).fetchone()
    assert row is not None
    return int(row[0])


def test_primes_and_hash_chain() -> None:
    assert reports.primes_up_to(30) == [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]
    assert reports.primes_up_to(1) == []
    assert reports.hash_chain("x", 0) == b"x".hex()
    assert len(reports.hash_chain("x", 3)) == 64


def test_etl_module_aggregates_a_day_and_exits_0(db: psycopg.Connection) -> None:
    _order(db, "a@example.com", 1000, "2024-05-01 08:00+00")
    _order(db, "b@example.com", 2500, "2024-05-01 23:59+00")
    _order(db, "c@example.com", 9999, "2024-05-02 00:00+00")  # next day: not counted

    for _ in range(2):  # a second run (CronJob retry) must not double anything
        proc = subprocess.run(
            [sys.executable, "-m", "shop.etl", "--day", "2024-05-01"],
            cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True, timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
    assert db.execute("SELECT day, orders_count, revenue_cents FROM daily_sales").fetchall() == [
        (date(2024, 5, 1), 2, 3500)
    ]


@pytest.mark.anyio
async def test_daily_sales_endpoint_reads_etl_output(client: httpx.AsyncClient, db: psycopg.Connection) -> None:
    from shop.etl import run_etl

    _order(db, "a@example.com", 1000, "2024-05-01 08:00+00")
    run_etl(date(2024, 5, 1))
    resp = await client.get("/reports/daily-sales")
    assert [(r["day"], r["orders_count"], r["revenue_cents"]) for r in resp.json()] == [("2024-05-01", 1, 1000)]


def test_beat_schedule_refreshes_today(db: psycopg.Connection, eager_celery: None) -> None:
    from shop.worker import celery_app, refresh_daily_sales

    entry = celery_app.conf.beat_schedule["refresh-daily-sales"]
    assert entry["task"] == refresh_daily_sales.name
    _order(db, "a@example.com", 700)
    result = refresh_daily_sales.delay().get()
    assert result == {"day": datetime.now(timezone.utc).date().isoformat(), "orders_count": 1, "revenue_cents": 700}


def test_confirmation_task_eagerly(db: psycopg.Connection, eager_celery: None) -> None:
    from shop.worker import send_order_confirmation

    order_id = _order(db, "ada@example.com", 1234)
    result = send_order_confirmation.delay(order_id).get()
    assert result["order_id"] == order_id and result["email"] == "ada@example.com"
    assert db.execute("SELECT status FROM orders WHERE id = %s", (order_id,)).fetchone() == ("confirmed",)


def test_confirmation_through_a_real_worker(db: psycopg.Connection, redis_url: str, tmp_path: Path) -> None:
    """Start ``celery worker`` as a separate process, as the cluster would, on a
    queue of its own so it cannot take (or leave) anyone else's messages."""
    import redis

    from shop.worker import celery_app, send_order_confirmation

    queue = f"shop-test-{uuid.uuid4().hex[:10]}"
    log = tmp_path / "worker.log"
    order_id = _order(db, "grace@example.com", 4200)
    with log.open("wb") as out:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "shop.worker:celery_app", "worker",
             "--pool=solo", "--queues", queue, "--hostname", f"{queue}@%h",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "info"],
            cwd=ROOT, env=os.environ.copy(), stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        result = send_order_confirmation.apply_async(args=[order_id], queue=queue)
        try:
            value = result.get(timeout=60)
        except Exception:
            print(log.read_text())
            raise
        assert value["order_id"] == order_id and value["email"] == "grace@example.com"
        assert db.execute("SELECT status FROM orders WHERE id = %s", (order_id,)).fetchone() == ("confirmed",)
        result.forget()
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        # Remove the queue and the exchange bindings kombu made for it.
        redis.Redis.from_url(redis_url).delete(
            queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
        )
        assert celery_app.conf.task_always_eager is False
