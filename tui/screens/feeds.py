"""The feeds: folders and feeds on the left (an "All items" view first), the chosen view's items on the right.

Refreshes run in the app's :class:`tui.feed_refresh.FeedRefresher`; each feed's row updates the moment its
own fetch ends, keeping its unread count while it fetches. Items can be marked read without opening them,
all of a feed, a folder or everything at once (``u`` undoes), opened in the browser or saved for offline;
an item already saved opens from the library, so it reads offline.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from news.opml import FOLDER_SEPARATOR
from tui.feed_refresh import FeedRefresher
from tui.messages import OpenArticle, OpenSource
from tui.screens.keys import KeysScreen
from tui.screens.listing import NARROW, Hanging, ListScreen, count, day, one_line
from tui.screens.prompt import PromptScreen
from tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from storage import FeedItemEntry, FeedSubscription, Library
    from storage.refresh import Refreshed

EMPTY_FEEDS = """\
You follow no feeds yet.

Press a and give a feed's address (RSS or Atom), or the address of a site
that has one: byline finds the feed the page links to.

From a terminal, to subscribe:
    byline feeds add URL
to follow every feed of another reader:
    byline feeds import FILE.opml
to fetch every feed again:
    byline feeds refresh\
"""
NO_ITEMS = "No items here yet. Press r to fetch this feed again."
NO_UNREAD = "Nothing unread here. Press U to show read items too."
ITEM_PREFIX = "item:"
ALL = "all"
TAG_PREFIX = "tag:"


@dataclass(frozen=True, slots=True)
class MarkedRead:
    """What one mark-all-read changed (feed id -> item ids), so `u` can mark exactly those unread again."""

    changed: dict[str, list[str]]
    what: str


class FeedsScreen(ListScreen):
    """Folders and feeds with unread counts; the chosen view's items marked ● until opened or marked read."""

    CSS_PATH = Path(__file__).parent.parent / "feeds.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="feeds.open"),
        Binding("a", "add", "Add feed", id="feeds.add"),
        Binding("r", "refresh", "Refresh", id="feeds.refresh"),
        Binding("R", "refresh_all", "Refresh all", id="feeds.refresh_all"),
        Binding("m", "toggle_read", "Mark read", id="feeds.toggle_read"),
        Binding("M", "mark_all_read", "All read", id="feeds.mark_all_read"),
        Binding("U", "unread_only", "Unread only", id="feeds.unread_only"),
        Binding("o", "open_browser", "Open in browser", show=False, id="feeds.open_browser"),
        Binding("s", "save", "Save for offline", show=False, id="feeds.save"),
        Binding("d", "remove", "Remove feed", show=False, id="feeds.remove"),
        Binding("u", "undo", "Undo", show=False, id="feeds.undo"),
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
        self._unread_only = False
        self._rows: list[str] = []
        # The feeds the user asked to refresh here: their failures are told, those of the timer's are not.
        self._asked: set[str] = set()
        self._asked_all = False
        self._opened: tuple[str, str] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="feeds-panes"):
            yield OptionList(id="feeds-list", markup=False)
            with Vertical(id="feeds-right"):
                yield Static(Text("Loading…"), id="feeds-message", markup=False)
                yield OptionList(id="feeds-items", markup=False)
                yield Static(Text(""), id="feeds-summary", markup=False)
        yield Static(Text(""), id="feeds-status", markup=False)
        yield KeyBar(compact=self.app.size.width < NARROW)

    @property
    def refresher(self) -> FeedRefresher:
        """The app's feed refresher (shared with the refresh on start and on the timer)."""
        return FeedRefresher.of(self.app)

    def on_mount(self) -> None:
        self.refresher.listeners.append(self)

    def on_resize(self) -> None:
        super().on_resize()
        if self._feeds:
            self.call_after_refresh(self._redraw_rows)  # titles are cut to the list's new width

    def on_unmount(self) -> None:
        with contextlib.suppress(ValueError):
            self.refresher.listeners.remove(self)

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
    def current_row(self) -> str | None:
        """The highlighted row on the left: ``all``, ``tag:NAME`` or a feed id."""
        option = self.query_one("#feeds-list", OptionList).highlighted_option
        return option.id if option is not None else None

    @property
    def current_feed(self) -> FeedSubscription | None:
        """The highlighted feed, if a feed (not a folder or All items) is highlighted."""
        row = self.current_row
        return next((feed for feed in self._feeds if feed.id == row), None)

    @property
    def current_item(self) -> FeedItemEntry | None:
        """The highlighted item, if any."""
        index = self.query_one("#feeds-items", OptionList).highlighted
        return self._items[index] if index is not None and 0 <= index < len(self._items) else None

    def _feeds_of(self, row: str | None) -> list[FeedSubscription]:
        """The feeds a left-hand row stands for."""
        if row == ALL:
            return list(self._feeds)
        if row is not None and row.startswith(TAG_PREFIX):
            tag = row[len(TAG_PREFIX) :]
            inner = tag + FOLDER_SEPARATOR  # a folder holds the feeds of its subfolders too
            return [feed for feed in self._feeds if any(t == tag or t.startswith(inner) for t in feed.tags)]
        return [feed for feed in self._feeds if feed.id == row]

    # Loading and display

    def reload(self, select: str | None = None) -> None:
        """Read the subscriptions (and the highlighted view's items) in the library service; show them."""
        self.read(self.library.feeds, "read the feeds", partial(self._show, select=select))

    def _show(self, feeds: list[FeedSubscription], select: str | None = None) -> None:
        self._feeds = list(feeds)
        self._loaded = True
        self._items_wanted = None  # items may have changed on disk too (refreshed, opened in the reader)
        self.refill(select)

    def _row_ids(self) -> list[tuple[str, FeedSubscription | None, int]]:
        """(row id, its feed or None for All items / a folder, indent) for every left-hand row."""
        if not self._feeds:
            return []
        rows: list[tuple[str, FeedSubscription | None, int]] = [(ALL, None, 0)]
        folders: dict[str, list[FeedSubscription]] = {}
        loose: list[FeedSubscription] = []
        for feed in self._feeds:
            if feed.tags:
                folders.setdefault(feed.tags[0], []).append(feed)
            else:
                loose.append(feed)
        for tag in sorted(folders, key=str.casefold):
            rows.append((TAG_PREFIX + tag, None, 0))
            rows += [(feed.id, feed, tag.count(FOLDER_SEPARATOR) + 1) for feed in folders[tag]]
        rows += [(feed.id, feed, 0) for feed in loose]
        return rows

    def refill(self, select: str | None = None) -> None:
        """Show the rows, keeping the highlighted one (or highlighting ``select``)."""
        feed_list = self.query_one("#feeds-list", OptionList)
        keep = select or self.current_row
        index = feed_list.highlighted
        rows = self._row_ids()
        self._rows = [row for row, _, _ in rows]
        feed_list.set_options(
            Option(self._row_prompt(row, feed, indent), id=row) for row, feed, indent in rows
        )
        if rows:
            feed_list.highlighted = (
                self._rows.index(keep) if keep in self._rows else min(index or 0, len(rows) - 1)
            )
        self._load_items()
        self._update_status()

    def _row_prompt(self, row: str, feed: FeedSubscription | None, indent: int) -> Text:
        """A feed: title (bold while unread), unread count, ⟳ while fetching, ! after a failed fetch."""
        busy = self.refresher.busy
        if feed is None:
            feeds = self._feeds_of(row)
            unread = sum(f.unread for f in feeds)
            path = row[len(TAG_PREFIX) :].split(FOLDER_SEPARATOR)
            name = "All items" if row == ALL else "▾ " + path[-1]
            prompt = Hanging("  " * (len(path) - 1) if row != ALL else "")
            prompt.append(one_line(name, self._title_room(len(prompt) + 4)), style="bold")
            if unread:
                prompt.append(f"  {unread}", style="bold")
            if any(f.id in busy for f in feeds):
                prompt.append("  ⟳", style="dim")
            return prompt
        prompt = Hanging("  " * indent)
        room = self._title_room(len(prompt) + 2 + len(str(feed.unread)) + 3)
        title = one_line(feed.title, room) or one_line(feed.url, room)
        prompt.append(title, style="bold" if feed.unread else "")
        if feed.unread:
            prompt.append(f"  {feed.unread}", style="bold")
        if feed.id in busy:
            prompt.append("  ⟳", style="dim")
        elif feed.error:
            prompt.append("  !", style="bold red")
        return prompt

    def _title_room(self, taken: int) -> int:
        """How many cells a title may take on its row, besides ``taken`` (indent, count, marks)."""
        width = self.query_one("#feeds-list", OptionList).scrollable_content_region.width
        return max(8, (width or 34) - taken)

    def _load_items(self) -> None:
        row = self.current_row
        if row is None:
            self._items_wanted = None
            self._show_items(None, [])
        elif row != self._items_wanted:
            # Both a refill and the highlight it moves ask for the items: read them once.
            self._items_wanted = row
            self._read_items(row, [feed.id for feed in self._feeds_of(row)])

    # _show_items drops a read whose row is no longer highlighted.
    def _read_items(self, row: str, feed_ids: list[str]) -> None:
        if row in feed_ids:
            read = partial(self.library.feed_items, row)
        else:
            read = partial(self.library.feed_shelf.all_items, feed_ids)
        self.read(read, "read the feed's items", partial(self._show_items, row))

    def _show_items(self, row: str | None, items: list[FeedItemEntry]) -> None:
        if row is not None and self.current_row != row:
            return  # the highlight moved on while this feed was being read
        item_list = self.query_one("#feeds-items", OptionList)
        current = self.current_item
        keep = (current.feed_id, current.id) if current and row == self._items_of else None
        if self._unread_only:
            items = [item for item in items if item.unread or (item.feed_id, item.id) == keep]
        self._items, self._items_of = list(items), row
        titles = (
            {feed.id: feed.title for feed in self._feeds} if row not in {f.id for f in self._feeds} else {}
        )
        item_list.set_options(
            Option(self._item_prompt(item, titles.get(item.feed_id)), id=f"{ITEM_PREFIX}{n}")
            for n, item in enumerate(self._items)
        )
        if self._items:
            keys = [(item.feed_id, item.id) for item in self._items]
            item_list.highlighted = keys.index(keep) if keep in keys else 0
        self._update_message()
        self._show_summary()

    @staticmethod
    def _item_prompt(item: FeedItemEntry, feed_title: str | None = None) -> Text:
        """Two lines: the unread marker and title, then date, author, feed (in a combined view), state."""
        prompt = Hanging()
        prompt.append("● " if item.unread else "  ", style="bold")
        prompt.append(one_line(item.title) or one_line(item.link), style="bold" if item.unread else "")
        state = "read" if item.read else ("saved" if item.saved else "")
        details = [day(item.published), one_line(item.author), one_line(feed_title, 30), state]
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
            if item.site_link:
                text.append("  (no link of its own: the feed's site)", style="dim")
            if item.summary:
                text.append("\n")
                text.append(one_line(item.summary, 400))
        summary.update(text)
        summary.display = bool(text.plain)

    def _update_message(self) -> None:
        no_items = not self._items and self._items_of is not None
        empty_view = NO_UNREAD if self._unread_only else NO_ITEMS
        feed = self.current_feed
        if no_items and feed is not None and feed.error and not self._unread_only:
            empty_view = f"The last fetch failed: {one_line(feed.error, 200)}\nPress r to try again."
        self.say("#feeds-message", self.list_message(len(self._feeds), not no_items, EMPTY_FEEDS, empty_view))

    def _update_status(self) -> None:
        unread = sum(feed.unread for feed in self._feeds)
        status = f"{count(len(self._feeds), 'feed')} · {unread} new"
        busy = self.refresher.busy
        if busy:
            status += f" · fetching {count(len(busy), 'feed')}…"
        if self._unread_only:
            status += " · unread only"
        feed = self.current_feed
        if feed is not None and feed.error and feed.id not in busy:
            status += f" · last fetch failed: {one_line(feed.error, 120)}"
        self.query_one("#feeds-status", Static).update(Text(status))
        self._update_message()

    @on(OptionList.OptionHighlighted, "#feeds-list")
    def _feed_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._load_items()
        self._update_status()

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

    # Refresh, as the app's refresher reports it

    def refresh_started(self, feed_ids: set[str]) -> None:
        """Show ⟳ on the feeds being fetched (their counts stay)."""
        self._redraw_rows()

    def feed_refreshed(self, result: Refreshed, counted: FeedSubscription | None) -> None:
        """One feed ended: its row shows its new counts at once; its items too when they are on screen."""
        if counted is not None:
            self._feeds = [counted if feed.id == counted.id else feed for feed in self._feeds]
        self._redraw_rows()
        if result.feed_id in {feed.id for feed in self._feeds_of(self.current_row)}:
            self._items_wanted = None
            self._load_items()
        if result.skipped:
            return
        if result.error and result.feed_id in self._asked:
            self.notify(
                f"could not refresh {one_line(result.error)}", severity="error", markup=False, timeout=8
            )
        self._asked.discard(result.feed_id)
        if not self.refresher.busy and self._asked_all:
            self._asked_all = False
            failed = sum(1 for feed in self._feeds if feed.error)
            said = f"Refreshed {count(len(self._feeds), 'feed')}"
            if failed:
                said += f" ({failed} failed: ! on their rows)"
            self.notify(said, markup=False)

    def _redraw_rows(self) -> None:
        feed_list = self.query_one("#feeds-list", OptionList)
        by_id = {feed.id: feed for feed in self._feeds}
        for row, feed, indent in self._row_ids():
            with contextlib.suppress(LookupError):
                feed_list.replace_option_prompt(row, self._row_prompt(row, by_id.get(row, feed), indent))
        self._update_status()

    # Actions

    def action_open(self) -> None:
        """On the feeds, go to the items; on an item, open it (from the library when it is saved)."""
        if self.query_one("#feeds-items", OptionList).has_focus:
            self._open_item()
        else:
            self.action_focus_items()

    def _open_item(self, item: FeedItemEntry | None = None) -> None:
        item = item or self.current_item
        if item is None:
            return
        self._opened = (item.feed_id, item.id)
        if not item.marked_read:
            # Opened is read, here as in every feed reader, even when it was saved for offline before.
            self._set_marks({item.feed_id: [item.id]}, True)
        if item.article_id is not None:
            # Saved: the library's copy opens, offline too.
            self.post_message(OpenArticle(item.article_id))
            return
        feed = next((feed for feed in self._feeds if feed.id == item.feed_id), None)
        # The reader saves what it opens, so the item shows as read from then on. The feed chose the
        # item's address, not the user: the feed's own URL is what vouches for it.
        self.post_message(OpenSource(item.link, origin=feed.url if feed is not None else ""))

    def open_next_unread(self) -> bool:
        """Open the first unread item after the one opened last (the reader's J); False when none is left."""
        keys = [(item.feed_id, item.id) for item in self._items]
        start = keys.index(self._opened) + 1 if self._opened in keys else 0
        for index in range(start, len(self._items)):
            item = self._items[index]
            if item.unread and (item.feed_id, item.id) != self._opened:
                self.query_one("#feeds-items", OptionList).highlighted = index
                self._open_item(item)
                return True
        self.notify("No more unread items in this list", markup=False)
        return False

    def action_focus_feeds(self) -> None:
        self.query_one("#feeds-list", OptionList).focus()

    def action_focus_items(self) -> None:
        if self._items:
            self.query_one("#feeds-items", OptionList).focus()

    def action_add(self) -> None:
        def answered(url: str | None) -> None:
            if url:
                self.notify(f"Fetching {one_line(url, 80)}…", markup=False, timeout=3)
                self.fetch(partial(self._subscribe, url), what="follow the feed", then=lambda _: None)

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
        from storage.feeds import FeedCheck

        keep = self.refresher.feed_settings().keep_items
        try:
            feed = fetch_feed(url)
            shelf = self.library.feed_shelf
            sub = shelf.add(feed.url, feed.title, feed.site_url, alias=url)
            items = [item.to_dict() for item in feed.entries]
            check = FeedCheck(sub.id, items, feed.title, None, feed.etag, feed.last_modified, keep=keep)
            shelf.record([check])
        except SourceError as error:
            self.deliver(self.failed, "could not follow the feed", error)
            return
        except Exception as error:  # any disk or database failure must become a message, not a crash
            self.deliver(self.failed, "could not keep the feed", error)
            return
        self.deliver(self._subscribed, sub.id, feed.title, min(len(feed.entries), keep))

    def _subscribed(self, feed_id: str, title: str, items: int) -> None:
        self.notify(f"Following “{one_line(title, 60)}” ({count(items, 'item')})", markup=False)
        self.reload(select=feed_id)

    def action_refresh(self) -> None:
        """Fetch the highlighted feed (even while it backs off), or every feed of the folder / view."""
        feeds = self._feeds_of(self.current_row)
        if feeds:
            self._asked.update(feed.id for feed in feeds)
            self.refresher.refresh(self.library, feeds, force=True)
            self._redraw_rows()

    def action_refresh_all(self) -> None:
        if not self._feeds:
            self.notify("No feeds to refresh: press a to follow one", markup=False)
            return
        self._asked.update(feed.id for feed in self._feeds)
        self._asked_all = True
        self.refresher.refresh(self.library, self._feeds)
        self._redraw_rows()

    def action_toggle_read(self) -> None:
        """Mark the highlighted item read (or unread again) without opening it, and move to the next."""
        item = self.current_item
        if item is None:
            return
        if item.saved and not item.prefetched:
            self.notify("Opened items count as read (the library's m marks them)", markup=False, timeout=3)
            return
        read = not item.marked_read
        self._set_marks({item.feed_id: [item.id]}, read)
        item_list = self.query_one("#feeds-items", OptionList)
        index = item_list.highlighted
        if read and index is not None and index + 1 < len(self._items):
            item_list.highlighted = index + 1

    def action_mark_all_read(self) -> None:
        """Mark every unread item of the highlighted view read: a feed, a folder or everything (u undoes)."""
        row = self.current_row
        if row is None:
            return
        feeds = self._feeds_of(row)
        what = "everything" if row == ALL else (row[len(TAG_PREFIX) :] if row.startswith(TAG_PREFIX) else "")
        if not what:
            what = f"“{one_line(feeds[0].title, 50)}”" if feeds else "this feed"

        def mark() -> MarkedRead:
            items = self.library.feed_shelf.all_items([feed.id for feed in feeds])
            wanted: dict[str, list[str]] = {}
            for item in items:
                if item.unread:
                    wanted.setdefault(item.feed_id, []).append(item.id)
            return MarkedRead(self.library.feed_shelf.mark_read(wanted, True), what)

        self.write(mark, what="mark the items read", then=self._marked_all)

    def _marked_all(self, marked: MarkedRead) -> None:
        total = sum(len(ids) for ids in marked.changed.values())
        if not total:
            self.notify(f"Nothing unread in {marked.what}", markup=False)
            return
        self.keep_for_undo(marked, f"Marked {count(total, 'item')} read in {marked.what}")
        self.reload()

    def _set_marks(self, marks: dict[str, list[str]], read: bool) -> None:
        self.write(
            partial(self.library.feed_shelf.mark_read, marks, read),
            what="mark the item",
            then=lambda _: self.reload(),
        )

    def action_unread_only(self) -> None:
        self._unread_only = not self._unread_only
        self.notify("Showing unread items only" if self._unread_only else "Showing every item", markup=False)
        self._items_wanted = None
        self._load_items()
        self._update_status()

    def action_open_browser(self) -> None:
        from news.model import Article
        from tui.handoff import open_in_browser

        item = self.current_item
        if item is not None:
            open_in_browser(self, Article(source=item.link, url=item.link, title=item.title))

    def action_save(self) -> None:
        """Fetch, clean and keep the highlighted item in the library, so it reads offline."""
        item = self.current_item
        if item is None:
            return
        if item.saved:
            self.notify("Already saved: it opens offline", markup=False, timeout=2)
            return
        feed = next((feed for feed in self._feeds if feed.id == item.feed_id), None)
        origin = feed.url if feed is not None else ""

        def save() -> str:
            from news.pipeline import load

            article = load(item.link, origin=origin)
            self.library.save_article(article)
            self.library.feed_shelf.mark_prefetched({item.feed_id: [item.id]})  # saved, still unread
            return article.title

        self.notify(f"Saving {one_line(item.title, 60)}…", markup=False, timeout=2)
        self.fetch(save, what="save the item", then=self._saved)

    def _saved(self, title: str) -> None:
        self.notify(f"Saved “{one_line(title, 60)}” for offline reading", markup=False)
        self.reload()

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

        self.write(remove, what="remove the feed", then=self._removed_one)

    def _removed_one(self, removed: tuple[FeedSubscription, list[dict[str, Any]]]) -> None:
        self.keep_for_undo(removed, f"Removed “{one_line(removed[0].title, 60)}”")

    def undo(self, item: Any) -> None:
        if isinstance(item, MarkedRead):
            self.write(
                partial(self.library.feed_shelf.mark_read, item.changed, False),
                what="mark the items unread",
                then=lambda _: self._unmarked(item),
                on_error=partial(self.undo_stack.append, item),
            )
            return
        feed, items = item
        self.write(
            partial(self.library.restore_feed, feed, items),
            what="put the feed back",
            then=lambda _: self._restored(feed),
            on_error=partial(self.undo_stack.append, item),
        )

    def _unmarked(self, marked: MarkedRead) -> None:
        total = sum(len(ids) for ids in marked.changed.values())
        self.notify(f"Marked {count(total, 'item')} unread again in {marked.what}", markup=False)
        self.reload()

    def _restored(self, feed: FeedSubscription) -> None:
        self.notify(f"Restored “{one_line(feed.title, 60)}”", markup=False)
        self.reload(select=feed.id)

    def action_keys(self) -> None:
        self.push_modal(KeysScreen(self, "Feeds keys"))
