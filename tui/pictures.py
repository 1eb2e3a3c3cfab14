"""Getting an article's pictures: from the library's image store, else through the safe fetcher.

Runs in a worker thread, after the text is on screen. Every picture is an address the user did not
type: it is fetched with the article's own address as ``origin`` (see :func:`news.fetch.fetch`), so a
page cannot make byline reach this machine or the LAN through an ``<img>``; within a deadline and a
size cap of its own. A picture that cannot be had is reported by URL with one short reason, and the
reader keeps its placeholder line.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from news.limits import FetchLimits
from news.model import Article, Image
from tui.widgets.figure import Picture, PictureError, decode_picture

if TYPE_CHECKING:
    from storage.images import ImageStore

IMAGE_TYPES = frozenset(
    {"image/jpeg", "image/pjpeg", "image/png", "image/gif", "image/webp", "image/bmp", "image/x-ms-bmp"}
)
"""Media types of the pictures Pillow decodes (an untyped body is let through and sniffed by Pillow)."""

IMAGE_LIMITS = FetchLimits(deadline=15.0, max_bytes=8_000_000, max_redirects=5)
"""A picture gets less than a page: 8 MB covers a full-size news photo (1-3 MB JPEG) with room to spare."""

WORKERS = 4
"""Pictures fetched at once: like a browser's few connections, without crowding out the reader."""

Deliver = Callable[[str, "Picture | None", str], None]
"""Called with (url, picture or None, problem or "") as each picture is in; from a worker thread."""


def article_images(article: Article) -> list[Image]:
    """The pictures the reader shows: the lead image, then each figure, in reading order, once per URL."""
    found: list[Image] = []
    seen: set[str] = set()
    candidates: Iterable[Image | None] = [
        article.lead_image,
        *(
            block.media
            for block in article.blocks
            if block.kind == "image" and isinstance(block.media, Image)
        ),
    ]
    for image in candidates:
        if isinstance(image, Image) and image.url and image.url not in seen:
            seen.add(image.url)
            found.append(image)
    return found


def picture_bytes(url: str, origin: str | None, store: ImageStore | None) -> tuple[bytes, str]:
    """The bytes of the picture at ``url`` (kept ones first, else fetched and kept), and a store problem.

    The second item is "" or one line saying the fetched bytes could not be kept on disk (the picture
    still shows; it will be fetched again next time).

    Raises:
        SourceError: the fetch failed (refused, too big, timed out, not a picture type).
        OSError: the kept file exists but cannot be read.
    """
    if store is not None:
        kept = store.get(url)
        if kept is not None:
            return kept, ""
    from news.fetch import fetch

    # An origin of "" vouches for no private address: a picture of a local file must be public.
    page = fetch(url, limits=IMAGE_LIMITS, accept=IMAGE_TYPES, origin=origin if origin is not None else "")
    problem = ""
    if store is not None:
        try:
            store.put(url, page.body)
        except OSError as error:
            problem = f"picture not kept for offline reading ({error.strerror or error})"
    return page.body, problem


def load_picture(url: str, origin: str | None, store: ImageStore | None) -> tuple[Picture | None, str]:
    """The decoded picture at ``url`` (or None) and one short line of what went wrong ("" if nothing).

    Never raises for a bad or refused picture: the reader shows its placeholder instead.
    """
    from news.errors import SourceError

    try:
        data, problem = picture_bytes(url, origin, store)
    except SourceError as error:
        return None, str(error)
    except OSError as error:
        return None, f"{url}: the kept picture cannot be read ({error.strerror or error})"
    try:
        return decode_picture(data), problem
    except PictureError as error:
        return None, f"{url}: {error}"


def load_pictures(
    images: list[Image],
    origin: str | None,
    store: ImageStore | None,
    deliver: Deliver,
    stop: threading.Event,
) -> None:
    """Get each of ``images``, a few at once, handing each to ``deliver``; returns when all are done.

    Daemon threads, not a pool: a pool's threads are joined when the interpreter exits, so a picture
    still downloading would hold byline open after the user quits. Setting ``stop`` ends the work
    at the next picture (one already on the way is still delivered unless ``stop`` is set by then).
    """
    pending = list(reversed(images))
    lock = threading.Lock()

    def work() -> None:
        while not stop.is_set():
            with lock:
                if not pending:
                    return
                image = pending.pop()
            picture, problem = load_picture(image.url, origin, store)
            if not stop.is_set():
                deliver(image.url, picture, problem)

    threads = [
        threading.Thread(target=work, name="byline-picture", daemon=True)
        for _ in range(min(WORKERS, len(images)))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
