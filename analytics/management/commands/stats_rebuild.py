from analytics.services import rollups_rebuild
from config.progress import ProgressCommand


class Command(ProgressCommand):
    help = (
        "Recompute the statistics' rollups from the orders, quotes, packages, "
        "subscriptions, ledger and view counts. Safe to run at any time, also while "
        "the refresh task runs."
    )

    counting = "months"

    def handle(self, *args, **options):
        days = rollups_rebuild(progress=self.progress)
        self.stdout.write(self.style.SUCCESS(f"Statistics rebuilt: {days} days."))
