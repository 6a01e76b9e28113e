"""The HTTP API against a real PostgreSQL database."""

from __future__ import annotations

import asyncio
import time

import httpx
import psycopg
import pytest

pytestmark = pytest.mark.anyio


async def _product(client: httpx.AsyncClient, sku: str, name: str, price: int, stock: int) -> dict:
    resp = await client.post("/products", json={"sku": sku, "name": name, "price_cents": price, "stock": stock})
    assert resp.status_code == 201, resp.text
    return resp.json()


async def test_create_and_list_products(client: httpx.AsyncClient) -> None:
    mug = await _product(client, "MUG-1", "Coffee mug", 1200, 10)
    await _product(client, "TEA-1", "Green tea", 650, 40)
    assert mug["id"] == 1 and mug["stock"] == 10

    resp = await client.get("/products")
    assert resp.status_code == 200
    assert [p["sku"] for p in resp.json()] == ["MUG-1", "TEA-1"]

    dup = await client.post("/products", json={"sku": "MUG-1", "name": "Other", "price_cents": 1})
    assert dup.status_code == 409


async def test_invalid_product_is_rejected(client: httpx.AsyncClient) -> None:
    resp = await client.post("/products", json={"sku": "X", "name": "Free lunch", "price_cents": 0})
    assert resp.status_code == 422


async def test_search_queries_postgres(client: httpx.AsyncClient) -> None:
    await _product(client, "MUG-1", "Coffee mug", 1200, 10)
    await _product(client, "MUG-2", "Travel mug", 1800, 5)
    await _product(client, "TEA-1", "Green tea", 650, 40)

    resp = await client.get("/products/search", params={"q": "mug"})
    assert sorted(p["sku"] for p in resp.json()) == ["MUG-1", "MUG-2"]


async def test_slow_search_requests_overlap(client: httpx.AsyncClient) -> None:
    # Two requests waiting on a 0.5 s "upstream" finish together, not one after
    # the other: the wait does not hold the event loop.
    await _product(client, "MUG-1", "Coffee mug", 1200, 10)
    started = time.perf_counter()
    responses = await asyncio.gather(
        client.get("/products/search", params={"q": "mug", "delay": 0.5}),
        client.get("/products/search", params={"q": "coffee", "delay": 0.5}),
    )
    elapsed = time.perf_counter() - started
    assert all(r.status_code == 200 and len(r.json()) == 1 for r in responses)
    assert 0.5 <= elapsed < 0.95


async def test_place_order_decrements_stock_and_confirms(client: httpx.AsyncClient, db: psycopg.Connection) -> None:
    mug = await _product(client, "MUG-1", "Coffee mug", 1200, 10)
    tea = await _product(client, "TEA-1", "Green tea", 650, 40)

    resp = await client.post(
        "/orders",
        json={
            "customer_email": "ada@example.com",
            "lines": [
                {"product_id": mug["id"], "quantity": 2},
                {"product_id": tea["id"], "quantity": 3},
                {"product_id": mug["id"], "quantity": 1},  # merged with the first line
            ],
        },
    )
    assert resp.status_code == 201, resp.text
    order = resp.json()
    assert order["total_cents"] == 3 * 1200 + 3 * 650
    assert {(line["product_id"], line["quantity"]) for line in order["lines"]} == {(mug["id"], 3), (tea["id"], 3)}
    # Celery runs eagerly in this test: the confirmation already happened.
    assert order["status"] == "confirmed" and order["confirmed_at"] is not None

    stock = dict(db.execute("SELECT sku, stock FROM products").fetchall())
    assert stock == {"MUG-1": 7, "TEA-1": 37}

    again = await client.get(f"/orders/{order['id']}")
    assert again.json() == order


async def test_order_rejected_without_stock(client: httpx.AsyncClient, db: psycopg.Connection) -> None:
    mug = await _product(client, "MUG-1", "Coffee mug", 1200, 1)
    resp = await client.post(
        "/orders", json={"customer_email": "ada@example.com", "lines": [{"product_id": mug["id"], "quantity": 2}]}
    )
    assert resp.status_code == 409
    # Nothing was written: the transaction rolled back.
    assert db.execute("SELECT count(*) FROM orders").fetchone() == (0,)
    assert db.execute("SELECT stock FROM products").fetchone() == (1,)


async def test_order_for_unknown_product(client: httpx.AsyncClient) -> None:
    resp = await client.post(
        "/orders", json={"customer_email": "ada@example.com", "lines": [{"product_id": 999, "quantity": 1}]}
    )
    assert resp.status_code == 404
    assert (await client.get("/orders/999")).status_code == 404


async def test_primes_report(client: httpx.AsyncClient) -> None:
    resp = await client.get("/reports/primes", params={"limit": 100_000})
    assert resp.json() == {"limit": 100_000, "count": 9592, "largest": 99991}
