from config.progress import ProgressCommand
from search.services import engines


class Command(ProgressCommand):
    help = "Rebuild the search index from the published catalog."

    counting = "indexed"

    def handle(self, *args, **options):
        for backend in engines():
            count = backend.rebuild(progress=self.progress)
            self.stdout.write(
                self.style.SUCCESS(
                    f"{count} listings indexed ({backend.name} backend)."
                )
            )
