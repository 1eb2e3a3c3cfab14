"""What the reader shows while it has no article: the loading view, or the error view if the source failed."""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.widgets import Static

from news.sanitize import safe_text

LOADING_DELAY = 0.4
"""Seconds before the loading view shows: most sources are read sooner, and then nothing flashes."""


class LoadingView(Vertical):
    """What shows while the article is fetched and cleaned: the source and a moving bar."""

    DEFAULT_CSS = """
    LoadingView {
        align: center middle;
        background: $background;
        & > Static { width: 100%; text-align: center; color: $foreground-muted; }
        & > .title { color: $text-primary; text-style: bold; margin-bottom: 1; }
        & > Center { height: auto; margin: 1 0; }
    }
    """

    def __init__(self, what: str, *, quits: bool = True) -> None:
        """Args:
        what: the source being read, as the user gave it.
        quits: True when q quits (the first screen) rather than going back.
        """
        super().__init__(id="loading")
        self.what = what
        self.started = time.monotonic()
        self.leave = "q to quit" if quits else "q to go back"

    def compose(self) -> ComposeResult:
        # Imported here: most sources are read before this view is ever built.
        from textual.widgets import ProgressBar

        yield Static(Text("Opening"), classes="title")
        yield Static(Text(" ".join(safe_text(self.what).split())))
        with Center():
            yield ProgressBar(total=None, show_eta=False, show_percentage=False)
        yield Static(Text(f"fetching and cleaning…   {self.leave}"), id="loading-step")

    def on_mount(self) -> None:
        # Shown only when the source is slow: a quick load should not flash (or animate) anything.
        self.display = False
        self.set_timer(LOADING_DELAY, self._reveal)

    def _reveal(self) -> None:
        self.display = True
        self.set_interval(0.5, self._tick)

    def _tick(self) -> None:
        seconds = time.monotonic() - self.started
        if seconds >= 1:
            step = self.query_one("#loading-step", Static)
            step.update(Text(f"fetching and cleaning… {seconds:.0f} s   {self.leave}"))


class ErrorView(Vertical):
    """A source that failed: the one-line reason and what can be done (the keys say what they do here)."""

    DEFAULT_CSS = """
    ErrorView {
        align: center middle;
        background: $background;
        & > Static { width: 100%; text-align: center; padding: 0 2; }
        & > .title { color: $text-error; text-style: bold; margin-bottom: 1; }
        & > .hint { color: $foreground-muted; margin-top: 1; }
    }
    """

    def __init__(self, message: str, *, can_retry: bool = True, quits: bool = False) -> None:
        """Args:
        message: the one-line reason.
        can_retry: False when reading again cannot help (standard input is read once).
        quits: True when q quits (the first screen) rather than going back.
        """
        super().__init__(id="error")
        self.message = message
        self.can_retry = can_retry
        self.quits = quits

    def compose(self) -> ComposeResult:
        yield Static(Text("Could not open this article"), classes="title")
        yield Static(Text(safe_text(self.message)), id="error-message")
        leave = "q  quit" if self.quits else "q  back"
        if self.can_retry:
            hint = f"r  try again     {leave}"
        else:
            hint = f"standard input is read only once: pipe it in again to retry     {leave}"
        yield Static(Text(hint), classes="hint", id="error-hint")
