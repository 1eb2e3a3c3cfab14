"""A small modal that asks for one line of text: a URL to open, a note for a bookmark."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line; dismiss with the text (stripped, maybe empty) on enter or None on escape."""

    DEFAULT_CSS = """
    PromptScreen {
        align: center middle;
        background: $background 60%;
    }
    PromptScreen > Vertical {
        width: 72;
        max-width: 90%;
        height: auto;
        padding: 1 2;
        border: round $primary;
        background: $surface;
    }
    PromptScreen .prompt-title {
        text-style: bold;
        color: $text;
        margin-bottom: 1;
    }
    PromptScreen .prompt-hint {
        width: 100%;
        color: $text-muted;
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    def __init__(self, title: str, *, value: str = "", placeholder: str = "", hint: str = "") -> None:
        """Build the prompt.

        Args:
            title: what is being asked, shown above the input.
            value: the text the input starts with (an existing note).
            placeholder: shown in the empty input.
            hint: a line under the input, e.g. which keys do what.
        """
        super().__init__()
        self._title = title
        self._value = value
        self._placeholder = placeholder
        self._hint = hint or "enter to confirm · escape to cancel"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self._title), classes="prompt-title", markup=False)
            yield Input(value=self._value, placeholder=self._placeholder, id="prompt-input")
            yield Label(Text(self._hint), classes="prompt-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
