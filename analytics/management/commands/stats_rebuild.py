from django.core.management.base import BaseCommand

from analytics.services import rollups_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the statistics' rollups from the orders, quotes, packages, "
        "subscriptions, ledger and view counts. Safe to run at any time, also while "
        "the refresh task runs."
    )

    def progress(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // total
        line = f"  months [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
        if self.stdout.isatty():
            self.stdout.write(f"\r{line}", ending="")
            if done == total:
                self.stdout.write("")
        elif done == total or done % max(total // 10, 1) == 0:
            self.stdout.write(line)

    def handle(self, *args, **options):
        days = rollups_rebuild(progress=self.progress)
        self.stdout.write(self.style.SUCCESS(f"Statistics rebuilt: {days} days."))
