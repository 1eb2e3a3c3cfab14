"""The app around the reader: loading through news.load, the error view, the library (save, resume,
progress, bookmarks), remembered themes and messages from other screens."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from reader_support import DATA, seed_article, wait_for

from storage import Library
from tui.app import BylineApp, MessageScreen
from tui.messages import OpenArticle
from tui.screens.reader import PROGRESS_DELAY, ReaderScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.source_views import ErrorView, LoadingView

SEED = str(DATA / "newslooks-ishiba.html")


def reader_of(app: BylineApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def has_view(app: BylineApp) -> bool:
    return isinstance(app.screen, ReaderScreen) and app.screen.view is not None


async def test_opens_a_file_through_news_load() -> None:
    app = BylineApp(SEED, use_library=False, load_user_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: has_view(app))
        view = app.screen.query_one(ArticleView)
        assert view.article.title == "Trump Tells Ishiba He Aims to Slash U.S.-Japan Trade Deficit"
        await wait_for(pilot, lambda: view.render_line(0).text.strip() == view.article.title)
        assert not app.screen.query(LoadingView)


async def test_a_failing_source_shows_the_error_and_retry_keeps_the_app_alive(tmp_path: Path) -> None:
    missing = str(tmp_path / "gone.html")
    app = BylineApp(missing, use_library=False, load_user_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query(ErrorView)))
        message = str(app.screen.query_one("#error-message").render())
        assert missing in message and "\n" not in message.strip()
        # The file appears; r tries again and the article opens.
        (tmp_path / "gone.html").write_bytes((DATA / "newslooks-ishiba.html").read_bytes())
        await pilot.press("r")
        await wait_for(pilot, lambda: has_view(app))
        assert not app.screen.query(ErrorView)


async def test_quitting_from_the_error_view_exits_with_status_1(tmp_path: Path) -> None:
    app = BylineApp(str(tmp_path / "nothing.txt"), use_library=False, load_user_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query(ErrorView)))
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running)
    assert app.return_code == 1


async def test_opening_saves_to_the_library_and_progress_is_resumed(tmp_path: Path) -> None:
    app = BylineApp(SEED, data_dir=str(tmp_path), load_user_files=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: has_view(app))
        await wait_for(pilot, lambda: reader_of(app).entry_id is not None)
        for _ in range(4):
            await pilot.press("right_square_bracket")
        await pilot.pause()
        block = reader_of(app).query_one(ArticleView).top_block
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running)
    library = Library(tmp_path)
    [entry] = library.articles()
    assert entry.position == block and 0 < entry.progress < 1

    app = BylineApp(SEED, data_dir=str(tmp_path), load_user_files=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: has_view(app))
        view = app.screen.query_one(ArticleView)
        await wait_for(pilot, lambda: view.top_block == block)


async def test_bookmark_keeps_the_highlighted_quote_or_the_passage_at_the_top(tmp_path: Path) -> None:
    app = BylineApp(article=seed_article(), data_dir=str(tmp_path), load_user_files=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: has_view(app) and reader_of(app).entry_id is not None)
        view = app.screen.query_one(ArticleView)
        await pilot.press("right_curly_bracket", "right_curly_bracket", "b")
        await wait_for(pilot, lambda: len(Library(tmp_path).bookmarks()) == 1)
        await pilot.press("escape", "right_square_bracket", "right_square_bracket", "b")
        await wait_for(pilot, lambda: len(Library(tmp_path).bookmarks()) == 2)
        passage_block = view.passage_block
        # The heading at the top is no passage: the paragraph under it is kept.
        assert passage_block is not None and view.article.blocks[passage_block].kind != "heading"
    quote = view.article.quotes[1]
    first, second = Library(tmp_path).bookmarks()
    assert (first.kind, first.text, first.speaker, first.block) == (
        "quote",
        quote.text,
        quote.speaker,
        quote.block,
    )
    assert first.section == quote.section
    assert second.kind == "passage" and second.block == passage_block
    assert second.text == view.article.blocks[passage_block].text  # type: ignore[index]


async def test_B_opens_the_bookmarks_screen_and_q_comes_back(tmp_path: Path) -> None:
    from tui.screens.bookmarks import BookmarksScreen

    app = BylineApp(article=seed_article(), data_dir=str(tmp_path), load_user_files=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: has_view(app))
        await pilot.press("B")
        await wait_for(pilot, lambda: isinstance(app.screen, BookmarksScreen))
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        assert app.is_running


async def test_open_article_message_reads_the_saved_copy_at_a_block(tmp_path: Path) -> None:
    article = seed_article()
    entry = Library(tmp_path).save_article(article)
    block = article.sections[0].children[2].block
    app = BylineApp(data_dir=str(tmp_path), load_user_files=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.post_message(OpenArticle(entry.id, block))
        await wait_for(pilot, lambda: has_view(app))
        view = app.screen.query_one(ArticleView)
        await wait_for(pilot, lambda: view.top_block == block)
        assert view.article.title == article.title
        await pilot.press("q")
        await wait_for(pilot, lambda: not isinstance(app.screen, ReaderScreen))
        assert app.is_running


async def test_theme_from_the_command_line_is_remembered(tmp_path: Path) -> None:
    app = BylineApp(
        article=seed_article(), theme_name="byline-light", data_dir=str(tmp_path), load_user_files=False
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: Library(tmp_path).get_setting("theme") == "byline-light")
        assert app.theme == "byline-light"
        await pilot.press("T")
        await wait_for(pilot, lambda: Library(tmp_path).get_setting("theme") == app.theme != "byline-light")
    remembered = Library(tmp_path).get_setting("theme")
    app = BylineApp(article=seed_article(), data_dir=str(tmp_path), load_user_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.theme == remembered)


async def test_unknown_theme_falls_back_with_a_warning(tmp_path: Path) -> None:
    app = BylineApp(
        article=seed_article(), theme_name="no-such-theme", use_library=False, load_user_files=False
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "byline-dark"
        assert any("no-such-theme" in n.message for n in app._notifications)


async def test_no_source_opens_the_library_screen(tmp_path: Path) -> None:
    from tui.screens.library import LibraryScreen

    app = BylineApp(data_dir=str(tmp_path), load_user_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))


async def test_unusable_library_folder_says_so(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    app = BylineApp(data_dir=str(blocker / "lib"), load_user_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        # Its text, not only the screen: the screen is current a moment before its children mount.
        shown = lambda: isinstance(app.screen, MessageScreen) and bool(app.screen.query("Static"))  # noqa: E731
        await wait_for(pilot, shown)
        assert "cannot open the library" in app.screen.query_one("Static").render().plain  # type: ignore[attr-defined]


async def test_user_keymap_rebinds_and_unknown_ids_are_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    folder = tmp_path / "config" / "byline"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text(
        '[keymap]\n"reader.next_section" = "x"\n"reader.no_such_thing" = "y"\n', encoding="utf-8"
    )
    app = BylineApp(article=seed_article(), use_library=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        await pilot.press("x")
        await pilot.pause()
        assert view.top_line == view.text_layout.heading_lines[0]
        await wait_for(pilot, lambda: any("reader.no_such_thing" in n.message for n in app._notifications))
        # The help screen shows the key the user chose.
        await pilot.press("question_mark")
        await pilot.pause()
        assert "  x " in str(app.screen.query_one("#help-text").render())


async def test_the_error_view_says_q_quits_on_the_first_screen_and_goes_back_when_pushed(
    tmp_path: Path,
) -> None:
    from tui.messages import OpenSource
    from tui.screens.library import LibraryScreen

    missing = str(tmp_path / "gone.html")
    app = BylineApp(missing, use_library=False, load_user_files=False)
    async with app.run_test(size=(100, 24)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query(ErrorView)))
        hint = str(app.screen.query_one("#error-hint").render())
        assert "r  try again" in hint and "q  quit" in hint and "back" not in hint

    app = BylineApp(data_dir=str(tmp_path / "data"), load_user_files=False)
    async with app.run_test(size=(100, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        app.post_message(OpenSource(missing))
        await wait_for(
            pilot, lambda: isinstance(app.screen, ReaderScreen) and bool(app.screen.query(ErrorView))
        )
        hint = str(app.screen.query_one("#error-hint").render())
        assert "q  back" in hint and "quit" not in hint
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        assert app.is_running


async def test_standard_input_that_failed_offers_no_retry() -> None:
    app = BylineApp("-", stdin=b"", use_library=False, load_user_files=False)
    async with app.run_test(size=(100, 24)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query(ErrorView)))
        hint = str(app.screen.query_one("#error-hint").render())
        assert "try again" not in hint and "standard input is read only once" in hint and "q  quit" in hint
        assert "r" not in app.active_bindings
        await pilot.press("r")
        await pilot.pause(0.1)
        assert app.screen.query(ErrorView) and not app.screen.query(LoadingView)


async def test_the_loading_view_says_q_goes_back_when_the_reader_was_opened_from_the_library(
    tmp_path: Path,
) -> None:
    import os

    from tui.screens.library import LibraryScreen

    fifo = tmp_path / "slow.txt"
    os.mkfifo(fifo)  # no writer comes: the source is still loading when the view is looked at
    app = BylineApp(data_dir=str(tmp_path / "data"), load_user_files=False)
    async with app.run_test(size=(100, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        app.push_screen(ReaderScreen(source=str(fifo)))
        await wait_for(pilot, lambda: bool(app.screen.query(LoadingView)))
        step = str(app.screen.query_one("#loading-step").render())
        assert "q to go back" in step and "quit" not in step
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        assert app.is_running


async def test_the_key_bar_says_q_quits_on_the_first_screen_and_goes_back_when_pushed(
    tmp_path: Path,
) -> None:
    from tui.messages import OpenSource
    from tui.screens.library import LibraryScreen
    from tui.widgets.key_bar import KeyBar

    app = BylineApp(SEED, use_library=False, load_user_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: has_view(app))
        bar = str(app.screen.query_one(KeyBar).render())
        assert "q Quit" in bar and "q Back" not in bar

    app = BylineApp(data_dir=str(tmp_path / "data"), load_user_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        app.post_message(OpenSource(SEED))
        await wait_for(pilot, lambda: has_view(app))
        bar = str(app.screen.query_one(KeyBar).render())
        assert "q Back" in bar and "q Quit" not in bar


async def test_a_library_error_with_an_empty_message_is_named_by_its_type(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # str(OSError()) is "": the warning must still be one line and the worker must not die on it.
    def refuse(self: Library, *args: object, **kwargs: object) -> object:
        raise OSError()

    monkeypatch.setattr(Library, "save_article", refuse)
    app = BylineApp(article=seed_article(), data_dir=str(tmp_path), load_user_files=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: has_view(app))
        saving = re.compile(r"could not save “[^”]+” to the library: OSError \(trying again\)")
        await wait_for(pilot, lambda: any(saving.fullmatch(n.message) for n in app._notifications))
        await pilot.press("b")
        bookmarking = re.compile(r"could not bookmark the passage in “[^”]+”: OSError \(trying again\)")
        await wait_for(pilot, lambda: any(bookmarking.fullmatch(n.message) for n in app._notifications))
        assert app.is_running


async def test_a_library_that_fails_to_open_with_an_empty_message_says_which_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storage import LibraryError

    def refuse(self: Library, *args: object, **kwargs: object) -> None:
        raise LibraryError("")

    monkeypatch.setattr(Library, "__init__", refuse)
    app = BylineApp(data_dir=str(tmp_path), load_user_files=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MessageScreen))
        assert "cannot open the library: LibraryError" in app.screen.message


async def test_the_library_opens_off_the_ui_loop_while_another_byline_holds_it(tmp_path: Path) -> None:
    from filelock import FileLock

    from tui.screens.library import LibraryScreen

    Library(tmp_path)
    other = FileLock(tmp_path / "library.lock")  # another byline process, as far as the lock can tell
    other.acquire()
    try:
        app = BylineApp(data_dir=str(tmp_path), load_user_files=False)
        async with app.run_test(size=(80, 24)) as pilot:
            # Opened on the UI loop, the library would have waited out its lock timeout before this line.
            await pilot.pause(0.2)
            assert not isinstance(app.screen, (LibraryScreen, MessageScreen))
            other.release()
            await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
    finally:
        other.release()


async def test_leaving_a_reader_writes_its_position_in_the_background(tmp_path: Path) -> None:
    from filelock import FileLock

    from tui.screens.library import LibraryScreen

    entry = Library(tmp_path).save_article(seed_article())
    app = BylineApp(data_dir=str(tmp_path), load_user_files=False)
    other = FileLock(tmp_path / "library.lock")
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
            app.post_message(OpenArticle(entry.id, None))
            await wait_for(pilot, lambda: has_view(app) and reader_of(app).entry_id is not None)
            for _ in range(4):
                await pilot.press("right_square_bracket")
            await pilot.pause(PROGRESS_DELAY + 0.5)  # the still-reader write is done before the lock is taken
            await pilot.press("left_square_bracket")
            block = reader_of(app).query_one(ArticleView).top_block
            assert Library(tmp_path).get(entry.id).position != block  # type: ignore[union-attr]
            other.acquire()
            await pilot.press("q")
            # Back in the library at once, the lock still held: the write waits in the app's library service.
            await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
            assert any(worker.name == "library service" and not worker.is_finished for worker in app.workers)
            other.release()
            await wait_for(pilot, lambda: Library(tmp_path).get(entry.id).position == block)  # type: ignore[union-attr]
    finally:
        other.release()


async def test_a_handler_that_meets_a_widget_already_taken_down_does_not_fail_the_quit() -> None:
    # Seen as exit 1 with a NoMatches traceback when a closing terminal's SIGHUP came while the reader
    # mounted or resized: the app's exit takes the screens' widgets down before their last events run.
    from textual import events
    from textual.geometry import Size

    from tui.widgets.key_bar import KeyBar

    app = BylineApp(SEED, use_library=False, load_user_files=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: has_view(app))
        reader = app.screen
        await reader.query_one(KeyBar).remove()
        app.exit()
        reader.post_message(events.Resize(Size(90, 30), Size(90, 30)))  # on_resize fits the footer
    assert app.return_code == 0
