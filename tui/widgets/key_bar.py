"""The key bar: one line of the screen's main keys, drawn as text (Textual's Footer is one widget per key).

The reader's first paint is measured against a one-line app; a footer of a dozen widgets, restyled
on every binding change, cost more than the rest of the screen together.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


class KeyBar(Widget):
    """Shows the screen's bindings marked ``show`` (as rebound by the keymap); a click presses the key."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description"}

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
        & > .key-bar--key { color: $footer-key-foreground; text-style: bold; }
        & > .key-bar--description { color: $footer-description-foreground; }
    }
    """

    def __init__(self, *, compact: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.compact = compact
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def set_compact(self, compact: bool) -> None:
        """Less space between keys (narrow terminals)."""
        if compact != self.compact:
            self.compact = compact
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        text_style = self.get_component_rich_style("key-bar--description", partial=True)
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        gap = " " if self.compact else "  "
        seen: set[str] = set()
        items = [
            (binding, enabled)
            for _node, binding, enabled, _tooltip in self.screen.active_bindings.values()
            if binding.show
        ]
        palette = self.app.COMMAND_PALETTE_BINDING if self.app.ENABLE_COMMAND_PALETTE else None
        for binding, enabled in items:
            if binding.action in seen or binding.key == palette:
                continue
            seen.add(binding.action)
            start = len(line)
            line.append(" " if line else "")
            line.append(self.app.get_key_display(binding), key_style)
            line.append(" ")
            # A screen may say what a key does where it is (the reader's q quits when nothing is below it).
            describe = getattr(self.screen, "describe_binding", None)
            description = describe(binding) if describe is not None else binding.description
            line.append(description, text_style if enabled else text_style + Style(dim=True))
            line.append(gap)
            self._spans.append((start, len(line), binding.key.split(",")[0]))
        if palette is not None:
            hint = Text.assemble(("^p", key_style), (" palette ", text_style))
            room = self.size.width - len(line) - len(hint)
            if room > 0:
                line.append(" " * room)
                line.append_text(hint)
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
