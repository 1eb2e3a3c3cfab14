"""The search bar: an input docked under the article; typing searches, enter keeps, escape closes."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label


class SearchBar(Horizontal):
    """A one-line search input that posts what is typed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close search", id="search.close"),
    ]

    DEFAULT_CSS = """
    SearchBar {
        height: 1;
        display: none;
        background: $panel;
        &.-open { display: block; }
        & > Label { width: auto; padding: 0 1; color: $text-accent; }
        & > Input { border: none; height: 1; padding: 0; background: $panel; width: 1fr; }
        & > Input:focus { border: none; }
    }
    """

    class Changed(Message):
        """The query changed while typing."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class Submitted(Message):
        """Enter: keep the matches and go back to reading."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class Closed(Message):
        """Escape: drop the search."""

    def compose(self) -> ComposeResult:
        yield Label("Search", markup=False)
        yield Input(placeholder="text to find (enter keeps, escape closes)", id="search-input")

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    def open(self, query: str = "") -> None:
        """Show the bar and focus its input at once, so the keys read after this one go to it."""
        self.add_class("-open")
        self.input.value = query
        # Not input.focus(): that moves the focus on a later turn of the loop, and the keys of a burst
        # (typed fast, or sent by a script) are routed to the widget focused when each is read.
        self.screen.set_focus(self.input)

    def close(self) -> None:
        """Hide the bar."""
        self.remove_class("-open")

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.close()
        self.post_message(self.Submitted(event.value))

    def action_close(self) -> None:
        self.close()
        self.post_message(self.Closed())
