"""The key bar: one line of the screen's main keys, drawn as text (Textual's Footer is one widget per key).

The reader's first paint is measured against a one-line app; a footer of a dozen widgets, restyled
on every binding change, cost more than the rest of the screen together.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

ESSENTIAL = frozenset({"help", "keys", "back", "quit", "app.quit"})
"""Actions the bar shows at any width: the help (?) and the way out (q). A user who can find these
two finds the rest; other keys give way, the least needed first, when the line is too short."""

ORDER_ATTRIBUTE = "KEY_BAR_ORDER"
"""A screen or widget may name its footer bindings by id, the most needed first, in a class attribute
of this name (a tuple of binding ids). On a line too short for every key the last named gives way first,
after the keys it does not name (those from the right); a focused widget's keys outlast its screen's."""


def key_rank(node: object, binding: Binding) -> tuple[int, int]:
    """How long ``binding`` (of ``node``) stays on a short line: a lower rank stays longer."""
    # The focused widget (or a container of it) first: its keys are the ones in use; then the screen.
    depth = 2 if isinstance(node, App) else 1 if isinstance(node, Screen) else 0
    order: tuple[str, ...] = getattr(node, ORDER_ATTRIBUTE, ())
    place = order.index(binding.id) if binding.id in order else len(order)
    return depth, place


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
        palette = self.app.COMMAND_PALETTE_BINDING if self.app.ENABLE_COMMAND_PALETTE else None
        # A screen may say what a key does where it is (the reader's q quits when nothing is below it).
        describe = getattr(self.screen, "describe_binding", None)
        seen: set[str] = set()
        items: list[tuple[Binding, str, str, bool]] = []
        ranks: list[tuple[int, int]] = []
        for node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen or binding.key == palette:
                continue
            seen.add(binding.action)
            description = describe(binding) if describe is not None else binding.description
            items.append((binding, self.app.get_key_display(binding), description, enabled))
            ranks.append(key_rank(node, binding))
        shown, gap = self._fitting(items, ranks, 1 if self.compact else 2)
        for binding, key, description, enabled in shown:
            start = len(line)
            line.append(" " if line else "")
            line.append(key, key_style)
            line.append(" ")
            line.append(description, text_style if enabled else text_style + Style(dim=True))
            line.append(" " * gap)
            self._spans.append((start, len(line), binding.key.split(",")[0]))
        if palette is not None:
            hint = Text.assemble(("^p", key_style), (" palette ", text_style))
            room = self.size.width - len(line) - len(hint)
            if room > 0:
                line.append(" " * room)
                line.append_text(hint)
        return line

    def _fitting(
        self, items: list[tuple[Binding, str, str, bool]], ranks: list[tuple[int, int]], gap: int
    ) -> tuple[list[tuple[Binding, str, str, bool]], int]:
        """The keys to show, in their order, and the gap between them: all keys, closer together if need
        be; on a line too short even then, the least needed give way (``ranks``, see ORDER_ATTRIBUTE),
        help and the way out kept whatever the width."""
        width = self.size.width

        def cost(entries: list[tuple[Binding, str, str, bool]], gap: int) -> int:
            # A space before each key but the first, and the gap after each but the last.
            return sum(1 + cell_len(key) + 1 + cell_len(text) + gap for _, key, text, _ in entries) - 1 - gap

        if not width:
            return items, gap
        while gap and cost(items, gap) > width:
            gap -= 1
        kept = list(range(len(items)))
        while kept and cost([items[i] for i in kept], gap) > width:
            droppable = [i for i in kept if items[i][0].action not in ESSENTIAL]
            if not droppable:
                break
            # The highest rank goes; among equals, the rightmost.
            kept.remove(max(droppable, key=lambda i: (ranks[i], i)))
        return [items[i] for i in kept], gap

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
