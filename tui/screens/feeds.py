"""The feeds: subscriptions on the left, the highlighted feed's newest items on the right, to open."""

from __future__ import annotations

import contextlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.messages import OpenSource
from tui.screens.keys import KeysScreen
from tui.screens.listing import NARROW, Hanging, ListScreen, count, day, one_line
from tui.screens.prompt import PromptScreen
from tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from storage import FeedItemEntry, FeedSubscription, Library

EMPTY_FEEDS = """\
You follow no feeds yet.

Press a and give a feed's address (RSS or Atom), or the address of a site
that has one: byline finds the feed the page links to.

From a terminal:
    byline feeds add URL      subscribe
    byline feeds refresh      fetch every feed again\
"""
NO_ITEMS = "This feed has no items yet. Press r to fetch it again."
ITEM_PREFIX = "item:"
#: Feeds fetched side by side by a refresh of all: enough to hide slow servers, few enough to be polite.
REFRESH_THREADS = 4


@dataclass(frozen=True, slots=True)
class Fetched:
    """The outcome of fetching one feed: how many items it holds now, or the one-line reason it failed."""

    feed_id: str
    title: str
    items: int = 0
    error: str | None = None


class FeedsScreen(ListScreen):
    """Followed feeds with unread counts, and the highlighted feed's items marked ● until opened."""

    CSS_PATH = Path(__file__).parent.parent / "feeds.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="feeds.open"),
        Binding("a", "add", "Add feed", id="feeds.add"),
        Binding("r", "refresh", "Refresh feed", id="feeds.refresh"),
        Binding("R", "refresh_all", "Refresh all", id="feeds.refresh_all"),
        Binding("d", "remove", "Remove feed", id="feeds.remove"),
        Binding("u", "undo", "Undo remove", show=False, id="feeds.undo"),
        Binding("left", "focus_feeds", "To the feeds", show=False, id="feeds.focus_feeds"),
        Binding("right", "focus_items", "To the items", show=False, id="feeds.focus_items"),
        Binding("question_mark", "keys", "Keys", id="feeds.keys"),
        Binding("q,escape", "back", "Back", id="feeds.back"),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__(library)
        self._feeds: list[FeedSubscription] = []
        self._items: list[FeedItemEntry] = []
        self._items_of: str | None = None
        self._items_wanted: str | None = None
        self._busy: set[str] = set()

    def compose(self) -> ComposeResult:
        with Horizontal(id="feeds-panes"):
            yield OptionList(id="feeds-list", markup=False)
            with Vertical(id="feeds-right"):
                yield Static(Text("Loading…"), id="feeds-message", markup=False)
                yield OptionList(id="feeds-items", markup=False)
                yield Static(Text(""), id="feeds-summary", markup=False)
        yield Static(Text(""), id="feeds-status", markup=False)
        yield KeyBar(compact=self.app.size.width < NARROW)

    # State

    @property
    def feeds(self) -> list[FeedSubscription]:
        """Every subscription as last loaded, by title."""
        return list(self._feeds)

    @property
    def items(self) -> list[FeedItemEntry]:
        """The items shown on the right, newest first."""
        return list(self._items)

    @property
    def current_feed(self) -> FeedSubscription | None:
        """The highlighted feed, if any."""
        option = self.query_one("#feeds-list", OptionList).highlighted_option
        if option is None or option.id is None:
            return None
        return next((feed for feed in self._feeds if feed.id == option.id), None)

    @property
    def current_item(self) -> FeedItemEntry | None:
        """The highlighted item, if any."""
        index = self.query_one("#feeds-items", OptionList).highlighted
        return self._items[index] if index is not None and 0 <= index < len(self._items) else None

    # Loading and display

    @work(thread=True, exclusive=True, group="feeds-load")
    def reload(self, select: str | None = None) -> None:
        """Read the subscriptions (and the highlighted feed's items) from disk in a thread, and show them."""
        self.read(self.library.feeds, "could not read the feeds", partial(self._show, select=select))

    def _show(self, feeds: list[FeedSubscription], select: str | None = None) -> None:
        self._feeds = list(feeds)
        self._loaded = True
        self._items_wanted = None  # items may have changed on disk too (refreshed, opened in the reader)
        self.refill(select)

    def refill(self, select: str | None = None) -> None:
        """Show the feeds, keeping the highlighted one (or highlighting ``select``)."""
        feed_list = self.query_one("#feeds-list", OptionList)
        keep = select or (self.current_feed.id if self.current_feed else None)
        index = feed_list.highlighted
        feed_list.set_options(Option(self._feed_prompt(feed), id=feed.id) for feed in self._feeds)
        if self._feeds:
            ids = [feed.id for feed in self._feeds]
            feed_list.highlighted = ids.index(keep) if keep in ids else min(index or 0, len(ids) - 1)
        self._load_items()
        self._update_status()

    def _feed_prompt(self, feed: FeedSubscription) -> Text:
        """The title (bold while it has unread items) and the unread count, or a mark while fetching."""
        title = one_line(feed.title, 28) or one_line(feed.url, 28)
        prompt = Hanging(title, style="bold" if feed.unread else "")
        if feed.id in self._busy:
            prompt.append("  ⟳", style="dim")
        elif feed.unread:
            prompt.append(f"  {feed.unread}", style="bold")
        return prompt

    def _load_items(self) -> None:
        feed = self.current_feed
        if feed is None:
            self._items_wanted = None
            self._show_items(None, [])
        elif feed.id != self._items_wanted:
            # Both a refill and the highlight it moves ask for the items: read them once.
            self._items_wanted = feed.id
            self._read_items(feed.id)

    # Not exclusive: a read is short, and _show_items drops one whose feed is no longer highlighted.
    @work(thread=True, group="feeds-items")
    def _read_items(self, feed_id: str) -> None:
        read = partial(self.library.feed_items, feed_id)
        self.read(read, "could not read the feed's items", partial(self._show_items, feed_id))

    def _show_items(self, feed_id: str | None, items: list[FeedItemEntry]) -> None:
        current = self.current_feed
        if feed_id is not None and (current is None or current.id != feed_id):
            return  # the highlight moved on while this feed was being read
        item_list = self.query_one("#feeds-items", OptionList)
        keep = self.current_item.link if self.current_item and feed_id == self._items_of else None
        self._items, self._items_of = list(items), feed_id
        item_list.set_options(
            Option(self._item_prompt(item), id=f"{ITEM_PREFIX}{n}") for n, item in enumerate(self._items)
        )
        if self._items:
            links = [item.link for item in self._items]
            item_list.highlighted = links.index(keep) if keep in links else 0
        self._update_message()
        self._show_summary()

    @staticmethod
    def _item_prompt(item: FeedItemEntry) -> Text:
        """Two lines: the new-item marker and title, then date and author (wrapped under the title)."""
        prompt = Hanging()
        prompt.append("● " if not item.saved else "  ", style="bold")
        prompt.append(one_line(item.title) or one_line(item.link), style="bold" if not item.saved else "")
        details = [day(item.published), one_line(item.author), "read" if item.read else ""]
        shown = " · ".join(part for part in details if part)
        if shown:
            prompt.append("\n  ")
            prompt.append(shown, style="dim")
        return prompt

    def _show_summary(self) -> None:
        summary = self.query_one("#feeds-summary", Static)
        item = self.current_item
        text = Text()
        if item is not None:
            text.append(one_line(item.link), style="dim")
            if item.summary:
                text.append("\n")
                text.append(one_line(item.summary, 400))
        summary.update(text)
        summary.display = bool(text.plain)

    def _update_message(self) -> None:
        no_items = not self._items and self._items_of is not None
        self.say("#feeds-message", self.list_message(len(self._feeds), not no_items, EMPTY_FEEDS, NO_ITEMS))

    def _update_status(self) -> None:
        unread = sum(feed.unread for feed in self._feeds)
        status = f"{count(len(self._feeds), 'feed')} · {unread} new"
        if self._busy:
            status += f" · fetching {count(len(self._busy), 'feed')}…"
        self.query_one("#feeds-status", Static).update(Text(status))
        self._update_message()

    @on(OptionList.OptionHighlighted, "#feeds-list")
    def _feed_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._load_items()

    @on(OptionList.OptionHighlighted, "#feeds-items")
    def _item_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_summary()

    @on(OptionList.OptionSelected, "#feeds-list")
    def _feed_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_focus_items()

    @on(OptionList.OptionSelected, "#feeds-items")
    def _item_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open_item()

    # Actions

    def action_open(self) -> None:
        """On the feeds, go to the items; on an item, open its link in the reader."""
        if self.query_one("#feeds-items", OptionList).has_focus:
            self._open_item()
        else:
            self.action_focus_items()

    def _open_item(self) -> None:
        item = self.current_item
        if item is not None:
            # The reader saves what it opens, so the item shows as read from then on.
            self.post_message(OpenSource(item.link))

    def action_focus_feeds(self) -> None:
        self.query_one("#feeds-list", OptionList).focus()

    def action_focus_items(self) -> None:
        if self._items:
            self.query_one("#feeds-items", OptionList).focus()

    def action_add(self) -> None:
        def answered(url: str | None) -> None:
            if url:
                self.notify(f"Fetching {one_line(url, 80)}…", markup=False, timeout=3)
                self.write(partial(self._subscribe, url))

        self.push_modal(
            PromptScreen(
                "Follow a feed",
                placeholder="https://… (a feed, or a site that links to one)",
                hint="an RSS/Atom or site URL, or a feed file · escape to cancel",
            ),
            answered,
        )

    def _subscribe(self, url: str) -> None:
        """Fetch the feed at ``url`` and subscribe to it (runs in a thread)."""
        from news.errors import SourceError
        from news.feeds import fetch_feed

        try:
            feed = fetch_feed(url)
            sub = self.library.add_feed(feed.url, feed.title, feed.site_url)
            self.library.set_feed_items(sub.id, [item.to_dict() for item in feed.entries])
        except SourceError as error:
            self.deliver(self.failed, "could not follow the feed", error)
            return
        except Exception as error:  # any disk or database failure must become a message, not a crash
            self.deliver(self.failed, "could not keep the feed", error)
            return
        self.deliver(self._subscribed, sub.id, feed.title, len(feed.entries))

    def _subscribed(self, feed_id: str, title: str, items: int) -> None:
        self.notify(f"Following “{one_line(title, 60)}” ({count(items, 'item')})", markup=False)
        self.reload(select=feed_id)

    def action_refresh(self) -> None:
        feed = self.current_feed
        if feed is not None:
            self._refresh([feed])

    def action_refresh_all(self) -> None:
        if self._feeds:
            self._refresh(self._feeds)
        else:
            self.notify("No feeds to refresh: press a to follow one", markup=False)

    def _refresh(self, feeds: list[FeedSubscription]) -> None:
        wanted = [feed for feed in feeds if feed.id not in self._busy]
        if not wanted:
            return
        self._busy.update(feed.id for feed in wanted)
        self._redraw_feeds()
        self.write(partial(self._fetch_all, [(feed.id, feed.url, feed.title) for feed in wanted]))

    def _fetch_all(self, feeds: list[tuple[str, str, str]]) -> None:
        """Fetch the feeds a few side by side and keep their items (runs in a thread)."""
        with ThreadPoolExecutor(max_workers=min(REFRESH_THREADS, len(feeds))) as pool:
            results = list(pool.map(lambda feed: self._fetch_one(*feed), feeds))
        self.deliver(self._refreshed, results)

    def _fetch_one(self, feed_id: str, url: str, title: str) -> Fetched:
        from news.errors import SourceError
        from news.feeds import fetch_feed

        try:
            feed = fetch_feed(url)
            self.library.set_feed_items(feed_id, [item.to_dict() for item in feed.entries], title=feed.title)
        except SourceError as error:
            return Fetched(feed_id, title, error=str(error))
        except Exception as error:  # any disk or database failure must become a message, not a crash
            return Fetched(feed_id, title, error=f"{url}: {one_line(str(error)) or type(error).__name__}")
        return Fetched(feed_id, feed.title, items=len(feed.entries))

    def _refreshed(self, results: list[Fetched]) -> None:
        self._busy.difference_update(result.feed_id for result in results)
        failures = [result for result in results if result.error]
        if not failures:
            if len(results) == 1:
                said = f"Refreshed “{one_line(results[0].title, 60)}” ({count(results[0].items, 'item')})"
            else:
                said = f"Refreshed {count(len(results), 'feed')}"
            self.notify(said, markup=False)
        else:
            first = one_line(failures[0].error)
            more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
            self.notify(f"could not refresh {first}{more}", severity="error", markup=False, timeout=8)
        self.reload()

    def _redraw_feeds(self) -> None:
        feed_list = self.query_one("#feeds-list", OptionList)
        for feed in self._feeds:
            with contextlib.suppress(LookupError):
                feed_list.replace_option_prompt(feed.id, self._feed_prompt(feed))
        self._update_status()

    def action_remove(self) -> None:
        feed = self.current_feed
        if feed is None:
            return
        self._feeds = [other for other in self._feeds if other.id != feed.id]
        self.refill()

        def remove() -> tuple[FeedSubscription, list[dict[str, Any]]]:
            # The items go with it, kept so that `u` puts the feed back as it was.
            items = [item.to_dict() for item in self.library.feed_items(feed.id)]
            return self.library.remove_feed(feed.id), items

        self.write(remove, failure="could not remove the feed", then=self._removed_one)

    def _removed_one(self, removed: tuple[FeedSubscription, list[dict[str, Any]]]) -> None:
        self.keep_for_undo(removed, f"Removed “{one_line(removed[0].title, 60)}”")

    def undo(self, item: tuple[FeedSubscription, list[dict[str, Any]]]) -> None:
        feed, items = item
        self.write(
            partial(self.library.restore_feed, feed, items),
            failure="could not put the feed back",
            then=lambda _: self._restored(feed),
            on_error=partial(self.undo_stack.append, item),
        )

    def _restored(self, feed: FeedSubscription) -> None:
        self.notify(f"Restored “{one_line(feed.title, 60)}”", markup=False)
        self.reload(select=feed.id)

    def action_keys(self) -> None:
        self.push_modal(KeysScreen(self, "Feeds keys"))
