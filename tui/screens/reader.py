"""The reader screen: one article with its outline, status line and search, and the contract's keys."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input

from news.model import Article
from news.sanitize import safe_text
from tui import handoff
from tui.oneline import first_line
from tui.widgets.article_view import ArticleView
from tui.widgets.key_bar import KeyBar
from tui.widgets.outline import Outline, Target
from tui.widgets.search_bar import SearchBar
from tui.widgets.source_views import ErrorView, LoadingView
from tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from news.model import Image
    from storage import ArticleEntry, BookmarkEntry, Library
    from storage.images import ImageStore
    from tui.library_service import LibraryService
    from tui.prefetch import Prefetch
    from tui.screens.links import LinkChoice
    from tui.widgets.figure import Picture

LibraryOpener = Callable[[], "Library | None"]
"""Opens (once) and returns the library, or None when it cannot be used; safe from any thread."""

NARROW = 100
"""Below this many columns the outline starts hidden: the text needs the room."""

OUTLINE_SHARE = 0.30
"""Share of the terminal's width the outline takes unless the user chose another (< and >): 36
columns at 120, the fixed width it had before, and 60 at 200 where titles were cut beside blank margins."""

OUTLINE_SHARES = (0.15, 0.50)
"""The narrowest and widest share < and > reach; the text keeps at least half of the width."""

OUTLINE_STEP = 0.05
"""How much one < or > changes the share (6 columns at 120)."""

OUTLINE_MIN = 24
"""Fewest columns of the outline: narrower, a label is a few letters and an ellipsis."""

OUTLINE_MAX = 72
"""Most columns of the outline: its labels stop at 70 characters (outline.LABEL_CHARS) anyway."""


def outline_width(total: int, share: float) -> int:
    """The outline's width in columns for a terminal ``total`` columns wide and a ``share`` of it."""
    return max(OUTLINE_MIN, min(OUTLINE_MAX, total // 2, round(total * share)))


PROGRESS_DELAY = 1.0
"""Seconds of stillness before the reading position is written to the library."""

LOCAL_WAIT = 0.3
"""Seconds the first screen waits for a file or standard input before it shows the loading view."""

QUIT_LOCK_TIMEOUT = 1.0
"""Seconds the last write on quitting waits for another byline holding the library."""

REMOVE_OFFER = 5.0
"""Seconds during which a second b on a bookmarked quote or passage removes its bookmark."""

READ_AT = 0.97
"""Share of the article seen at which it counts as read."""

# Actions that need an article on screen; while loading or after an error they are hidden.
_ARTICLE_ACTIONS = frozenset(
    {
        "next_section",
        "prev_section",
        "next_quote",
        "prev_quote",
        "bookmark",
        "takeaways",
        "top",
        "end",
        "search",
        "next_match",
        "prev_match",
        "toggle_outline",
        "widen_outline",
        "narrow_outline",
        "collapse_all",
        "expand_all",
        "copy_link",
        "copy_quote",
        "open_browser",
        "open_editor",
        "toggle_read",
        "clear",
        "follow",
        "links",
        "toggle_link_numbers",
        "toggle_images",
    }
)

IMAGES_SETTING = "images"
"""The library setting that remembers whether pictures are shown (i)."""


@dataclass(frozen=True, slots=True)
class Position:
    """Where the reader is in a saved article: ``progress`` 0.0-1.0 (1.0 once the end was reached), the
    block at the top, and whether reaching the end must also mark the article read."""

    entry_id: str
    progress: float
    block: int
    finished: bool = False


def store_position(library: Library, position: Position) -> None:
    """Write ``position`` to ``library``: the reader's one write of its reading state (raises its errors)."""
    library.set_progress(position.entry_id, position.progress, position.block)
    if position.finished:
        library.set_read(position.entry_id, True)


class ReaderScreen(Screen[None]):
    """One article: text, outline, status line and search, with the contract's keys."""

    # The footer shows the main keys; the help screen (?) and the command palette list them all.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "right_square_bracket",
            "next_section",
            "Section",
            key_display="]",
            tooltip="Next section (its heading to the top)",
            id="reader.next_section",
        ),
        Binding(
            "left_square_bracket",
            "prev_section",
            "Previous section",
            show=False,
            key_display="[",
            id="reader.prev_section",
        ),
        Binding(
            "right_curly_bracket",
            "next_quote",
            "Quote",
            key_display="}",
            tooltip="Next quote (highlighted)",
            id="reader.next_quote",
        ),
        Binding(
            "left_curly_bracket",
            "prev_quote",
            "Previous quote",
            show=False,
            key_display="{",
            id="reader.prev_quote",
        ),
        Binding("b", "bookmark", "Bookmark", id="reader.bookmark"),
        Binding("B", "bookmarks", "Bookmarks", show=False, id="reader.bookmarks"),
        Binding("t", "takeaways", "Takeaways", id="reader.takeaways"),
        Binding("g", "top", "Top", show=False, id="reader.top"),
        Binding("G", "end", "End", show=False, id="reader.end"),
        # Priority: the search input takes the focus while / is read, so the keys typed right after it
        # (in the same burst) are routed to the input, not to the article.
        Binding("slash", "search", "Search", key_display="/", priority=True, id="reader.search"),
        Binding("n", "next_match", "Next match", show=False, id="reader.next_match"),
        Binding("N", "prev_match", "Previous match", show=False, id="reader.prev_match"),
        Binding("O", "toggle_outline", "Outline", id="reader.toggle_outline"),
        Binding(
            "greater_than_sign",
            "widen_outline",
            "Wider outline",
            show=False,
            key_display=">",
            id="reader.widen_outline",
        ),
        Binding(
            "less_than_sign",
            "narrow_outline",
            "Narrower outline",
            show=False,
            key_display="<",
            id="reader.narrow_outline",
        ),
        Binding("z", "collapse_all", "Fold the outline", show=False, id="reader.collapse_all"),
        Binding("Z", "expand_all", "Unfold the outline", show=False, id="reader.expand_all"),
        Binding("y", "copy_link", "Copy link", show=False, id="reader.copy_link"),
        Binding("Y", "copy_quote", "Copy quote", show=False, id="reader.copy_quote"),
        Binding("o", "open_browser", "Open in browser", show=False, id="reader.open_browser"),
        Binding("e", "open_editor", "Open as Markdown in $EDITOR", show=False, id="reader.open_editor"),
        Binding("m", "toggle_read", "Mark read / unread", show=False, id="reader.toggle_read"),
        Binding("J", "next_unread", "Next unread item (feeds)", show=False, id="reader.next_unread"),
        Binding("escape", "clear", "Clear highlight", show=False, id="reader.clear"),
        Binding("f", "follow", "Follow link", show=False, tooltip="Open link number N", id="reader.follow"),
        Binding("L", "links", "Links", show=False, tooltip="List the article's links", id="reader.links"),
        Binding(
            "number_sign",
            "toggle_link_numbers",
            "Link numbers",
            show=False,
            key_display="#",
            tooltip="Show or hide the [N] after each link",
            id="reader.link_numbers",
        ),
        Binding("i", "toggle_images", "Pictures on/off", show=False, id="reader.images"),
        Binding("r", "retry", "Try again", id="reader.retry"),
        Binding("question_mark", "help", "Help", key_display="?", id="reader.help"),
        Binding("q,backspace", "back", "Back", id="reader.back"),
    ]

    KEY_BAR_ORDER: ClassVar[tuple[str, ...]] = (
        "reader.retry",
        "reader.search",
        "reader.next_section",
        "reader.toggle_outline",
        "reader.bookmark",
        "reader.next_quote",
        "reader.takeaways",
    )
    """The footer's keys, the most needed first (key_bar.ORDER_ATTRIBUTE): on a narrow terminal the
    last give way first. Search and the outline are how a reader finds a place; takeaways and quotes
    are one key each in the help."""

    DEFAULT_CSS = """
    ReaderScreen {
        background: $background;
        #panes { height: 1fr; }
        Outline, #outline-slot { width: 36; border-right: vkey $panel-lighten-1; }
        #outline-slot { background: $panel; }
        Outline:focus { border-right: vkey $primary; }
        ArticleView { width: 1fr; }
        &.-no-outline Outline, &.-no-outline #outline-slot { display: none; }
    }
    """

    class Shown(Message):
        """The article (or the reason it failed) is on screen: slower work may start."""

    def __init__(
        self,
        *,
        source: str | None = None,
        article: Article | None = None,
        article_id: str | None = None,
        block: int | None = None,
        open_library: LibraryOpener | None = None,
        stdin: bytes | None = None,
        prefetched: Prefetch | None = None,
        origin: str | None = None,
    ) -> None:
        super().__init__()
        self.source = source
        # The address the user typed that led to ``source`` (the feed of an item), None when typed itself.
        self.origin = origin
        self.article = article
        self.article_id = article_id
        self.start_block = block
        self.open_library = open_library
        self.stdin = stdin
        self.error: str | None = None
        self.entry_id: str | None = article_id
        self.read = False
        self._read_stored = False
        self._outline_chosen = False
        self._outline_folded: bool | None = None
        self._outline_focus = False
        """O showed the outline before it was mounted: it takes the focus when it comes."""
        self._left = False
        self._moved_by_user = False
        self._progress_timer: Timer | None = None
        self._service: LibraryService | None = None
        self._progress_written = False
        self._at_end = False
        self._quote_shown = False
        self._search_from: int | None = None
        """The top line when / opened the search: each query is sought from there, and escape goes back."""
        self.bookmarks: list[BookmarkEntry] = []
        """This article's bookmarks, as the library last said (marked in the text and the outline)."""
        self._removal_offer: tuple[str, float] | None = None
        self._jump_marked = False
        self._marks_known = False
        self._attempt = 0
        self._job = prefetched
        self._pictures_stop = threading.Event()
        self._pictures_started = False
        self._store_warned = False

    # -- composition -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Classes set before the widgets mount cost nothing; set later they restyle the whole screen.
        narrow = self.app.size.width < NARROW
        self.set_class(narrow, "-no-outline")
        width = self._outline_width()
        self._take_ready_result()
        # The reader's widgets are built at once, while the source is still being read elsewhere:
        # when the article comes, filling them in is all that is left to do.
        article = self.article or Article(source="", title="")
        # The outline comes right after the first paint (_after_first_paint): the tree is the costliest
        # widget to style and draw. An empty slot of the outline's size holds its place, so the text
        # is laid out once, at its final width.
        slot = Widget(id="outline-slot")
        slot.styles.width = width
        panes = Horizontal(slot, ArticleView(article, id="article"), id="panes")
        panes.display = self.article is not None
        yield panes
        # The search bar is here from the start (hidden): keys typed right after / must land in it,
        # and a bar mounted on demand would let them reach the article first.
        yield SearchBar(id="search")
        status = StatusLine(id="status")
        status.display = self.article is not None
        yield status
        if self.error is not None:
            yield self._error_view(self.error)
        elif self.article is None:
            yield self._loading_view()
        yield KeyBar(compact=narrow)

    def _take_ready_result(self) -> None:
        """Use the helper's result when it is there (for a local source, once it comes, within LOCAL_WAIT)."""
        from news.sources import is_url
        from tui.prefetch import LoadFailed

        job = self._job
        if self.article is None and job is not None and not is_url(job.source):
            # A file is read in a blink, and nothing would show before LOADING_DELAY anyway: the article
            # composed at once is cheaper than a loading view torn down a moment later, and the wait
            # leaves the CPU to the helper.
            job.wait(LOCAL_WAIT)
        if self.article is not None or job is None or not job.wait(0):
            return
        try:
            self.article = job.result()
        except LoadFailed as error:
            self.error = str(error)

    def on_mount(self) -> None:
        if self.article is not None:
            self._article_ready(self.article)
        elif self.error is not None:
            self.call_after_refresh(self.post_message, self.Shown())
        else:
            self._load()

    @property
    def view(self) -> ArticleView | None:
        """The article pane, once an article is shown."""
        if self.article is None:
            return None
        views = self.query(ArticleView)
        return views.first() if views else None

    @property
    def outline(self) -> Outline | None:
        """The outline pane, once an article is shown."""
        if self.article is None:
            return None
        outlines = self.query(Outline)
        return outlines.first() if outlines else None

    # -- loading ---------------------------------------------------------------------------

    def _load(self) -> None:
        """Fetch and clean the source (or read the saved copy) in a thread the UI never waits for.

        A daemon thread rather than a Textual worker: a stalled fetch must not hold the app open
        after the user quits (Textual waits for its thread workers on exit). The saved copy is read by
        the library service, in turn with the other screens' library work.
        """
        self._attempt += 1
        if self.article_id is not None:
            attempt, article_id = self._attempt, self.article_id
            self.service.read(
                lambda: self._open().load_article(article_id),
                what="read the saved copy",
                then=lambda article: self._hand_over(attempt, self._show_article, article),
                failed=lambda error: self._hand_over(attempt, self._show_error, first_line(error)),
                owner=self,
            )
            return
        threading.Thread(
            target=self._load_in_thread, args=(self._attempt,), name="byline-load", daemon=True
        ).start()

    def _load_in_thread(self, attempt: int) -> None:
        from tui.prefetch import Prefetch

        try:
            job = self._job or Prefetch(self.source or "", self.stdin, origin=self.origin)
            self._job = job
            if self._left:  # left while the helper was starting: on_unmount may have missed it
                job.cancel()
                return
            article = job.result()
        except Exception as error:  # any failure becomes the error view, never a traceback
            message = first_line(error)
            self._deliver(attempt, self._show_error, message)
            return
        self._deliver(attempt, self._show_article, article)

    def _deliver(self, attempt: int, callback: Callable[[Any], Awaitable[None]], value: object) -> None:
        with contextlib.suppress(RuntimeError):  # the app has already closed: nothing to show
            self.app.call_from_thread(self._hand_over, attempt, callback, value)

    def _hand_over(self, attempt: int, callback: Callable[[Any], Awaitable[None]], value: object) -> None:
        # Only the latest attempt counts (r may have started another), and only while the screen is up.
        if attempt == self._attempt and self.is_attached:
            self.call_later(callback, value)

    async def _show_article(self, article: Article) -> None:
        self.article = article
        self.error = None
        self.query_one(ArticleView).show(article)
        self.query_one("#panes").display = True
        self.query_one(StatusLine).display = True
        for view in self.query("#loading, #error"):
            await view.remove()
        self._article_ready(article)

    async def _show_error(self, message: str) -> None:
        self.error = message
        for view in self.query("#loading, #error"):
            await view.remove()
        await self.mount(self._error_view(message), before=self.query_one(KeyBar))
        self.refresh_bindings()
        self.call_after_refresh(self.post_message, self.Shown())

    def _article_ready(self, article: Article) -> None:
        views = self.query(ArticleView)
        if not views:  # the app quit (a signal, ctrl+q) while this screen mounted: its widgets are gone
            return
        view = views.first()
        # Unless a / read before the screen was up has opened the search: its input keeps the focus.
        if not self.query_one(SearchBar).is_open:
            self.set_focus(view)
        self.title = " ".join(safe_text(article.title).split())
        if self.start_block is not None:
            self.call_after_refresh(view.scroll_to_block, self.start_block)
        self.refresh_bindings()
        # Library work waits until the text is on screen: it would compete with the first paint.
        self.call_after_refresh(self._after_first_paint, article)

    async def _after_first_paint(self, article: Article) -> None:
        await self._mount_outline(article)
        outline = self.outline
        view = self.view
        if view is not None and outline is not None:
            # Keys read before the outline came (a script starts typing at once) still show in it.
            if self._outline_folded:
                outline.collapse_all()
            elif self._outline_folded is False:
                outline.expand_all()
            outline.follow(view.section)
            if view.quote_index is not None:
                self._open_quote_in_outline(view.quote_index)
            if self._outline_focus and not self.has_class("-no-outline") and self.focused is view:
                self.set_focus(outline)
            self._outline_focus = False
        self.post_message(self.Shown())
        if self.open_library is not None:
            self._remember(article)
        self._start_pictures(article)

    async def _mount_outline(self, article: Article) -> None:
        """Put the outline of ``article`` in its slot, in one screen update."""
        if not self.is_attached:  # left before its first paint
            return
        with self.app.batch_update():
            outline = self.outline
            if outline is None:
                slots = self.query("#outline-slot")
                outline = Outline(Article(source="", title=article.title), id="outline")
                outline.styles.width = self._outline_width()
                await self.query_one("#panes").mount(outline, before=0)
                await slots.remove()
            outline.show(article)

    # -- library ---------------------------------------------------------------------------

    def _library(self) -> Library | None:
        return self.open_library() if self.open_library is not None else None

    def _open(self) -> Library:
        """The library, for work the service runs (in its worker); raises when it cannot be used."""
        from tui.library_service import LibraryUnavailable

        library = self._library()
        if library is None:
            raise LibraryUnavailable("the library cannot be opened")
        return library

    @property
    def service(self) -> LibraryService:
        """The app's library service: every read and write of this screen goes through it, in turn."""
        if self._service is None:
            from tui.library_service import LibraryService

            self._service = LibraryService.of(self.app)
        return self._service

    def _named(self, article: Article | None = None) -> str:
        """This article in a message: its title in quotes, cut short, or "this article"."""
        title = " ".join(safe_text((article or self.article or Article(source="", title="")).title).split())
        if not title:
            return "this article"
        return f"“{title if len(title) <= 50 else title[:49] + '…'}”"

    def _remember(self, article: Article) -> None:
        """Save the article to the library (the service's worker does it) and resume where it was left."""
        article_id = self.article_id

        def job() -> tuple[ArticleEntry | None, list[BookmarkEntry]]:
            library = self._open()
            # Saving again refreshes the stored copy and keeps its reading state.
            entry = library.get(article_id) if article_id is not None else library.save_article(article)
            kept = [] if entry is None else [b for b in library.bookmarks() if b.article_id == entry.id]
            if entry is not None:
                self.entry_id = entry.id  # the writes queued after this one need it
            return entry, kept

        what = (
            f"open {self._named(article)} from the library"
            if article_id
            else (f"save {self._named(article)} to the library")
        )
        self.service.write(job, what=what, then=self._remembered, owner=self)

    def _remembered(self, found: tuple[ArticleEntry | None, list[BookmarkEntry]]) -> None:
        entry, kept = found
        if entry is None:
            return
        self.read = self._read_stored = entry.read
        self._show_bookmarks(kept)
        self._resume(entry)

    def _resume(self, entry: ArticleEntry) -> None:
        """Open where the article was left: at its end when it was finished, else at the block last on top."""
        view = self.view
        if view is None:
            return
        if self._at_end:
            # The end was reached before the library answered (a short article, or G at once).
            self._progress_settled()
        if self._moved_by_user or self.start_block is not None:
            return
        if entry.progress >= READ_AT:
            view.go_end()
            self.notify("You finished this article (g for the top)", markup=False, timeout=4)
        elif entry.position > 0 and view.scroll_to_block(entry.position):
            self.notify("Back where you left off (g for the top)", markup=False, timeout=3)

    def go_to_block(self, block: int | None) -> None:
        """Bring article block ``block`` to the top of the text (a bookmark chosen while open)."""
        view = self.view
        if view is None:
            return
        self._moved_by_user = True
        if block is not None:
            view.scroll_to_block(block)
            self._mark_jump(block)
        view.focus()

    # -- bookmarks in the text -------------------------------------------------------------

    def _show_bookmarks(self, kept: list[BookmarkEntry]) -> None:
        """Mark ``kept`` (this article's bookmarks) in the text and the outline."""
        self.bookmarks = kept
        self._marks_known = True
        view, outline = self.view, self.outline
        if view is None:
            return
        view.mark_bookmarks([(bookmark.block, bookmark.text) for bookmark in kept])
        if outline is not None:
            quotes = {index for bookmark in kept if (index := self._quote_of(bookmark)) is not None}
            layout = view.text_layout
            sections = {
                layout.heading_at(layout.block_line.get(bookmark.block, 0))
                for bookmark in kept
                if bookmark.kind == "passage"
            }
            outline.mark_bookmarks(quotes, sections)
        if self.start_block is not None and not self._jump_marked:
            self._mark_jump(self.start_block)

    def _quote_of(self, bookmark: BookmarkEntry) -> int | None:
        """The index in ``article.quotes`` of the quote ``bookmark`` kept, or None (a passage)."""
        article = self.article
        if article is None or bookmark.kind != "quote":
            return None
        return next(
            (
                number
                for number, quote in enumerate(article.quotes)
                if quote.block == bookmark.block and quote.text == bookmark.text
            ),
            None,
        )

    def _mark_jump(self, block: int) -> None:
        """After a jump to the bookmark at ``block``: highlight it if a quote (a passage has its bar)."""
        self._jump_marked = True
        view = self.view
        quotes = [q for b in self.bookmarks if b.block == block and (q := self._quote_of(b)) is not None]
        if view is not None and quotes:
            view.highlight_quote(quotes[0])
            self._show_quote(quotes[0])
            self._open_quote_in_outline(quotes[0])

    def on_screen_resume(self) -> None:
        # Back from the bookmarks screen, where some may have been deleted (the first showing has
        # _remember read them).
        if self._marks_known and self.entry_id is not None and self.open_library is not None:
            self._reload_bookmarks()

    def _reload_bookmarks(self) -> None:
        entry_id = self.entry_id
        if entry_id is None:
            return

        def job() -> list[BookmarkEntry]:
            return [b for b in self._open().bookmarks() if b.article_id == entry_id]

        # On failure the marks stay as they were; the service says why.
        self.service.read(
            job, what=f"read the bookmarks of {self._named()}", then=self._show_bookmarks, owner=self
        )

    def _bookmark_at(self, block: int, text: str) -> BookmarkEntry | None:
        return next((b for b in self.bookmarks if b.block == block and b.text == text), None)

    def _warn(self, message: str) -> None:
        self.notify(message, severity="warning", markup=False)

    def _save_progress(self, position: Position, *, owner: ReaderScreen | None = None) -> None:
        """Have the service write ``position`` (a newer position of the same article replaces it)."""

        def stored(_: object) -> None:
            if position.finished:
                self._read_stored = True

        self.service.write(
            lambda: store_position(self._open(), position),
            what=f"save the reading position in {self._named()}",
            key=("position", position.entry_id),
            then=stored,
            owner=owner,
        )

    def _position(self) -> Position | None:
        """Where the reader is, to remember; None when there is nothing to write."""
        view = self.view
        if view is None or self.open_library is None or self.entry_id is None:
            return None
        finished = view.percent >= READ_AT
        if finished:
            self.read = True
        return Position(
            self.entry_id,
            1.0 if finished else view.percent,
            view.top_block or 0,
            finished=finished and not self._read_stored,
        )

    def save_progress_now(self) -> None:
        """Write the reading position as the app exits, waiting at most QUIT_LOCK_TIMEOUT for the library."""
        position = self._position()
        if position is None or self._progress_written:
            return
        self._progress_written = True

        def write() -> None:
            from storage import Library

            # A library of its own with a short lock wait: another byline holding the lock (or the
            # service's worker stuck on it) must not keep the app from closing; the file lock orders
            # this write after the worker's.
            store_position(Library(self._open().data_dir, lock_timeout=QUIT_LOCK_TIMEOUT), position)

        # Here and now, not in the worker: the app ends as soon as this returns. A failure is said on
        # standard error once the app has ended (LibraryService.lost).
        self.service.write_now(
            write, what=f"save the reading position in {self._named()}", key=("position", position.entry_id)
        )

    def _save_progress_in_background(self) -> None:
        """Hand the last write of the reading position to the app's service (the screen is going away)."""
        position = self._position()
        if position is None or self._progress_written:
            return
        self._progress_written = True
        # Owned by the app, not the screen: leaving the screen does not cancel it.
        self._save_progress(position)

    def on_unmount(self) -> None:
        self._left = True
        self._pictures_stop.set()
        if self._job is not None:
            self._job.cancel()
        self._save_progress_in_background()

    # -- following the reader --------------------------------------------------------------

    @on(ArticleView.Moved)
    def _moved(self, event: ArticleView.Moved) -> None:
        article = self.article
        if article is None:
            return
        status = self.query_one(StatusLine)
        status.percent = event.percent
        if event.quote is None and self._quote_shown:
            # The highlighted quote scrolled away: the status line no longer names it.
            self._quote_shown = False
            status.search = ""
        if event.section is not None and 0 <= event.section < len(article.blocks):
            status.section = article.blocks[event.section].text
        else:
            status.section = article.title
        outline = self.outline
        if outline is not None:
            outline.follow(event.section)
        if self._progress_timer is not None:
            self._progress_timer.stop()
        at_end = event.percent >= READ_AT
        reached, self._at_end = at_end and not self._at_end, at_end
        if reached:
            # The end is a milestone, not a waypoint: it is written now (q may follow at once).
            self._progress_settled()
        else:
            self._progress_timer = self.set_timer(PROGRESS_DELAY, self._progress_settled)

    def _progress_settled(self) -> None:
        position = self._position()
        if position is not None:
            self._save_progress(position, owner=self)

    @on(Outline.Jump)
    def _jump(self, event: Outline.Jump) -> None:
        self._go(event.target)

    def _go(self, target: Target) -> None:
        view = self.view
        article = self.article
        if view is None or article is None:
            return
        self._moved_by_user = True
        if target.kind == "title":
            view.go_top()
        elif target.kind == "takeaways":
            self.action_takeaways()
        elif target.kind == "takeaway":
            y = view.takeaway_line(target.index)
            if y is not None:
                view.scroll_to_line(y)
        elif target.kind == "section":
            view.scroll_to_block(target.index)
        elif target.kind == "quote":
            view.highlight_quote(target.index)

    # -- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search" and isinstance(self.focused, Input):
            return False  # typed in the search input, / is part of the query
        if action == "open_browser" and self.article is None:
            # A followed link that is no article (a PDF, a picture): the browser can still have it.
            return self.error is not None and self._failed_url is not None
        if action in _ARTICLE_ACTIONS:
            return self.article is not None
        if action == "retry":
            return self.error is not None and self._can_retry
        return True

    def _with_view(self) -> ArticleView:
        view = self.view
        assert view is not None  # check_action keeps these actions away until there is one
        self._moved_by_user = True
        return view

    def action_next_section(self) -> None:
        view = self._with_view()
        if not view.text_layout.heading_lines:
            self.notify("This article has no sections", timeout=2, markup=False)
        elif not view.next_section(1):
            self.notify("No more sections", timeout=1.5, markup=False)

    def action_prev_section(self) -> None:
        if not self._with_view().next_section(-1):
            self.notify("At the start", timeout=1.5, markup=False)

    def action_next_quote(self) -> None:
        self._quote(1)

    def action_prev_quote(self) -> None:
        self._quote(-1)

    def _quote(self, step: int) -> None:
        view = self._with_view()
        if not view.article.quotes:
            self.notify("This article has no quotes", timeout=2, markup=False)
            return
        index = view.next_quote(step)
        if index is None:
            self.notify("No more quotes" if step > 0 else "No earlier quotes", timeout=1.5, markup=False)
            return
        self._open_quote_in_outline(index)
        self._show_quote(index)

    def _show_quote(self, index: int) -> None:
        """Name quote ``index`` (the highlighted one) in the status line."""
        quotes = self._with_view().article.quotes
        quote = quotes[index]
        speaker = f" — {quote.speaker}" if quote.speaker else ""
        self.query_one(StatusLine).search = f"quote {index + 1}/{len(quotes)}{speaker}"
        self._quote_shown = True

    def _open_quote_in_outline(self, index: int) -> None:
        """Unfold the outline down to quote ``index`` (unless the user is moving in the outline)."""
        outline = self.outline
        if outline is not None and index in outline.quote_nodes and not outline.has_focus:
            node = outline.quote_nodes[index]
            if node.parent is not None and not node.parent.is_expanded:
                node.parent.expand()

    def action_top(self) -> None:
        self._with_view().go_top()

    def action_end(self) -> None:
        self._with_view().go_end()

    def action_takeaways(self) -> None:
        view = self._with_view()
        y = view.text_layout.takeaways_line
        if y is None:
            self.notify("This article has no takeaways", timeout=2, markup=False)
            return
        view.scroll_to_line(y)

    def action_search(self) -> None:
        view = self._with_view()
        self.add_class("-searching")
        bar = self.query_one(SearchBar)
        if not bar.is_open:
            self._search_from = view.top_line
        bar.open(view.query_text)

    @on(SearchBar.Changed)
    def _search_changed(self, event: SearchBar.Changed) -> None:
        view = self.view
        if view is None:
            return
        count = view.search(event.query)
        # Typed a key at a time, a short query may match far away ("z" near the top) and the longer one
        # nothing: each query starts from where reading was, so one that finds nothing moves nothing.
        if self._search_from is not None:
            view.scroll_to_line(self._search_from)
        if count:
            view.next_match(1)
        self._show_match()

    @on(SearchBar.Submitted)
    def _search_submitted(self, event: SearchBar.Submitted) -> None:
        self.remove_class("-searching")
        self._search_from = None  # enter keeps the place the search found
        view = self.view
        if view is not None:
            view.focus()
            if event.query and not view.matches:
                self.notify("No matches", timeout=2, markup=False)
        self._show_match()

    @on(SearchBar.Closed)
    def _search_closed(self) -> None:
        self.remove_class("-searching")
        origin, self._search_from = self._search_from, None
        view = self.view
        if view is not None:
            view.search("")
            if origin is not None:
                view.scroll_to_line(origin)  # escape drops the search and the moves it made
            view.focus()
        self.query_one(StatusLine).search = ""

    def _show_match(self) -> None:
        view = self.view
        status = self.query_one(StatusLine)
        if view is None or not view.query_text:
            status.search = ""
        elif not view.matches:
            # Only while the query is being typed: once the bar is closed a toast says it, and a tag left
            # here would outlive the moves and actions that follow.
            bars = self.query(SearchBar)
            status.search = "no matches" if bars and bars.first().is_open else ""
        else:
            number = (view.match_index or 0) + 1
            status.search = f"match {number}/{len(view.matches)}"
        self._quote_shown = False

    def action_next_match(self) -> None:
        self._match(1)

    def action_prev_match(self) -> None:
        self._match(-1)

    def _match(self, step: int) -> None:
        view = self._with_view()
        if not view.query_text:
            self.notify("Search first with /", timeout=2, markup=False)
            return
        if view.next_match(step) is None:
            self.notify("No matches", timeout=2, markup=False)
        self._show_match()

    def action_clear(self) -> None:
        view = self._with_view()
        bars = self.query(SearchBar)
        if bars and bars.first().is_open:
            # Focus left the bar (tab): escape still closes it rather than leave a stale query showing.
            bars.first().action_close()
        elif view.quote_index is not None:
            view.highlight_quote(None)
        elif view.query_text:
            view.search("")
        self.query_one(StatusLine).search = ""

    def action_toggle_outline(self) -> None:
        self._outline_chosen = True
        self.toggle_class("-no-outline")
        outline = self.outline
        view = self._with_view()
        if self.has_class("-no-outline"):
            self._outline_focus = False
            if outline is not None and outline.has_focus:
                self.set_focus(view)
        elif outline is None:
            self._outline_focus = True
        else:
            # Shown to be used: the arrows and enter move in it, not in the text under it (O or tab goes
            # back). Now, not on a later turn: the keys typed right after O are for the outline.
            self.set_focus(outline)

    def _fit_footer(self) -> None:
        # On a narrow terminal the footer drops its spacing so the main keys, help included, still fit.
        self.query_one(KeyBar).set_compact(self.app.size.width < NARROW)

    def _outline_width(self) -> int:
        # The share the user chose with < and > (the app remembers it), else the default.
        share = getattr(self.app, "outline_share", None) or OUTLINE_SHARE
        return outline_width(self.app.size.width, share)

    def fit_outline(self) -> None:
        """Give the outline its share of the terminal's width (after a resize or a new share)."""
        width = self._outline_width()
        for pane in self.query("#outline-slot, Outline"):
            if pane.styles.width is None or pane.styles.width.value != width:
                pane.styles.width = width

    def action_widen_outline(self) -> None:
        self._resize_outline(OUTLINE_STEP)

    def action_narrow_outline(self) -> None:
        self._resize_outline(-OUTLINE_STEP)

    def _resize_outline(self, step: float) -> None:
        share = getattr(self.app, "outline_share", None) or OUTLINE_SHARE
        low, high = OUTLINE_SHARES
        share = round(min(high, max(low, share + step)), 2)
        if self.has_class("-no-outline"):
            # Resizing a hidden outline means wanting to see it.
            self._outline_chosen = True
            self.remove_class("-no-outline")
        remember = getattr(self.app, "set_outline_share", None)
        if remember is not None:
            remember(share)  # the app remembers it and fits every reader
        self.fit_outline()
        self.notify(f"Outline: {self._outline_width()} columns", timeout=1.5, markup=False)

    def on_resize(self) -> None:
        self._fit_footer()
        self.fit_outline()
        hide = self.app.size.width < NARROW
        if not self._outline_chosen and self.has_class("-no-outline") != hide:
            self.set_class(hide, "-no-outline")

    def action_collapse_all(self) -> None:
        self._outline_folded = True
        outline = self.outline
        if outline is not None:
            outline.collapse_all()

    def action_expand_all(self) -> None:
        self._outline_folded = False
        outline = self.outline
        if outline is not None:
            outline.expand_all()

    def action_bookmark(self) -> None:
        view = self._with_view()
        article = view.article
        index = view.quote_index
        if index is not None:
            quote = article.quotes[index]
            text, kind, speaker, section, block = (
                quote.text,
                "quote",
                quote.speaker,
                quote.section,
                quote.block,
            )
        else:
            found = view.passage_block  # a heading alone is no passage
            if found is None:
                self.notify("Nothing to bookmark here", severity="warning", markup=False)
                return
            block = found
            text, kind, speaker = article.blocks[block].text, "passage", None
            heading = view.text_layout.heading_at(view.text_layout.block_line.get(block, 0))
            section = article.blocks[heading].text if heading is not None else None
        if self.open_library is None:
            self.notify("No library: bookmarks cannot be kept", severity="warning", markup=False)
            return
        kept = self._bookmark_at(block, text)
        if kept is None:
            self._add_bookmark(article, text, kind, speaker, section, block)
            return
        offer = self._removal_offer
        if offer is not None and offer[0] == kept.id and time.monotonic() < offer[1]:
            self._removal_offer = None
            self._remove_bookmark(kept)
            return
        self._removal_offer = (kept.id, time.monotonic() + REMOVE_OFFER)
        what = "quote" if kind == "quote" else "passage"
        self.notify(
            f"This {what} is bookmarked: b again removes the bookmark", timeout=REMOVE_OFFER, markup=False
        )

    def _add_bookmark(
        self, article: Article, text: str, kind: str, speaker: str | None, section: str | None, block: int
    ) -> None:
        def job() -> tuple[BookmarkEntry | None, list[BookmarkEntry]]:
            library = self._open()
            if self.entry_id is None:
                self.entry_id = library.save_article(article).id
            # Kept meanwhile by another byline: the same words twice would only be a duplicate.
            mine = [kept for kept in library.bookmarks() if kept.article_id == self.entry_id]
            if any(kept.block == block and kept.text == text for kept in mine):
                return None, mine
            bookmark = library.add_bookmark(
                self.entry_id,
                text=text,
                kind="quote" if kind == "quote" else "passage",
                speaker=speaker,
                section=section,
                block=block,
            )
            return bookmark, [*mine, bookmark]

        def done(found: tuple[BookmarkEntry | None, list[BookmarkEntry]]) -> None:
            bookmark, mine = found
            self._show_bookmarks(mine)
            if bookmark is None:
                self.notify("Already bookmarked", timeout=2, markup=False)
                return
            short = " ".join(text.split())
            short = short if len(short) <= 60 else short[:59] + "…"
            label = "Quote" if kind == "quote" else "Passage"
            self.notify(f"{label} bookmarked: {short}", title="Bookmark", markup=False)

        what = "quote" if kind == "quote" else "passage"
        self.service.write(job, what=f"bookmark the {what} in {self._named(article)}", then=done, owner=self)

    def _remove_bookmark(self, bookmark: BookmarkEntry) -> None:
        def done(_: object) -> None:
            self._show_bookmarks([other for other in self.bookmarks if other.id != bookmark.id])
            self.notify("Bookmark removed", timeout=2, markup=False)

        self.service.write(
            lambda: self._open().delete_bookmark(bookmark.id),
            what=f"remove the bookmark in {self._named()}",
            then=done,
            owner=self,
        )

    def action_bookmarks(self) -> None:
        if self.open_library is None:
            self.notify("No library: there are no bookmarks", severity="warning", markup=False)
            return
        from tui.messages import OpenBookmarks

        self.post_message(OpenBookmarks())

    def action_copy_link(self) -> None:
        handoff.copy_link(self, self._with_view().article)

    def action_copy_quote(self) -> None:
        view = self._with_view()
        handoff.copy_quote(self, view.article, view.quote_index)

    def action_open_browser(self) -> None:
        if self.article is None and self._failed_url is not None:
            handoff.open_url(self, self._failed_url)
            return
        handoff.open_in_browser(self, self._with_view().article)

    @property
    def _failed_url(self) -> str | None:
        """The web address this screen could not read, when it is one."""
        from news.sources import is_url

        return self.source if self.source is not None and is_url(self.source) else None

    def action_open_editor(self) -> None:
        handoff.open_in_editor(self, self._with_view().article)

    def action_toggle_read(self) -> None:
        self._with_view()
        if self.entry_id is None or self.open_library is None:
            self.notify("Not in the library yet", severity="warning", timeout=2, markup=False)
            return
        self.read = not self.read
        self._set_read(self.read)
        self.notify("Marked read" if self.read else "Marked unread", timeout=1.5, markup=False)

    def _set_read(self, read: bool) -> None:
        entry_id = self.entry_id
        if entry_id is None:
            return

        def stored(_: object) -> None:
            self._read_stored = read

        self.service.write(
            lambda: self._open().set_read(entry_id, read),
            what=f"mark {self._named()} {'read' if read else 'unread'}",
            key=("read", entry_id),
            then=stored,
            owner=self,
        )

    @property
    def _can_retry(self) -> bool:
        """False for standard input: it was read once, and reading the same bytes again would fail again."""
        return self.source != "-"

    def _is_first_screen(self) -> bool:
        """True when nothing is below this screen to go back to (q quits)."""
        stack = self.app.screen_stack
        below = stack[: stack.index(self)] if self in stack else []
        return not any(screen.id != "_default" for screen in below)

    def describe_binding(self, binding: Binding) -> str:
        """The key bar's word for ``binding``: q is "Quit" when there is nothing to go back to."""
        if binding.action == "back" and self._is_first_screen():
            return "Quit"
        return binding.description

    def _loading_view(self) -> LoadingView:
        return LoadingView(self.source or "the saved copy", quits=self._is_first_screen())

    def _error_view(self, message: str) -> ErrorView:
        return ErrorView(message, can_retry=self._can_retry, quits=self._is_first_screen())

    def action_retry(self) -> None:
        if self.error is None or not self._can_retry:
            return
        self.error = None
        self.refresh_bindings()
        self.call_after_refresh(self._retry)

    async def _retry(self) -> None:
        self._job = None  # its answer was the failure: read the source afresh
        for view in self.query("#error"):
            await view.remove()
        await self.mount(self._loading_view(), before=self.query_one(KeyBar))
        self._load()

    # -- links and pictures ----------------------------------------------------------------

    def _vouching_origin(self, article: Article) -> str:
        """The address that vouches for what this article links to: the one typed to reach it.

        For an article opened from a feed that is the feed's address; else the article's own. A
        file has none ("" vouches for no private address).
        """
        if self.origin is not None:
            return self.origin
        return article.url or ""

    def action_follow(self) -> None:
        view = self._with_view()
        count = len(view.links.refs)
        if not count:
            self.notify("This article has no links", timeout=2, markup=False)
            return
        from tui.screens.prompt import PromptScreen

        prompt = PromptScreen(
            "Follow link number",
            placeholder=f"1-{count}",
            hint="enter opens it · escape cancels",
        )
        self.app.push_screen(prompt, self._follow_number)

    def _follow_number(self, answer: str | None) -> None:
        view = self.view
        if view is None or not answer:
            return
        number = int(answer) if answer.strip().isdigit() else 0
        link = view.links.get(number)
        if link is None:
            self.notify(f"No link numbered {answer}", severity="warning", timeout=2, markup=False)
            return
        self.open_link(link.url, browser=link.embed)

    def open_link(self, url: str, *, browser: bool = False) -> None:
        """Open ``url`` in a new reader over this one (back returns here), or in the browser for a file."""
        from tui.follow import opens_in_reader
        from tui.messages import OpenSource

        article = self.article
        if browser or article is None or not opens_in_reader(url):
            handoff.open_url(self, url)
            return
        self.post_message(OpenSource(url, origin=self._vouching_origin(article)))

    def action_links(self) -> None:
        view = self._with_view()
        if not view.links.refs:
            self.notify("This article has no links", timeout=2, markup=False)
            return
        from tui.screens.links import LinksScreen

        title = " ".join(safe_text(view.article.title).split())
        self.app.push_screen(LinksScreen(view.links.refs, title), self._link_chosen)

    def _link_chosen(self, choice: LinkChoice | None) -> None:
        if choice is not None:
            self.open_link(choice.link.url, browser=choice.action == "browser" or choice.link.embed)

    def action_toggle_link_numbers(self) -> None:
        view = self._with_view()
        view.set_link_numbers(not view.link_numbers)

    def _pictures_can_show(self) -> bool:
        # Half-cell pictures are colours and nothing else: without colour (NO_COLOR, a monochrome
        # terminal) the placeholders stand in. 16 colours still give a recognisable picture.
        return not self.app.no_color and self.app.console.color_system is not None

    def action_toggle_images(self) -> None:
        view = self._with_view()
        if not self._pictures_can_show():
            self.notify("This terminal cannot show pictures", severity="warning", timeout=2, markup=False)
            return
        shown = not view.images_on
        view.set_images(shown)
        self.notify("Pictures on" if shown else "Pictures off", timeout=1.5, markup=False)
        if shown and self.article is not None:
            self._start_pictures(self.article, asked=True)
        if self.open_library is not None:
            self._remember_images(shown)

    def _remember_images(self, shown: bool) -> None:
        # On failure the choice still holds for this screen; the service says why and tries again.
        self.service.write(
            lambda: self._open().set_setting(IMAGES_SETTING, shown),
            what="remember whether pictures are shown",
            key=("setting", IMAGES_SETTING),
        )

    def _start_pictures(self, article: Article, *, asked: bool = False) -> None:
        """Fetch (or read from the store) the article's pictures in daemon threads, once per screen."""
        from tui.pictures import article_images

        images = article_images(article)
        view = self.view
        if self._pictures_started or not images or view is None:
            return
        if not self._pictures_can_show():
            view.set_images(False)
            return
        self._pictures_started = True
        threading.Thread(
            target=self._pictures_in_thread,
            args=(images, self._vouching_origin(article), asked),
            name="byline-pictures",
            daemon=True,
        ).start()

    def _pictures_in_thread(self, images: list[Image], origin: str, asked: bool) -> None:
        from tui.pictures import load_pictures

        library = self._library()
        store: ImageStore | None = None
        if library is not None:
            from storage.images import ImageStore

            store = ImageStore(library.data_dir)
            if not asked:
                try:
                    shown = library.get_setting(IMAGES_SETTING, True) is not False
                except Exception:  # an unreadable setting is no reason to hide pictures
                    shown = True
                if not shown:
                    self._pictures_started = False  # i starts them
                    self._call(self._pictures_off)
                    return
        load_pictures(images, origin, store, self._picture_delivered, self._pictures_stop)

    def _call(self, callback: Callable[..., object], *args: object) -> None:
        with contextlib.suppress(RuntimeError):  # the app has closed: nothing left to show it on
            self.app.call_from_thread(callback, *args)

    def _picture_delivered(self, url: str, picture: Picture | None, problem: str) -> None:
        self._call(self._picture_in, url, picture, problem)

    def _pictures_off(self) -> None:
        view = self.view
        if view is not None:
            view.set_images(False)

    def _picture_in(self, url: str, picture: Picture | None, problem: str) -> None:
        view = self.view
        if view is None or not self.is_attached:
            return
        view.add_picture(url, picture, problem)
        if picture is not None and problem and not self._store_warned:
            self._store_warned = True  # once: the same disk problem stands for every picture
            self._warn(problem)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self))

    def action_next_unread(self) -> None:
        """Back to the feed list this article was opened from, and on to that list's next unread item."""
        from tui.messages import NextUnread

        # The app knows what is below this screen: it goes back and asks the feed list for its next item.
        self.post_message(NextUnread(self))

    def action_back(self) -> None:
        search = self.query(SearchBar)
        if search and search.first().is_open:
            search.first().action_close()
            return
        if self._is_first_screen():
            # The app is about to exit: no worker would live long enough to write the position.
            self.save_progress_now()
            self.app.exit(return_code=1 if self.error is not None else 0)
        else:
            # Now, while the view is still there to ask: by unmount time it is gone.
            self._save_progress_in_background()
            self.app.pop_screen()
