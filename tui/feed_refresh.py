"""Feeds refreshed in the background of the app: on start, every ``refresh_minutes``, and on request.

One :class:`FeedRefresher` per app runs :func:`storage.refresh.refresh_feeds` in a thread worker and hands
each feed's outcome to every open feeds screen the moment that feed is kept, so a row updates on its own
while the others still fetch. After a refresh, the newest ``full_text`` new items of each feed are fetched,
cleaned and saved in the same worker, so they read offline.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

if TYPE_CHECKING:
    from textual.app import App

    from storage import FeedSubscription, Library
    from storage.refresh import Refreshed
    from tui.config import FeedSettings


class Listener(Protocol):
    """What wants to hear of refreshes (an open feeds screen); called on the UI thread."""

    def refresh_started(self, feed_ids: set[str]) -> None:
        """These feeds are being fetched now."""

    def feed_refreshed(self, result: Refreshed, counted: FeedSubscription | None) -> None:
        """One feed ended; ``counted`` is it with fresh counts, None when it was removed meanwhile."""


class FeedRefresher:
    """The app's feed refreshes: which feeds are being fetched, and who wants to hear of each one ending."""

    _of: ClassVar[weakref.WeakKeyDictionary[Any, FeedRefresher]] = weakref.WeakKeyDictionary()

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.busy: set[str] = set()
        self.listeners: list[Listener] = []
        self.settings: FeedSettings | None = None
        self._timer: Any = None
        self._said: set[str] = set()  # the problems said during this refresh

    @classmethod
    def of(cls, app: App[Any]) -> FeedRefresher:
        """The refresher of ``app``, made on first use."""
        found = cls._of.get(app)
        if found is None:
            found = cls._of[app] = cls(app)
        return found

    def feed_settings(self) -> FeedSettings:
        """The ``[feeds]`` settings (defaults unless the app read a config file)."""
        if self.settings is None:
            from tui.config import FeedSettings

            config = getattr(self.app, "feed_config", None)
            self.settings = config if isinstance(config, FeedSettings) else FeedSettings()
        return self.settings

    def start_schedule(self, library: Library) -> None:
        """Refresh every feed now, then every ``refresh_minutes`` (0: only when asked)."""
        minutes = self.feed_settings().refresh_minutes
        if minutes <= 0:
            return
        self.refresh(library, None)
        self._timer = self.app.set_interval(minutes * 60, lambda: self.refresh(library, None))

    def refresh(self, library: Library, feeds: list[FeedSubscription] | None, *, force: bool = False) -> int:
        """Fetch ``feeds`` (None: every feed that is due) in a worker; how many were started (-1: all)."""
        wanted: list[FeedSubscription] | None = None
        if feeds is not None:
            wanted = [feed for feed in feeds if feed.id not in self.busy]
            if not wanted:
                return 0
            self._started({feed.id for feed in wanted})
        self.app.run_worker(
            lambda: self._work(library, wanted, force),
            thread=True,
            group="feed-refresh",
            name="refresh feeds",
        )
        return len(wanted) if wanted is not None else -1

    def _work(self, library: Library, feeds: list[FeedSubscription] | None, force: bool) -> None:
        from storage.refresh import refresh_feeds

        settings = self.feed_settings()
        self._said = set()
        if feeds is None:
            try:
                feeds = [feed for feed in library.feed_shelf.records() if feed.id not in self.busy]
            except Exception:  # the screen says why the feeds cannot be read when it is opened
                return
            self._call(self._started, {feed.id for feed in feeds})

        def done(result: Refreshed) -> None:
            self._call(self._tell, result, self._counted(library, result.feed_id))

        results = refresh_feeds(
            library.feed_shelf,
            feeds,
            on_done=done,
            concurrency=settings.concurrency,
            keep=settings.keep_items,
            force=force,
        )
        if settings.full_text > 0:
            self._save_full_text(library, results, {feed.id: feed for feed in feeds}, settings.full_text)

    def _save_full_text(
        self,
        library: Library,
        results: list[Refreshed],
        feeds_by_id: dict[str, FeedSubscription],
        per_feed: int,
    ) -> None:
        """Fetch, clean and save the newest ``per_feed`` unsaved new items of each feed, for offline."""
        from news import SourceError
        from news.pipeline import load

        for result in results:
            if result.new <= 0 or result.error:
                continue
            try:
                items = library.feed_items(result.feed_id)
            except Exception as error:  # said once; the next refresh tries again
                self._problem("could not read the feed's items to save them for offline reading", error)
                continue
            fresh = [item for item in items if item.unread and not item.site_link][
                : min(per_feed, result.new)
            ]
            saved: list[str] = []
            for item in fresh:
                try:
                    # The feed named this address, not the user: the feed's own URL is what vouches.
                    article = load(item.link, origin=feeds_by_id[result.feed_id].url)
                    library.save_article(article)
                    saved.append(item.id)
                    # Saved, not read: it must stay unread until it is opened.
                    library.feed_shelf.mark_prefetched({result.feed_id: [item.id]})
                except SourceError:
                    continue  # the item opens online as before; nothing to say in the background
                except Exception as error:  # a full disk: said, and the next refresh tries again
                    self._problem(
                        "could not save feed items for offline reading (the next refresh tries again)", error
                    )
                    return
            if saved:
                self._call(self._tell_saved, result.feed_id, self._counted(library, result.feed_id))

    def _counted(self, library: Library, feed_id: str) -> FeedSubscription | None:
        """The feed with fresh counts; None when it was removed or cannot be read (then said once)."""
        try:
            return library.feed_shelf.counted(feed_id)
        except Exception as error:  # the row then shows what it showed, minus the spinner
            self._problem("could not read the feeds' counts", error)
            return None

    def _problem(self, what: str, error: Exception) -> None:
        """Say ``what`` went wrong and why, once per refresh (a broken disk would say it for every feed)."""
        from tui.oneline import first_line

        line = f"{what}: {first_line(error)}"
        if line not in self._said:
            self._said.add(line)
            self._call(partial(self.app.notify, line, severity="error", markup=False, timeout=8))

    def _call(self, callback: Callable[..., object], *args: object) -> None:
        with contextlib.suppress(RuntimeError):  # the app is closing
            self.app.call_from_thread(callback, *args)

    def _started(self, feed_ids: set[str]) -> None:
        self.busy |= feed_ids
        for listener in list(self.listeners):
            listener.refresh_started(feed_ids)

    def _tell(self, result: Refreshed, counted: FeedSubscription | None) -> None:
        self.busy.discard(result.feed_id)
        for listener in list(self.listeners):
            listener.feed_refreshed(result, counted)

    def _tell_saved(self, feed_id: str, counted: FeedSubscription | None) -> None:
        from storage.refresh import Refreshed

        if counted is None:
            return
        for listener in list(self.listeners):
            listener.feed_refreshed(Refreshed(feed_id, counted.title, counted.url, skipped="saved"), counted)
