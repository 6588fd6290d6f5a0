from django.core.management.base import BaseCommand

from corridor.grants.tasks import remind_reviewers_task


class Command(BaseCommand):
    help = (
        "Remind reviewers whose reviews are due within three days (run daily, e.g. from cron or "
        "Celery beat; the same logic as the remind_reviewers_task task)."
    )

    def handle(self, *args, **options):
        sent = remind_reviewers_task()
        self.stdout.write(f"{sent} reminder(s) sent.")
