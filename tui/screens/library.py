"""The library: saved articles to open, filter, sort, mark read, archive and delete.

The list draws only the rows on screen (:class:`tui.widgets.article_list.ArticleList`) and reads
pages of rows from the library's catalog in workers, so a library of years opens as fast as a new one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Static

from tui.messages import OpenArticle, OpenSource
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.feeds import FeedsScreen
from tui.screens.keys import KeysScreen
from tui.screens.listing import NARROW, ListScreen, one_line
from tui.screens.prompt import PromptScreen
from tui.widgets.article_list import PAGE, ArticleList
from tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from storage import ArticleEntry, Library, SortKey, View

EMPTY_LIBRARY = """\
Your library is empty.

Press o to open a URL or a file and read it now.

From a terminal:
    byline URL        read an article (a URL, an .html/.txt/.md file, or - for stdin)
    byline save URL   keep it here, body included, to read later and offline\
"""


EMPTY_ARCHIVE = (
    "The archive is empty. In the library, a archives the highlighted article (A shows the archive)."
)
SORT_LABELS: dict[str, str] = {
    "saved": "newest saved first",
    "published": "newest published first",
    "title": "by title",
    "progress": "most read first",
}
SORT_SETTING = "library.sort"
HINT_WIDTH = 100
"""Columns from which the status line also names the keys the footer has no room for."""


@dataclass(frozen=True, slots=True)
class Loaded:
    """One read of the list: its size and unread count, the pages fetched, where the cursor goes."""

    view: View
    total: int
    unread: int
    everything: int
    pages: dict[int, list[ArticleEntry]]
    cursor: int | None


class LibraryScreen(ListScreen):
    """Saved articles with unread markers, origin, labelled dates and progress; the archive on A."""

    CSS_PATH = Path(__file__).parent.parent / "library.tcss"
    LIST = "#library-list"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="library.open"),
        # Priority: the keys typed right after / (a burst) must reach the filter, not the list.
        Binding("slash", "filter", "Filter", key_display="/", priority=True, id="library.filter"),
        Binding("r", "toggle_read", "Read/unread", id="library.toggle_read"),
        # Off the footer, which has no room for them at 80 columns: the status line names these keys.
        Binding("a", "archive", "Archive", show=False, id="library.archive"),
        Binding("A", "toggle_archive_view", "Archive view", show=False, id="library.archive_view"),
        Binding("s", "cycle_sort", "Sort", show=False, id="library.sort"),
        Binding("d", "delete", "Delete", id="library.delete"),
        Binding("u", "undo", "Undo delete", show=False, id="library.undo"),
        Binding("S", "search_text", "Search text", show=False, id="library.search"),
        Binding("B", "bookmarks", "Bookmarks", id="library.bookmarks"),
        Binding("F", "feeds", "Feeds", id="library.feeds"),
        Binding("o", "open_source", "Open URL", id="library.open_source"),
        Binding("down", "focus_list", "To the list", show=False, id="library.focus_list"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="library.clear_filter"),
        Binding("question_mark", "keys", "Keys", id="library.keys"),
        Binding("q", "back", "Quit", id="library.quit"),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__(library)
        from storage import View

        self.view: View = View()
        self._total = 0
        self._sort_read = False
        # The article a warned-about delete waits on: d again on it deletes.
        self._confirm_delete: str | None = None
        self._last: Loaded | None = None

    def compose(self) -> ComposeResult:
        yield Input(placeholder="/ to filter by title, site or author", id="library-filter")
        yield Static(Text("Loading…"), id="library-message", markup=False)
        yield ArticleList(id="library-list")
        yield Static(Text(""), id="library-status", markup=False)
        yield KeyBar(compact=self.app.size.width < NARROW)

    @property
    def articles(self) -> ArticleList:
        """The list widget."""
        return self.query_one(ArticleList)

    @property
    def current(self) -> ArticleEntry | None:
        """The highlighted article, if any."""
        return self.articles.current

    # Loading and display

    def reload(self, keep: str | None = None) -> None:
        """Read the list's size and first pages (the library service does it) and show them."""
        if keep is None and self.current is not None:
            keep = self.current.id
        self._load(self.view, keep, self.articles.cursor)

    def _load(self, view: View, keep: str | None, cursor: int) -> None:
        def job() -> Loaded:
            if not self._sort_read:
                # The sort chosen last time, read once (the screen opens before it is known).
                self._sort_read = True
                remembered = self.library.get_setting(SORT_SETTING)
                if remembered in SORT_LABELS and remembered != view.sort:
                    return self._read(replace(view, sort=remembered), keep, cursor)
            return self._read(view, keep, cursor)

        self.read(job, "read the library", self._show)

    def _read(self, view: View, keep: str | None, cursor: int) -> Loaded:
        """In a worker: what :meth:`_show` needs, with the page holding ``keep`` (else row ``cursor``)."""
        total, unread = self.library.count_articles(view)
        everything = total if not view.query else self.library.count_articles(replace(view, query=""))[0]
        found = self.library.position_in(view, keep) if keep else None
        at = found if found is not None else min(cursor, max(0, total - 1))
        pages = {0: self.library.listing(view, 0, PAGE)}
        if at // PAGE:
            pages[at // PAGE] = self.library.listing(view, at // PAGE * PAGE, PAGE)
        return Loaded(view, total, unread, everything, pages, at)

    def _show(self, loaded: Loaded) -> None:
        if loaded.view.query != self.view.query or loaded.view.archived != self.view.archived:
            return  # the filter changed while this was read: a newer read is on its way
        self.view = loaded.view
        self._loaded = True
        self._total = loaded.everything
        self.articles.reset(loaded.total, loaded.pages, loaded.cursor or 0)
        self._last = loaded
        self._update_message(loaded)

    def on_resize(self) -> None:
        super().on_resize()
        if self._last is not None:
            self._update_message(self._last)

    @on(ArticleList.Wanted)
    def _wanted(self, event: ArticleList.Wanted) -> None:
        self._fetch_page(self.view, event.generation, event.page)

    def _fetch_page(self, view: View, generation: int, page: int) -> None:
        self.read(
            lambda: self.library.listing(view, page * PAGE, PAGE),
            "read the library",
            partial(self.articles.put_page, generation, page),
        )

    def refill(self) -> None:
        self.reload()

    def _update_message(self, loaded: Loaded) -> None:
        query = self.view.query.strip()
        no_match = f"No saved article matches “{one_line(query)}”."
        empty = EMPTY_ARCHIVE if self.view.archived else EMPTY_LIBRARY
        self.say("#library-message", self.list_message(loaded.everything, loaded.total, empty, no_match))
        where = "archived" if self.view.archived else "saved"
        status = f"{loaded.everything} {where} · {loaded.unread} unread · {SORT_LABELS[self.view.sort]}"
        if query:
            status = f"{loaded.total} of {status}"
        other = "library" if self.view.archived else "archived"
        if self.app.size.width >= HINT_WIDTH:  # narrower, the keys screen (?) lists them
            status += f"  (S search text · s sort · a archive · A {other})"
        self.query_one("#library-status", Static).update(Text(status))

    # Actions

    @on(Input.Changed, "#library-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.view = replace(self.view, query=event.value)
        self.refill_soon(self._total)

    @on(ArticleList.Selected)
    def _selected(self, event: ArticleList.Selected) -> None:
        event.stop()
        self.post_message(OpenArticle(event.entry.id))

    def action_open(self) -> None:
        """Open the highlighted article (the app handles :class:`OpenArticle`)."""
        entry = self.current
        if entry is not None:
            self.post_message(OpenArticle(entry.id))

    def action_clear_filter(self) -> None:
        filter_input = self.query_one(Input)
        filter_input.value = ""
        self.articles.focus()

    def action_toggle_read(self) -> None:
        entry = self.current
        if entry is None:
            return
        changed = replace(entry, read=not entry.read)
        self.articles.replace_entry(changed)
        self.write(
            partial(self.library.set_read, changed.id, changed.read),
            what="mark the article",
            then=lambda _: self.reload(keep=changed.id),
        )

    def action_cycle_sort(self) -> None:
        from storage import SORTS

        sort: SortKey = SORTS[(SORTS.index(self.view.sort) + 1) % len(SORTS)]
        self.view = replace(self.view, sort=sort)
        self.notify(f"Sorted {SORT_LABELS[sort]}", timeout=1.5, markup=False)
        self.reload()
        self.write(partial(self.library.set_setting, SORT_SETTING, sort), what="remember the sort")

    def action_archive(self) -> None:
        entry = self.current
        if entry is None:
            return
        archive = entry.archived_at is None
        title = one_line(entry.title, 60) or one_line(entry.url, 60)
        said = f"Archived “{title}” (A shows the archive)" if archive else f"Back in the library: “{title}”"

        def done(_: object) -> None:
            self.notify(said, markup=False)
            self.reload()

        self.write(
            partial(self.library.set_archived, entry.id, archive),
            what="archive the article" if archive else "bring the article back",
            then=done,
        )

    def action_toggle_archive_view(self) -> None:
        self.view = replace(self.view, archived=not self.view.archived)
        self.reload()

    def action_delete(self) -> None:
        """Delete the highlighted article; one with bookmarks is deleted on a second d, after a warning."""
        entry = self.current
        if entry is None:
            return
        confirmed = self._confirm_delete == entry.id
        self._confirm_delete = None

        def delete() -> tuple[ArticleEntry | None, int]:
            kept = sum(1 for mark in self.library.bookmarks() if mark.article_id == entry.id)
            if kept and not confirmed:
                return None, kept
            return self.library.delete_article(entry.id), kept

        self.write(delete, what="delete the article", then=partial(self._deleted_one, entry))

    def _deleted_one(self, asked: ArticleEntry, outcome: tuple[ArticleEntry | None, int]) -> None:
        deleted, kept = outcome
        title = one_line(asked.title, 60) or one_line(asked.url, 60)
        marks = "1 bookmark" if kept == 1 else f"{kept} bookmarks"
        if deleted is None:
            self._confirm_delete = asked.id
            self.notify(
                f"“{title}” has {marks}; they stay, with their words and link. Press d again to delete it.",
                severity="warning",
                markup=False,
            )
            return
        stay = "its bookmark stays" if kept == 1 else f"its {marks} stay"
        self.keep_for_undo(deleted, f"Deleted “{title}”" + (f" ({stay})" if kept else ""))
        self.reload()

    def undo(self, item: ArticleEntry) -> None:
        def restore() -> ArticleEntry | None:
            self.library.restore_article(item)
            # Read back what is on disk: if the article was saved again meanwhile, that copy stays.
            return self.library.get(item.id) or self.library.find(item.url or item.source)

        self.write(
            restore,
            what="restore the article",
            then=self._restored,
            on_error=partial(self.undo_stack.append, item),
        )

    def _restored(self, back: ArticleEntry | None) -> None:
        if back is None:
            self.reload()
            return
        self.notify(f"Restored “{one_line(back.title, 60)}”", markup=False)
        self.reload(keep=back.id)

    def action_search_text(self) -> None:
        from tui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen(self.library, self.query_one(Input).value.strip()))

    def action_bookmarks(self) -> None:
        self.app.push_screen(BookmarksScreen(self.library))

    def action_feeds(self) -> None:
        self.app.push_screen(FeedsScreen(self.library))

    def action_open_source(self) -> None:
        def opened(source: str | None) -> None:
            if source:
                self.post_message(OpenSource(source))

        self.push_modal(
            PromptScreen(
                "Open a URL or a file",
                placeholder="https://… or path/to/article.html",
                hint="http(s) URL, or a path to an .html, .htm, .txt or .md file · escape to cancel",
            ),
            opened,
        )

    def action_keys(self) -> None:
        self.push_modal(KeysScreen(self, "Library keys"))
