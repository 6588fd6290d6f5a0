from django.core.management.base import BaseCommand

from corridor.messaging.services import send_message_digests


class Command(BaseCommand):
    help = "E-mail each person who chose the daily digest the messages they have not read (run once a day)."

    def handle(self, *args, **options):
        n = send_message_digests()
        self.stdout.write(self.style.SUCCESS(f"Message digests sent: {n}."))
