from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from corridor.messaging.services import purge_old_messages, retention_months


class Command(BaseCommand):
    help = "Delete messages older than the retention period (MESSAGING_RETENTION_MONTHS) and conversations left empty."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=None, help="override the retention period")

    def handle(self, *args, **options):
        months = options["months"] if options["months"] is not None else retention_months()
        try:
            result = purge_old_messages(months=months)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Deleted {result['messages']} message(s), {result['conversations']} empty conversation(s) and "
                f"{result['reports']} resolved report(s) older than {result['cutoff']:%Y-%m-%d} ({months} months)."
            )
        )
