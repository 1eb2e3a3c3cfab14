"""Faults a new user hits in the reader in the first week of daily use (issue 11): each test fails without
its fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader_support import DATA, seed_article, send_burst, wait_for
from rich.cells import cell_len
from screens_host import Host, filled_library, settle
from textual.app import App
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import OptionList
from textual.widgets._toast import Toast

from news.model import Article, Block, Section
from storage import Library
from tui.app import BylineApp, known_binding_ids
from tui.config import parse_config
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.feeds import FeedsScreen
from tui.screens.library import LibraryScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.article_view import BOOKMARK_BAR, ArticleView
from tui.widgets.key_bar import KeyBar
from tui.widgets.outline import BOOKMARK_MARK, Outline
from tui.widgets.search_bar import SearchBar
from tui.widgets.status_line import StatusLine

SEED = str(DATA / "newslooks-ishiba.html")


def library_app(tmp_path: Path, source: str = SEED, **kwargs: Any) -> BylineApp:
    return BylineApp(source, data_dir=str(tmp_path), load_user_files=False, **kwargs)


def reader_of(app: BylineApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def ready(app: BylineApp) -> bool:
    screen = app.screen
    return isinstance(screen, ReaderScreen) and screen.view is not None and screen.entry_id is not None


def view_of(app: BylineApp) -> ArticleView:
    return app.screen.query_one(ArticleView)


def status_of(app: BylineApp) -> StatusLine:
    return app.screen.query_one(StatusLine)


def record_toasts(app: BylineApp) -> list[str]:
    """The messages of every notification ``app`` raises from now on (none expire from this list)."""
    said: list[str] = []
    notify = app.notify

    def recording(message: str, **kwargs: Any) -> None:
        said.append(message)
        notify(message, **kwargs)

    app.notify = recording  # type: ignore[method-assign]
    return said


async def press(pilot: Pilot[Any], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


# -- 1: a highlight out of view is gone ----------------------------------------------------------


async def test_a_quote_scrolled_out_of_view_is_cleared_and_b_keeps_what_is_in_view(tmp_path: Path) -> None:
    app = library_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        view = view_of(app)
        await press(pilot, "right_curly_bracket")
        assert view.quote_index == 0 and status_of(app).search.startswith("quote 1/")
        await press(pilot, *["right_square_bracket"] * 8)
        assert view.quote_index is None
        assert status_of(app).search == ""
        top = view.passage_block
        await press(pilot, "b")
        await wait_for(pilot, lambda: len(Library(tmp_path).bookmarks()) == 1)
        [kept] = Library(tmp_path).bookmarks()
        assert kept.kind == "passage" and kept.block == top


async def test_a_quote_still_partly_on_screen_stays_highlighted() -> None:
    app = BylineApp(article=seed_article(), use_library=False, load_user_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = view_of(app)
        await press(pilot, "right_curly_bracket")
        index = view.quote_index
        assert index is not None
        # One line down keeps the quote on screen: the highlight and the status line stay.
        await press(pilot, "j")
        assert view.quote_index == index and status_of(app).search.startswith("quote 1/")


# -- 2 and 3: progress is how far the reader has read; the end is kept at once --------------------


async def test_progress_is_zero_at_the_top_and_an_article_opened_and_closed_is_not_read_at_all(
    tmp_path: Path,
) -> None:
    app = library_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        await pilot.pause()
        assert status_of(app).percent == 0.0
        assert status_of(app).render_line(0).text.rstrip().endswith(" 0%")
        await press(pilot, "q")
        await wait_for(pilot, lambda: not app.is_running)
    [entry] = Library(tmp_path).articles()
    assert entry.progress == 0.0 and not entry.read


async def test_reaching_the_end_marks_read_at_once_and_reopening_offers_the_top(tmp_path: Path) -> None:
    app = library_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        # G then q at once: no pause for the progress timer.
        await pilot.press("G", "q")
        await wait_for(pilot, lambda: not app.is_running)
    [entry] = Library(tmp_path).articles()
    assert entry.read and entry.progress == 1.0

    app = library_app(tmp_path)
    said = record_toasts(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        view = view_of(app)
        await wait_for(pilot, lambda: view.percent == 1.0)
        assert any("finished" in toast and "g for the top" in toast for toast in said), said
        await press(pilot, "g")
        assert view.percent == 0.0


# -- 5: toasts stand clear of the status line -----------------------------------------------------


async def test_toasts_do_not_cover_the_status_line_or_the_search_bar() -> None:
    app = BylineApp(article=seed_article(), use_library=False, load_user_files=False)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        status = status_of(app)
        for searching in (False, True):
            if searching:
                await press(pilot, "slash", "x", "y", "z", "q", "enter")  # no match: a toast says so
            else:
                await press(pilot, "right_curly_bracket", "b")  # no library: a toast says so
            await wait_for(pilot, lambda: bool(app.screen.query(Toast)))
            await pilot.pause()
            for toast in app.screen.query(Toast):
                assert not toast.region.overlaps(status.region), (toast.region, status.region)
            app.clear_notifications()
            await pilot.pause()
        # While the bar is open its line is kept clear too.
        await press(pilot, "slash")
        app.notify("a toast while typing", timeout=5)
        await wait_for(pilot, lambda: bool(app.screen.query(Toast)))
        await pilot.pause()
        bar = app.screen.query_one(SearchBar)
        for toast in app.screen.query(Toast):
            assert not toast.region.overlaps(bar.region) and not toast.region.overlaps(status.region)


# -- 12: T toggles byline's own themes ----------------------------------------------------------


async def test_T_steps_through_byline_themes_only_and_the_palette_picker_keeps_the_rest() -> None:
    app = BylineApp(article=seed_article(), use_library=False, load_user_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        seen = [app.theme]
        for _ in range(3):
            await press(pilot, "T")
            seen.append(app.theme)
        assert seen == ["byline-dark", "byline-light", "byline-contrast", "byline-dark"]
        # A theme chosen from the palette's picker is left for byline's own with one press.
        app.theme = "nord"
        await press(pilot, "T")
        assert app.theme == "byline-dark"
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Theme" in titles or "Change theme" in titles, titles
        assert len(app.available_themes) > 10


# -- 13 and 14: the footer at any width, and when the outline has the focus ------------------------


def footer_text(app: App[Any]) -> str:
    return app.screen.query_one(KeyBar).render().plain


async def test_the_footer_keeps_help_and_quit_at_60_columns_on_every_screen(tmp_path: Path) -> None:
    app = BylineApp(article=seed_article(), use_library=False, load_user_files=False)
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        text = footer_text(app)
        assert "? Help" in text and "q Quit" in text and text.startswith("] Section"), text
        assert len(text) <= 60
    library = filled_library(tmp_path)
    for screen in (LibraryScreen(library), BookmarksScreen(library), FeedsScreen(library)):
        host = Host(screen)
        async with host.run_test(size=(60, 24)) as pilot:
            await settle(pilot)
            text = footer_text(host)
            assert "? Keys" in text and ("q Quit" in text or "q Back" in text), (screen, text)
            assert len(text.rstrip()) <= 60


async def test_the_footer_shows_the_outline_keys_while_it_has_the_focus() -> None:
    app = BylineApp(article=seed_article(), use_library=False, load_user_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query(Outline)))
        assert "Go to" not in footer_text(app)
        app.screen.query_one(Outline).focus()
        await pilot.pause()
        text = footer_text(app)
        assert "⏎ Go to" in text and "← Fold" in text and "? Help" in text, text
        assert text.index("Go to") < text.index("Section"), text
        await press(pilot, "tab")
        assert isinstance(app.focused, ArticleView)
        assert "Go to" not in footer_text(app)


async def test_the_command_palette_offers_each_action_once() -> None:
    app = BylineApp(article=seed_article(), use_library=False, load_user_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query(Outline)))
        for focus in (ArticleView, Outline):
            app.screen.query_one(focus).focus()
            await pilot.pause()
            titles = [command.title for command in app.get_system_commands(app.screen)]
            assert len(titles) == len(set(titles)), sorted(t for t in titles if titles.count(t) > 1)
            assert "Down" in titles and "Bookmark" in titles


def test_every_screen_binding_id_is_known_to_the_keymap_check() -> None:
    config = parse_config('[keymap]\n"feeds.refresh" = "f5"\n"bookmarks.note" = "N"\n"feeds.nothing" = "x"\n')
    warnings = config.unknown_bindings(known_binding_ids())
    assert len(warnings) == 1 and "feeds.nothing" in warnings[0], warnings


# -- 10: the first match is never under the search bar --------------------------------------------


def first_word_only_on(view: ArticleView, y: int) -> str:
    """A word of layout line ``y`` that no earlier line holds."""
    layout = view.text_layout
    before = " ".join(
        layout.units[line.unit].text[line.start : line.end].casefold()
        for line in layout.lines[:y]
        if line.unit >= 0
    )
    line = layout.lines[y]
    for word in layout.units[line.unit].text[line.start : line.end].split():
        word = word.strip(".,“”’")
        if len(word) > 3 and word.casefold() not in before:
            return word
    raise AssertionError(f"no word of line {y} is new")


async def test_the_first_match_typed_fast_is_not_under_the_search_bar() -> None:
    app = BylineApp(article=seed_article(), use_library=False, load_user_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = view_of(app)
        height = view.scrollable_content_region.height
        # The last line of the text on screen: the bar, once open, takes that row.
        y = height - 1
        while view.text_layout.lines[y].unit < 0:
            y -= 1
        word = first_word_only_on(view, y)
        send_burst(app, "/" + word)
        await wait_for(pilot, lambda: view.match_index is not None)
        await pilot.pause()
        await pilot.pause()
        match_line = view.text_layout.spans(*view.matches[view.match_index])[0][0]  # type: ignore[index]
        assert view.top_line <= match_line < view.top_line + view.scrollable_content_region.height
        bar = app.screen.query_one(SearchBar)
        assert view.region.y + match_line - view.top_line < bar.region.y


async def test_a_pane_made_shorter_keeps_the_current_match_in_view() -> None:
    app = BylineApp(article=seed_article(), use_library=False, load_user_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = view_of(app)
        await press(pilot, "slash", *"Trump", "enter")

        def match_row() -> int:
            assert view.match_index is not None
            return view.text_layout.spans(*view.matches[view.match_index])[0][0] - view.top_line

        # Find a current match low on the screen (the lowest row a match is put on).
        for _ in range(40):
            if match_row() >= view.scrollable_content_region.height - 2:
                break
            await press(pilot, "n")
        assert match_row() >= view.scrollable_content_region.height - 2
        await pilot.resize_terminal(80, 21)
        await pilot.pause()
        await pilot.pause()
        assert 0 <= match_row() < view.scrollable_content_region.height
        # Opening the bar again (to change the query) takes a row too.
        await press(pilot, "slash")
        await pilot.pause()
        assert 0 <= match_row() < view.scrollable_content_region.height


# -- 6: the outline takes a share of the width, resizable and remembered; twins told apart ----------


def outline_of(app: BylineApp) -> Outline:
    return app.screen.query_one(Outline)


async def test_the_outline_takes_a_share_of_the_width_with_a_floor_and_a_ceiling() -> None:
    widths = {}
    for columns in (100, 120, 200, 300):
        app = BylineApp(article=seed_article(), use_library=False, load_user_files=False)
        async with app.run_test(size=(columns, 40)) as pilot:
            await wait_for(pilot, lambda app=app: bool(app.screen.query(Outline)))  # type: ignore[misc]
            await pilot.pause()
            widths[columns] = outline_of(app).outer_size.width
    assert widths[100] >= 24 and widths[120] == 36, widths
    assert widths[200] >= 55, widths  # titles are not cut beside 40 blank columns
    assert widths[300] <= 72, widths


async def test_lt_and_gt_resize_the_outline_and_it_is_remembered(tmp_path: Path) -> None:
    app = library_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: ready(app) and bool(app.screen.query(Outline)))
        await pilot.pause()
        start = outline_of(app).outer_size.width
        await press(pilot, "greater_than_sign", "greater_than_sign")
        wider = outline_of(app).outer_size.width
        assert wider > start
        await press(pilot, "less_than_sign")
        assert start < outline_of(app).outer_size.width < wider
        remembered = outline_of(app).outer_size.width
        # The text pane gives up what the outline takes.
        assert view_of(app).outer_size.width == 120 - remembered
        await pilot.pause(0.3)
        await press(pilot, "q")
        await wait_for(pilot, lambda: not app.is_running)

    app = library_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: ready(app) and bool(app.screen.query(Outline)))
        await wait_for(pilot, lambda: outline_of(app).outer_size.width == remembered)


def twin_sections() -> Article:
    blocks = [Block("paragraph", "Opening.")]
    sections = []
    for title in (
        "Live updates from the Senate floor on the budget vote: the morning session",
        "Live updates from the Senate floor on the budget vote: the evening session",
    ):
        sections.append(Section(title, 2, len(blocks)))
        blocks += [Block("heading", title, 2), Block("paragraph", "Text of the section.")]
    return Article(source="twins.txt", title="Twins", blocks=blocks, sections=sections)


async def test_sibling_sections_whose_cut_labels_would_read_the_same_are_told_apart() -> None:
    app = BylineApp(article=twin_sections(), use_library=False, load_user_files=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query(Outline)))
        await pilot.pause()
        outline = outline_of(app)
        lines = [strip.text.rstrip(" ▕") for strip in outline.render_lines(Region(0, 0, *outline.size))]
        shown = [line for line in lines if "Live" in line]
        assert len(shown) == 2 and shown[0] != shown[1], shown
        assert "morning" in shown[0] and "evening" in shown[1], shown
        assert all(cell_len(line) <= outline.size.width for line in shown)


# -- 8: bookmarks show in the text and the outline; b on one removes it; a jump marks it -------------


def bar_rows(view: ArticleView) -> list[int]:
    """The screen rows of the text pane that carry the bookmark bar in the margin."""
    rows = []
    for row in range(view.scrollable_content_region.height):
        text = view.render_line(row).text
        if BOOKMARK_BAR in text[: view.text_layout.margin]:
            rows.append(row)
    return rows


def starred(outline: Outline) -> list[str]:
    lines = [strip.text for strip in outline.render_lines(Region(0, 0, *outline.size))]
    return [line for line in lines if BOOKMARK_MARK.strip() in line]


async def test_bookmarked_quotes_and_passages_are_marked_and_b_again_removes_one(tmp_path: Path) -> None:
    app = library_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: ready(app) and bool(app.screen.query(Outline)))
        view, outline = view_of(app), outline_of(app)
        assert not bar_rows(view) and not starred(outline)
        await press(pilot, "right_curly_bracket", "b")
        await wait_for(pilot, lambda: len(reader_of(app).bookmarks) == 1)
        quote = view.article.quotes[0]
        quote_line = view.text_layout.block_line[quote.block]
        assert quote_line - view.top_line in bar_rows(view)
        assert any("“I think it" in line for line in starred(outline)), starred(outline)
        # A passage: the bar beside it, and a mark on the section holding it.
        await press(pilot, "escape", "right_square_bracket", "right_square_bracket", "b")
        await wait_for(pilot, lambda: len(reader_of(app).bookmarks) == 2)
        passage = view.passage_block
        assert passage is not None
        assert view.text_layout.block_line[passage] - view.top_line in bar_rows(view)
        assert len(starred(outline)) == 2
        # b on the bookmarked passage offers to remove it; b again removes it.
        said = record_toasts(app)
        await press(pilot, "b")
        assert any("b again removes" in toast for toast in said), said
        assert len(Library(tmp_path).bookmarks()) == 2
        await press(pilot, "b")
        await wait_for(pilot, lambda: len(Library(tmp_path).bookmarks()) == 1)
        await wait_for(pilot, lambda: len(reader_of(app).bookmarks) == 1)
        assert Library(tmp_path).bookmarks()[0].kind == "quote"
        assert len(starred(outline)) == 1

    # Marks come back with the article.
    app = library_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: ready(app) and len(reader_of(app).bookmarks) == 1)
        await press(pilot, "g")
        assert len(starred(outline_of(app))) == 1


async def test_opening_a_bookmarked_quote_from_the_bookmarks_highlights_it(tmp_path: Path) -> None:
    library = Library(tmp_path)
    article = seed_article()
    entry = library.save_article(article)
    quote = article.quotes[3]
    library.add_bookmark(
        entry.id,
        text=quote.text,
        kind="quote",
        speaker=quote.speaker,
        section=quote.section,
        block=quote.block,
    )
    app = BylineApp(data_dir=str(tmp_path), load_user_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await settle(pilot)
        await press(pilot, "B")
        await wait_for(pilot, lambda: isinstance(app.screen, BookmarksScreen))
        await settle(pilot)
        await press(pilot, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.view is not None)
        view = view_of(app)
        await wait_for(pilot, lambda: view.quote_index == 3)
        assert status_of(app).search.startswith("quote 4/")
        quote_line = view.text_layout.block_line[quote.block]
        assert 0 <= quote_line - view.top_line < view.scrollable_content_region.height


async def test_wrapped_feed_items_continue_under_their_title_at_60_columns(tmp_path: Path) -> None:
    library = Library(tmp_path / "data")
    sub = library.add_feed("https://feeds.example/long.xml", "The Harbour Gazette", None)
    title = "Harbour master warns of a winter of storms as the sea wall repairs run months behind"
    item = {"id": "1", "title": title, "link": "https://example.org/a", "published": "2024-01-02"}
    library.set_feed_items(sub.id, [item])
    app = Host(FeedsScreen(library))
    async with app.run_test(size=(60, 24)) as pilot:
        await settle(pilot)
        items = app.screen.query_one("#feeds-items", OptionList)
        lines = [strip.text.rstrip() for strip in items.render_lines(Region(0, 0, *items.size))]
        lines = [line for line in lines if line.strip()]
        first = next(i for i, line in enumerate(lines) if "Harbour master" in line)
        start = lines[first].index("Harbour master")
        following = lines[first + 1]
        assert len(following) - len(following.lstrip()) == start, lines
