"""Celery application. With REDIS_URL unset, tasks run eagerly inside the web process."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corridor.settings")

app = Celery("corridor")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic jobs (run `celery -A corridor beat`). Names are the tasks' registered names.
app.conf.beat_schedule = {
    "matchmaking-follow-ups": {
        "task": "corridor.matchmaking.tasks.send_follow_ups_task",
        "schedule": crontab(hour=6, minute=0),
    },
    "council-overdue-commitments": {
        "task": "corridor.council.tasks.remind_overdue_commitments_task",
        "schedule": crontab(hour=6, minute=30),
    },
}
