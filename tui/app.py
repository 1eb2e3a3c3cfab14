"""The Textual app: themes, keymap and library wiring, and navigation between screens.

Imports stay light until the first screen has painted: news/ and storage/ load in workers.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import threading
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.theme import Theme
from textual.widgets import Static

from tui import early_signals
from tui.early_signals import END_SIGNALS
from tui.library_service import LibraryService, LibraryUnavailable
from tui.messages import NextUnread, OpenArticle, OpenBookmarks, OpenSource
from tui.oneline import first_line
from tui.screens.reader import ReaderScreen
from tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from news.model import Article
    from storage import Library
    from tui.prefetch import Prefetch

#: Seconds a shutdown begun by a signal may take before the process ends without it (its state is
#: written by then): a clean shutdown takes milliseconds, and the position write's lock wait is 1 s.
SHUTDOWN_GRACE = 5.0
DEFAULT_THEME = "byline-dark"
THEME_SETTING = "theme"
OUTLINE_SETTING = "outline_share"
"""The library setting that keeps the share of the width the reader's outline takes (< and >)."""
STARTUP_GC_DELAY = 2.0
"""Seconds after which garbage collection resumes even if no first screen said it was shown."""


def resume_collections() -> None:
    """Turn garbage collection back on once the first screen is painted (open_app turns it off)."""
    if not gc.isenabled():
        # What start-up built lives as long as the app: later collections need not scan it again.
        gc.freeze()
        gc.enable()


