"""Faults a user found driving the reader in a terminal: each test fails without its fix."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from reader_support import seed_article, wait_for
from rich.cells import cell_len
from screens_host import Host, filled_library, settle
from screens_host import article as screens_article
from textual.containers import Vertical
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static

from news.model import Article, Block
from storage import Library
from tui.app import BylineApp
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.help import HelpScreen
from tui.screens.keys import KeysScreen
from tui.screens.library import LibraryScreen
from tui.screens.prompt import PromptScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.key_bar import KeyBar
from tui.widgets.outline import Outline
from tui.widgets.search_bar import SearchBar
from tui.widgets.status_line import StatusLine

CJK_TITLE = "엘제이-류화영 진흙탕 싸움, 공적인 사안으로 봐야하는 이유"


def make_app(article: Article | None = None) -> BylineApp:
    return BylineApp(article=article or seed_article(), use_library=False, load_user_files=False)


async def until(pilot: Pilot[Any], predicate: Callable[[], object]) -> None:
    await wait_for(pilot, predicate)


async def press(pilot: Pilot[Any], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


def cjk_article() -> Article:
    blocks = [Block("paragraph", "그래서 처음 이러한 사진 공개에 대한 대중들의 반응은 이어졌다. " * 40)]
    return Article(source="ko.html", title=CJK_TITLE, blocks=blocks)


async def test_status_line_fits_a_wide_character_title_and_keeps_the_percent() -> None:
    for size in ((80, 24), (200, 50)):
        app = make_app(cjk_article())
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            status = app.screen.query_one(StatusLine)
            strip = status.render_line(0)
            assert strip.cell_length == size[0] - 2  # padding 0 1
            assert strip.text.rstrip().endswith("%"), strip.text
            if size[0] < cell_len(CJK_TITLE) + 10:
                assert "…" in strip.text
            else:
                assert CJK_TITLE in strip.text


async def test_help_on_a_narrow_terminal_keeps_one_line_per_key() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        help_text = app.screen.query_one("#help-text", Static)
        lines = help_text.render_lines(Region(0, 0, help_text.size.width, help_text.size.height))
        plain = [strip.text.rstrip() for strip in lines]
        # Each key's row stands on its own line: nothing wraps to a line of its own.
        assert any(line.startswith("  ]") and "Next section" in line for line in plain)
        assert not any(line.strip() == "reader.next_section" for line in plain)
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert "reader.next_section" in str(help_text.render())


async def test_q_after_jumping_from_the_bookmarks_comes_back_to_them(tmp_path: Path) -> None:
    app = BylineApp(article=seed_article(), data_dir=str(tmp_path), load_user_files=False)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await until(pilot, lambda: reader.entry_id is not None)
        await press(pilot, "right_square_bracket", "right_square_bracket", "right_square_bracket", "b")
        await until(pilot, lambda: len(Library(tmp_path).bookmarks()) == 1)
        block = Library(tmp_path).bookmarks()[0].block
        await press(pilot, "g", "B")
        bookmarks = app.screen
        await until(pilot, lambda: isinstance(app.screen, BookmarksScreen))
        await until(pilot, lambda: app.screen.query_one(OptionList).highlighted is not None)
        await press(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen is not reader)
        jumped = app.screen
        await until(pilot, lambda: bool(jumped.query(ArticleView)))
        await until(pilot, lambda: jumped.query_one(ArticleView).top_block == block)
        # The reader was the first screen: q must go back to the bookmarks, not quit.
        await press(pilot, "q")
        await until(pilot, lambda: app.screen is bookmarks)
        await press(pilot, "q")
        await until(pilot, lambda: app.screen is reader)
        assert app.is_running


@pytest.mark.skipif(sys.platform != "linux", reason="browsers found without PATH elsewhere")
async def test_o_without_a_browser_says_so_and_shows_the_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No browser anywhere: an empty PATH and no BROWSER, with webbrowser's registry rebuilt.
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("BROWSER", raising=False)
    monkeypatch.setattr(webbrowser, "_tryorder", None)
    monkeypatch.setattr(webbrowser, "_browsers", {})
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press(pilot, "o")
        messages = [notification.message for notification in app._notifications]
        url = seed_article().url
        assert url is not None
        assert any("No web browser found" in m and url in m for m in messages), messages


@pytest.mark.skipif(sys.platform != "linux", reason="BROWSER is honoured this way on Linux")
async def test_o_with_a_browser_opens_the_link_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A harmless "browser" that writes down what it was asked to open.
    opened = tmp_path / "opened"
    browser = tmp_path / "browser"
    browser.write_text(f'#!/bin/sh\necho "$1" > {opened}\n', encoding="utf-8")
    browser.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(browser))
    monkeypatch.setattr(webbrowser, "_tryorder", None)
    monkeypatch.setattr(webbrowser, "_browsers", {})
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press(pilot, "o")
        await until(pilot, opened.exists)
        assert opened.read_text(encoding="utf-8").strip() == seed_article().url
        messages = [notification.message for notification in app._notifications]
        assert "Opening the article in your browser" in messages


async def test_next_section_in_an_article_without_sections_says_there_are_none() -> None:
    app = make_app(cjk_article())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press(pilot, "right_square_bracket")
        messages = [notification.message for notification in app._notifications]
        assert messages == ["This article has no sections"]


async def test_escape_after_tabbing_out_of_the_search_closes_the_bar() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(SearchBar)
        view = app.screen.query_one(ArticleView)
        await press(pilot, "slash", *"japan", "tab", "tab")
        assert app.focused is view and bar.is_open and view.matches
        await press(pilot, "escape")
        assert not bar.is_open and view.matches == [] and app.focused is view
        assert app.screen.query_one(StatusLine).search == ""


async def test_a_prompt_hint_longer_than_the_box_wraps_instead_of_being_cut() -> None:
    hint = "http(s) URL, or a path to an .html, .htm, .txt or .md file · escape to cancel"
    app = Host(PromptScreen("Open a URL or a file", hint=hint))  # type: ignore[arg-type]  # any screen will do
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, PromptScreen))
        await pilot.pause()
        label = app.screen.query_one(".prompt-hint", Label)
        box = app.screen.query_one(Vertical)
        # The whole hint is inside the box (wrapped), not running past its edge where it is clipped.
        assert box.content_region.contains_region(label.region), (label.region, box.content_region)
        lines = [strip.text.strip() for strip in label.render_lines(Region(0, 0, *label.size))]
        assert " ".join(line for line in lines if line) == hint


async def test_the_library_footer_shows_every_key_on_an_80_column_terminal(tmp_path: Path) -> None:
    app = Host(LibraryScreen(filled_library(tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        shown = bar.render().plain
        for label in ("/ Filter", "r Read/unread", "B Bookmarks", "o Open URL", "? Keys", "q Quit"):
            assert label in shown, shown
        assert bar.compact
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        assert not bar.compact


LONG_TITLE = "Impeachment hearings: key moments from the testimony of two witnesses who listened to the call"
LONG_QUOTE = "It is not only among politicians, but also among the general public as well as business leaders"


def visible_lines(screen: Screen[Any]) -> list[str]:
    rows = screen.query_one(getattr(screen, "LIST", "OptionList"))
    return [strip.text.rstrip() for strip in rows.render_lines(Region(0, 0, *rows.size))]


async def test_long_library_titles_and_bookmarks_wrap_under_their_text(tmp_path: Path) -> None:
    library = Library(tmp_path / "data")
    entry = library.save_article(screens_article(LONG_TITLE, "https://example.org/long"))
    library.add_bookmark(
        entry.id, text=LONG_QUOTE, kind="quote", speaker="Shigeru Ishiba", section="Deep Look", block=0
    )
    for screen in (LibraryScreen(library), BookmarksScreen(library)):
        app = Host(screen)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            lines = [line for line in visible_lines(app.screen) if line.strip()]
            text = LONG_TITLE[:20] if isinstance(screen, LibraryScreen) else f"“{LONG_QUOTE[:20]}"
            first = next(i for i, line in enumerate(lines) if text in line)
            start = lines[first].index(text)
            # The wrapped rest of the title or quote starts in the same column as its first line's text.
            following = lines[first + 1]
            assert len(following) - len(following.lstrip()) == start, lines


async def test_list_keys_on_a_narrow_terminal_keep_one_line_per_key(tmp_path: Path) -> None:
    app = Host(LibraryScreen(filled_library(tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        await until(pilot, lambda: isinstance(app.screen, KeysScreen))
        keys_text = app.screen.query_one("#keys-text", Static)
        lines = [strip.text.strip() for strip in keys_text.render_lines(Region(0, 0, *keys_text.size))]
        assert "r                   Read/unread" in lines
        assert not any(line.startswith("library.") for line in lines), lines
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert "library.toggle_read" in str(keys_text.render())


def test_data_dir_before_a_command_runs_the_command(tmp_path: Path) -> None:
    library = Library(tmp_path)
    library.save_article(seed_article())
    code = "import sys; from byline.cli import main; sys.exit(main(sys.argv[1:]))"
    for command in (["list", "--format", "json"], ["bookmarks", "--format", "json"]):
        result = subprocess.run(
            [sys.executable, "-c", code, "--data-dir", str(tmp_path), *command],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
        assert result.returncode == 0, result.stderr
        listed = json.loads(result.stdout)
        assert len(listed) == (1 if command[0] == "list" else 0)
    result = subprocess.run(
        [sys.executable, "-c", code, f"--data-dir={tmp_path}", "list"],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0 and seed_article().title in result.stdout


async def test_bookmarking_the_same_words_twice_keeps_one(tmp_path: Path) -> None:
    app = BylineApp(article=seed_article(), data_dir=str(tmp_path), load_user_files=False)
    async with app.run_test(size=(100, 30)) as pilot:
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await until(pilot, lambda: reader.entry_id is not None)
        await press(pilot, "right_curly_bracket", "b")
        await until(pilot, lambda: len(Library(tmp_path).bookmarks()) == 1)
        await press(pilot, "b")
        # The second b offers to remove the bookmark rather than keep the same words twice.
        await until(pilot, lambda: any("is bookmarked" in n.message for n in app._notifications))
        await press(pilot, "escape", "b")  # the passage at the top is other words: kept
        await until(pilot, lambda: len(Library(tmp_path).bookmarks()) == 2)
        await app.workers.wait_for_complete()
    assert [b.kind for b in Library(tmp_path).bookmarks()] == ["quote", "passage"]


def test_bookmarks_text_quotes_only_what_was_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from byline.cli import main

    library = Library(tmp_path)
    entry = library.save_article(seed_article())
    library.add_bookmark(
        entry.id, text="The visit went well.", kind="passage", speaker=None, section=None, block=0
    )
    library.add_bookmark(entry.id, text="We will win", kind="quote", speaker="Ms Doe", section=None, block=1)
    assert main(["bookmarks", "--data-dir", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "The visit went well." in lines
    assert "“We will win” — Ms Doe" in lines


async def test_status_line_keeps_the_percent_with_a_wide_character_speaker() -> None:
    app = make_app(cjk_article())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        status = app.screen.query_one(StatusLine)
        status.search = "quote 1/3 — 정덕현 칼럼니스트\x1b[2J"
        await pilot.pause()
        strip = status.render_line(0)
        assert strip.cell_length == 78
        assert re.search(r"quote 1/3 — 정덕현 칼럼니스트 ?\[2J  \d+%$", strip.text.rstrip()), strip.text


async def test_outline_labels_too_wide_for_the_pane_end_in_an_ellipsis() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        outline = app.screen.query_one(Outline)
        await until(pilot, lambda: outline.root.children)
        await pilot.pause()
        width = outline.scrollable_content_region.width
        lines = [outline.render_line(y).text for y in range(outline.last_line + 1)]
        assert lines[0].rstrip().endswith("…") and lines[0].startswith("▼ Trump Tells Ishiba")
        long_lines = [line for line in lines if len(line.rstrip()) >= width]
        assert long_lines and all(line.rstrip().endswith("…") for line in long_lines), lines
