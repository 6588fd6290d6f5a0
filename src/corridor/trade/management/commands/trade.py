"""``corridor trade import FILE --format comtrade|baci|headline|wdi`` with a progress bar."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from corridor.trade.enums import SourceFormat


class Command(BaseCommand):
    help = "Trade data: import a file (validated, all-or-nothing) into the columnar store."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import a Comtrade, BACI, headline or WDI CSV file.")
        imp.add_argument("file")
        imp.add_argument("--format", required=True, choices=SourceFormat.values)
        imp.add_argument(
            "--dataset", default="", help="A revised file of the same dataset replaces its release."
        )
        imp.add_argument("--title", default="")
        imp.add_argument("--source-name", default="")
        imp.add_argument("--source-url", default="")
        imp.add_argument("--year", type=int, default=None, help="Reject rows of any other year.")
        imp.add_argument("--publish", action="store_true", help="Publish the release right away.")
        imp.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **opts):
        from tqdm import tqdm

        from corridor.trade import services

        bar = None if opts["no_progress"] else tqdm(total=100, unit="%", desc="import", file=self.stderr._out)

        def progress(pct, message):
            if bar is not None:
                bar.update(max(0, pct - bar.n))
                bar.set_postfix_str(message[:40])

        try:
            job = services.import_file(
                path=opts["file"],
                fmt=opts["format"],
                dataset=opts["dataset"],
                title=opts["title"],
                source_name=opts["source_name"],
                source_url=opts["source_url"],
                expected_year=opts["year"],
                publish=opts["publish"],
                progress=progress,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        finally:
            if bar is not None:
                bar.close()
        if job.is_failed or job.is_rejected:
            for e in job.errors:
                self.stderr.write(f"row {e['row'] or '-'}: {e['field']}: {e['problem']}")
            raise CommandError(job.message)
        self.stdout.write(job.message)
