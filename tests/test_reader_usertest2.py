"""A second round of reader faults from a user test: each test fails without its fix."""

from __future__ import annotations

from typing import Any

from reader_support import seed_article, wait_for
from textual.pilot import Pilot

from news.model import Article
from tui.app import BylineApp
from tui.widgets.article_view import ArticleView
from tui.widgets.key_bar import KeyBar
from tui.widgets.outline import Outline
from tui.widgets.search_bar import SearchBar
from tui.widgets.status_line import StatusLine


def make_app(article: Article | None = None) -> BylineApp:
    return BylineApp(article=article or seed_article(), use_library=False, load_user_files=False)


async def press(pilot: Pilot[Any], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


def parts(app: BylineApp) -> tuple[ArticleView, StatusLine, SearchBar]:
    screen = app.screen
    return screen.query_one(ArticleView), screen.query_one(StatusLine), screen.query_one(SearchBar)


# -- a search that finds nothing moves nothing ----------------------------------------------------


async def test_a_search_with_no_matches_keeps_the_reading_position() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view, status, bar = parts(app)
        await press(pilot, "G")
        end = view.top_line
        assert end > 0 and status.percent == 1.0
        # Typed one key at a time, "z" alone matches words near the top: the view went there and stayed.
        await press(pilot, "slash", *"zzzqq")
        assert status.search == "no matches" and view.top_line == end
        await press(pilot, "enter")
        assert not bar.is_open and view.top_line == end and status.percent == 1.0


async def test_escape_returns_to_where_reading_was_before_the_search() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view, status, bar = parts(app)
        await press(pilot, "G")
        end = view.top_line
        await press(pilot, "slash", *"deficit")
        assert view.matches and view.top_line != end  # the first match after the end is back at the top
        await press(pilot, "escape")
        assert not bar.is_open and view.top_line == end and status.search == ""


async def test_the_no_matches_tag_goes_with_the_search() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view, status, _bar = parts(app)
        await press(pilot, "slash", *"zzzqq", "enter")
        assert status.search == ""
        assert "No matches" in [notification.message for notification in app._notifications]
        # n on a query that finds nothing says so in a toast, and leaves no tag behind for ] to carry.
        await press(pilot, "n", "right_square_bracket")
        assert status.search == "" and view.top_line > 0
        await press(pilot, "slash", *"zzzqq")
        assert status.search == "no matches"
        await press(pilot, "escape")
        assert status.search == ""


async def test_a_search_that_finds_words_still_goes_to_the_first_after_the_reading_position() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view, status, _bar = parts(app)
        await press(pilot, "right_square_bracket", "right_square_bracket")
        top = view.top_line
        await press(pilot, "slash", *"the")
        await wait_for(pilot, lambda: view.match_index is not None)
        line = view._match_line(view.match_index or 0)
        assert line >= top and status.search.startswith("match ")
        await press(pilot, "enter")
        assert status.search.startswith("match ")


# -- the footer drops its keys by need, not from the right ----------------------------------------


def footer_text(app: BylineApp) -> str:
    return app.screen.query_one(KeyBar).render().plain


async def test_at_60_columns_the_footer_keeps_search_and_outline_over_quotes_and_takeaways() -> None:
    app = make_app()
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        text = footer_text(app)
        for kept in ("] Section", "/ Search", "O Outline", "? Help", "q Quit"):
            assert kept in text, text
        assert "t Takeaways" not in text and len(text.rstrip()) <= 60, text
        # The keys keep their order: the narrow line is the wide one with some left out.
        labels = ("] Section", "b Bookmark", "/ Search", "O Outline", "? Help")
        wide = [label for label in labels if label in text]
        assert sorted(wide, key=text.index) == wide, text
    async with make_app().run_test(size=(200, 24)) as pilot:
        await pilot.pause()
        assert "} Quote" in footer_text(pilot.app) and "t Takeaways" in footer_text(pilot.app)


async def test_at_60_columns_the_focused_outline_keeps_its_own_keys_and_help() -> None:
    app = make_app()
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "O")
        await wait_for(pilot, lambda: bool(app.screen.query(Outline)))
        app.screen.query_one(Outline).focus()
        await pilot.pause()
        text = footer_text(app)
        for kept in ("⏎ Go to", "tab To the text", "? Help", "q Quit"):
            assert kept in text, text
        assert len(text.rstrip()) <= 60, text


# -- O shows the outline to be used: it has the focus -----------------------------------------------


async def test_O_gives_the_outline_the_focus_so_down_and_enter_jump() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        await wait_for(pilot, lambda: bool(app.screen.query(Outline)))
        outline = app.screen.query_one(Outline)
        assert not outline.display and app.focused is view
        await press(pilot, "O")
        assert outline.display and app.focused is outline
        text = footer_text(app)
        assert "⏎ Go to" in text and "tab To the text" in text, text
        await press(pilot, "down")
        for _ in range(20):  # past the headline and the takeaways, to the first section
            node = outline.cursor_node
            if node is not None and node.data is not None and node.data.kind == "section":
                break
            await press(pilot, "down")
        assert node is not None and node.data is not None and node.data.kind == "section", node
        target = view.line_for_block(node.data.index)
        assert target is not None and target > 0
        await press(pilot, "enter")
        assert view.top_line == target
        await press(pilot, "O")
        assert not outline.display and app.focused is view
