"""``corridor backup DIR``: database rows, media and analytics stores with a SHA-256 manifest."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from corridor.core import backup


class Command(BaseCommand):
    help = (
        "Back up the database, uploaded media and analytics stores into DIR (new or empty), with checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="DIR")

    def handle(self, *args, folder: str, **options):
        try:
            manifest = backup.backup(folder)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        total = sum(f["bytes"] for f in manifest["files"].values())
        self.stdout.write(
            self.style.SUCCESS(f"Backed up {len(manifest['files'])} file(s), {total} bytes, into {folder}.")
        )
