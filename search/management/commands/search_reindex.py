from django.core.management.base import BaseCommand

from search.services import engines


class Command(BaseCommand):
    help = "Rebuild the search index from the published catalog."

    def progress(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        line = f"  indexed [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
        if self.stdout.isatty():
            self.stdout.write(f"\r{line}", ending="")
            if done == total:
                self.stdout.write("")
        else:
            self.stdout.write(line)

    def handle(self, *args, **options):
        for backend in engines():
            count = backend.rebuild(progress=self.progress)
            self.stdout.write(
                self.style.SUCCESS(
                    f"{count} listings indexed ({backend.name} backend)."
                )
            )
