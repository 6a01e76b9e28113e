"""Request and response bodies."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field


class ProductIn(BaseModel):
    sku: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    price_cents: int = Field(gt=0)
    stock: int = Field(ge=0, default=0)


class Product(ProductIn):
    id: int
    created_at: datetime


class OrderLineIn(BaseModel):
    product_id: int
    quantity: int = Field(gt=0, le=1000)


class OrderIn(BaseModel):
    customer_email: str = Field(min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")
    lines: list[OrderLineIn] = Field(min_length=1)


class OrderLine(OrderLineIn):
    unit_price_cents: int


class Order(BaseModel):
    id: int
    customer_email: str
    total_cents: int
    status: str
    created_at: datetime
    confirmed_at: datetime | None
    lines: list[OrderLine]


class DailySales(BaseModel):
    day: date
    orders_count: int
    revenue_cents: int
    refreshed_at: datetime

