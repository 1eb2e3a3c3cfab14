"""Search the library's text: every saved article's words and the bookmarks, results as typed.

Each result shows its article, section and the matching sentence with the query's words marked;
enter opens the article at the block that matched (a bookmark whose article was deleted opens its
page instead). The search runs in the library service's worker against the library's FTS5 index
(storage.fulltext).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.messages import OpenArticle, OpenSource
from tui.screens.listing import NARROW, Hanging, ListScreen, leave, one_line
from tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from storage import Library, SearchHit

HINT = """\
Type words to search every saved article's text and your bookmarks.

Every word must occur (any case); the last one may be the start of a word.
Enter opens the article at the matching passage.\
"""
KIND_LABELS = {"title": "title", "text": "text", "bookmark": "bookmark"}


class SearchScreen(ListScreen):
    """The search box, and the places found, best first."""

    DEFAULT_CSS = """
    SearchScreen { background: $background; }
    SearchScreen #search-input { margin: 0 1; border: tall $surface; background: $surface; }
    SearchScreen #search-input:focus { border: tall $primary; }
    SearchScreen #search-list { height: 1fr; border: none; background: $background; padding: 0 1; }
    SearchScreen #search-message {
        height: auto; margin: 1 2; padding: 1 2; background: $surface; border: round $primary 50%;
    }
    SearchScreen #search-status { height: 1; padding: 0 2; color: $text-muted; background: $panel; }
    """
    # Every query reads the index in the library service's worker: no list is too long to search at each key.
    BIG_LIST = 1_000_000_000

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open at match", id="search.open"),
        Binding("slash", "filter", "Search", key_display="/", priority=True, id="search.filter"),
        Binding("down", "focus_list", "To the results", show=False, id="search.focus_list"),
        Binding("escape", "escape", "Back", show=False, id="search.escape"),
        Binding("q", "back", "Back", id="search.back"),
    ]

    def __init__(self, library: Library, query: str = "") -> None:
        super().__init__(library)
        self._hits: list[SearchHit] = []
        self._query = query
        self._shown_query = ""

    def compose(self) -> ComposeResult:
        yield Input(
            value=self._query,
            placeholder="words to find in the saved articles and bookmarks",
            id="search-input",
        )
        yield Static(Text(HINT), id="search-message", markup=False)
        yield OptionList(id="search-list", markup=False)
        yield Static(Text(""), id="search-status", markup=False)
        yield KeyBar(compact=self.app.size.width < NARROW)

    def on_mount(self) -> None:
        # After the list screen's own mount step, which focuses the list.
        self.call_after_refresh(self.set_focus, self.query_one(Input))

    @property
    def hits(self) -> list[SearchHit]:
        """The places found for the query shown."""
        return list(self._hits)

    def reload(self) -> None:
        """Run the query in the input (in the library service) and show what it finds."""
        query = self.query_one(Input).value.strip()
        if not query:
            self._show(("", []))
            return
        self.say("#search-message", "Searching…" if not self._hits else "")
        self._search(query)

    def _search(self, query: str) -> None:
        def indexing(left: int) -> None:
            self.deliver(
                self.say, "#search-message", f"Indexing the library for search: {left} articles to go…"
            )

        self.read(lambda: (query, self.library.search(query, progress=indexing)), "search", self._show)

    def _show(self, found: tuple[str, list[SearchHit]]) -> None:
        query, hits = found
        if query != self.query_one(Input).value.strip():
            return  # typed on meanwhile: a newer search is on its way
        self._hits, self._shown_query, self._loaded = hits, query, True
        option_list = self.query_one(OptionList)
        option_list.set_options(Option(self._prompt(hit), id=str(n)) for n, hit in enumerate(hits))
        if hits:
            option_list.highlighted = 0
        if not query:
            message = HINT
        else:
            message = "" if hits else f"Nothing in the library matches “{one_line(query)}”."
        self.say("#search-message", message)
        status = f"{len(hits)} place{'' if len(hits) == 1 else 's'} found" if query else ""
        if hits:
            status += " · ↓ to the results, enter opens the article there · escape clears"
        self.query_one("#search-status", Static).update(Text(status))

    def refill(self) -> None:
        self.reload()

    @staticmethod
    def _prompt(hit: SearchHit) -> Text:
        """The article's title and where in it, then the sentence with the query's words marked."""
        prompt = Hanging()
        prompt.append(one_line(hit.title) or one_line(hit.url) or "Untitled article", style="bold")
        where = [KIND_LABELS[hit.kind]]
        if hit.section:
            where.append(f"§ {one_line(hit.section)}")
        if hit.kind == "bookmark" and hit.article_id is None:
            where.append("article no longer saved")
        prompt.append("  " + " · ".join(where), style="dim")
        sentence = one_line(hit.sentence)
        line = Text("\n  ")
        body = Text(sentence, style="italic" if hit.kind == "bookmark" else "")
        for pattern in _patterns(hit.terms):
            for match in pattern.finditer(sentence):
                body.stylize("bold reverse", match.start(), match.end())
        prompt.append_text(line)
        prompt.append_text(body)
        return prompt

    @on(Input.Changed, "#search-input")
    def _typed(self) -> None:
        self.refill_soon(0)

    @on(OptionList.OptionSelected, "#search-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        """Open the highlighted place: its article at the block that matched (the app handles it)."""
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self._hits):
            return
        hit = self._hits[index]
        if hit.article_id is not None:
            self.post_message(OpenArticle(hit.article_id, block=hit.block if hit.kind != "title" else None))
        elif hit.url:
            self.post_message(OpenSource(hit.url))
        else:
            self.notify("This bookmark's article is no longer saved and has no URL", markup=False)

    def action_escape(self) -> None:
        """Clear the query if there is one, else go back."""
        search = self.query_one(Input)
        if search.value:
            search.value = ""
            self.set_focus(search)
        else:
            leave(self)


def _patterns(terms: tuple[str, ...]) -> list[re.Pattern[str]]:
    """Each query word as a pattern over whole words (the last also as the start of a word)."""
    return [
        re.compile(rf"\b{re.escape(term)}" + (r"\w*" if n == len(terms) - 1 else r"\b"), re.IGNORECASE)
        for n, term in enumerate(terms)
    ]
