# Import the Celery app whenever Django starts, so @shared_task binds to it
# (and so `celery -A config` finds it as `config.celery_app`).
from .celery import app as celery_app

__all__ = ("celery_app",)
