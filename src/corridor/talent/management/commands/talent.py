"""``corridor talent verify FILE`` (offline credential check) and ``corridor talent
load-reference`` (the typed-in skills, ISCO-08 occupations, frameworks, bridge and permit rules)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Talent mobility: verify a credential offline, or load the reference data."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Verify a signed credential file offline.")
        verify.add_argument("file", help="The credential (JSON).")
        verify.add_argument(
            "--key",
            help="The issuer document (/.well-known/corridor-issuer.json) saved to a file; default: this platform's key.",
        )
        verify.add_argument(
            "--status-list",
            help="The status list credential saved to a file; default: this platform's revocation records.",
        )
        sub.add_parser(
            "load-reference", help="Load skills, occupations, frameworks, bridge and permit rules."
        )

    def handle(self, *args, **options):
        if options["action"] == "load-reference":
            from corridor.talent.reference import load_reference

            load_reference()
            self.stdout.write("Reference data loaded.")
            return
        from corridor.talent import credentials, keys, vc

        try:
            document = vc.load_json(Path(options["file"]).read_text(encoding="utf-8"))
            public_key = None
            if options.get("key"):
                public_key = keys.public_key_from_issuer_document(
                    json.loads(Path(options["key"]).read_text())
                )
            status_list = None
            if options.get("status_list"):
                status_list = vc.load_json(Path(options["status_list"]).read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"Cannot read the input: {exc}") from exc
        ok, notes = credentials.verify_credential(document, public_key=public_key, status_list=status_list)
        for note in notes:
            self.stdout.write(f"  {note}")
        self.stdout.write("VALID" if ok else "INVALID")
        if not ok:
            sys.exit(1)
