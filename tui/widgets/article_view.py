"""The article pane: a Line API scroll view that renders only the visible lines of a cached layout."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from news.model import Article
from tui.widgets.article_layout import Layout, LayoutOptions, Unit, layout_article
from tui.widgets.figure import Figures, Picture
from tui.widgets.inline import LinkIndex
from tui.widgets.wrapping import cells

ROLES = (
    "title",
    "subtitle",
    "meta",
    "rule",
    "heading1",
    "heading2",
    "heading3",
    "heading4",
    "paragraph",
    "item",
    "marker",
    "quote",
    "bar",
    "code",
    "highlight",
    "match",
    "match-current",
    "link",
    "link-number",
    "em",
    "strong",
    "inline-code",
    "table",
    "table-head",
    "table-rule",
    "caption",
    "figure-placeholder",
    "embed",
    "bookmark",
    "bookmark-bar",
)

TABLE_STEP = 8
"""Cells one h/l moves a wide table sideways."""

FIRST_LINES = 200
"""Lines laid out before a long article's first paint: a tall terminal's screen, and pages to spare."""

RELAYOUT_DELAY = 0.15
"""Seconds pictures arriving together are gathered for, so a page of them lays the text out once."""

BOOKMARK_BAR = "▎"
"""Drawn in the left margin beside every line of a bookmarked quote or passage."""

# Overlapping overlays combine; the later in this order wins where their styles disagree.
_LAYER = {"bookmark": 0, "highlight": 1, "match": 2, "match-current": 3}

Span = tuple[int, int, int]
"""(unit, start, end): a range of characters in one laid-out unit."""


class ArticleView(ScrollView, can_focus=True):
    """Shows one article, wrapped and centred, with quote and search highlights."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Down", show=False, id="article.down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="article.up"),
        Binding("space,pagedown,ctrl+f", "page_down", "Page down", show=False, id="article.page_down"),
        Binding("shift+space,pageup,ctrl+b", "page_up", "Page up", show=False, id="article.page_up"),
        Binding("home", "go_top", "Top", show=False, id="article.home"),
        Binding("end", "go_end", "End", show=False, id="article.end"),
        Binding("ctrl+d", "half_page_down", "Half page down", show=False, id="article.half_down"),
        Binding("ctrl+u", "half_page_up", "Half page up", show=False, id="article.half_up"),
        Binding("h,left", "table_left", "Table left", show=False, id="article.table_left"),
        Binding("l,right", "table_right", "Table right", show=False, id="article.table_right"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"article-view--{role}" for role in ROLES}

    DEFAULT_CSS = """
    ArticleView {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: scroll;
        scrollbar-size-vertical: 1;
        & > .article-view--title { color: $text-primary; text-style: bold; }
        & > .article-view--subtitle { color: $foreground-muted; text-style: italic; }
        & > .article-view--meta { color: $foreground-muted; }
        & > .article-view--rule { color: $primary-muted; }
        & > .article-view--heading1 { color: $text-accent; text-style: bold underline; }
        & > .article-view--heading2 { color: $text-accent; text-style: bold; }
        & > .article-view--heading3 { color: $text-secondary; text-style: bold; }
        & > .article-view--heading4 { color: $text-secondary; text-style: bold italic; }
        & > .article-view--paragraph { }
        & > .article-view--item { }
        & > .article-view--marker { color: $text-accent; }
        & > .article-view--quote { text-style: italic; }
        & > .article-view--bar { color: $accent; }
        & > .article-view--code { color: $text-warning; }
        & > .article-view--highlight { background: $accent 35%; }
        & > .article-view--match { background: $warning 35%; }
        & > .article-view--match-current { background: $warning; color: $background; text-style: bold; }
        & > .article-view--link { color: $article-link-color; text-style: $article-link-style; }
        & > .article-view--link-number { color: $article-link-number-color; text-style: not underline; }
        & > .article-view--em { text-style: $article-emphasis-style; }
        & > .article-view--strong { text-style: $article-strong-style; }
        & > .article-view--inline-code { color: $article-code-color; background: $article-code-background; }
        & > .article-view--table { }
        & > .article-view--table-head { text-style: bold; }
        & > .article-view--table-rule { color: $foreground-muted; }
        & > .article-view--caption { color: $foreground-muted; text-style: italic; }
        & > .article-view--figure-placeholder { color: $foreground-muted; }
        & > .article-view--embed { color: $article-link-color; }
        & > .article-view--bookmark { text-style: underline; }
        & > .article-view--bookmark-bar { color: $success; text-style: bold; }
    }
    """

    class Moved(Message):
        """The reading position changed: the section at the top, how far the reader has read, and
        the highlighted quote (None once it has scrolled out of view)."""

        def __init__(self, section: int | None, percent: float, quote: int | None = None) -> None:
            super().__init__()
            self.section = section
            self.percent = percent
            self.quote = quote

    def __init__(self, article: Article, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._styles: dict[str, Style] = {}
        self._set_article(article)

    def _set_article(self, article: Article) -> None:
        self.article = article
        self._links: LinkIndex | None = None
        previous: Figures | None = getattr(self, "figures", None)
        # The pictures' height follows the pane's, which a new article does not change.
        self.figures = Figures(max_rows=previous.max_rows) if previous is not None else Figures()
        self.link_numbers = True
        self.images_on = True
        self._table_x: dict[int, int] = {}
        self._relayout_timer: Timer | None = None
        self._layouts: dict[int, Layout] = {}
        self._layout: Layout | None = None
        self._strips: dict[int, Strip] = {}
        self._block_unit: dict[int, int] = {}
        self._quote_spans: list[Span] = self._find_quotes()
        self.quote_index: int | None = None
        self.query_text = ""
        self.matches: list[Span] = []
        self.match_index: int | None = None
        self._overlays: dict[int, list[tuple[int, int, str]]] = {}
        self._marks: list[Span] = []
        self._marked_lines: set[int] = set()
        self._last_moved: tuple[int | None, int, int | None] | None = None

    def show(self, article: Article) -> None:
        """Show ``article`` from its top, dropping highlights and search."""
        self._set_article(article)
        if self.is_mounted and self.scrollable_content_region.width > 0:
            self._apply_width(self.scrollable_content_region.width, first=True)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    # -- layout -----------------------------------------------------------------------------

    @property
    def text_layout(self) -> Layout:
        """The whole layout for the current width (laid out on first use)."""
        layout = self._layout
        if layout is None or not layout.complete:
            width = layout.text_width + 2 * layout.margin if layout is not None else 0
            self._apply_width(width or max(self.scrollable_content_region.width, 20))
        assert self._layout is not None
        return self._layout

    @property
    def _shown(self) -> Layout:
        """The layout being drawn: for a moment after the first paint, only the start of a long article."""
        if self._layout is None:
            self._apply_width(max(self.scrollable_content_region.width, 20), first=True)
        assert self._layout is not None
        return self._layout

    @property
    def links(self) -> LinkIndex:
        """The article's links, numbered in reading order."""
        return self.text_layout.links

    def _apply_width(self, width: int, *, first: bool = False) -> None:
        """Use the layout for ``width``; ``first``: the first paint may make do with its first screens."""
        layout = self._layouts.get(width)
        if layout is None:
            options = LayoutOptions(self.link_numbers, self.figures if self.images_on else None, self._links)
            # Enough for the first paint and a page or two of reading; the rest comes right after.
            max_lines = FIRST_LINES if first else None
            layout = layout_article(self.article, width, options, max_lines=max_lines)
            if not layout.complete:
                self._layout = layout
                self._update_virtual_size()
                self.call_after_refresh(self._complete_layout, width)
                return
            self._links = layout.links
            # A few widths are enough: a resize drag passes through many.
            if len(self._layouts) > 4:
                self._layouts.pop(next(iter(self._layouts)))
            self._layouts[width] = layout
            if not self._block_unit:
                # A block's text is its first unit (a picture's caption or a table's rows come after).
                block_unit: dict[int, int] = {}
                for i, unit in enumerate(layout.units):
                    if unit.block is not None:
                        block_unit.setdefault(unit.block, i)
                self._block_unit = block_unit
        self._layout = layout
        self._rebuild_overlays()
        self._update_virtual_size()

    def _complete_layout(self, width: int) -> None:
        """Swap the first screens' layout for the whole one (its lines begin the same way)."""
        layout = self._layout
        if layout is None or layout.complete or layout.text_width + 2 * layout.margin != width:
            return  # already whole (a key asked for it), or a resize laid it out anew
        self._apply_width(width)
        self._post_moved()

    def _update_virtual_size(self) -> None:
        layout = self._layout
        if layout is None:
            return
        height = len(layout.lines)
        # Let the last heading reach the top of the pane, as "next section" promises.
        if layout.heading_lines:
            height = max(height, layout.heading_lines[-1] + self.scrollable_content_region.height)
        self.virtual_size = Size(self.scrollable_content_region.width, height)

    def on_resize(self, event: events.Resize) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        if self.figures.fit_pane(self.scrollable_content_region.height) and self.figures.pictures:
            self.relayout()  # the pictures' size follows the pane's height
            return
        previous = self._layout
        if previous is None:
            self._apply_width(width, first=True)
        elif previous.text_width + 2 * previous.margin != width:
            self._keeping_place(lambda: self._apply_width(width))
        else:
            self._update_virtual_size()
        # A pane made shorter (the search bar opening, a smaller terminal) must not hide what is
        # highlighted: the current match, else the quote.
        self._keep_highlight_in_view()
        self._post_moved()

    def _keeping_place(self, change: Callable[[], None]) -> None:
        """Run ``change`` (a new layout) and scroll so the text at the top of the pane stays there."""
        previous = self._layout
        anchor: tuple[int | None, int, int] | None = None
        if previous is not None and previous.lines:
            top = min(int(self.scroll_y), len(previous.lines) - 1)
            line = previous.lines[top]
            if line.unit >= 0:
                unit = previous.units[line.unit]
                # By block where there is one: a new layout's units may be numbered differently.
                anchor = (unit.block, line.unit, line.start)
        change()
        layout = self._layout
        if anchor is None or layout is previous or layout is None:
            return
        block, unit_index, start = anchor
        if block is not None:
            first = layout.block_line.get(block)
            if first is not None:
                lines = layout.lines
                # The same characters of the same block: the first line of it that reaches them.
                end = first
                while (
                    end < len(lines) and lines[end].unit >= 0 and layout.units[lines[end].unit].block == block
                ):
                    if lines[end].end > start:
                        break
                    end += 1
                self.scroll_to(y=end, animate=False, immediate=True)
                return
        spans = layout.spans(unit_index, start, start + 1) if unit_index < len(layout.units) else []
        if spans:
            self.scroll_to(y=spans[0][0], animate=False, immediate=True)

    def relayout(self) -> None:
        """Lay the article out again (what is shown changed), keeping the reader's place."""
        if self._relayout_timer is not None:
            self._relayout_timer.stop()
            self._relayout_timer = None
        width = self.scrollable_content_region.width

        def change() -> None:
            self._layouts = {}
            self._block_unit = {}
            self._layout = None
            if width > 0:
                self._apply_width(width)

        self._keeping_place(change)
        if self.query_text:
            # Matches are kept by unit, and units are numbered anew.
            current = self.match_index
            self.search(self.query_text)
            if current is not None and current < len(self.matches):
                self.match_index = current
                self._rebuild_overlays()
        self._refresh_all()
        self._post_moved()

    def set_link_numbers(self, shown: bool) -> None:
        """Show or hide the ``[N]`` after each link."""
        if shown != self.link_numbers:
            self.link_numbers = shown
            self.relayout()

    def set_images(self, shown: bool) -> None:
        """Draw pictures (True) or one placeholder line for each (False)."""
        if shown != self.images_on:
            self.images_on = shown
            self.relayout()

    def add_picture(self, url: str, picture: Picture | None, reason: str = "") -> None:
        """A picture of the article arrived (None: it could not be had); drawn once a few are in."""
        self.figures.add(url, picture, reason)
        if picture is not None and self.images_on and self._relayout_timer is None:
            self._relayout_timer = self.set_timer(RELAYOUT_DELAY, self.relayout)

    def _keep_highlight_in_view(self) -> None:
        if self.match_index is not None and self.match_index < len(self.matches):
            self._reveal(self._match_line(self.match_index))
        elif self.quote_index is not None:
            line = self._quote_line(self.quote_index)
            if line >= 0:
                self._reveal(line)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()

    # -- rendering --------------------------------------------------------------------------

    def _style(self, role: str) -> Style:
        style = self._styles.get(role)
        if style is None:
            style = self.get_component_rich_style(f"article-view--{role}", partial=True)
            self._styles[role] = style
        return style

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_y) + y
        width = self.scrollable_content_region.width
        strip = self._strips.get(index)
        if strip is None or strip.cell_length != width:
            strip = self._render_layout_line(index, width)
            if len(self._strips) > 4000:
                self._strips.clear()
            self._strips[index] = strip
        return strip

    def _render_layout_line(self, index: int, width: int) -> Strip:
        # The widget's own style, worked out from its ancestors, once per style update (not per line).
        base = self._styles.get("")
        if base is None:
            base = self._styles[""] = self.rich_style
        layout = self._shown
        if index >= len(layout.lines):
            return Strip.blank(width, base)
        line = layout.lines[index]
        margin = layout.margin
        if index in self._marked_lines and margin >= 2:
            segments = [
                Segment(" " * (margin - 2), base),
                Segment(BOOKMARK_BAR, base + self._style("bookmark-bar")),
                Segment(" ", base),
            ]
        else:
            segments = [Segment(" " * margin, base)]
        if line.prefix:
            segments.append(Segment(line.prefix, base + self._style(line.prefix_role)))
        if line.unit >= 0:
            unit = layout.units[line.unit]
            if unit.role == "figure" and unit.url is not None:
                row = self.figures.row(unit.url, layout.text_width, line.start)
                segments.extend(Segment(seg.text, base + seg.style if seg.style else base) for seg in row)
            else:
                self._text_segments(unit, line.start, line.end, index, base, segments)
            if unit.role.startswith("table") and unit.block is not None:
                segments = self._table_window(segments, unit.block, layout.text_width, base)
        # The width is known cheaply here (most text is ASCII): Strip need not measure every segment.
        length = sum(cells(segment.text) for segment in segments)
        return Strip(segments, length).crop_extend(0, width, base)

    def _text_segments(
        self, unit: Unit, start: int, stop: int, index: int, base: Style, out: list[Segment]
    ) -> None:
        """Segments of ``unit.text[start:stop]`` (trailing space dropped), styled by runs and highlights."""
        text, role, runs = unit.text, unit.role, unit.runs
        end = start + len(text[start:stop].rstrip())
        marks = [(a, b, r) for a, b, r in runs if a < end and b > start]
        marks += self._overlays.get(index, ())
        if not marks:
            if start < end:
                out.append(Segment(text[start:end], base + self._style(role)))
            return
        points = sorted({start, end, *(max(start, min(end, p)) for a, b, _ in marks for p in (a, b))})
        for lo, hi in itertools.pairwise(points):
            if lo >= hi:
                continue
            roles = tuple(r for a, b, r in marks if a <= lo and b >= hi)
            out.append(Segment(text[lo:hi], self._combined(base, role, roles)))

    def _combined(self, base: Style, role: str, roles: tuple[str, ...]) -> Style:
        key = "|".join((role, *roles))
        style = self._styles.get(key)
        if style is None:
            style = self._style(role)
            for extra in roles:
                style += self._style(extra)
            self._styles[key] = style
        return base + style

    def _table_window(
        self, segments: list[Segment], block: int, text_width: int, base: Style
    ) -> list[Segment]:
        """The part of a table line wider than the measure that its sideways scroll shows."""
        length = sum(cells(segment.text) for segment in segments)
        if length <= text_width:
            return segments
        x = min(self._table_x.get(block, 0), length - text_width)
        window = list(Strip(segments, length).crop(x, x + text_width))
        # Arrows at the cut edges say there is more of the table that way.
        more = base + self._style("table-rule")
        if x > 0:
            window = [Segment("◂", more), *Strip(window).crop(1, text_width)]
        if x + text_width < length:
            window = [*Strip(window).crop(0, text_width - 1), Segment("▸", more)]
        return window

    # -- tables -----------------------------------------------------------------------------

    def _wide_tables_on_screen(self) -> list[tuple[int, int]]:
        """(block, widest line) of each table on screen wider than the measure, top first."""
        layout = self.text_layout
        found: dict[int, int] = {}
        top = self.top_line
        for y in range(top, min(len(layout.lines), top + self.scrollable_content_region.height)):
            line = layout.lines[y]
            if line.unit < 0:
                continue
            unit = layout.units[line.unit]
            if unit.role.startswith("table") and unit.block is not None:
                found[unit.block] = max(found.get(unit.block, 0), cells(unit.text))
        return [(block, wide) for block, wide in found.items() if wide > layout.text_width]

    def scroll_table(self, step: int) -> bool:
        """Move the wide tables on screen ``step`` times :data:`TABLE_STEP` cells sideways; False if none."""
        tables = self._wide_tables_on_screen()
        if not tables:
            return False
        text_width = self.text_layout.text_width
        for block, wide in tables:
            x = self._table_x.get(block, 0) + step * TABLE_STEP
            self._table_x[block] = max(0, min(x, wide - text_width))
        self._refresh_all()
        return True

    def action_table_left(self) -> None:
        self._table_step(-1)

    def action_table_right(self) -> None:
        self._table_step(1)

    def _table_step(self, step: int) -> None:
        if not self.scroll_table(step):
            self.notify("No table wider than the page on screen", timeout=1.5, markup=False)

    def _refresh_all(self) -> None:
        self._strips.clear()
        self.refresh()

    # -- position ---------------------------------------------------------------------------

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._drop_unseen_highlight()
        self._post_moved()

    def _drop_unseen_highlight(self) -> None:
        # A highlight the reader can no longer see must not be what b keeps or the status line names.
        quote = self.quote_index
        laid_out = self._layout is not None and self.scrollable_content_region.height > 0
        if quote is not None and laid_out and not self._quote_visible(quote):
            self.quote_index = None
            self._rebuild_overlays()

    @property
    def top_line(self) -> int:
        """The layout line at the top of the pane."""
        return int(self.scroll_y)

    @property
    def percent(self) -> float:
        """How far the reader has read, 0.0-1.0: 0.0 with the headline at the top of the pane, 1.0 with
        the last line on screen (an article that fits on one screen is read as soon as it shows)."""
        # The shown layout: right after a long article's first paint only its first screens, whose
        # start reads the same (asking for the whole one would lay it all out before that paint).
        room = len(self._shown.lines) - self.scrollable_content_region.height
        if room <= 0:
            return 1.0
        return min(1.0, self.top_line / room)

    @property
    def section(self) -> int | None:
        """Block index of the heading of the section being read (None before the first)."""
        # A heading in the first line or two below the top counts: it is what the eye is on.
        return self._shown.heading_at(self.top_line + 1)

    @property
    def top_block(self) -> int | None:
        """Block index of the first body block at or below the top of the pane."""
        return self.text_layout.block_at(self.top_line)

    @property
    def passage_block(self) -> int | None:
        """The block b keeps as a passage: the first one at or below the top that is not a heading."""
        layout = self.text_layout
        blocks = self.article.blocks
        for line in layout.lines[max(0, self.top_line) :]:
            block = layout.units[line.unit].block if line.unit >= 0 else None
            if block is not None and blocks[block].kind != "heading":
                return block
        return None

    def _post_moved(self) -> None:
        if self._layout is None:
            return
        section, percent, quote = self.section, self.percent, self.quote_index
        key = (section, round(percent * 1000), quote)
        if key != self._last_moved:
            self._last_moved = key
            self.post_message(self.Moved(section, percent, quote))

    def scroll_to_line(self, y: int) -> None:
        """Put layout line ``y`` at the top of the pane."""
        self.scroll_to(y=max(0, y), animate=False, immediate=True)

    def line_for_block(self, block: int) -> int | None:
        """First layout line of article block ``block``."""
        return self.text_layout.block_line.get(block)

    def scroll_to_block(self, block: int) -> bool:
        """Put article block ``block`` at the top; False when it is not shown."""
        y = self.line_for_block(block)
        if y is None:
            return False
        self.scroll_to_line(y)
        return True

    def takeaway_line(self, index: int) -> int | None:
        """First line of takeaway ``index``: in the body when the page has the list, else in the header."""
        layout = self.text_layout
        start = self.article.takeaways_block
        if start is not None:
            return layout.block_line.get(start + index)
        if index < len(layout.takeaway_lines):
            return layout.takeaway_lines[index]
        return None

    def _reveal(self, y: int) -> None:
        height = self.scrollable_content_region.height
        if not self.top_line <= y < self.top_line + height - 1:
            self.scroll_to_line(y - height // 3)

    def next_section(self, step: int) -> bool:
        """Move the next (``step`` 1) or previous (-1) section heading to the top; False at the end."""
        lines = self.text_layout.heading_lines
        top = self.top_line
        if step > 0:
            index = bisect_right(lines, top)
            target = lines[index] if index < len(lines) else None
        else:
            index = bisect_left(lines, top) - 1
            target = lines[index] if index >= 0 else (0 if top > 0 else None)
        if target is None:
            return False
        self.scroll_to_line(target)
        return True

    def go_top(self) -> None:
        """Show the start of the article."""
        self.scroll_to_line(0)

    def go_end(self) -> None:
        """Show the last screenful of text (not the padding that lets headings reach the top)."""
        self.scroll_to_line(len(self.text_layout.lines) - self.scrollable_content_region.height)

    def action_go_top(self) -> None:
        self.go_top()

    def action_go_end(self) -> None:
        self.go_end()

    # Paging is instant, as in less or vim: an animated scroll costs frames and feels slow on long text.
    def action_scroll_down(self) -> None:
        self.scroll_to_line(self.top_line + 1)

    def action_scroll_up(self) -> None:
        self.scroll_to_line(self.top_line - 1)

    def action_page_down(self) -> None:
        # Two lines of the old page stay on screen so the eye finds its place.
        self.scroll_to_line(self.top_line + max(1, self.scrollable_content_region.height - 2))

    def action_page_up(self) -> None:
        self.scroll_to_line(self.top_line - max(1, self.scrollable_content_region.height - 2))

    def action_half_page_down(self) -> None:
        self.scroll_to_line(self.top_line + self.scrollable_content_region.height // 2)

    def action_half_page_up(self) -> None:
        self.scroll_to_line(self.top_line - self.scrollable_content_region.height // 2)

    # -- quotes -----------------------------------------------------------------------------

    def _find_quotes(self) -> list[Span]:
        """Where each of the article's quotes stands: its unit and char range (whole block if not found)."""
        spans: list[Span] = []
        searched: dict[int, int] = {}
        blocks = self.article.blocks
        for quote in self.article.quotes:
            if not 0 <= quote.block < len(blocks):
                spans.append((-1, 0, 0))
                continue
            text = blocks[quote.block].text
            start = text.find(quote.text, searched.get(quote.block, 0))
            if start < 0:
                start = text.find(quote.text)
            if start < 0:
                spans.append((quote.block, 0, len(text)))
                continue
            searched[quote.block] = start + len(quote.text)
            spans.append((quote.block, start, start + len(quote.text)))
        return spans

    def _unit_span(self, span: Span) -> Span | None:
        block, start, end = span
        unit = self._block_unit.get(block)
        if unit is None:
            return None
        # Link numbers put into a block's text move what follows them.
        laid = self.text_layout.units[unit]
        return unit, laid.offset(start), laid.offset(end, end=True)

    def highlight_quote(self, index: int | None) -> None:
        """Highlight quote ``index`` (of ``article.quotes``) and scroll it into view; None clears."""
        self.quote_index = index
        self._rebuild_overlays()
        if index is not None:
            self.text_layout  # noqa: B018 - builds the block->unit map on first use
            span = self._unit_span(self._quote_spans[index])
            if span is not None:
                pieces = self.text_layout.spans(*span)
                if pieces:
                    self._reveal(pieces[0][0])

    def next_quote(self, step: int) -> int | None:
        """Highlight the next (``step`` 1) or previous (-1) quote after/before the current one or view."""
        quotes = self.article.quotes
        if not quotes:
            return None
        lines = [self._quote_line(i) for i in range(len(quotes))]
        if self.quote_index is not None and self._quote_visible(self.quote_index):
            candidate = self.quote_index + step
        else:
            top = self.top_line
            if step > 0:
                candidate = next((i for i, y in enumerate(lines) if y >= top), len(quotes))
            else:
                bottom = top + self.scrollable_content_region.height
                candidate = max((i for i, y in enumerate(lines) if y < bottom), default=-1)
        if not 0 <= candidate < len(quotes):
            return None
        self.highlight_quote(candidate)
        return candidate

    def _quote_line(self, index: int) -> int:
        span = self._unit_span(self._quote_spans[index])
        if span is None:
            return -1
        pieces = self.text_layout.spans(*span)
        return pieces[0][0] if pieces else -1

    def _quote_visible(self, index: int) -> bool:
        """True when any line of quote ``index`` is on screen."""
        span = self._unit_span(self._quote_spans[index])
        if span is None:
            return False
        top, height = self.top_line, self.scrollable_content_region.height
        return any(top <= y < top + height for y, _, _ in self.text_layout.spans(*span))

    # -- search -----------------------------------------------------------------------------

    def search(self, query: str) -> int:
        """Highlight every case-insensitive match of ``query``; return how many there are."""
        self.query_text = query
        self.matches = []
        self.match_index = None
        if query:
            pattern = re.compile(re.escape(query), re.IGNORECASE)
            for number, unit in enumerate(self.text_layout.units):
                self.matches.extend((number, m.start(), m.end()) for m in pattern.finditer(unit.text))
        self._rebuild_overlays()
        return len(self.matches)

    def next_match(self, step: int) -> int | None:
        """Go to the next (``step`` 1) or previous (-1) match from the current one or the view."""
        if not self.matches:
            return None
        if self.match_index is not None:
            candidate = (self.match_index + step) % len(self.matches)
        else:
            top = self.top_line
            lines = [self._match_line(i) for i in range(len(self.matches))]
            if step > 0:
                candidate = next((i for i, y in enumerate(lines) if y >= top), 0)
            else:
                candidate = max((i for i, y in enumerate(lines) if y < top), default=len(lines) - 1)
        self.match_index = candidate
        self._rebuild_overlays()
        self._reveal(self._match_line(candidate))
        return candidate

    def _match_line(self, index: int) -> int:
        pieces = self.text_layout.spans(*self.matches[index])
        return pieces[0][0] if pieces else 0

    def _rebuild_overlays(self) -> None:
        layout = self._layout
        overlays: dict[int, list[tuple[int, int, str]]] = {}
        if layout is not None:
            if self.quote_index is not None:
                span = self._unit_span(self._quote_spans[self.quote_index])
                if span is not None:
                    for y, start, end in layout.spans(*span):
                        overlays.setdefault(y, []).append((start, end, "highlight"))
            for number, match in enumerate(self.matches):
                role = "match-current" if number == self.match_index else "match"
                for y, start, end in layout.spans(*match):
                    overlays.setdefault(y, []).append((start, end, role))
            marked: set[int] = set()
            blocks = self.article.blocks
            for block, start, end in self._marks:
                span = self._unit_span((block, start, end))
                if span is None:
                    continue
                whole = start == 0 and end >= len(blocks[block].text)
                for y, first, last in layout.spans(*span):
                    marked.add(y)
                    if not whole:  # a quote: its words are underlined; a passage has the bar alone
                        overlays.setdefault(y, []).append((first, last, "bookmark"))
            self._marked_lines = marked
            for pieces in overlays.values():
                pieces.sort(key=lambda piece: _LAYER.get(piece[2], 0))
        self._overlays = overlays
        self._refresh_all()

    # -- bookmarks --------------------------------------------------------------------------

    def mark_bookmarks(self, marks: list[tuple[int, str]]) -> None:
        """Mark the bookmarked words, given as (block, text) pairs: a bar in the margin beside them and,
        for words within a paragraph (a quote), an underline. Text not found in its block marks the block."""
        blocks = self.article.blocks
        spans: list[Span] = []
        for block, text in marks:
            if not 0 <= block < len(blocks):
                continue
            body = blocks[block].text
            start = body.find(text) if text else -1
            spans.append((block, start, start + len(text)) if start >= 0 else (block, 0, len(body)))
        self.text_layout  # noqa: B018 - builds the block->unit map on first use
        self._marks = spans
        self._rebuild_overlays()

    @property
    def marked_lines(self) -> set[int]:
        """The layout lines beside which the bookmark bar is drawn."""
        return self._marked_lines

    # -- text for bookmarks -----------------------------------------------------------------

    def quote_text(self, index: int) -> str:
        """The text of quote ``index`` as the article has it."""
        return self.article.quotes[index].text
