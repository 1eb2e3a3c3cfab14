"""What the library, bookmarks and feeds screens share: library requests, undo, filtering, display text."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.css.styles import RulesMap
from textual.screen import Screen
from textual.strip import Strip
from textual.style import Style
from textual.timer import Timer
from textual.visual import RenderOptions, Visual
from textual.widgets import Input, OptionList, Static

from news.sanitize import safe_text
from tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from storage import Library
    from tui.library_service import LibraryService

NARROW = 100
"""Below this many columns the footer is made compact so that all of its keys fit."""

# What a list entry's line starts with before its text: indentation and, maybe, a marker.
_LEAD = re.compile(r" *(?:[●✎] )?")


class ListScreen(Screen[None]):
    """A filterable list read from the library: disk work in the app's library service, results on the UI.

    Subclasses implement :meth:`reload` (it hands a read to :meth:`read`) and hold a list (``LIST``
    selects it: an ``OptionList`` unless they say otherwise) and a filter ``Input``.
    """

    # j and k move in every list, as in the reader (typed into the filter they stay letters).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "list_cursor('down')", "Down", show=False, id="list.down"),
        Binding("k", "list_cursor('up')", "Up", show=False, id="list.up"),
    ]
    LIST: ClassVar[str] = "OptionList"

    # Past this many entries each refill costs a noticeable moment (Textual measures every option),
    # so the filter waits for a pause in typing.
    BIG_LIST: ClassVar[int] = 400
    TYPING_PAUSE: ClassVar[float] = 0.15

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self._loaded = False
        self._modal_up = False
        self._refill_timer: Timer | None = None
        # What was deleted from this screen, newest last, so `u` can put each back in turn.
        self.undo_stack: list[Any] = []

    def list_widgets(self, name: str, placeholder: str) -> ComposeResult:
        """The filter, message line, list, status line and footer of a plain list screen, ids ``name-…``."""
        yield Input(placeholder=placeholder, id=f"{name}-filter")
        yield Static(Text("Loading…"), id=f"{name}-message", markup=False)
        yield OptionList(id=f"{name}-list", markup=False)
        yield Static(Text(""), id=f"{name}-status", markup=False)
        yield KeyBar(compact=self.app.size.width < NARROW)

    def reload(self) -> object:
        """Read the list from the library (through :meth:`read`) and show it."""
        raise NotImplementedError

    def refill(self) -> None:
        """Show the entries the filter lets through, keeping the highlighted one when it stays."""
        raise NotImplementedError

    def refill_soon(self, size: int) -> None:
        """Apply a changed filter: at once for a list of ``size`` up to BIG_LIST, else when typing pauses."""
        if self._refill_timer is not None:
            self._refill_timer.stop()
            self._refill_timer = None
        if size <= self.BIG_LIST:
            self.refill()
        else:
            self._refill_timer = self.set_timer(self.TYPING_PAUSE, self.refill)

    @on(events.Mount)
    def _keep_app(self) -> None:
        # Worker threads need the app after the screen has left it, when ``self.app`` no longer finds it.
        self._app: App[object] = self.app
        self.query_one(self.LIST).focus()
        self._fit_footer()

    def on_resize(self) -> None:
        self._fit_footer()

    def _fit_footer(self) -> None:
        # On a narrow terminal the footer drops its spacing (and then keys, help and q last).
        for footer in self.query(KeyBar):
            footer.set_compact(self.app.size.width < NARROW)

    def on_screen_resume(self) -> None:
        if self._modal_up:
            # Back from this screen's own prompt: a reload racing the write its answer started
            # could show the old state.
            self._modal_up = False
            return
        # What other screens did (reading, bookmarking) shows when coming back.
        self.reload()

    def push_modal(self, screen: Screen[Any], callback: Callable[[Any], None] | None = None) -> None:
        """Show one of this screen's own prompts (no reload when it closes)."""
        self._modal_up = True
        self.app.push_screen(screen, callback)

    @property
    def service(self) -> LibraryService:
        """The app's library service, which runs this screen's reads and writes in turn."""
        from tui.library_service import LibraryService

        return LibraryService.of(self._app)

    def write(
        self,
        job: Callable[[], Any],
        *,
        what: str,
        then: Callable[[Any], object] | None = None,
        on_error: Callable[[], object] | None = None,
    ) -> None:
        """Hand a library write to the app's service, so leaving this screen cannot cancel it.

        A failure is said in one line ("could not ``what``: why") and the list is read again (it shows
        what is on disk); the service tries the write again, and ``then`` runs once it lands.

        Args:
            job: the write; what it returns goes to ``then`` on the UI thread.
            what: the write in words, after "could not" ("delete the bookmark").
            on_error: run after a failure instead of reading the list again; such a write is not tried
                again by itself (the user's u is its next try, see :meth:`undo`).
        """
        self.service.write(
            job,
            what=what,
            then=then,
            failed=lambda _: (on_error or self.reload)(),
            retry=on_error is None,
            owner=self,
        )

    def read(self, job: Callable[[], Any], what: str, show: Callable[[Any], object]) -> None:
        """Have the service run the library read ``job`` and hand what it returns to ``show``.

        When it fails, say "could not ``what``" and why instead (the list stays as it was).
        """
        self.service.read(job, what=what, then=show, owner=self)

    def fetch(self, job: Callable[[], Any], *, what: str, then: Callable[[Any], object]) -> None:
        """Run ``job``, a fetch from the network that ends in a library write, in a thread of its own.

        A slow site must not hold up the library's queue; a failure is said in one line as for a write.
        """

        def run() -> None:
            try:
                result = job()
            except Exception as error:  # any network, disk or database failure becomes a message
                self.deliver(self.failed, f"could not {what}", error)
                self.deliver(self.reload)
                return
            self.deliver(then, result)

        self.app.run_worker(run, thread=True, group=f"{type(self).__name__}-fetch")

    def keep_for_undo(self, item: object, said: str) -> None:
        """Remember a deleted ``item`` for `u` and tell the user (``said``: what was done to what)."""
        self.undo_stack.append(item)
        self.notify(f"{said} — press u to undo", markup=False)

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo", markup=False)
            return
        self.undo(self.undo_stack.pop())

    def undo(self, item: Any) -> None:
        """Put back ``item``, the latest one deleted (on failure, push it back on ``undo_stack``)."""
        raise NotImplementedError

    def list_message(self, total: int, shown: int, empty: str, no_match: str) -> str:
        """The message line: loading, what to do with an empty list, nothing matching the filter, or ""."""
        if not self._loaded:
            return "Loading…"
        if not total:
            return empty
        return "" if shown else no_match

    def say(self, selector: str, message: str) -> None:
        """Show ``message`` in the message line ``selector``, which takes no room when it is empty."""
        line = self.query_one(selector, Static)
        line.update(Text(message))
        line.display = bool(message)

    def highlight(self, option_id: str, selector: str = "OptionList") -> None:
        """Highlight the option ``option_id`` of the list ``selector`` when it is there."""
        option_list = self.query_one(selector, OptionList)
        with contextlib.suppress(LookupError):
            option_list.highlighted = option_list.get_option_index(option_id)

    def deliver(self, callback: Callable[..., object], *args: object) -> None:
        """From a worker thread: run ``callback`` on the UI thread if this screen is still in the app."""
        # Results of work that outlived the screen have nowhere to go; an app already gone takes nothing.
        with contextlib.suppress(RuntimeError):
            self._app.call_from_thread(self._if_attached, callback, *args)

    def _if_attached(self, callback: Callable[..., object], *args: object) -> None:
        if self.is_attached:
            callback(*args)

    def failed(self, what: str, error: Exception) -> None:
        """Say in one line that ``what`` failed and why."""
        self.notify(f"{what}: {one_line(str(error)) or type(error).__name__}", severity="error", markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Typed in the filter, / is part of the query.
        return not (action == "filter" and isinstance(self.focused, Input))

    def action_filter(self) -> None:
        # Not focus(): that moves the focus on a later turn of the loop, so the rest of a burst of keys
        # (typed fast, or pasted) would reach the list as commands instead of the filter as text.
        self.set_focus(self.query_one(Input))

    def action_focus_list(self) -> None:
        self.query_one(self.LIST).focus()

    def action_list_cursor(self, direction: str) -> None:
        """Move the highlight of the focused option list (j/k beside the arrow keys)."""
        focused = self.focused
        if isinstance(focused, OptionList) and direction == "down":
            focused.action_cursor_down()
        elif isinstance(focused, OptionList):
            focused.action_cursor_up()

    @on(Input.Submitted)
    def _filter_done(self) -> None:
        self.query_one(self.LIST).focus()

    def action_back(self) -> None:
        leave(self)


def terms(query: str) -> list[str]:
    """The lower-cased words of a filter query."""
    return query.casefold().split()


def matches(words: list[str], fields: Iterable[str | None]) -> bool:
    """True when every word occurs in at least one of ``fields`` (case-insensitive)."""
    if not words:
        return True
    haystack = "\n".join(field.casefold() for field in fields if field)
    return all(word in haystack for word in words)


def one_line(text: str | None, limit: int = 0) -> str:
    """``text`` safe for the terminal, on one line, cut to ``limit`` characters (0: no limit)."""
    line = " ".join(safe_text(text or "").split())
    if limit and len(line) > limit:
        return line[: limit - 1].rstrip() + "…"
    return line


def count(number: int, noun: str) -> str:
    """``number`` and ``noun``, the noun plural unless the number is one ("1 bookmark", "2 articles")."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def day(stamp: str | None) -> str:
    """The date part of an ISO 8601 date or datetime, or "" when there is none."""
    return (stamp or "")[:10]


def leave(screen: Screen[Any]) -> None:
    """Go back to the screen below ``screen``, or quit when nothing but the blank default is below."""
    app = screen.app
    stack = app.screen_stack
    below = stack[: stack.index(screen)] if screen in stack else []
    # Textual keeps a blank default screen at the bottom when the first screen was pushed.
    if any(other.id != "_default" for other in below):
        app.pop_screen()
    else:
        app.exit()


class Hanging(Text):
    """An entry's text whose wrapped lines start under the text of their line, not at its left edge."""

    def visualize(self) -> Visual:
        """Textual's hook for showing an object: a visual that wraps with a hanging indent."""
        return _HangingVisual(Content.from_rich_text(self))


class _HangingVisual(Visual):
    def __init__(self, content: Content) -> None:
        self.content = content
        self._wrapped: dict[int, Content] = {}

    def _wrap(self, width: int) -> Content:
        wrapped = self._wrapped.get(width)
        if wrapped is None:
            lines: list[Content] = []
            for line in self.content.split("\n", allow_blank=True):
                indent = _LEAD.match(line.plain).end()  # type: ignore[union-attr]  # matches any string
                indent = indent if indent < width // 2 else 0
                pieces = line[indent:].wrap(max(1, width - indent)) or [Content("")]
                lines.append(line[:indent] + pieces[0])
                lines.extend(Content(" " * indent) + piece for piece in pieces[1:])
            wrapped = self._wrapped[width] = Content("\n").join(lines)
        return wrapped

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self._wrap(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self._wrap(width).get_height(rules, width)
