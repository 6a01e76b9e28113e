"""Models, pages, JSON API and admin against a real PostgreSQL database."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from posts.models import Comment, Post
from posts.tasks import notify_new_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def post() -> Post:
    return Post.objects.create(
        title="Running Django on Kubernetes",
        slug="django-on-kubernetes",
        author_email="author@example.com",
        body="Migrations run as a release step.\n\nStatic files are collected at build time.",
        published_at=timezone.now() - timedelta(days=1),
    )


@pytest.fixture
def draft() -> Post:
    return Post.objects.create(title="Unfinished", slug="unfinished", author_email="author@example.com", body="...")


def test_published_manager_hides_drafts(post: Post, draft: Post) -> None:
    assert list(Post.published.all()) == [post]
    assert Post.objects.count() == 2
    assert post.get_absolute_url() == "/posts/django-on-kubernetes/"


def test_list_and_detail_pages(client: Client, post: Post, draft: Post) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert post.title in page.content.decode() and draft.title not in page.content.decode()

    detail = client.get(post.get_absolute_url())
    assert detail.status_code == 200 and "0 comments" in detail.content.decode()
    assert client.get(f"/posts/{draft.slug}/").status_code == 404


def test_comment_form_saves_and_notifies(
    client: Client, post: Post, eager_celery: None, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        resp = client.post(
            post.get_absolute_url(),
            {"author_name": "Ada", "author_email": "ada@example.com", "body": "Where do secrets go?"},
        )
    assert resp.status_code == 302 and resp["Location"] == post.get_absolute_url()
    assert len(callbacks) == 1  # the task was queued after commit
    comment = Comment.objects.get()
    assert comment.notified_at is not None
    assert [m.to for m in mail.outbox] == [["author@example.com"]]
    assert "Where do secrets go?" in mail.outbox[0].body


def test_invalid_comment_form_is_shown_again(client: Client, post: Post) -> None:
    resp = client.post(post.get_absolute_url(), {"author_name": "Ada", "author_email": "nope", "body": ""})
    assert resp.status_code == 200
    assert Comment.objects.count() == 0


def test_api_list_and_detail(client: Client, post: Post, draft: Post) -> None:
    listing = client.get("/api/posts/").json()
    assert [p["slug"] for p in listing["posts"]] == [post.slug]
    detail = client.get(f"/api/posts/{post.slug}/").json()
    assert detail["title"] == post.title and detail["comments"] == []


def test_api_create_comment(client: Client, post: Post, eager_celery: None, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(
            f"/api/posts/{post.slug}/comments/",
            data=json.dumps({"author_name": "Grace", "author_email": "grace@example.com", "body": "Nice."}),
            content_type="application/json",
        )
    assert resp.status_code == 201, resp.content
    assert resp.json()["author_name"] == "Grace"
    assert client.get(f"/api/posts/{post.slug}/").json()["comments"][0]["body"] == "Nice."
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "body, status",
    [
        (b"{not json", 400),
        (b"[1, 2]", 400),
        (json.dumps({"author_name": "X", "author_email": "bad", "body": "hi"}).encode(), 400),
    ],
)
def test_api_rejects_bad_comments(client: Client, post: Post, body: bytes, status: int) -> None:
    resp = client.post(f"/api/posts/{post.slug}/comments/", data=body, content_type="application/json")
    assert resp.status_code == status
    assert Comment.objects.count() == 0


def test_notification_recipients(post: Post) -> None:
    first = Comment.objects.create(post=post, author_name="Ada", author_email="ada@example.com", body="One")
    Comment.objects.create(post=post, author_name="Ada", author_email="ada@example.com", body="Two")
    third = Comment.objects.create(post=post, author_name="Grace", author_email="grace@example.com", body="Three")

    assert notify_new_comment(first.pk) == 1  # only the author
    assert notify_new_comment(third.pk) == 2  # author + Ada (once), not Grace herself
    assert notify_new_comment(third.pk) == 0  # already notified: a redelivery sends nothing
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.com", "author@example.com", "author@example.com"]


def test_admin_lists_posts(admin_client: Client, post: Post) -> None:
    resp = admin_client.get("/admin/posts/post/")
    assert resp.status_code == 200 and post.title in resp.content.decode()
