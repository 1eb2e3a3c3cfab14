"""The ``byline feeds`` commands: list, add, refresh, remove, import and export (OPML)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from byline.commands import _one_line, _reason
from news import SourceError

if TYPE_CHECKING:
    from news.feeds import Feed
    from storage import FeedSubscription, Library
    from storage.feeds import FeedCheck
    from storage.refresh import Refreshed
    from tui.config import FeedSettings


def _settings() -> FeedSettings:
    """The ``[feeds]`` settings of the config file; its warnings go to stderr."""
    from tui.config import load_config

    config = load_config()
    for warning in config.warnings:
        if "feeds" in warning:
            print(f"byline: {warning}", file=sys.stderr)
    return config.feeds


def _fetch_feeds(sources: Sequence[str]) -> list[Feed | SourceError]:
    """Fetch every feed through one connection pool, a few side by side; keep the order given."""
    from news.feeds import fetch_feed
    from news.fetch import FetchSession

    with FetchSession() as session:

        def one(source: str) -> Feed | SourceError:
            try:
                return fetch_feed(source, session=session)
            except SourceError as error:
                return error

        if len(sources) > 1:
            with ThreadPoolExecutor(max_workers=4) as pool:
                return list(pool.map(one, sources))
        return [one(source) for source in sources]


def run(library: Library, options: argparse.Namespace) -> int:
    """Do the ``feeds`` action ``options`` names; 1 when anything failed."""
    if options.action == "add":
        return _add(library, options.urls)
    if options.action == "refresh":
        return _refresh(library, options.ids)
    if options.action == "remove":
        return _remove(library, options.ids)
    if options.action == "import":
        return _import(library, options.file)
    if options.action == "export":
        return _export(library)
    return _list(library, options.format, options.items)


def _add(library: Library, urls: list[str]) -> int:
    """Subscribe to each URL, printing ``URL<TAB>feed title`` once the feed and its items are on disk."""
    from storage import LibraryError

    keep = _settings().keep_items
    failed = False
    for url, result in zip(urls, _fetch_feeds(urls), strict=True):
        if isinstance(result, SourceError):
            failed = True
            print(f"byline: {result}", file=sys.stderr)
            continue
        shelf = library.feed_shelf
        try:
            sub = shelf.add(result.url, result.title, result.site_url, alias=_alias(url))
        except (LibraryError, OSError) as error:
            failed = True
            print(f"byline: {_one_line(url)}: not subscribed: {_reason(error)}", file=sys.stderr)
            continue
        try:
            shelf.record([_first_check(sub.id, result, keep)])
        except (LibraryError, OSError) as error:
            # The subscription is on disk: saying "not subscribed" would be untrue (feeds refresh fetches
            # the items again).
            failed = True
            said = f"subscribed, but its items were not kept: {_reason(error)}"
            print(f"byline: {_one_line(url)}: {said}", file=sys.stderr)
            continue
        sys.stdout.write(f"{url}\t{_one_line(result.title)}\n")
        sys.stdout.flush()
    return 1 if failed else 0


def _first_check(feed_id: str, feed: Feed, keep: int) -> FeedCheck:
    from storage.feeds import FeedCheck

    items = [item.to_dict() for item in feed.entries]
    return FeedCheck(
        feed_id, items=items, title=feed.title, etag=feed.etag, last_modified=feed.last_modified, keep=keep
    )


def _alias(given: str) -> str:
    """What ``feeds add`` was given, in the form ``feeds remove`` will compare: a file as its full path."""
    from news.feeds import is_url

    return given if is_url(given) else str(Path(given).expanduser().resolve())


def _find(subs: list[FeedSubscription], name: str) -> FeedSubscription | None:
    """The feed ``name`` means: its id, its URL, or anything ``feeds add`` took for it (a page, a path)."""
    wanted = {name, _alias(name)}
    for sub in subs:
        if sub.id == name or sub.url in wanted or wanted & set(sub.aliases):
            return sub
    return None


def _chosen(subs: list[FeedSubscription], wanted: list[str]) -> tuple[list[FeedSubscription], bool]:
    """The feeds named in ``wanted`` (saying which names match none), and whether any did not."""
    chosen: list[FeedSubscription] = []
    missing = False
    for name in wanted:
        sub = _find(subs, name)
        if sub is None:
            missing = True
            print(f"byline: {_one_line(name)}: no such feed (byline feeds lists them)", file=sys.stderr)
        elif sub not in chosen:
            chosen.append(sub)
    return chosen, missing


class _Progress:
    """How a refresh shows itself: a bar redrawn in place on a terminal, one line per feed when piped.

    A failing feed is always one line on stderr; on a terminal the bar is cleared first so it stays whole.
    """

    def __init__(self, total: int, out: TextIO) -> None:
        self.total = total
        self.out = out
        self.bar = out.isatty()
        self.done = self.failed = self.new = self.unchanged = self.skipped = 0

    def show(self, result: Refreshed) -> None:
        self.done += 1
        if result.skipped:
            self.skipped += 1
        elif result.error:
            self.failed += 1
            self._clear()
            print(f"byline: {result.error}", file=sys.stderr)
        else:
            self.new += result.new
            self.unchanged += result.not_modified
            if not self.bar:
                self.out.write(f"{result.feed_id}\t{_one_line(result.title)}\t{_said(result)}\n")
        self._draw()

    def _clear(self) -> None:
        if self.bar:
            self.out.write("\r\x1b[K")
            self.out.flush()

    def _draw(self) -> None:
        if not self.bar:
            self.out.flush()
            return
        width = 30
        filled = width * self.done // max(self.total, 1)
        failed = f" · {self.failed} failed" if self.failed else ""
        self.out.write(
            f"\r\x1b[K[{'█' * filled}{'░' * (width - filled)}] {self.done}/{self.total} feeds"
            f" · {self.new} new{failed}"
        )
        self.out.flush()

    def finish(self) -> None:
        if not self.bar:
            return
        self._clear()
        parts = [f"{_count(self.done - self.skipped, 'feed')} refreshed", f"{_count(self.new, 'new item')}"]
        if self.unchanged:
            parts.append(f"{self.unchanged} unchanged")
        if self.failed:
            parts.append(f"{self.failed} failed")
        if self.skipped:
            parts.append(f"{self.skipped} backing off (name them to fetch them now)")
        self.out.write(", ".join(parts) + "\n")
        self.out.flush()


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _said(result: Refreshed) -> str:
    if result.not_modified:
        return "unchanged"
    return f"{_count(result.items, 'item')}, {result.new} new"


def _refresh(library: Library, wanted: list[str]) -> int:
    """Fetch the feeds again (all, or those named), keeping each as it ends; one stderr line per failure.

    Naming a feed fetches it even while it backs off after failures.
    """
    from storage.refresh import refresh_feeds

    settings = _settings()
    subs = library.feed_shelf.records()
    failed = False
    if wanted:
        subs, failed = _chosen(subs, wanted)
    elif not subs:
        print("byline: no feeds yet (byline feeds add URL subscribes to one)", file=sys.stderr)
        return 0
    progress = _Progress(len(subs), sys.stdout)
    results = refresh_feeds(
        library.feed_shelf,
        subs,
        on_done=progress.show,
        concurrency=settings.concurrency,
        keep=settings.keep_items,
        force=bool(wanted),
    )
    progress.finish()
    if any(result.error for result in results):
        failed = True
    return 1 if failed else 0


def _remove(library: Library, wanted: list[str]) -> int:
    """Unsubscribe from each feed named by id, URL or what ``feeds add`` took; print ``ID<TAB>title``."""
    subs = library.feeds()
    chosen, failed = _chosen(subs, wanted)
    for sub in chosen:
        library.remove_feed(sub.id)
        sys.stdout.write(f"{sub.id}\t{_one_line(sub.title)}\n")
    return 1 if failed else 0


def _import(library: Library, file: str) -> int:
    """Follow every feed of an OPML file (without fetching them), its folders as tags."""
    from news.limits import FetchLimits, megabytes
    from news.opml import read_opml

    cap = FetchLimits().max_bytes
    try:
        if file == "-":
            data = sys.stdin.buffer.read(cap + 1)
        else:
            with Path(file).expanduser().open("rb") as handle:
                data = handle.read(cap + 1)
    except OSError as error:
        print(f"byline: {_one_line(file)}: {error.strerror or type(error).__name__}", file=sys.stderr)
        return 1
    if len(data) > cap:
        print(f"byline: {_one_line(file)}: larger than {megabytes(cap)}", file=sys.stderr)
        return 1
    try:
        listed = read_opml(data, file)
    except SourceError as error:
        print(f"byline: {error}", file=sys.stderr)
        return 1
    added, known = library.feed_shelf.add_many([(feed.url, feed.title, feed.tags) for feed in listed.feeds])
    folders = {tag for feed in listed.feeds for tag in feed.tags}
    said = f"{_count(added, 'feed')} added, {known} already followed, {_count(len(folders), 'folder')}"
    if listed.merged:
        said += f", {_count(listed.merged, 'duplicate')} merged"
    if listed.skipped:
        said += f", {listed.skipped} outlines skipped (not http(s) feeds)"
    print(f"{said} (byline feeds refresh fetches them)")
    return 0


def _export(library: Library) -> int:
    """Print every feed as OPML 2.0, by title, each in the folder of its first tag."""
    from news.opml import OpmlFeed, write_opml

    feeds = [OpmlFeed(sub.url, sub.title, sub.tags) for sub in library.feeds()]
    sys.stdout.write(write_opml(feeds))
    return 0


def _list(library: Library, form: str, limit: int) -> int:
    """Print every feed and its newest ``limit`` items (0: all) as text or a JSON array."""
    import json

    subs = library.feeds()
    listed = [(sub, library.feed_items(sub.id)) for sub in subs]
    if limit > 0:
        listed = [(sub, items[:limit]) for sub, items in listed]
    if form == "json":
        data = [{**sub.to_dict(), "items": [item.to_dict() for item in items]} for sub, items in listed]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    if not subs:
        print("byline: no feeds yet (byline feeds add URL subscribes to one)", file=sys.stderr)
    for sub, items in listed:
        refreshed = (
            f"refreshed {sub.refreshed_at[:16].replace('T', ' ')}" if sub.refreshed_at else "never fetched"
        )
        tags = f"  [{', '.join(_one_line(tag) for tag in sub.tags)}]" if sub.tags else ""
        sys.stdout.write(f"{sub.id}  {_one_line(sub.title)}  ({_one_line(sub.url)}){tags}\n")
        sys.stdout.write(f"    {sub.item_count} items, {sub.unread} new · {refreshed}\n")
        if sub.error:
            sys.stdout.write(f"    ! last fetch failed: {_one_line(sub.error)}\n")
        for item in items:
            mark = "●" if item.unread else " "
            sys.stdout.write(f"    {mark} {(item.published or '')[:10]:<10}  {_one_line(item.title)}\n")
        sys.stdout.write("\n")
    return 0
