"""The article's links as a list (L): enter opens one in byline, o in the browser, y copies it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui import handoff
from tui.widgets.inline import LinkRef

LinkAction = Literal["reader", "browser"]


@dataclass(frozen=True, slots=True)
class LinkChoice:
    """What the user chose in the list: the link, and where to open it."""

    link: LinkRef
    action: LinkAction


class LinksScreen(ModalScreen[LinkChoice | None]):
    """Every numbered link of the article, in reading order; dismissed with the choice or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose('reader')", "Open in byline", id="links.open"),
        Binding("o", "choose('browser')", "Open in browser", id="links.browser"),
        Binding("y", "copy", "Copy link", id="links.copy"),
        Binding("escape,q,L", "close", "Close", id="links.close"),
    ]

    DEFAULT_CSS = """
    LinksScreen { align: center middle; background: $background 60%; }
    LinksScreen > Vertical {
        width: 100; max-width: 95%; height: auto; max-height: 80%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    LinksScreen .links-title { text-style: bold; margin-bottom: 1; }
    LinksScreen OptionList { height: auto; max-height: 1fr; border: none; background: $surface; }
    LinksScreen OptionList:focus { border: none; }
    LinksScreen .links-hint { color: $text-muted; }
    """

    def __init__(self, links: list[LinkRef], title: str = "") -> None:
        super().__init__()
        self.links = links
        self._title = title

    def compose(self) -> ComposeResult:
        count = len(self.links)
        heading = f"{count} link{'s' if count != 1 else ''}" + (f" in {self._title}" if self._title else "")
        with Vertical():
            yield Label(Text(heading), classes="links-title", markup=False)
            yield OptionList(*(Option(self._prompt(link), id=str(link.number)) for link in self.links))
            yield Label(
                Text("enter opens in byline · o in the browser · y copies · escape closes"),
                classes="links-hint",
                markup=False,
            )

    @staticmethod
    def _prompt(link: LinkRef) -> Text:
        # Text objects, never markup strings: a link's words and address are page text.
        text = Text(f"[{link.number}] ", style="bold")
        text.append(link.text)
        text.append("\n    ")
        text.append(link.url, style="dim")
        return text

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @property
    def highlighted(self) -> LinkRef | None:
        """The link under the cursor."""
        index = self.query_one(OptionList).highlighted
        return self.links[index] if index is not None and 0 <= index < len(self.links) else None

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_choose("reader")

    def action_choose(self, action: LinkAction) -> None:
        link = self.highlighted
        if link is not None:
            self.dismiss(LinkChoice(link, action))

    def action_copy(self) -> None:
        link = self.highlighted
        if link is not None:
            handoff.copy_url(self, link.url)

    def action_close(self) -> None:
        self.dismiss(None)
