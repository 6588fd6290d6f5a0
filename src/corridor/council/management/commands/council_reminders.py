from django.core.management.base import BaseCommand

from corridor.council.services import remind_overdue


class Command(BaseCommand):
    help = (
        "Flag overdue commitments as late and remind their owners (run daily, e.g. from cron or Celery beat)."
    )

    def handle(self, *args, **options):
        sent = remind_overdue()
        self.stdout.write(f"{sent} reminder(s) sent.")