class MessageScreen(Screen[None]):
    """A screen holding one line of plain text (used when the library cannot be shown)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q,escape", "app.quit", "Quit", id="message.quit")]

    DEFAULT_CSS = """
    MessageScreen { align: center middle; }
    MessageScreen > Static { width: auto; max-width: 90%; padding: 1 2; background: $panel; }
    """

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        yield Static(Text(self.message))
        yield KeyBar()


class BylineApp(App[None]):
    """byline's terminal app: the reader for one source, or the library."""

    TITLE = "byline"
    # Toasts stand above the footer and the status line over it: its figures (section, quote 3/14,
    # match 2/24) are what a toast is usually about. With the search bar open they clear it as well.
    CSS = """
    ToastRack { margin-bottom: 2; }
    .-searching > ToastRack { margin-bottom: 3; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("T,ctrl+t", "cycle_theme", "Next byline theme", show=False, id="app.cycle_theme"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit"),
    ]

    def __init__(
        self,
        source: str | None = None,
        *,
        article: Article | None = None,
        theme_name: str | None = None,
        data_dir: str | None = None,
        use_library: bool = True,
        stdin: bytes | None = None,
        load_user_files: bool = True,
        prefetched: Prefetch | None = None,
    ) -> None:
        """Args:
        source: what to open in the reader (URL, path or "-"); None opens the library.
        article: an article to show at once (tests, and articles already in memory).
        theme_name: the theme asked for on the command line (remembered for next time).
        data_dir: where the library lives (None: BYLINE_HOME or the user data folder).
        use_library: False reads without saving anything (no library at all).
        stdin: the bytes read from standard input when ``source`` is "-".
        prefetched: the helper process already reading ``source`` (see tui.prefetch).
        load_user_files: False ignores the user's config and themes folder (tests).
        """
        super().__init__()
        self.source = source
        self.initial_article = article
        self.theme_asked = theme_name
        self.data_dir = data_dir
        self.use_library = use_library
        self.stdin = stdin
        self.prefetched = prefetched
        self.load_user_files = load_user_files
        #: True once SIGTERM or SIGHUP began the shutdown (the exit status is then 0, as for q).
        self.ended_by_signal = False
        #: True once :meth:`exit` was called (by q, ctrl+q or a signal): the screens are being taken down.
        self.exiting = False
        self.user_keymap: dict[str, str] = {}
        self._library: Library | None = None
        self._library_error: str | None = None
        self._library_lock = threading.Lock()  # only around opening it; the service orders the rest
        #: Every read and write of the library the screens make, in turn, in one worker.
        self.library_service = LibraryService.of(self)
        self._theme_settled = False
        self._theme_fixed = False
        self._settling = False
        self._config: Any = None
        # The [feeds] settings (tui.feed_refresh reads them); None: the defaults.
        self.feed_config: Any = None
        self.outline_share: float | None = None
        """The share of the width the reader's outline takes, as the user last set it (None: default)."""
        # Before the app runs: a theme set later makes Textual parse and apply all CSS a second time.
        self._startup_warnings = self._load_themes_and_config()

    # -- start -----------------------------------------------------------------------------

    @property
    def opens_reader(self) -> bool:
        """True when the first screen is the reader (a source or an article was given)."""
        return self.initial_article is not None or self.source is not None

    def get_default_screen(self) -> Screen[Any]:
        # The reader is the first screen itself, not pushed over a blank one: one frame less to paint.
        if not self.opens_reader:
            return super().get_default_screen()
        return ReaderScreen(
            source=self.source,
            article=self.initial_article,
            open_library=self.get_library if self.use_library else None,
            stdin=self.stdin,
            prefetched=self.prefetched,
        )

    def on_mount(self) -> None:
        # Should no screen ever say it is shown (a fetch that hangs), collections still resume.
        self.set_timer(STARTUP_GC_DELAY, resume_collections)
        if not self.is_headless:
            self._end_on_signals()
        warnings = self._startup_warnings
        if self.opens_reader:
            if not self.use_library:
                self._theme_settled = True
        else:
            self._open_library_screen()
        for warning in warnings:
            self.notify(warning, severity="warning", markup=False, timeout=8)
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _load_themes_and_config(self) -> list[str]:
        warnings: list[str] = []
        config_theme: str | None = None
        try:
            from tui.themes import load_theme_set

            loaded = load_theme_set()
            for theme in loaded.themes:
                self.register_theme(theme)
            warnings += loaded.warnings if self.load_user_files else []
        except ImportError:
            pass
        if self.load_user_files:
            try:
                from tui.config import load_config

                config = load_config()
                warnings += config.warnings
                config_theme = config.theme
                self.user_keymap = dict(config.keymap)
                self._config = config
                self.feed_config = config.feeds
                if self.user_keymap:
                    self.set_keymap(self.user_keymap)
            except ImportError:
                pass
        wanted = self.theme_asked or config_theme
        if wanted and wanted not in self.available_themes:
            warnings.append(f"theme {wanted!r} not found; using {DEFAULT_THEME} (ctrl+p, Theme lists them)")
            wanted = None
            self.theme_asked = None
        self.theme = wanted or (DEFAULT_THEME if DEFAULT_THEME in self.available_themes else self.theme)
        # An explicit choice wins over the remembered one; the command line one is remembered too.
        self._theme_fixed = bool(wanted)
        return warnings

    def on_reader_screen_shown(self) -> None:
        # The remembered theme is read once the first article is painted: opening the library
        # before would slow the first paint down.
        resume_collections()
        if not self._theme_settled and not self._settling:
            self._settling = True
            self.library_service.read(
                self._settle_theme, what="read the remembered theme", then=self._settled
            )
        self._check_keymap()

    def _check_keymap(self) -> None:
        """Warn once about keymap entries that name no binding; runs after the first paint."""
        config, self._config = self._config, None
        if config is None or not self.user_keymap:
            return
        for warning in config.unknown_bindings(known_binding_ids()):
            self.notify(warning, severity="warning", markup=False, timeout=8)

    def _settle_theme(self) -> tuple[Any, Any] | None:
        """The remembered theme and outline share (the theme asked for is remembered); in the service."""
        library = self.get_library()
        if library is None:
            return None
        if self.theme_asked:
            self._remember(THEME_SETTING, self.theme_asked)
        try:
            remembered = None if self.theme_asked else library.get_setting(THEME_SETTING)
            share = library.get_setting(OUTLINE_SETTING)
        except Exception:  # an unreadable preference is not worth an error: the defaults stand
            remembered = share = None
        return remembered, share

    def _settled(self, found: tuple[Any, Any] | None) -> None:
        if found is None:
            self._theme_settled = True
        else:
            self._apply_remembered(*found)

    def _apply_remembered(self, remembered: Any, share: Any = None) -> None:
        if not self._theme_fixed and isinstance(remembered, str) and remembered in self.available_themes:
            self.theme = remembered
        self._theme_settled = True
        if isinstance(share, float | int) and not isinstance(share, bool) and 0 < share < 1:
            self.outline_share = float(share)
            for screen in self.screen_stack:
                if isinstance(screen, ReaderScreen):
                    screen.fit_outline()

    def _open_library_screen(self) -> None:
        """Open the library and read the remembered theme in the service, then show the library screen."""

        def cannot(error: Exception) -> None:
            self._library_error = self._library_error or first_line(error)
            self._show_library_screen(None, None)

        self.library_service.read(
            self._read_library_settings,
            what="open the library",
            then=lambda found: self._show_library_screen(*found),
            failed=cannot,
        )

    def _read_library_settings(self) -> tuple[Library | None, Any, Any]:
        # Opening waits on other byline processes (the file lock) and reads the disk: not on the UI loop.
        library = self.get_library() if self.use_library else None
        remembered: Any = None
        share: Any = None
        if library is not None:
            if self._theme_fixed and self.theme_asked:
                self._remember(THEME_SETTING, self.theme_asked)
            try:
                if not self._theme_fixed:
                    remembered = library.get_setting(THEME_SETTING)
                share = library.get_setting(OUTLINE_SETTING)
            except Exception:  # an unreadable preference is not worth an error: the defaults stand
                remembered = share = None
        return library, remembered, share

    def _show_library_screen(self, library: Library | None, remembered: Any, share: Any = None) -> None:
        if library is None:
            reason = self._library_error or "the library is turned off"
            self.push_screen(MessageScreen(f"byline: cannot open the library: {reason}\n\nq to quit"))
            self._theme_settled = True
            return
        self._apply_remembered(remembered, share)
        self.call_after_refresh(self._check_keymap)
        self.call_after_refresh(resume_collections)
        try:
            from tui.screens.library import LibraryScreen
        except ImportError:
            self.push_screen(MessageScreen("The library screen is not available in this build.\n\nq to quit"))
            return
        self.push_screen(LibraryScreen(library))
        # Feeds refresh in the background from the start, and on a timer (tui.feed_refresh).
        from tui.feed_refresh import FeedRefresher

        FeedRefresher.of(self).start_schedule(library)

    # -- library ---------------------------------------------------------------------------

    def get_library(self) -> Library | None:
        """The library, opened on first use (from any thread); None when it cannot be used."""
        if not self.use_library:
            return None
        with self._library_lock:
            if self._library is None and self._library_error is None:
                try:
                    from storage import Library, LibraryError

                    try:
                        self._library = Library(self.data_dir)
                    except LibraryError as error:
                        self._library_error = first_line(error)
                except ImportError as error:
                    self._library_error = f"storage unavailable ({error})"
            return self._library

    # -- themes ----------------------------------------------------------------------------

    def get_theme_variable_defaults(self) -> dict[str, str]:
        # The article's own variables (links, emphasis, code), for themes that do not set them.
        try:
            from tui.themes import article_variables
        except ImportError:
            return {}
        return article_variables(self.current_theme)

    def theme_names(self) -> list[str]:
        """The themes T steps through: byline's own, in shipped order (the palette's Theme lists them all)."""
        from tui.themes import SHIPPED

        return [name for name in SHIPPED if name in self.available_themes]

    def action_cycle_theme(self) -> None:
        # A few of byline's own, not every theme Textual has: one stray press must cost one more, not 22.
        names = self.theme_names()
        if not names:
            return
        index = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(index + 1) % len(names)]
        self.notify(f"Theme: {self.theme} (ctrl+p, Theme: all themes)", timeout=2, markup=False)

    def _theme_changed(self, theme: Theme) -> None:
        if self._theme_settled and self.use_library:
            self._remember(THEME_SETTING, theme.name)

    def set_outline_share(self, share: float) -> None:
        """Give the reader's outline ``share`` of the width from now on, and remember it for next time."""
        self.outline_share = share
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                screen.fit_outline()
        if self.use_library:
            self._remember(OUTLINE_SETTING, share)

    def _remember(self, key: str, value: object) -> None:
        """Keep a setting (theme, outline width) in the library, through the service (from any thread)."""
        what = {THEME_SETTING: "remember the theme", OUTLINE_SETTING: "remember the outline's width"}
        self.library_service.write(
            lambda: self.open_library().set_setting(key, value),
            what=what.get(key, f"remember the setting {key}"),
            key=("setting", key),
        )

    def open_library(self) -> Library:
        """The library, for the service's work; raises :class:`LibraryUnavailable` when it cannot be used."""
        library = self.get_library()
        if library is None:
            raise LibraryUnavailable(f"cannot open the library: {self._library_error or 'it is turned off'}")
        return library

    # -- navigation ------------------------------------------------------------------------

    def on_open_article(self, message: OpenArticle) -> None:
        self.push_screen(
            ReaderScreen(article_id=message.article_id, block=message.block, open_library=self.get_library)
        )

    def on_open_source(self, message: OpenSource) -> None:
        self.push_screen(
            ReaderScreen(source=message.source, open_library=self.get_library, origin=message.origin)
        )

    def on_open_bookmarks(self, message: OpenBookmarks) -> None:
        def show(library: Library) -> None:
            from tui.screens.bookmarks import BookmarksScreen

            self.push_screen(BookmarksScreen(library))

        # Opening the library may wait for another byline: in the service's worker, not here.
        self.library_service.read(self.open_library, what="show the bookmarks", then=show)

    def on_next_unread(self, message: NextUnread) -> None:
        from tui.screens.feeds import FeedsScreen

        reader = message.reader
        stack = self.screen_stack
        index = stack.index(reader) if reader in stack else 0
        below = stack[index - 1] if index > 0 else None
        if not isinstance(below, FeedsScreen) or not isinstance(reader, ReaderScreen):
            reader.notify("J goes to the next unread item of a feed list", timeout=2, markup=False)
            return
        reader.action_back()
        below.open_next_unread()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from tui.screens.keys import bound_keys

        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Next byline theme", "Switch to the next of byline's themes (T)", self.action_cycle_theme
        )
        # The screen's actions and those of the widget with the focus (what the keys do now), each once:
        # the text and the outline both have a "Down", and listing both would offer the same words twice.
        focused = screen.focused
        nodes = [screen] if focused is None or focused is screen else [focused, screen]
        seen: set[str] = set()
        for node in nodes:
            for item in type(node).BINDINGS:
                if not isinstance(item, Binding) or not item.description:
                    continue
                title = item.tooltip or item.description
                if title in seen or node.check_action(item.action, ()) is False:
                    continue
                seen.add(title)
                shown = bound_keys(self, item)
                yield SystemCommand(title, f"key: {shown}", partial(node.run_action, item.action))

    def exit(self, result: None = None, return_code: int = 0, message: Any | None = None) -> None:
        # Every way out (q, ctrl+q, a signal) comes here while the screens are still up.
        self.exiting = True
        self.save_state()
        super().exit(result, return_code, message)

    def _handle_exception(self, error: Exception) -> None:
        # Once the app is on its way out, its screens' widgets go first and a resize, a timer or a screen
        # still mounting may look one up: that is the teardown, not a failure (it printed a traceback and
        # made a quit by SIGHUP exit 1). Any other error still ends the app with its traceback.
        if self.exiting and isinstance(error, NoMatches):
            return
        super()._handle_exception(error)

    def save_state(self) -> None:
        """Write what must outlive the app now, on this thread: each reader's position, then the writes
        that failed and wait for another try (what still fails is said on standard error at the end)."""
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                screen.save_progress_now()
        self.library_service.finish()

    def _end_on_signals(self) -> None:
        """Make SIGTERM and SIGHUP quit as ctrl+q does (the loop's handlers go when the loop closes)."""
        loop = asyncio.get_running_loop()
        for number in END_SIGNALS:
            # Not on Windows, and only from the main thread: there the default (ending at once) stays.
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, self._ended_by_signal)
        if early_signals.noted() is not None:  # the terminal closed while the app was being built
            self._ended_by_signal()

    def _ended_by_signal(self) -> None:
        # Once, whatever else comes: a closing terminal may send SIGHUP and then SIGTERM.
        self.ended_by_signal = True
        for number in END_SIGNALS:
            # Replaced by one that does nothing, not removed: removing puts the default action back,
            # and a second signal during the shutdown would kill the process (status 129/143).
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                asyncio.get_running_loop().add_signal_handler(number, _ignore_signal)
        self.call_next(self._quit_then_exit)

    async def _quit_then_exit(self) -> None:
        """Quit as ctrl+q does; then, should the shutdown hang, end the process once the state is written.

        A terminal that has gone away kills Textual's output thread on its first failed write, and its
        driver's close then waits for ever on that thread's full queue (a process left asleep after
        its window closed). The reading position is written by :meth:`exit` before the shutdown
        starts (within a second), so ending the process after :data:`SHUTDOWN_GRACE` seconds loses nothing.
        The watchdog starts first: the quit itself may wait on a library another byline holds.
        """
        watchdog = threading.Timer(SHUTDOWN_GRACE, os._exit, args=(0,))
        watchdog.daemon = True
        watchdog.start()
        await self.action_quit()


