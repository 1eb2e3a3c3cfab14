"""The status line under the article: the section being read, search results and how much is read."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from news.sanitize import safe_text


class StatusLine(Widget):
    """One line: section title on the left; match count and percent read on the right."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        background: $panel;
        color: $foreground-muted;
        padding: 0 1;
    }
    """

    section: reactive[str] = reactive("")
    percent: reactive[float] = reactive(0.0)
    search: reactive[str] = reactive("")

    def render(self) -> Text:
        right = f"{round(self.percent * 100)}%"
        if self.search:
            # It can name a speaker: page text, maybe in wide characters.
            right = f"{' '.join(safe_text(self.search).split())}  {right}"
        width = self.content_region.width or self.size.width
        room = max(0, width - cell_len(right) - 2)
        left = " ".join(safe_text(self.section).split())
        # Widths in cells, not characters: a CJK title takes two cells a character.
        if cell_len(left) > room:
            left = set_cell_size(left, max(0, room - 1)).rstrip() + "…" if room else ""
        line = Text(left, style="bold", no_wrap=True, overflow="crop")
        line.append(" " * max(1, width - cell_len(left) - cell_len(right)))
        line.append(right)
        return line
