from django.core.management.base import BaseCommand

from marketplace.demo.accounts import DEMO_PASSWORD, seed_accounts
from marketplace.services.pages import home_page_ensure


class Command(BaseCommand):
    help = "Load the demo organizations and accounts. Safe to run again."

    def handle(self, *args, **options):
        home_page_ensure()
        accounts = seed_accounts()
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        width = max(len(account.email) for account in accounts)
        for account in accounts:
            self.stdout.write(f"  {account.email:<{width}}  {account.note}")
