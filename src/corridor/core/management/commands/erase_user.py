"""``corridor erase-user EMAIL``: erase a person on request (see ``core.erasure``)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from corridor.core.erasure import erase_person, is_erased


class Command(BaseCommand):
    help = (
        "Erase a person: deactivate the account, replace name and e-mail with a placeholder, delete their "
        "tokens, notifications and roles, blank their texts; records others depend on are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, email: str, yes: bool = False, **options):
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account with the e-mail {email}.")
        if is_erased(user):
            raise CommandError(f"{email} is already erased.")
        if not yes:
            answer = input(f"Erase {user.email} (#{user.pk})? This cannot be undone. Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Erasure cancelled.")
        erased = erase_person(user=user, by=None, system=True)
        self.stdout.write(self.style.SUCCESS(f"Erased account #{erased.pk}; it is now {erased.email}."))
