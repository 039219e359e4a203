from django.core.management.base import BaseCommand

from search.demo import seed_queries, seed_saved_searches


class Command(BaseCommand):
    help = (
        "Save, freeze and link the demo buyer's searches to its smart-manhole "
        "package, and count buyers' searches (today) for the search insights "
        "(after seed_demo and search_reindex). Safe to run again."
    )

    def handle(self, *args, **options):
        added = seed_saved_searches()
        self.stdout.write(
            "Search: added {searches} frozen saved searches linked to the demo "
            "package.".format(**added)
        )
        searched = seed_queries()
        self.stdout.write(f"Search: counted {searched} buyers' searches for insights.")
