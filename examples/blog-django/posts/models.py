from __future__ import annotations

from django.db import models
from django.urls import reverse


class PublishedPostManager(models.Manager["Post"]):
    def get_queryset(self) -> models.QuerySet[Post]:
        return super().get_queryset().filter(published_at__isnull=False)


class Post(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    author_email = models.EmailField(help_text="Told about new comments.")
    body = models.TextField()
    # Drafts have no publication date and are hidden from the public pages.
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = models.Manager()
    published = PublishedPostManager()

    class Meta:
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("posts:detail", kwargs={"slug": self.slug})


class Comment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author_name = models.CharField(max_length=80)
    author_email = models.EmailField()
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by the Celery task once the notifications went out.
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author_name} on {self.post}"
