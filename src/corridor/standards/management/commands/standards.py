"""``corridor standards check FILE… [--pack EN,MY,…] [--json] [--svrl]``: check invoices from the command line.

With one file it prints the report JSON (the same object the API answers); with several, one JSON
object per line, each with its ``file``. A document that cannot be read yields
``{"file", "valid": false, "error": {"code", "message", "line", "column"}}``. Exit status 1 when any
document is invalid or unreadable. Nothing is stored.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from corridor.engines.conformance import MAX_BYTES, PACK_CODES, DocumentError, check


class Command(BaseCommand):
    help = "Check UBL 2.1 / MyInvois JSON / eTIMS documents against the EN, MY, KE, XB and CL rule packs."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        chk = sub.add_parser("check", help="check one or more files")
        chk.add_argument("files", nargs="+")
        chk.add_argument(
            "--pack",
            default="",
            help=f"comma-separated packs ({','.join(PACK_CODES)}); default: those that apply",
        )
        chk.add_argument("--json", action="store_true", help="print JSON (the default output)")
        chk.add_argument(
            "--svrl", action="store_true", help="print an SVRL-style XML report instead (one file only)"
        )

    def handle(self, *args, **options):
        packs = [p.strip().upper() for p in options["pack"].split(",") if p.strip()] or None
        if packs:
            unknown = [p for p in packs if p not in PACK_CODES]
            if unknown:
                raise CommandError(f"Unknown pack {', '.join(unknown)}; packs are {', '.join(PACK_CODES)}.")
        files = options["files"]
        several = len(files) > 1
        failed = False
        for name in files:
            path = Path(name)
            try:
                if path.stat().st_size > MAX_BYTES:
                    raise DocumentError(
                        f"The document is larger than {MAX_BYTES // (1024 * 1024)} MB.", code="too_large"
                    )
                report = check(path.read_bytes(), packs)
            except OSError as exc:
                failed = True
                out = {
                    "valid": False,
                    "error": {
                        "code": "unreadable",
                        "message": str(exc.strerror or exc),
                        "line": None,
                        "column": None,
                    },
                }
            except DocumentError as exc:
                failed = True
                out = {"valid": False, "error": exc.as_dict()}
            else:
                failed = failed or not report.valid
                if options["svrl"] and not several:
                    self.stdout.write(report.to_svrl().decode("utf-8"))
                    continue
                out = report.as_dict()
            if several:
                out = {"file": name, **out}
            self.stdout.write(
                json.dumps(out, ensure_ascii=False)
                if several
                else json.dumps(out, ensure_ascii=False, indent=2)
            )
        if failed:
            sys.exit(1)
