"""Public pages (HTML) and a small JSON API for posts and comments."""

from __future__ import annotations

import json
from typing import Any

from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .forms import CommentForm
from .models import Comment, Post
from .tasks import notify_new_comment


def _save_comment(form: CommentForm, post: Post) -> Comment:
    comment: Comment = form.save(commit=False)
    comment.post = post
    comment.save()
    # Queue the notification only once the comment is committed, so the
    # worker never looks for a row that is not there yet.
    transaction.on_commit(lambda: notify_new_comment.delay(comment.pk))
    return comment


def _post_json(post: Post, *, with_body: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": post.title,
        "slug": post.slug,
        "published_at": post.published_at.isoformat() if post.published_at else None,
        "url": post.get_absolute_url(),
    }
    if with_body:
        data["body"] = post.body
    return data


def _comment_json(comment: Comment) -> dict[str, Any]:
    return {
        "id": comment.pk,
        "author_name": comment.author_name,
        "body": comment.body,
        "created_at": comment.created_at.isoformat(),
    }


# --- HTML --------------------------------------------------------------------


@require_GET
def post_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(Post.published.all(), 10).get_page(request.GET.get("page"))
    return render(request, "posts/post_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
def post_detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = get_object_or_404(Post.published, slug=slug)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            _save_comment(form, post)
        return redirect(post)  # POST/redirect/GET: a reload does not post twice
    return render(request, "posts/post_detail.html", {"post": post, "comments": post.comments.all(), "form": form})


# --- JSON API ----------------------------------------------------------------


@require_GET
def api_post_list(request: HttpRequest) -> JsonResponse:
    posts = Post.published.all()[:50]
    return JsonResponse({"posts": [_post_json(p) for p in posts]})


@require_GET
def api_post_detail(request: HttpRequest, slug: str) -> JsonResponse:
    post = get_object_or_404(Post.published, slug=slug)
    data = _post_json(post, with_body=True)
    data["comments"] = [_comment_json(c) for c in post.comments.all()]
    return JsonResponse(data)


# The API is for non-browser clients that carry no session cookie, so the
# CSRF check (which protects cookie-authenticated forms) does not apply.
@csrf_exempt
@require_POST
def api_create_comment(request: HttpRequest, slug: str) -> JsonResponse:
    post = get_object_or_404(Post.published, slug=slug)
    try:
        payload = json.loads(request.body)
    except json.JSONDecodeError:
        return JsonResponse({"error": "body must be JSON"}, status=400)
    if not isinstance(payload, dict):
        return JsonResponse({"error": "body must be a JSON object"}, status=400)
    form = CommentForm(payload)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    with transaction.atomic():
        comment = _save_comment(form, post)
    return JsonResponse(_comment_json(comment), status=201)
