import logging
import sys
import time

from analytics.services import rollups_rebuild
from config.progress import ProgressCommand
from marketplace.demo.accounts import BUYERS, DEMO_PASSWORD, seed_accounts
from marketplace.demo.buying import seed_buying
from marketplace.demo.catalog import seed_catalog
from marketplace.demo.curation import seed_curation
from marketplace.demo.history import seed_history
from marketplace.demo.images import seed_images
from marketplace.demo.listing_documents import seed_documents
from marketplace.demo.pages_i18n import translate_pages
from marketplace.services.pages import home_page_sync


class Command(ProgressCommand):
    help = (
        "Load the demo organizations, accounts and catalog, a year of orders, "
        "reviews and views, and the statistics built from them. Safe to run again: "
        "only what is missing is added, and the demo logins get their password back."
    )

    counting = "listings"

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-catalog", action="store_true", help="Only the accounts."
        )

    def handle(self, *args, no_catalog, **options):
        home_page_sync()
        accounts = seed_accounts()
        if not no_catalog:
            # Wagtail logs every publication; the progress bar says enough here.
            logging.getLogger("wagtail").setLevel(logging.WARNING)
            added = seed_catalog(progress=self.progress)
            self.stdout.write(
                "Catalog: added {published} published, {in_review} in review and "
                "{draft} draft listings.".format(**added)
            )
            curated = seed_curation()
            self.stdout.write(
                "Select: added {endorsements} endorsements and {sales} running "
                "sales.".format(**curated)
            )
            pages = translate_pages()
            self.stdout.write(f"Pages: translated {pages} into Chinese and Japanese.")
            started = time.monotonic()
            # The history runs the nightly billing for a year; its report says
            # what it added.
            logging.getLogger("marketplace.services.billing").setLevel(logging.WARNING)
            history = seed_history()
            self.stdout.write(
                "History: added {orders} orders from {packages} packages and {quotes} "
                "quotes over twelve months, {renewals} renewals, {failed} failed "
                "provisionings (refunded), {sales} past sales, {reviews} reviews and "
                "{views} listing views".format(**history)
                + f" ({time.monotonic() - started:.0f} s)."
            )
            bought = seed_buying()
            self.stdout.write(
                "Buying: added {packages} phased package and {orders} paid "
                "order.".format(**bought)
            )
            if history["orders"] or bought["orders"]:
                days = rollups_rebuild()
                self.stdout.write(f"Statistics: rebuilt {days} days of rollups.")
            # Last, so that the owners made for the demo vendors to upload pictures
            # and documents get none of the history's notices.
            started = time.monotonic()
            pictures = seed_images(progress=self.progress)
            self.stdout.write(
                "Images: added {logos} vendor logos, and illustrations to "
                "{illustrations} listings loaded without one".format(**pictures)
                + f" ({time.monotonic() - started:.1f} s)."
            )
            started = time.monotonic()
            documents = seed_documents(progress=self.progress)
            self.stdout.write(
                "Documents: added {datasheets} datasheets and {certificates} "
                "statements of certifications".format(**documents)
                + f" ({time.monotonic() - started:.1f} s)."
            )
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        width = max(len(account.email) for account in accounts)
        for account in accounts:
            self.stdout.write(f"  {account.email:<{width}}  {account.note}")
        self.stdout.write(
            f"  and the {len(BUYERS)} buyers of the history: "
            "requester@<organization>.demo.agora.test and "
            "approver@<organization>.demo.agora.test"
        )
        sys.stdout.flush()
