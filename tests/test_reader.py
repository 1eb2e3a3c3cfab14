"""The reader driven by its keys (Pilot): sections, quotes, takeaways, search, outline, help, hostile text."""

from __future__ import annotations

import contextlib
import threading
import webbrowser
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from reader_support import HOSTILE, hostile_article, long_article, seed_article, wait_for
from textual.pilot import Pilot

from news.model import Article
from tui.app import BylineApp
from tui.screens.help import HelpScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.outline import Outline
from tui.widgets.search_bar import SearchBar
from tui.widgets.status_line import StatusLine


def make_app(article: Article | None = None) -> BylineApp:
    return BylineApp(article=article or seed_article(), use_library=False, load_user_files=False)


def view_of(app: BylineApp) -> ArticleView:
    return app.screen.query_one(ArticleView)


def outline_of(app: BylineApp) -> Outline:
    return app.screen.query_one(Outline)


def status_of(app: BylineApp) -> StatusLine:
    return app.screen.query_one(StatusLine)


def screen_text(view: ArticleView) -> list[str]:
    """The article pane's visible lines as plain text."""
    return [view.render_line(y).text for y in range(view.scrollable_content_region.height)]


async def press(pilot: Pilot[Any], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def test_opens_with_headline_metadata_and_focus_on_text() -> None:
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        view = view_of(app)
        assert app.focused is view
        lines = screen_text(view)
        assert lines[0].strip() == "Trump Tells Ishiba He Aims to Slash U.S.-Japan Trade Deficit"
        assert "Newslooks · J. Mansour · 7 Feb 2025 · " in lines[2]
        assert lines[2].rstrip().endswith("min read")
        # Centred: the 80-column text starts after a left margin on a wide pane.
        assert view.text_layout.margin > 20 and view.text_layout.text_width == 80


async def test_next_and_previous_section_put_the_heading_at_the_top() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = view_of(app)
        article = view.article
        headings = [i for i, block in enumerate(article.blocks) if block.kind == "heading"]
        await press(pilot, "]")
        assert view.top_line == view.line_for_block(headings[0])
        assert screen_text(view)[0].strip() == article.blocks[headings[0]].text
        await press(pilot, "]", "]")
        assert screen_text(view)[0].strip() == article.blocks[headings[2]].text
        assert status_of(app).section == article.blocks[headings[2]].text
        await press(pilot, "[")
        assert screen_text(view)[0].strip() == article.blocks[headings[1]].text
        for _ in headings:
            await press(pilot, "]")
        # The last heading reaches the top too, even though little text follows it.
        assert screen_text(view)[0].strip() == article.blocks[headings[-1]].text


async def test_next_quote_highlights_and_scrolls_into_view() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = view_of(app)
        quotes = view.article.quotes
        await press(pilot, "}")
        assert view.quote_index == 0
        await press(pilot, "}", "}", "}", "}", "}")
        assert view.quote_index == 5
        visible = " ".join(screen_text(view))
        # The highlighted quote's opening words are on screen.
        assert " ".join(quotes[5].text.split()[:3]) in visible
        assert "quote 6/" in status_of(app).search
        await press(pilot, "{")
        assert view.quote_index == 4
        await press(pilot, "escape")
        assert view.quote_index is None


async def test_top_end_and_takeaways_keys() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = view_of(app)
        await press(pilot, "G")
        assert view.top_line > 0
        assert status_of(app).percent == 1.0
        last_text = view.article.blocks[-1].text.split()[-1]
        assert any(last_text in line for line in screen_text(view))
        await press(pilot, "g")
        assert view.top_line == 0
        await press(pilot, "t")
        assert view.top_line == view.text_layout.takeaways_line
        assert "Key Takeaways" in screen_text(view)[0]


async def test_search_highlights_and_moves_between_matches() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = view_of(app)
        await press(pilot, "slash")
        bar = app.screen.query_one(SearchBar)
        assert bar.is_open and app.focused is bar.input
        await pilot.press(*"nippon")
        await pilot.pause()
        count = len(view.matches)
        assert count >= 3
        assert status_of(app).search == f"match 1/{count}"
        await press(pilot, "enter")
        assert not bar.is_open and app.focused is view
        await press(pilot, "n")
        assert view.match_index == 1 and status_of(app).search == f"match 2/{count}"
        line = view._match_line(1)
        assert view.top_line <= line < view.top_line + view.scrollable_content_region.height
        await press(pilot, "N", "N")
        assert view.match_index == count - 1
        # Matches are highlighted: the current one in its own style.
        strip = view.render_line(line - view.top_line)
        current = view.get_component_rich_style("article-view--match", partial=True)
        assert any(segment.style and segment.style.bgcolor == current.bgcolor for segment in strip)
        await press(pilot, "slash", "escape")
        assert view.matches == [] and not bar.is_open and status_of(app).search == ""


async def test_help_lists_every_reader_key_and_closes() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        for binding in ReaderScreen.BINDINGS:
            assert binding.id in text  # type: ignore[union-attr]
        for key in ("]", "[", "}", "{", "/", "?", "B", "G"):
            assert f"  {key} " in text
        await press(pilot, "escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_q_on_the_first_screen_quits() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running)
        assert app.return_code == 0


async def test_outline_hidden_when_narrow_toggles_with_O() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not outline_of(app).display
        await press(pilot, "O")
        assert outline_of(app).display
        await press(pilot, "O")
        assert not outline_of(app).display
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        assert outline_of(app).display


async def test_outline_tree_has_headline_takeaways_sections_and_quotes() -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        outline = outline_of(app)
        article = view_of(app).article
        assert outline.root.label.plain == article.title
        labels = [child.label.plain for child in outline.root.children]
        assert labels[0] == "Key takeaways"
        assert len(outline.root.children[0].children) == len(article.takeaways)
        # Nested sections keep their nesting; every section and quote has a node.
        assert set(outline.section_nodes) == {s.block for s in _all_sections(article.sections)}
        assert set(outline.quote_nodes) == set(range(len(article.quotes)))
        key_topics = next(s for s in _all_sections(article.sections) if s.title.startswith("Key Topics"))
        node = outline.section_nodes[key_topics.block]
        assert [
            child.label.plain for child in node.children if child.data and child.data.kind == "section"
        ] == [c.title for c in key_topics.children]


def _all_sections(sections: list[Any]) -> list[Any]:
    found = []
    for section in sections:
        found.append(section)
        found.extend(_all_sections(section.children))
    return found


async def test_outline_enter_jumps_and_keys_collapse_expand() -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        view, outline = view_of(app), outline_of(app)
        await press(pilot, "tab")
        assert app.focused is outline
        article = view.article
        target = _all_sections(article.sections)[3]
        outline.move_cursor(outline.section_nodes[target.block])
        await press(pilot, "enter")
        assert view.top_line == view.line_for_block(target.block)
        # Collapse the takeaways branch with left on it, open it with right.
        takeaways = outline.takeaways_node
        assert takeaways is not None and takeaways.is_expanded
        outline.move_cursor(takeaways)
        await press(pilot, "left")
        assert not takeaways.is_expanded
        await press(pilot, "right")
        assert takeaways.is_expanded
        await press(pilot, "space")
        assert not takeaways.is_expanded
        await press(pilot, "Z")
        assert all(node.is_expanded for node in outline.section_nodes.values() if node.children)
        await press(pilot, "z")
        assert not any(child.is_expanded for child in outline.root.children)
        assert outline.root.is_expanded


async def test_outline_click_jumps_to_a_quote() -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        view, outline = view_of(app), outline_of(app)
        node = outline.quote_nodes[0]
        outline.last_line  # noqa: B018 - lays the tree out
        await pilot.click(Outline, offset=(8, node.line - int(outline.scroll_y)))
        await pilot.pause()
        await pilot.click(Outline, offset=(8, node.line - int(outline.scroll_y)))
        await pilot.pause()
        assert view.quote_index == 0


async def test_outline_follows_the_reading_position() -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        view, outline = view_of(app), outline_of(app)
        assert outline.current is outline.root
        await press(pilot, "]", "]", "]")
        section = view.section
        assert section is not None
        assert outline.current is outline.section_nodes[section]
        assert outline.cursor_node is outline.current
        # Plain scrolling (not a section key) also moves the marker once a heading passes the top.
        await press(pilot, "g")
        assert outline.current is outline.root
        first = view.text_layout.heading_lines[0]
        while view.top_line < first + 3:
            await press(pilot, "j")
        # The first heading is the page's "Key Takeaways": the outline marks its branch.
        assert view.section == view.article.takeaways_block - 1
        assert outline.current is outline.takeaways_node
        assert status_of(app).section == view.article.blocks[view.section].text


async def test_hostile_text_is_shown_verbatim_and_does_nothing() -> None:
    app = make_app(hostile_article())
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        view, outline = view_of(app), outline_of(app)
        text = "\n".join(screen_text(view))
        assert f"Title {HOSTILE}" in text
        assert f"Lead {HOSTILE} end." in text
        assert f"Item {HOSTILE}" in text
        assert f"Site {HOSTILE}" in text
        assert outline.root.label.plain == f"Title {HOSTILE}"
        assert outline.section_nodes[1].label.plain == f"Section {HOSTILE}"
        await press(pilot, "right_curly_bracket")
        assert view.quote_index == 0
        assert app.screen.title == f"Title {HOSTILE}"
        # Clicking where the [@click=app.quit] text is must not quit the app.
        y = next(i for i, line in enumerate(screen_text(view)) if "@click" in line)
        x = screen_text(view)[y].index("@click") + outline.size.width + 1
        await pilot.click(offset=(x, y))
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, ReaderScreen)


async def test_copy_link_and_copy_quote() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = view_of(app)
        await press(pilot, "y")
        assert app.clipboard == view.article.url
        await press(pilot, "Y")
        assert app.clipboard == view.article.url  # nothing highlighted: nothing copied
        await press(pilot, "right_curly_bracket", "Y")
        quote = view.article.quotes[0]
        assert app.clipboard.startswith(f"“{quote.text}”")


class RecordingBrowser(webbrowser.BaseBrowser):
    """A graphical browser as webbrowser sees one: it records what it was asked to open, and where."""

    def __init__(self) -> None:
        super().__init__("recording")
        self.opened: list[str] = []
        self.threads: list[str] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        self.threads.append(threading.current_thread().name)
        return True


async def test_open_in_browser_uses_the_article_url(monkeypatch: pytest.MonkeyPatch) -> None:
    browser = RecordingBrowser()
    monkeypatch.setattr(webbrowser, "get", lambda using=None: browser)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await press(pilot, "o")
        await wait_for(pilot, lambda: browser.opened)
        assert browser.opened == [view_of(app).article.url]
        # Off the UI loop: a browser that takes long to start must not freeze the reader.
        assert browser.threads != [threading.main_thread().name]


async def test_a_terminal_browser_gets_the_terminal_with_the_app_suspended(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A console browser (as $BROWSER=w3m gives): webbrowser runs it and waits for it to exit.
    seen = tmp_path / "seen"
    w3m = tmp_path / "w3m"
    w3m.write_text(f'#!/bin/sh\nprintf "%s" "$1" > {seen}\n', encoding="utf-8")
    w3m.chmod(0o755)
    monkeypatch.setattr(webbrowser, "get", lambda using=None: webbrowser.GenericBrowser(str(w3m)))
    app = make_app()
    suspended: list[str] = []

    @contextlib.contextmanager
    def suspend() -> Iterator[None]:
        suspended.append("in")
        yield
        suspended.append("out" if seen.exists() else "out before the browser ran")

    monkeypatch.setattr(app, "suspend", suspend)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await press(pilot, "o")
        await wait_for(pilot, lambda: seen.exists())
        assert seen.read_text(encoding="utf-8") == view_of(app).article.url
        assert suspended == ["in", "out"]
        assert app.is_running


async def test_keymap_rebinds_by_binding_id() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.set_keymap({"reader.next_section": "x"})
        await pilot.pause()
        view = view_of(app)
        await press(pilot, "x")
        assert view.top_line == view.text_layout.heading_lines[0]


async def test_command_palette_lists_reader_actions() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for title in (
            "Next section (its heading to the top)",
            "Previous quote",
            "Bookmark",
            "Search",
            "Help",
            "Next byline theme",
            "Open as Markdown in $EDITOR",
        ):
            assert title in titles
        command = next(c for c in app.get_system_commands(app.screen) if c.title.startswith("Next section"))
        await command.callback()  # type: ignore[misc]
        await pilot.pause()
        assert view_of(app).top_line == view_of(app).text_layout.heading_lines[0]


async def test_theme_key_cycles_themes_and_styles_follow() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.theme == "byline-dark"
        view = view_of(app)
        before = view.render_line(0)
        await press(pilot, "T")
        assert app.theme == "byline-light"
        await pilot.pause()
        after = view.render_line(0)
        assert before.text == after.text
        assert [s.style for s in before] != [s.style for s in after]


async def test_resize_keeps_the_reading_position() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = view_of(app)
        await press(pilot, "]", "]", "]")
        block = view.top_block
        await pilot.resize_terminal(70, 30)
        await pilot.pause()
        await pilot.pause()
        assert view.text_layout.text_width < 80
        assert view.top_block == block


async def test_long_article_pages_through() -> None:
    article = long_article(200)
    app = make_app(article)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = view_of(app)
        for _ in range(5):
            await pilot.press("pagedown")
        await pilot.pause()
        assert view.top_line > 5 * 20
        await press(pilot, "G")
        assert status_of(app).percent == 1.0
        await wait_for(pilot, lambda: status_of(app).section == article.sections[-1].title)
