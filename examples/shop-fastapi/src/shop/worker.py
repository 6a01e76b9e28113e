"""Celery application: order confirmations and the periodic sales summary.

Worker:  celery -A shop.worker:celery_app worker -l info
Beat:    celery -A shop.worker:celery_app beat -l info
"""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Any

from celery import Celery
from celery.schedules import crontab

from shop import config, db, etl, reports

celery_app = Celery("shop", broker=config.REDIS_URL, backend=config.REDIS_URL)

celery_app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    result_expires=3600,
    # Acknowledge after the task ran, so a worker killed mid-task (pod evicted,
    # rolling update) leaves the message for another worker instead of losing it.
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    broker_connection_retry_on_startup=True,
    timezone="UTC",
    beat_schedule={
        # Keep today's row of daily_sales fresh during the day; the nightly
        # CronJob (python -m shop.etl) closes off yesterday.
        "refresh-daily-sales": {
            "task": "shop.refresh_daily_sales",
            "schedule": crontab(minute="*/15"),
        },
    },
)


@celery_app.task(name="shop.send_order_confirmation", bind=True, max_retries=3, default_retry_delay=5)
def send_order_confirmation(self: Any, order_id: int) -> dict[str, Any]:
    """Render and "send" the confirmation e-mail of an order, then mark it confirmed."""
    with db.connect() as conn:
        row = conn.execute(
            "SELECT customer_email, total_cents FROM orders WHERE id = %s", (order_id,)
        ).fetchone()
        if row is None:
            # The order may not be visible yet on a lagging replica: retry.
            raise self.retry(exc=LookupError(f"order {order_id} not found"))
        email, total_cents = row
        # Stand-in for template rendering + an SMTP round trip: real CPU work
        # (a hash chain) and then real waiting.
        receipt = reports.hash_chain(f"{order_id}:{email}:{total_cents}", rounds=20_000)
        time.sleep(config.CONFIRMATION_DELAY_SECONDS)
        conn.execute(
            "UPDATE orders SET status = 'confirmed', confirmed_at = now() WHERE id = %s", (order_id,)
        )
    return {"order_id": order_id, "email": email, "receipt": receipt[:16]}


@celery_app.task(name="shop.refresh_daily_sales")
def refresh_daily_sales() -> dict[str, Any]:
    """Recompute today's sales summary (scheduled by beat)."""
    return etl.run_etl(datetime.now(timezone.utc).date())
