from django.core.management.base import BaseCommand

from corridor.core.demo.seed import DEMO_PASSWORD, PERSONAS, seed_demo


class Command(BaseCommand):
    help = "Load the deterministic demo data set and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Remove demo users and fictional organisations first."
        )
        parser.add_argument(
            "--organisations", type=int, default=320, help="Number of fictional organisations."
        )

    def handle(self, *args, **options):
        result = seed_demo(n_fictional=options["organisations"], reset=options["reset"])
        from corridor.orgs.recommendations import refresh_recommendations

        n = refresh_recommendations()
        self.stdout.write(f"Partner recommendations: {n} computed.")
        users = result["users"]
        from corridor.council.demo import seed_council

        council = seed_council(
            secretariat=users["secretariat@corridor.demo"],
            focal_my=users["focal.my@corridor.demo"],
            focal_ke=users["focal.ke@corridor.demo"],
        )
        if council.get("created"):
            self.stdout.write("Council: commitments, indicators, one published and one open review.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {result['organisations']} organisations ({result['created']} created this run)."
            )
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for p in PERSONAS:
            self.stdout.write(f"  {p.email:<32} {p.description}")
