"""Handing the article to the world outside the reader: the clipboard, a web browser, the user's editor."""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING, Any

from textual.app import SuspendNotSupported

if TYPE_CHECKING:
    from textual.screen import Screen

    from news.model import Article


def copy_link(screen: Screen[Any], article: Article) -> None:
    """Put the article's URL on the clipboard, or say that it has none."""
    if not article.url:
        screen.notify("This article has no link", severity="warning", timeout=2, markup=False)
        return
    screen.app.copy_to_clipboard(article.url)
    screen.notify(f"Copied {article.url}", timeout=2, markup=False)


def copy_quote(screen: Screen[Any], article: Article, index: int | None) -> None:
    """Put quote ``index`` (in quote marks, with its speaker) on the clipboard; None: say how to pick one."""
    if index is None:
        screen.notify("No quote highlighted: } picks one", severity="warning", timeout=2, markup=False)
        return
    quote = article.quotes[index]
    text = f"“{quote.text}”" + (f" — {quote.speaker}" if quote.speaker else "")
    screen.app.copy_to_clipboard(text)
    screen.notify("Quote copied", timeout=2, markup=False)


def open_in_browser(screen: Screen[Any], article: Article) -> None:
    """Open the article's URL in the user's web browser, or say why it cannot be."""
    if not article.url:
        screen.notify("This article has no link to open", severity="warning", timeout=2, markup=False)
        return
    app = screen.app
    app.open_url(article.url)
    if not app.is_web:
        import webbrowser

        try:
            webbrowser.get()
        except webbrowser.Error:
            # Textual fails silently: say so, and where the link can be had.
            screen.notify(
                f"No web browser found (y copies the link): {article.url}",
                severity="warning",
                timeout=6,
                markup=False,
            )
            return
    screen.notify("Opening the article in your browser", timeout=2, markup=False)


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
