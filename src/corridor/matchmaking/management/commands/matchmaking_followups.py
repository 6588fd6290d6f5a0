from django.core.management.base import BaseCommand

from corridor.matchmaking.services import send_follow_up_asks


class Command(BaseCommand):
    help = "Ask both sides of meetings held long enough ago (the event's follow-up months) whether a deal followed."

    def handle(self, *args, **options):
        n = send_follow_up_asks()
        self.stdout.write(self.style.SUCCESS(f"Follow-up asked for {n} meeting(s)."))
