"""``corridor repair_data [--apply]``: find (and with --apply quarantine) numbers pages cannot show."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from corridor.core import repair


class Command(BaseCommand):
    help = (
        "List stored rows with non-finite or out-of-range numbers or periods (the default, a dry run); "
        "with --apply, quarantine them: empty the number, mark the row rejected where it has a status, "
        "note the original value and write an audit entry."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--dry-run", action="store_true", default=True, help="only list (the default)")
        mode.add_argument("--apply", action="store_true", help="quarantine the rows found")

    def handle(self, *args, apply: bool = False, **options):
        rows = repair.scan()
        for row in rows:
            self.stdout.write(f"{row.label}: {row.raw!r} ({row.reason})")
        if not rows:
            self.stdout.write(self.style.SUCCESS("No out-of-range rows."))
            return
        if not apply:
            self.stdout.write(f"{len(rows)} row(s) found; run with --apply to quarantine them.")
            return
        done = repair.quarantine(rows)
        self.stdout.write(self.style.SUCCESS(f"{done} row(s) quarantined (see the audit log)."))
