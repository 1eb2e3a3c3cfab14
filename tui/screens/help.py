"""The help screen: every key of the screen below it, grouped by where it works, with its binding id."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.screens.keys import as_bindings, bound_keys
from tui.widgets.article_view import ArticleView
from tui.widgets.outline import Outline
from tui.widgets.search_bar import SearchBar

EXTRA_OUTLINE_KEYS = (
    ("enter", "Go to the node", None),
    ("space", "Fold / unfold the node", None),
    ("up / down", "Move in the outline", None),
)
BOX_WIDTH = 104
"""Widest the help box grows, in cells."""

MOUSE = (
    ("click", "Outline node: go there; text: focus", None),
    ("wheel", "Scroll the pane under the pointer", None),
)


class HelpScreen(ModalScreen[None]):
    """Lists every key the reader answers to, as rebound by the user's keymap."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close"),
    ]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > VerticalScroll {
            width: 104;
            max-width: 100%;
            height: 90%;
            background: $panel;
            border: round $primary;
            border-title-color: $text-primary;
            padding: 0 1;
        }
        & Static { width: 100%; }
    }
    """

    def __init__(self, below: Screen[Any]) -> None:
        super().__init__()
        self.below = below

    def compose(self) -> ComposeResult:
        scroll = VerticalScroll()
        scroll.border_title = "Keys — escape closes"
        with scroll:
            yield Static(self._text(self._room()), id="help-text")

    def _room(self) -> int:
        """Cells for a line of text: the box is 104 wide at most; border, padding and scrollbar take 6."""
        return min(BOX_WIDTH, self.app.size.width) - 6

    def on_resize(self) -> None:
        self.query_one("#help-text", Static).update(self._text(self._room()))

    def _groups(self) -> list[tuple[str, list[tuple[str, str, str | None]]]]:
        return [
            ("Reading", self._rows(type(self.below).BINDINGS)),
            ("Article pane", self._rows(ArticleView.BINDINGS)),
            (
                "Outline pane (tab to reach it)",
                [*self._rows(Outline.BINDINGS), *EXTRA_OUTLINE_KEYS],
            ),
            (
                "Search bar",
                [
                    ("enter", "Keep the matches, back to the text", None),
                    *self._rows(SearchBar.BINDINGS),
                ],
            ),
            (
                "Everywhere",
                [
                    *self._rows(self.app.BINDINGS),
                    ("tab / shift+tab", "Next / previous pane", None),
                    ("ctrl+p", "Command palette: every action by name", None),
                ],
            ),
            ("Mouse", list(MOUSE)),
        ]

    def _rows(self, bindings: Iterable[BindingType]) -> list[tuple[str, str, str | None]]:
        return [
            (
                bound_keys(self.app, binding),
                binding.tooltip or binding.description or binding.action,
                binding.id,
            )
            for binding in as_bindings(bindings)
        ]

    def _text(self, room: int) -> Text:
        """The keys as text for lines ``room`` cells wide: binding ids only when they fit on the line."""
        text = Text()
        groups = self._groups()
        longest = max((len(row[2] or "") for _, rows in groups for row in rows), default=0)
        with_ids = room >= 2 + 24 + 43 + longest
        for title, rows in groups:
            text.append(f"\n{title}\n", style="bold underline")
            for key, description, binding_id in rows:
                text.append(f"  {key:<24}", style="bold")
                text.append(f"{description:<42} " if with_ids else description)
                if binding_id and with_ids:
                    text.append(binding_id, style="dim")
                text.append("\n")
        return text
