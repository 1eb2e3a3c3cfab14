"""A modal listing the keys of a list screen (library, bookmarks) with the binding ids a keymap can use."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

LIST_KEYS = (
    ("up / down", "Move between entries"),
    ("home / end", "First / last entry"),
    ("pageup / pagedown", "A page up / down"),
)

BOX_WIDTH = 84
"""Widest the box grows, in cells."""


class KeysScreen(ModalScreen[None]):
    """Every key of the screen below, as the user's keymap has rebound it, with its binding id."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="keys.close"),
    ]

    DEFAULT_CSS = """
    KeysScreen {
        align: center middle;
        background: $background 60%;
    }
    KeysScreen > VerticalScroll {
        width: 84;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        padding: 0 1;
        border: round $primary;
        background: $panel;
    }
    """

    def __init__(self, below: Screen[Any], title: str) -> None:
        super().__init__()
        self.below = below
        self.title_text = title

    def compose(self) -> ComposeResult:
        scroll = VerticalScroll()
        scroll.border_title = f"{self.title_text} — escape closes"
        with scroll:
            yield Static(self.table(), id="keys-text", markup=False)

    def on_resize(self) -> None:
        self.query_one("#keys-text", Static).update(self.table())

    def table(self) -> Text:
        """The keys as text: one line per binding (keys, what it does, and its id when the line has room)."""
        groups = [
            ("This screen", self._rows(type(self.below).BINDINGS)),
            ("In the list", [(keys, what, "") for keys, what in LIST_KEYS]),
            ("Everywhere", [*self._rows(type(self.app).BINDINGS), ("ctrl+p", "Command palette", "")]),
        ]
        longest = max(len(binding_id) for _, rows in groups for _, _, binding_id in rows)
        # The box is 84 cells at most; its border, padding and scrollbar take 6.
        with_ids = 2 + 20 + 34 + longest <= min(BOX_WIDTH, self.app.size.width) - 6
        text = Text()
        for title, rows in groups:
            self._group(text, title, rows, with_ids)
        return text

    @staticmethod
    def _group(text: Text, title: str, rows: Iterable[tuple[str, str, str]], with_ids: bool) -> None:
        text.append(f"\n{title}\n", style="bold underline")
        for keys, what, binding_id in rows:
            text.append(f"  {keys:<20}", style="bold")
            if with_ids:
                text.append(f"{what:<34}")
                text.append(binding_id, style="dim")
            else:
                text.append(what)
            text.append("\n")

    def _rows(self, bindings: Iterable[BindingType]) -> list[tuple[str, str, str]]:
        return [
            (bound_keys(self.app, binding), binding.description, binding.id or "")
            for binding in as_bindings(bindings)
            if binding.description
        ]


def as_bindings(items: Iterable[BindingType]) -> list[Binding]:
    """``items`` (a BINDINGS list) as Binding objects."""
    return [item if isinstance(item, Binding) else Binding(*item) for item in items]


def bound_keys(app: App[Any], binding: Binding) -> str:
    """The keys that run ``binding`` as the user's keymap has rebound them, as shown ("] / ctrl+n")."""
    # BylineApp keeps the keymap it applied from the config file; other hosts have none.
    keymap: dict[str, str] = getattr(app, "user_keymap", {})
    keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
    if binding.key_display and keys == binding.key and "," not in keys:
        return binding.key_display
    return " / ".join(app.get_key_display(Binding(key.strip(), "")) for key in keys.split(","))
