"""shop: a small web shop API (FastAPI + asyncpg), Celery worker and daily sales ETL."""
