"""Run the billing as of a day, as beat does every hour: renewal charges, units
added mid-period, card retries and overdue invoices, terms that renew or end.

    manage.py billing_run [--at YYYY-MM-DD]

For operators catching up after downtime (each missed period is billed once) and
for checks. Card charges are made here, one after the other, so what it prints is
final. Running it again for the same day bills nothing more.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from marketplace.services.billing.runs import billing_run


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            f"--at takes a day as YYYY-MM-DD, like 2026-01-31; {value!r} is not one."
        ) from error


class Command(BaseCommand):
    help = "Bill what is due as of a day (default: today), as beat does."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--at", default="", metavar="YYYY-MM-DD", help="The day (default: today)."
        )

    def handle(self, *args, at: str, **options) -> None:
        day = _day(at) if at else timezone.localdate()
        report = billing_run(day=day, inline=True)
        charges = ", ".join(
            f"{count} {outcome}" for outcome, count in sorted(report.charges.items())
        )
        self.stdout.write(
            f"Billing as of {day.isoformat()}:\n"
            f"  renewal orders raised:      {report.renewals}\n"
            f"  added-units orders raised:  {report.prorations}\n"
            f"  lines charged:              {report.lines}\n"
            f"  card charges:               {charges or 0}\n"
            f"  terms renewed:              {report.renewed_terms}\n"
            f"  subscriptions ended:        {report.ended}\n"
            f"  overdue invoices suspended: {report.overdue_invoices}"
        )
        if report.failed:
            for failure in report.failed:
                self.stderr.write(f"  not billed: {failure}")
            raise CommandError(
                f"{len(report.failed)} could not be billed (see above and the log); "
                "the next run tries them again."
            )
