"""Which release of the code is running: what a page rendered before a deploy must
not be served after it for (the page cache keys its fragments with it)."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings

# What renders a page: the templates, the Python that fills them, the compiled
# translations.
SUFFIXES = {".html", ".txt", ".py", ".mo"}
SKIPPED = {".venv", "node_modules", "var", "tests", "staticfiles", ".git"}


def release() -> str:
    """`RELEASE` (e.g. the commit a deploy builds) where it is set, else a digest of
    the files that render pages."""
    return settings.RELEASE or files_digest()


@cache
def files_digest() -> str:
    """A short digest of the name, size and modification time of every file that
    renders a page, read once per process."""
    digest = hashlib.blake2b(digest_size=8)
    root = Path(settings.BASE_DIR)
    for path in sorted(_files(root)):
        stat = path.stat()
        digest.update(
            f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode()
        )
    return digest.hexdigest()


def _files(folder: Path):
    for entry in folder.iterdir():
        if entry.is_dir():
            if entry.name not in SKIPPED and not entry.name.startswith("."):
                yield from _files(entry)
        elif entry.suffix in SUFFIXES:
            yield entry
