"""The bookmarks: quotes and passages grouped by article, to search, annotate, delete and jump to."""

from __future__ import annotations

import contextlib
from collections import Counter
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.messages import OpenArticle, OpenSource
from tui.screens.keys import KeysScreen
from tui.screens.listing import Hanging, ListScreen, count, day, leave, matches, one_line, terms
from tui.screens.prompt import PromptScreen

if TYPE_CHECKING:
    from storage import BookmarkEntry, Library

EMPTY_BOOKMARKS = """\
No bookmarks yet.

In the reader, press b to keep the highlighted quote ({ and } move between quotes),
or, with no quote highlighted, the paragraph at the top of the view.\
"""

# Passages can be whole paragraphs; the list shows their start, the reader shows the rest.
PASSAGE_LIMIT = 280
HEADER_PREFIX = "article:"
BOOKMARK_PREFIX = "bookmark:"


def group_key(bookmark: BookmarkEntry) -> str:
    """The article a bookmark belongs to (its title when the article is no longer saved)."""
    return bookmark.article_id or f"{bookmark.article_url or ''}\n{bookmark.article_title}"


def grouped(bookmarks: list[BookmarkEntry]) -> list[list[BookmarkEntry]]:
    """Bookmarks grouped by article: the article bookmarked most recently first, each in reading order."""
    groups: dict[str, list[BookmarkEntry]] = {}
    for bookmark in bookmarks:
        groups.setdefault(group_key(bookmark), []).append(bookmark)
    ordered = sorted(groups.values(), key=lambda group: max(b.created_at for b in group), reverse=True)
    return [sorted(group, key=lambda b: (b.block, b.created_at)) for group in ordered]


