"""Handing the article to the world outside the reader: the clipboard, a web browser, the user's editor."""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING, Any

from textual.app import SuspendNotSupported

from tui.oneline import first_line

if TYPE_CHECKING:
    from textual.screen import Screen

    from news.model import Article


def copy_link(screen: Screen[Any], article: Article) -> None:
    """Put the article's URL on the clipboard, or say that it has none."""
    if not article.url:
        screen.notify("This article has no link", severity="warning", timeout=2, markup=False)
        return
    copy_url(screen, article.url)


def copy_quote(screen: Screen[Any], article: Article, index: int | None) -> None:
    """Put quote ``index`` (in quote marks, with its speaker) on the clipboard; None: say how to pick one."""
    if index is None:
        screen.notify("No quote highlighted: } picks one", severity="warning", timeout=2, markup=False)
        return
    quote = article.quotes[index]
    text = f"“{quote.text}”" + (f" — {quote.speaker}" if quote.speaker else "")
    screen.app.copy_to_clipboard(text)
    screen.notify("Quote copied", timeout=2, markup=False)


TERMINAL_BROWSERS = frozenset(
    {"w3m", "lynx", "links", "links2", "elinks", "www-browser", "browsh", "carbonyl"}
)
"""Browsers that draw in the terminal: they get the terminal to themselves, the app suspended."""


def open_in_browser(screen: Screen[Any], article: Article) -> None:
    """Open the article's URL in the user's web browser, or say why it cannot be."""
    url = article.url
    if not url:
        screen.notify("This article has no link to open", severity="warning", timeout=2, markup=False)
        return
    open_url(screen, url, "the article")


def copy_url(screen: Screen[Any], url: str) -> None:
    """Put ``url`` (a link of the article) on the clipboard and say so."""
    screen.app.copy_to_clipboard(url)
    screen.notify(f"Copied {url}", timeout=2, markup=False)


def open_url(screen: Screen[Any], url: str, what: str = "the link") -> None:
    """Open ``url`` in the user's web browser (``what`` names it in the message), or say why it cannot be."""
    app = screen.app
    if app.is_web:
        app.open_url(url)
        screen.notify(f"Opening {what} in your browser", timeout=2, markup=False)
        return
    import webbrowser

    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        # Say so, and where the link can be had.
        screen.notify(
            f"No web browser found (y copies the link): {url}", severity="warning", timeout=6, markup=False
        )
        return
    if _draws_in_the_terminal(browser):
        # It waits for the browser to close and draws where the app does: hand the terminal over.
        try:
            with app.suspend():
                browser.open(url)
        except SuspendNotSupported:
            screen.notify(
                f"This terminal cannot hand over to a browser (y copies the link): {url}",
                severity="error",
                markup=False,
            )
        return

    def start() -> None:
        # A graphical browser may take seconds to start (or wait until it is closed): not on the UI loop.
        try:
            opened = browser.open(url)
            problem = "" if opened is not False else "it did not start"
        except Exception as error:  # whatever the browser's launcher raises, said in one line
            problem = first_line(error)
        if problem:
            with contextlib.suppress(RuntimeError):  # the app has ended: nothing left to say it on
                app.call_from_thread(
                    screen.notify,
                    f"Could not open the browser (y copies the link): {problem}",
                    severity="warning",
                    markup=False,
                )

    app.run_worker(start, name="open browser", group="browser", thread=True)
    screen.notify(f"Opening {what} in your browser", timeout=2, markup=False)


def _draws_in_the_terminal(browser: Any) -> bool:
    """True when ``browser`` is a console program that runs in this terminal until it exits."""
    import shlex
    import webbrowser

    # Subclasses (BackgroundBrowser, the graphical browsers) start a window and return at once.
    if type(browser) is not webbrowser.GenericBrowser:
        return False
    try:
        command = shlex.split(str(browser.name))
    except ValueError:
        command = [str(browser.name)]
    program = os.path.basename(command[0]) if command else ""
    # Python registers plain GenericBrowsers for exactly these console programs; any other is a
    # $BROWSER command of the user's, which is taken to open a window.
    return program in TERMINAL_BROWSERS


def open_in_editor(screen: Screen[Any], article: Article) -> None:
    """Show the article as Markdown in $VISUAL / $EDITOR (vi by default), the app suspended meanwhile."""
    import shlex
    import subprocess
    import tempfile

    from news import render

    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.NamedTemporaryFile(
        "w", suffix=".md", prefix="byline-", delete=False, encoding="utf-8"
    ) as f:
        f.write(render(article, "markdown"))
        path = f.name
    try:
        with screen.app.suspend():
            subprocess.run([*shlex.split(command), path], check=False)
    except SuspendNotSupported:
        screen.notify("This terminal cannot hand over to an editor", severity="error", markup=False)
    except (OSError, ValueError) as error:
        screen.notify(f"Could not run {command}: {error}", severity="error", markup=False)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