def _ignore_signal() -> None:
    """A second SIGTERM or SIGHUP while the first one's shutdown runs: that shutdown ends the process."""


def known_binding_ids() -> set[str]:
    """Every binding id a keymap may name, read from byline's screens and widgets themselves.

    Every module of ``tui.screens`` and ``tui.widgets`` is imported and every class of ``tui`` with
    bindings is asked for its ids, so a new screen's keys are known without being listed here.
    """
    import importlib
    import pkgutil

    from textual.dom import DOMNode

    import tui.screens
    import tui.widgets

    for package in (tui.screens, tui.widgets):
        for module in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            with contextlib.suppress(ImportError):  # a screen missing from this build has no keys
                importlib.import_module(module.name)
    holders: list[type[DOMNode]] = []
    pending: list[type[DOMNode]] = [DOMNode]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.startswith("tui."):
                holders.append(subclass)
    return {
        item.id
        for holder in holders
        for item in holder.__dict__.get("BINDINGS", [])
        if isinstance(item, Binding) and item.id
    }


def say_lost(service: LibraryService) -> None:
    """After the app: one line on standard error for each write that never landed (none is lost silently)."""
    import sys

    for line in service.lost:
        with contextlib.suppress(OSError):  # the terminal is gone: nothing left to say it on
            print(f"byline: {line}", file=sys.stderr)


def run(source: str | None, theme: str | None, data_dir: str | None) -> int:
    """Open the reader on ``source`` (the library when None); return the exit status."""
    from tui.prefetch import take

    # Usually started already by the command line, before Textual was imported.
    job = take(source) if source is not None else None
    app = BylineApp(source, theme_name=theme, data_dir=data_dir, prefetched=job)
    early_signals.app_built()
    try:
        app.run()
    finally:
        if early_signals.is_held():
            early_signals.note_from_now()
        if job is not None:
            job.cancel()
        say_lost(app.library_service)
    if app.ended_by_signal or early_signals.noted() is not None:
        # Ended as q ends it: a terminal that went away may also have made Textual fail its last writes.
        return 0
    return app.return_code or 0
