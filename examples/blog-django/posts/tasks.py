"""Background jobs of the blog, run by `celery -A config worker`."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils import timezone

from .models import Comment


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def notify_new_comment(comment_id: int) -> int:
    """E-mail the post's author and earlier commenters about a new comment.

    Returns how many people were told. Runs at most once per comment: a
    redelivered message (acks_late + worker restart) finds notified_at set.
    """
    comment = Comment.objects.select_related("post").filter(pk=comment_id).first()
    if comment is None or comment.notified_at is not None:
        return 0
    post = comment.post
    earlier = post.comments.filter(created_at__lt=comment.created_at).values_list("author_email", flat=True)
    recipients = sorted({post.author_email, *earlier} - {comment.author_email})

    subject = f"New comment on: {post.title}"
    excerpt = comment.body if len(comment.body) <= 280 else comment.body[:277] + "..."
    text = f"{comment.author_name} wrote:\n\n{excerpt}\n\nRead it at {settings.SITE_URL}{post.get_absolute_url()}\n"
    # One message per recipient so nobody sees the others' addresses.
    send_mass_mail([(subject, text, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients])

    Comment.objects.filter(pk=comment.pk).update(notified_at=timezone.now())
    return len(recipients)
