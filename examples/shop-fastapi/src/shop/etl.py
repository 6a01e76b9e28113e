"""Daily sales ETL: aggregate orders of one day into ``daily_sales``.

Meant to run once a night as a Kubernetes CronJob and exit:

    python -m shop.etl                 # yesterday (UTC)
    python -m shop.etl --day 2024-05-01

Idempotent (an upsert), so a retried or doubled run is harmless.
"""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import date, datetime, timedelta, timezone
from typing import Any

from shop import db

log = logging.getLogger("shop.etl")

UPSERT_DAY = """
INSERT INTO daily_sales (day, orders_count, revenue_cents, refreshed_at)
SELECT %(day)s::date, count(*), coalesce(sum(total_cents), 0), now()
FROM orders
WHERE created_at >= %(day)s::date AND created_at < %(day)s::date + 1
ON CONFLICT (day) DO UPDATE
   SET orders_count = EXCLUDED.orders_count,
       revenue_cents = EXCLUDED.revenue_cents,
       refreshed_at = EXCLUDED.refreshed_at
RETURNING day, orders_count, revenue_cents
"""


def run_etl(day: date) -> dict[str, Any]:
    """Aggregate ``day`` and return the row written."""
    with db.connect() as conn:
        # Compare timestamps in UTC whatever the server's TimeZone setting is.
        conn.execute("SET TIME ZONE 'UTC'")
        row = conn.execute(UPSERT_DAY, {"day": day}).fetchone()
    assert row is not None
    result = {"day": row[0].isoformat(), "orders_count": row[1], "revenue_cents": row[2]}
    log.info("daily_sales refreshed: %s", result)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shop.etl", description=__doc__.splitlines()[0])
    yesterday = datetime.now(timezone.utc).date() - timedelta(days=1)
    parser.add_argument("--day", type=date.fromisoformat, default=yesterday, help="YYYY-MM-DD (default: yesterday, UTC)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    run_etl(args.day)
    return 0


if __name__ == "__main__":
    sys.exit(main())
