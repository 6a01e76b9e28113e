"""HTTP API of the shop.

Run in production with gunicorn managing uvicorn workers:

    gunicorn shop.main:app -k uvicorn_worker.UvicornWorker --bind 0.0.0.0:8000 --workers 2
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from fastapi import FastAPI, HTTPException, Query, Request, status
from starlette.concurrency import run_in_threadpool

from shop import config, reports
from shop.schemas import DailySales, Order, OrderIn, OrderLine, Product, ProductIn
from shop.worker import send_order_confirmation


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # One pool per worker process: created after gunicorn forks, closed on
    # shutdown so PostgreSQL sees the connections go away cleanly.
    app.state.pool = await asyncpg.create_pool(
        dsn=config.DATABASE_URL,
        min_size=config.DB_POOL_MIN_SIZE,
        max_size=config.DB_POOL_MAX_SIZE,
    )
    try:
        yield
    finally:
        await app.state.pool.close()


app = FastAPI(title="shop", version="0.1.0", lifespan=lifespan)


def _pool(request: Request) -> asyncpg.Pool:
    pool: asyncpg.Pool = request.app.state.pool
    return pool


# --- products ---------------------------------------------------------------


@app.post("/products", response_model=Product, status_code=status.HTTP_201_CREATED)
async def create_product(body: ProductIn, request: Request) -> dict[str, Any]:
    try:
        row = await _pool(request).fetchrow(
            """INSERT INTO products (sku, name, price_cents, stock)
               VALUES ($1, $2, $3, $4)
               RETURNING id, sku, name, price_cents, stock, created_at""",
            body.sku,
            body.name,
            body.price_cents,
            body.stock,
        )
    except asyncpg.UniqueViolationError:
        raise HTTPException(status.HTTP_409_CONFLICT, f"sku {body.sku!r} already exists") from None
    return dict(row)


@app.get("/products", response_model=list[Product])
async def list_products(
    request: Request,
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0),
) -> list[dict[str, Any]]:
    rows = await _pool(request).fetch(
        "SELECT id, sku, name, price_cents, stock, created_at FROM products ORDER BY id LIMIT $1 OFFSET $2",
        limit,
        offset,
    )
    return [dict(r) for r in rows]


@app.get("/products/search", response_model=list[Product])
async def search_products(
    request: Request,
    q: str = Query(min_length=1, max_length=100),
    delay: float = Query(0.0, ge=0.0, le=10.0, description="simulated slow upstream, seconds"),
) -> list[dict[str, Any]]:
    """I/O-bound endpoint: a PostgreSQL query plus an optional wait.

    ``delay`` stands in for a slow upstream (a search service, a payment
    provider): the worker is idle while awaiting, so one process can serve
    many such requests concurrently.
    """
    if delay:
        await asyncio.sleep(delay)
    rows = await _pool(request).fetch(
        """SELECT id, sku, name, price_cents, stock, created_at FROM products
           WHERE name ILIKE '%' || $1 || '%' OR sku ILIKE '%' || $1 || '%'
           ORDER BY name LIMIT 50""",
        q,
    )
    return [dict(r) for r in rows]


# --- orders -----------------------------------------------------------------


async def _load_order(conn: asyncpg.Connection, order_id: int) -> Order | None:
    head = await conn.fetchrow(
        "SELECT id, customer_email, total_cents, status, created_at, confirmed_at FROM orders WHERE id = $1",
        order_id,
    )
    if head is None:
        return None
    lines = await conn.fetch(
        "SELECT product_id, quantity, unit_price_cents FROM order_items WHERE order_id = $1 ORDER BY product_id",
        order_id,
    )
    return Order(**dict(head), lines=[OrderLine(**dict(r)) for r in lines])


@app.post("/orders", response_model=Order, status_code=status.HTTP_201_CREATED)
async def place_order(body: OrderIn, request: Request) -> Order:
    # Merge duplicate lines so each product is locked and decremented once.
    wanted: dict[int, int] = {}
    for line in body.lines:
        wanted[line.product_id] = wanted.get(line.product_id, 0) + line.quantity

    async with _pool(request).acquire() as conn, conn.transaction():
        # Lock the rows in id order so two concurrent orders cannot deadlock.
        products = await conn.fetch(
            "SELECT id, price_cents, stock FROM products WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE",
            sorted(wanted),
        )
        by_id = {p["id"]: p for p in products}
        missing = sorted(set(wanted) - set(by_id))
        if missing:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"unknown products: {missing}")
        short = [pid for pid, qty in wanted.items() if by_id[pid]["stock"] < qty]
        if short:
            raise HTTPException(status.HTTP_409_CONFLICT, f"not enough stock for products: {sorted(short)}")

        total = sum(by_id[pid]["price_cents"] * qty for pid, qty in wanted.items())
        order_id: int = await conn.fetchval(
            "INSERT INTO orders (customer_email, total_cents) VALUES ($1, $2) RETURNING id",
            body.customer_email,
            total,
        )
        await conn.executemany(
            "INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents) VALUES ($1, $2, $3, $4)",
            [(order_id, pid, qty, by_id[pid]["price_cents"]) for pid, qty in wanted.items()],
        )
        await conn.executemany(
            "UPDATE products SET stock = stock - $2 WHERE id = $1",
            list(wanted.items()),
        )

    # Enqueue only after COMMIT, so the worker always finds the order.
    # .delay() is a blocking network call to Redis: keep it off the event loop.
    await run_in_threadpool(send_order_confirmation.delay, order_id)

    async with _pool(request).acquire() as conn:
        order = await _load_order(conn, order_id)
    assert order is not None
    return order


@app.get("/orders/{order_id}", response_model=Order)
async def get_order(order_id: int, request: Request) -> Order:
    async with _pool(request).acquire() as conn:
        order = await _load_order(conn, order_id)
    if order is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "order not found")
    return order


# --- reports ----------------------------------------------------------------


@app.get("/reports/primes")
def primes_report(limit: int = Query(10_000, ge=2, le=2_000_000)) -> dict[str, Any]:
    """CPU-bound endpoint. A plain ``def`` so FastAPI runs it in its threadpool
    instead of blocking the event loop (it still holds the GIL: scale it with
    more processes, not threads)."""
    primes = reports.primes_up_to(limit)
    return {"limit": limit, "count": len(primes), "largest": primes[-1] if primes else None}


@app.get("/reports/daily-sales", response_model=list[DailySales])
async def daily_sales(request: Request, days: int = Query(30, ge=1, le=366)) -> list[dict[str, Any]]:
    """Read the summary written by ``python -m shop.etl`` (CronJob) and the beat task."""
    rows = await _pool(request).fetch(
        "SELECT day, orders_count, revenue_cents, refreshed_at FROM daily_sales ORDER BY day DESC LIMIT $1",
        days,
    )
    return [dict(r) for r in rows]