class BookmarksScreen(ListScreen):
    """Every bookmark, grouped under its article's title, with its section and note."""

    CSS_PATH = Path(__file__).parent.parent / "bookmarks.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open at quote", id="bookmarks.open"),
        # Priority: the keys typed right after / (a burst) must reach the filter, not the list.
        Binding("slash", "filter", "Search", key_display="/", priority=True, id="bookmarks.filter"),
        Binding("n", "note", "Note", id="bookmarks.note"),
        Binding("d", "delete", "Delete", id="bookmarks.delete"),
        Binding("u", "undo", "Undo delete", show=False, id="bookmarks.undo"),
        Binding("down", "focus_list", "To the list", show=False, id="bookmarks.focus_list"),
        Binding("escape", "escape", "Back", show=False, id="bookmarks.escape"),
        Binding("question_mark", "keys", "Keys", id="bookmarks.keys"),
        Binding("q", "back", "Back", id="bookmarks.back"),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__(library)
        self._bookmarks: list[BookmarkEntry] = []
        # The ids of the bookmarked articles still saved: a bookmark outlives its article.
        self._saved: set[str] = set()

    def compose(self) -> ComposeResult:
        yield from self.list_widgets("bookmarks", "/ to search quotes, speakers, sections, notes")

    @property
    def bookmarks(self) -> list[BookmarkEntry]:
        """Every bookmark as last loaded, oldest first."""
        return list(self._bookmarks)

    @property
    def shown_bookmarks(self) -> list[BookmarkEntry]:
        """The bookmarks the search lets through, in display order."""
        words = terms(self.query_one(Input).value)
        return [
            bookmark
            for group in grouped(self._bookmarks)
            for bookmark in group
            if matches(
                words,
                (bookmark.text, bookmark.speaker, bookmark.section, bookmark.note, bookmark.article_title),
            )
        ]

    @property
    def current(self) -> BookmarkEntry | None:
        """The highlighted bookmark, if any."""
        option = self.query_one(OptionList).highlighted_option
        if option is None or option.id is None or not option.id.startswith(BOOKMARK_PREFIX):
            return None
        wanted = option.id.removeprefix(BOOKMARK_PREFIX)
        return next((bookmark for bookmark in self._bookmarks if bookmark.id == wanted), None)

    # Loading and display

    def reload(self) -> None:
        """Read the bookmarks (the library service does it) and show them."""

        def job() -> tuple[list[BookmarkEntry], set[str]]:
            bookmarks = self.library.bookmarks()
            ids = {bookmark.article_id for bookmark in bookmarks if bookmark.article_id}
            return bookmarks, {article_id for article_id in ids if self.library.get(article_id)}

        self.read(job, "read the bookmarks", self._show)

    def _show(self, found: tuple[list[BookmarkEntry], set[str]]) -> None:
        self._bookmarks, self._saved = list(found[0]), found[1]
        self._loaded = True
        self.refill()

    def saved(self, bookmark: BookmarkEntry) -> bool:
        """Whether the bookmark's article is still in the library."""
        return bookmark.article_id is not None and bookmark.article_id in self._saved

    def refill(self) -> None:
        option_list = self.query_one(OptionList)
        keep = self.current.id if self.current else None
        index = option_list.highlighted
        shown = self.shown_bookmarks
        options: list[Option] = []
        sizes = Counter(group_key(bookmark) for bookmark in shown)
        last_group: str | None = None
        for bookmark in shown:
            key = group_key(bookmark)
            if key != last_group:
                header = self._header(bookmark, sizes[key], self.saved(bookmark))
                options.append(Option(header, id=HEADER_PREFIX + key, disabled=True))
                last_group = key
            options.append(Option(self._prompt(bookmark), id=BOOKMARK_PREFIX + bookmark.id))
        option_list.set_options(options)
        if shown:
            ids = [option.id for option in options]
            if keep is not None and BOOKMARK_PREFIX + keep in ids:
                option_list.highlighted = ids.index(BOOKMARK_PREFIX + keep)
            else:
                option_list.highlighted = self._nearest_bookmark(options, index or 0)
        self._update_message(len(shown))

    @staticmethod
    def _nearest_bookmark(options: list[Option], index: int) -> int:
        index = min(index, len(options) - 1)
        after = [i for i in range(index, len(options)) if not options[i].disabled]
        before = [i for i in range(index, -1, -1) if not options[i].disabled]
        return (after or before or [0])[0]

    def _update_message(self, shown: int) -> None:
        query = self.query_one(Input).value.strip()
        no_match = f"No bookmark matches “{one_line(query)}”."
        self.say(
            "#bookmarks-message", self.list_message(len(self._bookmarks), shown, EMPTY_BOOKMARKS, no_match)
        )
        articles = len({group_key(bookmark) for bookmark in self._bookmarks})
        status = f"{count(len(self._bookmarks), 'bookmark')} from {count(articles, 'article')}"
        if query:
            status = f"{shown} of {status}"
        self.query_one("#bookmarks-status", Static).update(Text(status))

    @staticmethod
    def _header(bookmark: BookmarkEntry, count: int, saved: bool) -> Text:
        title = one_line(bookmark.article_title) or one_line(bookmark.article_url) or "Untitled article"
        header = Text(title, style="bold")
        if not saved:
            # Its words and link are all that is left: enter opens the page itself.
            header.append("  (no longer saved", style="italic")
            if bookmark.article_url:
                header.append(f": {one_line(bookmark.article_url)}", style="italic")
            header.append(")", style="italic")
        header.append(f"  {count}", style="dim")
        return header

    @staticmethod
    def _prompt(bookmark: BookmarkEntry) -> Text:
        """The quote (with its speaker) or passage, then its section, date and note."""
        prompt = Hanging("  ")
        if bookmark.kind == "quote":
            prompt.append(f"“{one_line(bookmark.text)}”")
            if bookmark.speaker:
                prompt.append(f" — {one_line(bookmark.speaker)}", style="italic")
        else:
            prompt.append(one_line(bookmark.text, PASSAGE_LIMIT))
        details = []
        if bookmark.section:
            details.append(f"§ {one_line(bookmark.section)}")
        if bookmark.created_at:
            details.append(day(bookmark.created_at))
        if details:
            prompt.append("\n    " + " · ".join(details), style="dim")
        if bookmark.note:
            prompt.append("\n    ✎ ", style="bold")
            prompt.append(one_line(bookmark.note), style="italic")
        return prompt

    # Actions

    @on(Input.Changed, "#bookmarks-filter")
    def _filter_changed(self) -> None:
        self.refill_soon(len(self._bookmarks))

    @on(OptionList.OptionSelected, "#bookmarks-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        """Open the highlighted bookmark's article at its block (the app handles the message)."""
        bookmark = self.current
        if bookmark is None:
            return
        if bookmark.article_id is not None and self.saved(bookmark):
            # A reader of its own, on top of this screen, even if the article is open below: q then
            # comes back here, as after any jump (it would quit when that reader was the first screen).
            self.post_message(OpenArticle(bookmark.article_id, block=bookmark.block))
        elif bookmark.article_url:
            # The saved copy is gone; the page itself is the next best thing.
            self.post_message(OpenSource(bookmark.article_url))
        else:
            self.notify("This bookmark's article is no longer saved and has no URL", markup=False)

    def action_escape(self) -> None:
        """Leave the search if it is in use, else go back."""
        filter_input = self.query_one(Input)
        if filter_input.has_focus or filter_input.value:
            filter_input.value = ""
            self.query_one(OptionList).focus()
        else:
            leave(self)

    def action_keys(self) -> None:
        self.push_modal(KeysScreen(self, "Bookmarks keys"))

    def action_note(self) -> None:
        bookmark = self.current
        if bookmark is None:
            return

        def noted(note: str | None) -> None:
            if note is not None and note != bookmark.note:
                self._replace(replace(bookmark, note=note))
                self.write(
                    partial(self.library.set_bookmark_note, bookmark.id, note),
                    what="save the note",
                )

        self.push_modal(
            PromptScreen(
                "Note for this bookmark",
                value=bookmark.note,
                placeholder="why it matters, what to check…",
                hint="enter to save (empty removes the note) · escape to cancel",
            ),
            noted,
        )

    def _replace(self, changed: BookmarkEntry) -> None:
        self._bookmarks = [changed if other.id == changed.id else other for other in self._bookmarks]
        with contextlib.suppress(LookupError):
            option_list = self.query_one(OptionList)
            option_list.replace_option_prompt(BOOKMARK_PREFIX + changed.id, self._prompt(changed))

    def action_delete(self) -> None:
        bookmark = self.current
        if bookmark is None:
            return
        self._bookmarks = [other for other in self._bookmarks if other.id != bookmark.id]
        self.refill()
        self.write(
            partial(self.library.delete_bookmark, bookmark.id),
            what="delete the bookmark",
            then=lambda _: self.keep_for_undo(bookmark, f"Deleted “{one_line(bookmark.text, 50)}”"),
        )

    def undo(self, item: BookmarkEntry) -> None:
        # Written back as it was (same id, time and note), so undo leaves no trace of the delete.
        self.write(
            partial(self.library.import_bookmarks, [item.to_dict()]),
            what="restore the bookmark",
            then=lambda _: self._restored(item),
            on_error=partial(self.undo_stack.append, item),
        )

    def _restored(self, bookmark: BookmarkEntry) -> None:
        self.notify(f"Restored “{one_line(bookmark.text, 50)}”", markup=False)
        self._bookmarks = sorted([*self._bookmarks, bookmark], key=lambda other: other.created_at)
        self.refill()
        self.highlight(BOOKMARK_PREFIX + bookmark.id)
