"""``corridor restore DIR``: verify a backup's checksums, then replace the data with it."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from corridor.core import backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `corridor backup`: refuses if any file's checksum differs from the "
        "manifest or the migrations differ; otherwise REPLACES the database rows, media and analytics stores."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="DIR")
        parser.add_argument("--verify-only", action="store_true", help="only check the checksums")
        parser.add_argument("--yes", action="store_true", help="do not ask before replacing the data")

    def handle(self, *args, folder: str, verify_only: bool = False, yes: bool = False, **options):
        try:
            manifest = backup.verify(folder)
            if verify_only:
                self.stdout.write(self.style.SUCCESS(f"{len(manifest['files'])} file(s) match the manifest."))
                return
            if not yes:
                answer = input("This replaces all data with the backup's. Type 'yes' to go on: ")
                if answer.strip().lower() != "yes":
                    raise CommandError("Restore cancelled.")
            backup.restore(folder)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Restored the backup of {manifest['created']} from {folder}."))
