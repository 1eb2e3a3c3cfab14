"""The library's list of articles: a Line API scroll view that draws only the rows on screen.

It knows how many rows there are and holds the pages of rows fetched so far; a row not fetched
yet is drawn as a placeholder while :class:`ArticleList.Wanted` asks the screen for its page (read
from the library's catalog in a worker). So 50,000 saved articles cost what the visible twenty do.

Every row is two lines, a title cut with an ellipsis and its details, except the highlighted one:
its whole title wraps, each further line under the title's first letter. Row ``i`` then starts at
line ``2 * i``, plus the highlighted row's extra lines for rows below it: no row needs measuring.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from news.sanitize import safe_text

if TYPE_CHECKING:
    from storage import ArticleEntry

ROW_HEIGHT = 2
"""Lines per article: the title, then where it is from, its dates and progress."""
PAGE = 100
"""Rows fetched at once: five screens of a tall terminal, one catalog query of a few milliseconds."""


class ArticleList(ScrollView, can_focus=True):
    """Rows of saved articles with a cursor; the screen feeds it pages of entries."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False, id="article_list.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="article_list.up"),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="article_list.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="article_list.page_up"),
        Binding("home,g", "first", "First", show=False, id="article_list.first"),
        Binding("end,G", "last", "Last", show=False, id="article_list.last"),
        Binding("enter", "select", "Open", show=False, id="article_list.select"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--unread",
        "article-list--details",
        "article-list--cursor",
        "article-list--cursor-focused",
        "article-list--pending",
    }

    DEFAULT_CSS = """
    ArticleList {
        background: $background;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        & > .article-list--unread { text-style: bold; }
        & > .article-list--details { color: $foreground-muted; }
        & > .article-list--cursor { background: $primary 30%; }
        & > .article-list--cursor-focused { background: $primary 45%; color: $text; }
        & > .article-list--pending { color: $foreground-muted; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Wanted(Message):
        """Rows of page ``page`` (``PAGE`` rows each) are on screen but not fetched."""

        def __init__(self, generation: int, page: int) -> None:
            super().__init__()
            self.generation = generation
            self.page = page

    class Selected(Message):
        """Enter (or a click) on the row of ``entry``."""

        def __init__(self, entry: ArticleEntry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.total = 0
        self.generation = 0
        self._pages: dict[int, list[ArticleEntry]] = {}
        self._asked: set[int] = set()
        self._styles: dict[str, Style] = {}
        self._wrapped: tuple[str, int, list[str]] | None = None

    # -- data -------------------------------------------------------------------------------

    def reset(self, total: int, pages: dict[int, list[ArticleEntry]], cursor: int = 0) -> None:
        """Show a new list of ``total`` rows, ``pages`` of them fetched, the cursor on row ``cursor``."""
        self.generation += 1
        self.total = max(0, total)
        self._pages = dict(pages)
        self._asked = set(pages)
        self._update_virtual_size()
        self.cursor = min(max(0, cursor), max(0, self.total - 1))
        self.refresh()

    def put_page(self, generation: int, page: int, entries: list[ArticleEntry]) -> None:
        """Rows of ``page`` fetched for list ``generation`` (pages of an older list are dropped)."""
        if generation != self.generation:
            return
        self._pages[page] = entries
        if page == self.cursor // PAGE:
            self._update_virtual_size()  # the highlighted title is known now: it may take more lines
        self.refresh()

    def entry_at(self, index: int) -> ArticleEntry | None:
        """The entry on row ``index``, when its page is fetched."""
        page = self._pages.get(index // PAGE)
        if page is None or not 0 <= index % PAGE < len(page):
            return None
        return page[index % PAGE]

    @property
    def current(self) -> ArticleEntry | None:
        """The entry under the cursor (None for an empty list, or while its page is on its way)."""
        return self.entry_at(self.cursor) if self.total else None

    def loaded(self) -> list[ArticleEntry]:
        """Every fetched entry in row order (tests, and the rows a small library holds)."""
        return [entry for page in sorted(self._pages) for entry in self._pages[page]]

    def replace_entry(self, changed: ArticleEntry) -> None:
        """Show ``changed`` in place of the fetched entry with its id."""
        for page in self._pages.values():
            for i, entry in enumerate(page):
                if entry.id == changed.id:
                    page[i] = changed
        self._update_virtual_size()
        self.refresh()

    # -- movement ---------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        if not self.total:
            return
        self._update_virtual_size()
        height = len(self._cursor_title()) + 1
        self.scroll_to_region(
            Region(0, new * ROW_HEIGHT, self.scrollable_content_region.width or 1, height),
            animate=False,
            immediate=True,
            force=True,
        )
        self.refresh()

    def _move(self, to: int) -> None:
        if self.total:
            self.cursor = min(max(0, to), self.total - 1)

    def _rows_per_page(self) -> int:
        return max(1, self.scrollable_content_region.height // ROW_HEIGHT - 1)

    def action_cursor_down(self) -> None:
        self._move(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._move(self.cursor - 1)

    def action_page_down(self) -> None:
        self._move(self.cursor + self._rows_per_page())

    def action_page_up(self) -> None:
        self._move(self.cursor - self._rows_per_page())

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(self.total - 1)

    def action_select(self) -> None:
        entry = self.current
        if entry is not None:
            self.post_message(self.Selected(entry))

    def on_click(self, event: events.Click) -> None:
        row = self._row_at(event.y + int(self.scroll_y))[0]
        if 0 <= row < self.total:
            self.cursor = row
            self.action_select()

    # -- rendering --------------------------------------------------------------------------

    def _update_virtual_size(self) -> None:
        extra = len(self._cursor_title()) - 1 if self.total else 0
        self.virtual_size = Size(self.scrollable_content_region.width, self.total * ROW_HEIGHT + extra)

    def _text_width(self) -> int:
        """Cells for a title: the width less the margin, the marker and a cell on the right."""
        return max(10, self.scrollable_content_region.width - 4)

    def _cursor_title(self) -> list[str]:
        """The highlighted row's title, wrapped to the width (one line while its page is on its way)."""
        entry = self.current
        if entry is None:
            return [""]
        title, width = row_lines(entry)[0][2:], self._text_width()
        if self._wrapped is None or self._wrapped[:2] != (title, width):
            lines = [line.plain.rstrip() for line in Content(title).wrap(width)] or [""]
            self._wrapped = (title, width, lines)
        return self._wrapped[2]

    def _row_at(self, line: int) -> tuple[int, int]:
        """The row shown on virtual line ``line``, and which of its lines it is (0: the first)."""
        top = self.cursor * ROW_HEIGHT
        if line < top:
            return divmod(line, ROW_HEIGHT)
        height = len(self._cursor_title()) + 1 if self.total else ROW_HEIGHT
        if line < top + height:
            return self.cursor, line - top
        row, part = divmod(line - top - height, ROW_HEIGHT)
        return self.cursor + 1 + row, part

    def on_resize(self) -> None:
        self._update_virtual_size()
        self.watch_cursor(self.cursor, self.cursor)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = (
                self.rich_style if not name else self.get_component_rich_style(name, partial=True)
            )
        return style

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row, part = self._row_at(int(self.scroll_y) + y)
        base = self._style("")
        if row >= self.total or width <= 0:
            return Strip.blank(width, base)
        if row == self.cursor:
            focused = self.has_focus
            base = base + self._style("article-list--cursor" + ("-focused" if focused else ""))
        entry = self.entry_at(row)
        if entry is None:
            self._ask(row // PAGE)
            text = "  …" if part == 0 else ""
            return _fit([(text, base + self._style("article-list--pending"))], width, base)
        title, about = row_lines(entry)
        style = base + self._style("article-list--unread") if not entry.read else base
        if row == self.cursor:
            wrapped = self._cursor_title()
            if part < len(wrapped):
                return _fit([(" " + (title[:2] if part == 0 else "  ") + wrapped[part], style)], width, base)
            part = 1
        if part == 0:
            return _fit([(" " + title, style)], width, base)
        return _fit([(" " + about, base + self._style("article-list--details"))], width, base)

    def row_text(self, index: int) -> str | None:
        """Row ``index`` as plain text, its two lines uncut (None while its page is not fetched)."""
        entry = self.entry_at(index)
        return "\n".join(row_lines(entry)) if entry is not None else None

    def _ask(self, page: int) -> None:
        if page not in self._asked:
            self._asked.add(page)
            self.post_message(self.Wanted(self.generation, page))


def row_lines(entry: ArticleEntry) -> tuple[str, str]:
    """The two lines of an article's row: unread marker and title; then, indented, its details."""
    title = _one_line(entry.title) or _one_line(entry.url) or _one_line(entry.source)
    return ("● " if not entry.read else "  ") + title, "  " + details(entry)


def details(entry: ArticleEntry) -> str:
    """The second line of a row: where it is from, its labelled dates, how far it was read."""
    parts = [_one_line(entry.origin)]
    if entry.published:
        parts.append(f"published {entry.published[:10]}")
    parts.append(f"saved {entry.saved_at[:10]}")
    if entry.archived_at:
        parts.append("archived")
    parts.append(progress(entry))
    return " · ".join(part for part in parts if part)


def progress(entry: ArticleEntry) -> str:
    """How far the article was read: "read", "42% read" or "not started"."""
    if entry.read:
        return "read"
    if entry.progress <= 0:
        return "not started"
    # A glance at the first lines is still a start: never show a started article as 0%.
    return f"{max(1, round(min(1.0, entry.progress) * 100))}% read"


def _one_line(text: str | None) -> str:
    return " ".join(safe_text(text or "").split())


def _fit(parts: list[tuple[str, Style]], width: int, base: Style) -> Strip:
    """One line of ``width`` cells: the parts in order, the last that overflows ending in an ellipsis."""
    segments: list[Segment] = []
    room = width - 1  # one cell of margin on the right, under the scroll bar's side
    for text, style in parts:
        if room <= 0:
            break
        size = cell_len(text)
        if size > room:
            text = set_cell_size(text, max(0, room - 1)).rstrip() + "…"
            size = cell_len(text)
        segments.append(Segment(text, style))
        room -= size
    return Strip(segments).crop_extend(0, width, base)
