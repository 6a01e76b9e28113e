"""The comment notification through a real `celery worker` on RabbitMQ."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.utils import timezone

from posts.models import Comment, Post
from posts.tasks import notify_new_comment

ROOT = Path(__file__).resolve().parents[1]


def _test_database_url() -> str:
    """DATABASE_URL of the test database pytest-django created, for the worker process."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "postgres")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


# transaction=True: rows are really committed, so the worker (another
# process, another connection) can see them.
@pytest.mark.django_db(transaction=True)
def test_notification_through_a_real_worker(broker_url: str, tmp_path: Path) -> None:
    from config import celery_app

    post = Post.objects.create(
        title="Queues", slug="queues", author_email="author@example.com", body="...", published_at=timezone.now()
    )
    comment = Comment.objects.create(post=post, author_name="Ada", author_email="ada@example.com", body="Hello")

    # A queue of its own, so this worker takes no one else's messages.
    queue = f"blog-test-{uuid.uuid4().hex[:10]}"
    env = os.environ | {"DATABASE_URL": _test_database_url(), "CELERY_BROKER_URL": broker_url}
    log = tmp_path / "worker.log"
    with log.open("wb") as out:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
             "--queues", queue, "--hostname", f"{queue}@%h",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "info"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        notify_new_comment.apply_async(args=[comment.pk], queue=queue)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            comment.refresh_from_db()
            if comment.notified_at is not None:
                break
            assert worker.poll() is None, log.read_text()
            time.sleep(0.2)
        assert comment.notified_at is not None, log.read_text()
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        with celery_app.connection_for_write() as conn:
            channel = conn.default_channel
            channel.queue_delete(queue)
            channel.exchange_delete(queue)
    # The console e-mail backend printed the message in the worker's output.
    output = log.read_text()
    assert "Subject: New comment on: Queues" in output and "To: author@example.com" in output
