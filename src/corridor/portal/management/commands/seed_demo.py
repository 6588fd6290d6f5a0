import importlib
import random

from django.core.management.base import BaseCommand

from corridor.portal.demo.seed import DEMO_PASSWORD, PERSONAS, SEED, seed_demo


class Command(BaseCommand):
    help = "Load the deterministic demo data set (every module) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Remove demo users and fictional organisations first."
        )
        parser.add_argument(
            "--organisations", type=int, default=320, help="Number of fictional organisations."
        )

    def handle(self, *args, **options):
        from django.test.utils import override_settings

        # Demo notifications are real records, but their e-mails go nowhere.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            self._seed(options)
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for p in PERSONAS:
            self.stdout.write(f"  {p.email:<32} {p.description}")

    def _seed(self, options):
        from corridor.council.demo import seed_council
        from corridor.exchange.demo import seed_exchange
        from corridor.grants.demo import seed_grants
        from corridor.matchmaking.demo import seed_matchmaking
        from corridor.orgs.recommendations import refresh_recommendations
        from corridor.trade.demo import load_trade_demo

        result = seed_demo(n_fictional=options["organisations"], reset=options["reset"])
        users = result["users"]
        self.stdout.write(f"Organisations: {result['organisations']} ({result['created']} created this run).")
        seed_matchmaking(users, random.Random(SEED))
        self.stdout.write("Matchmaking: one past event with outcomes, one open event.")
        self.stdout.write(f"Partner recommendations: {refresh_recommendations()} computed.")
        load_trade_demo()
        self.stdout.write(
            "Trade: the published Malaysia–Kenya totals with sources, the +30% target, an illustrative release."
        )
        seed_grants(
            secretariat=users["secretariat@corridor.demo"],
            applicant_a=users["member.a@corridor.demo"],
            applicant_b=users["member.b@corridor.demo"],
            reviewer=users["reviewer@corridor.demo"],
        )
        self.stdout.write("Grants: one closed call with reviews and awards, one open call.")
        if seed_exchange(secretariat=users["secretariat@corridor.demo"]).get("created"):
            self.stdout.write(
                "Exchange: a completed cohort with outcomes and an open cohort taking applications."
            )
        council = seed_council(
            secretariat=users["secretariat@corridor.demo"],
            focal_my=users["focal.my@corridor.demo"],
            focal_ke=users["focal.ke@corridor.demo"],
        )
        if council.get("created"):
            self.stdout.write("Council: commitments, indicators, one published and one open review.")
        # The newer modules each keep a ``demo.py`` with ``seed(users=…, stdout=…)``; they run after
        # the modules above, whose records (meetings, placements, reviews) they may point to.
        for module in ("standards", "datahub", "talent", "ventures", "news", "messaging"):
            try:
                demo = importlib.import_module(f"corridor.{module}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"corridor.{module}.demo":
                    raise
                continue
            demo.seed(users=users, stdout=self.stdout)
        refresh_planner_statistics()
        self.stdout.write(self.style.SUCCESS("Demo data ready."))


def refresh_planner_statistics() -> None:
    """``ANALYZE`` on PostgreSQL after a bulk load: until autovacuum gets to the new tables the
    planner assumes they are nearly empty, and picked nested loops that made the postings API
    20 times slower on freshly seeded data (25 ms instead of 1 ms for its count)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
