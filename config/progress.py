"""The progress bar of the long management commands (loading the demo, rebuilding
the search index or the statistics)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

WIDTH = 30


class ProgressCommand(BaseCommand):
    # What is counted, e.g. "listings".
    counting = "done"

    def progress(self, done: int, total: int) -> None:
        """Redrawn in place on a terminal; in a log, a line every tenth."""
        filled = WIDTH * done // max(total, 1)
        line = (
            f"  {self.counting} [{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total}"
        )
        if self.stdout.isatty():
            self.stdout.write(f"\r{line}", ending="")
            if done == total:
                self.stdout.write("")
        elif done == total or done % max(total // 10, 1) == 0:
            self.stdout.write(line)
