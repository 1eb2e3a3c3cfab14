"""The pictures of saved articles, kept on disk so an article reads the same offline.

Layout under the library's folder::

    images/<xx>/<sha256 of the URL>    the bytes as fetched (xx: the hash's first two hex digits)

One file per address, written atomically (:func:`storage.atomic.write_atomic`), so two byline
processes saving the same picture at once each land a whole file and a crash leaves none half-written.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from storage.atomic import write_atomic

FOLDER = "images"


class ImageStore:
    """Picture bytes by URL under ``data_dir/images``."""

    def __init__(self, data_dir: Path | str) -> None:
        self.root = Path(data_dir) / FOLDER

    def path(self, url: str) -> Path:
        """The file that holds (or would hold) the picture at ``url``."""
        digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()
        return self.root / digest[:2] / digest

    def get(self, url: str) -> bytes | None:
        """The bytes kept for ``url``, or None when none are; OSError when the file cannot be read."""
        try:
            return self.path(url).read_bytes()
        except FileNotFoundError:
            return None

    def put(self, url: str, data: bytes) -> None:
        """Keep ``data`` as the picture at ``url`` (replacing any kept before); OSError when it cannot be."""
        write_atomic(self.path(url), data)
