"""The library: saved articles, newest first, to open, filter, mark read and delete."""

from __future__ import annotations

import contextlib
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.messages import OpenArticle, OpenSource
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.feeds import FeedsScreen
from tui.screens.keys import KeysScreen
from tui.screens.listing import Hanging, ListScreen, day, matches, one_line, terms
from tui.screens.prompt import PromptScreen

if TYPE_CHECKING:
    from storage import ArticleEntry, Library

EMPTY_LIBRARY = """\
Your library is empty.

Press a to open a URL or a file and read it now.

From a terminal:
    byline URL        read an article (a URL, an .html/.txt/.md file, or - for stdin)
    byline save URL   keep it here, body included, to read later and offline\
"""


class LibraryScreen(ListScreen):
    """Saved articles with unread markers, reading progress, site and date."""

    CSS_PATH = Path(__file__).parent.parent / "library.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="library.open"),
        Binding("slash", "filter", "Filter", id="library.filter"),
        Binding("r", "toggle_read", "Read/unread", id="library.toggle_read"),
        Binding("d", "delete", "Delete", id="library.delete"),
        Binding("u", "undo", "Undo delete", show=False, id="library.undo"),
        Binding("B", "bookmarks", "Bookmarks", id="library.bookmarks"),
        Binding("F", "feeds", "Feeds", id="library.feeds"),
        Binding("a,o", "open_source", "Open URL", id="library.open_source"),
        Binding("down", "focus_list", "To the list", show=False, id="library.focus_list"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="library.clear_filter"),
        Binding("question_mark", "keys", "Keys", id="library.keys"),
        Binding("q", "back", "Quit", id="library.quit"),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__(library)
        self._entries: list[ArticleEntry] = []

    def compose(self) -> ComposeResult:
        yield from self.list_widgets("library", "/ to filter by title, site or author")

    @property
    def entries(self) -> list[ArticleEntry]:
        """Every saved article as last loaded, newest first."""
        return list(self._entries)

    @property
    def shown_entries(self) -> list[ArticleEntry]:
        """The articles the filter lets through, in display order."""
        words = terms(self.query_one(Input).value)
        return [
            entry
            for entry in self._entries
            if matches(words, (entry.title, entry.site, entry.url, entry.source, *entry.authors))
        ]

    @property
    def current(self) -> ArticleEntry | None:
        """The highlighted article, if any."""
        option = self.query_one(OptionList).highlighted_option
        if option is None or option.id is None:
            return None
        return next((entry for entry in self._entries if entry.id == option.id), None)

    # Loading and display

    @work(thread=True, exclusive=True, group="library-load")
    def reload(self) -> None:
        """Read the library from disk (in a thread) and show it."""
        self.read(self.library.articles, "could not read the library", self._show)

    def _show(self, entries: list[ArticleEntry]) -> None:
        self._entries = sorted(entries, key=lambda entry: entry.saved_at or "", reverse=True)
        self._loaded = True
        self.refill()

    def refill(self) -> None:
        option_list = self.query_one(OptionList)
        keep = self.current.id if self.current else None
        index = option_list.highlighted
        shown = self.shown_entries
        option_list.set_options(Option(self._prompt(entry), id=entry.id) for entry in shown)
        if shown:
            ids = [entry.id for entry in shown]
            if keep in ids:
                option_list.highlighted = ids.index(keep)
            else:
                option_list.highlighted = min(index or 0, len(shown) - 1)
        self._update_message(len(shown))

    def _update_message(self, shown: int) -> None:
        query = self.query_one(Input).value.strip()
        no_match = f"No saved article matches “{one_line(query)}”."
        self.say("#library-message", self.list_message(len(self._entries), shown, EMPTY_LIBRARY, no_match))
        unread = sum(1 for entry in self._entries if not entry.read)
        status = f"{len(self._entries)} saved · {unread} unread"
        if query:
            status = f"{shown} of {status}"
        self.query_one("#library-status", Static).update(Text(status))

    @staticmethod
    def _prompt(entry: ArticleEntry) -> Text:
        """Two lines: the unread marker and title, then site, date and progress."""
        title = one_line(entry.title) or one_line(entry.url) or one_line(entry.source)
        prompt = Hanging()
        prompt.append("● " if not entry.read else "  ", style="bold")
        prompt.append(title, style="bold" if not entry.read else "")
        details = [
            one_line(entry.site),
            day(entry.published) or day(entry.saved_at),
            _progress(entry),
        ]
        prompt.append("\n  ")
        prompt.append(" · ".join(part for part in details if part), style="dim")
        return prompt

    # Actions

    @on(Input.Changed, "#library-filter")
    def _filter_changed(self) -> None:
        self.refill_soon(len(self._entries))

    @on(OptionList.OptionSelected, "#library-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id is not None:
            self.post_message(OpenArticle(event.option_id))

    def action_open(self) -> None:
        """Open the highlighted article (the app handles :class:`OpenArticle`)."""
        entry = self.current
        if entry is not None:
            self.post_message(OpenArticle(entry.id))

    def action_clear_filter(self) -> None:
        filter_input = self.query_one(Input)
        filter_input.value = ""
        self.query_one(OptionList).focus()

    def action_toggle_read(self) -> None:
        entry = self.current
        if entry is None:
            return
        changed = replace(entry, read=not entry.read)
        self._replace(changed)
        self.write(
            partial(self.library.set_read, changed.id, changed.read), failure="could not mark the article"
        )

    def _replace(self, changed: ArticleEntry) -> None:
        self._entries = [changed if entry.id == changed.id else entry for entry in self._entries]
        option_list = self.query_one(OptionList)
        with contextlib.suppress(LookupError):
            option_list.replace_option_prompt(changed.id, self._prompt(changed))
        self._update_message(option_list.option_count)

    def action_delete(self) -> None:
        entry = self.current
        if entry is None:
            return
        self._entries = [other for other in self._entries if other.id != entry.id]
        self.refill()
        self.write(
            partial(self.library.delete_article, entry.id),
            failure="could not delete the article",
            then=self._deleted_one,
        )

    def _deleted_one(self, entry: ArticleEntry) -> None:
        title = one_line(entry.title, 60) or one_line(entry.url, 60)
        self.keep_for_undo(entry, f"Deleted “{title}”")

    def undo(self, item: ArticleEntry) -> None:
        def restore() -> list[ArticleEntry]:
            self.library.restore_article(item)
            # Read back what is on disk: if the article was saved again meanwhile, that copy stays.
            return self.library.articles()

        self.write(
            restore,
            failure="could not restore the article",
            then=partial(self._restored, item),
            on_error=partial(self.undo_stack.append, item),
        )

    def _restored(self, entry: ArticleEntry, entries: list[ArticleEntry]) -> None:
        self._show(entries)
        key = entry.url or entry.source
        back = next((other for other in entries if other.id == entry.id), None)
        back = back or next((other for other in entries if (other.url or other.source) == key), None)
        if back is None:
            return
        self.notify(f"Restored “{one_line(back.title, 60)}”", markup=False)
        self.highlight(back.id)

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


def _progress(entry: ArticleEntry) -> str:
    """How far the article was read: "read", "42% read" or "not started"."""
    if entry.read:
        return "read"
    if entry.progress <= 0:
        return "not started"
    # A glance at the first lines is still a start: never show a started article as 0%.
    return f"{max(1, round(min(1.0, entry.progress) * 100))}% read"
