"""Celery application of the blog, configured from Django settings (CELERY_*).

Worker:  celery -A config worker -l info
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Finds posts/tasks.py (and every other installed app's tasks module).
app.autodiscover_tasks()
