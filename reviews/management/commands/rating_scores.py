from django.core.management.base import BaseCommand

from reviews.ratings import rating_scores_refresh


class Command(BaseCommand):
    help = (
        "Compute every listing's rating score (what ranking by rating uses) from the "
        "visible reviews, and send the changed ones to the search index."
    )

    def handle(self, *args, **options):
        changed = rating_scores_refresh()
        self.stdout.write(
            self.style.SUCCESS(f"{len(changed)} listings have a new rating score.")
        )
