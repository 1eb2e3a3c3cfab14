"""The library screen driven by keys, against a real library on disk."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

from reader_support import send_burst
from screens_host import HOSTILE_TITLE, Host, article, filled_library, settle, until
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.widgets._toast import Toast

from storage import Library
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.keys import KeysScreen
from tui.screens.library import LibraryScreen
from tui.screens.prompt import PromptScreen
from tui.widgets.article_list import ArticleList

SIZE = (100, 30)


def prompts(screen: Screen[Any]) -> list[str]:
    rows = screen.query_one(ArticleList)
    return [rows.row_text(i) or "" for i in range(rows.total)]


def highlighted_id(screen: Screen[Any]) -> str | None:
    entry = screen.query_one(ArticleList).current
    return entry.id if entry else None


def status_message(screen: Screen[Any]) -> str:
    return str(screen.query_one("#library-message", Static).content)


def status(screen: Screen[Any]) -> str:
    return str(screen.query_one("#library-status", Static).content)


async def test_newest_first_with_unread_marker_site_date_and_progress(tmp_path: Path) -> None:
    library = filled_library(tmp_path)
    middle = next(entry for entry in library.articles() if entry.title == "Middle story")
    library.set_progress(middle.id, 0.42, 3)
    library.set_read(library.articles()[-1].id, True)  # "Old news"
    app = Host(LibraryScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lines = prompts(app.screen)
        assert [line.splitlines()[0] for line in lines] == ["● Fresh report", "● Middle story", "  Old news"]
        today = library.articles()[0].saved_at[:10]
        details = [line.splitlines()[1].strip() for line in lines]
        assert details[0] == f"Daily Planet · published 2024-05-04 · saved {today} · not started"
        assert "42% read" in lines[1]
        assert details[2] == f"Old Gazette · published 2024-05-09 · saved {today} · read"
        hint = "(S search text · s sort · a archive · A archived)"
        assert status(app.screen) == f"3 saved · 2 unread · newest saved first  {hint}"
        assert highlighted_id(app.screen) == library.articles()[0].id


async def test_slash_then_typing_filters_and_escape_clears(tmp_path: Path) -> None:
    library = filled_library(tmp_path)
    app = Host(LibraryScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"gaz")
        assert app.screen.query_one(Input).has_focus
        assert [line.splitlines()[0] for line in prompts(app.screen)] == ["● Old news"]
        assert status(app.screen).startswith("1 of 3 saved · 1 unread · newest saved first  (S search")
        # Letters typed into the filter are text, not commands: nothing was deleted or marked read.
        await pilot.press(*"dr")
        await settle(pilot)
        assert len(library.articles()) == 3
        assert prompts(app.screen) == []
        assert "No saved article matches “gazdr”" in str(
            app.screen.query_one("#library-message", Static).content
        )
        await pilot.press("escape")
        assert app.screen.query_one(ArticleList).has_focus
        assert len(prompts(app.screen)) == 3


async def test_r_toggles_read_on_disk(tmp_path: Path) -> None:
    library = filled_library(tmp_path)
    newest = library.articles()[0]
    app = Host(LibraryScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert library.get(newest.id) is not None
        assert library.get(newest.id).read is True  # type: ignore[union-attr]
        assert prompts(app.screen)[0].startswith("  Fresh report")
        await pilot.press("r")
        await settle(pilot)
        assert library.get(newest.id).read is False  # type: ignore[union-attr]
        assert prompts(app.screen)[0].startswith("● Fresh report")


async def test_delete_then_undo_restores_the_same_article(tmp_path: Path) -> None:
    library = filled_library(tmp_path)
    app = Host(LibraryScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "d")
        await settle(pilot)
        titles = [entry.title for entry in library.articles()]
        assert titles == ["Fresh report", "Old news"]
        assert [line.splitlines()[0] for line in prompts(app.screen)] == ["● Fresh report", "● Old news"]
        messages = [notification.message for notification in app._notifications]
        assert messages == ["Deleted “Middle story” — press u to undo"]
        await pilot.press("u")
        await settle(pilot)
        assert [entry.title for entry in library.articles()] == ["Fresh report", "Middle story", "Old news"]
        assert library.load_article(library.articles()[1].id).quotes[0].speaker == "Speaker 0"
        assert [line.splitlines()[0] for line in prompts(app.screen)][1] == "● Middle story"
        assert highlighted_id(app.screen) == library.articles()[1].id
        await pilot.press("u")
        await settle(pilot)
        assert "Nothing to undo" in [notification.message for notification in app._notifications]


async def test_enter_posts_open_article_with_the_highlighted_id(tmp_path: Path) -> None:
    library = filled_library(tmp_path)
    ids = [entry.id for entry in library.articles()]
    app = Host(LibraryScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.opened == [(ids[2], None)]


async def test_o_asks_for_a_source_and_posts_open_source(tmp_path: Path) -> None:
    app = Host(LibraryScreen(filled_library(tmp_path)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, PromptScreen))
        await pilot.press(*"page.html", "enter")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.pause()
        assert app.sources == ["page.html"]
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, PromptScreen))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.pause()
        assert app.sources == ["page.html"]


async def test_empty_library_says_how_to_add_articles(tmp_path: Path) -> None:
    app = Host(LibraryScreen(Library(tmp_path / "data")))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        message = str(app.screen.query_one("#library-message", Static).content)
        assert "byline save URL" in message
        assert "byline URL" in message
        await pilot.press("d", "r", "enter", "slash", "x")
        await settle(pilot)
        assert app.opened == []
        # With nothing listed the keys still reach the screen, not a text box by accident.
        assert app.screen.query_one(Input).value == "x"


async def test_hostile_title_renders_literally(tmp_path: Path) -> None:
    library = Library(tmp_path / "data")
    library.save_article(article(HOSTILE_TITLE, "https://example.org/hostile", site="[i]Site[/i]"))
    app = Host(LibraryScreen(library))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        screen_text = app.export_screenshot()
        assert "[b]bold?[/b]" in screen_text.replace("&#160;", " ")
        assert "[i]Site[/i]" in screen_text.replace("&#160;", " ")
        await pilot.press("d")
        await settle(pilot)
        # The notification quotes the title as text: no markup error, no click action run.
        await pilot.pause()
        (toast,) = app.screen.query(Toast)
        assert f"Deleted “{HOSTILE_TITLE}”" in toast.render().plain
        assert app.is_running


async def test_keymap_rebinds_library_keys(tmp_path: Path) -> None:
    library = filled_library(tmp_path)
    app = Host(LibraryScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.set_keymap({"library.toggle_read": "x"})
        await pilot.press("r")
        await settle(pilot)
        assert not library.articles()[0].read
        await pilot.press("x")
        await settle(pilot)
        assert library.articles()[0].read


def test_every_binding_has_a_library_id() -> None:
    ids = [binding.id for binding in LibraryScreen.BINDINGS]  # type: ignore[union-attr]
    assert all(binding_id and binding_id.startswith("library.") for binding_id in ids)
    assert len(set(ids)) == len(ids)


async def test_shift_b_opens_bookmarks_and_q_comes_back_then_quits(tmp_path: Path) -> None:
    app = Host(LibraryScreen(filled_library(tmp_path)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("B")
        await until(pilot, lambda: isinstance(app.screen, BookmarksScreen))
        await settle(pilot)
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_a_failed_delete_says_why_and_shows_the_library_as_it_is(tmp_path: Path) -> None:
    library = filled_library(tmp_path)
    app = Host(LibraryScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Another copy of byline deletes the newest article while this one still lists it.
        other = Library(tmp_path / "data")
        gone = other.delete_article(other.articles()[0].id)
        await pilot.press("d")
        await settle(pilot)
        (notification,) = app._notifications
        assert notification.severity == "error"
        assert notification.message == f"could not delete the article: no saved article has the id {gone.id}"
        assert [line.splitlines()[0] for line in prompts(app.screen)] == ["● Middle story", "● Old news"]


async def test_undo_after_the_article_was_saved_again_keeps_the_newer_copy(tmp_path: Path) -> None:
    library = filled_library(tmp_path)
    app = Host(LibraryScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        newer = Library(tmp_path / "data").save_article(
            article("Fresh report, updated", "https://example.org/fresh")
        )
        await pilot.press("u")
        await settle(pilot)
        assert [entry.id for entry in library.articles()].count(newer.id) == 1
        assert len(library.articles()) == 3
        assert prompts(app.screen)[0].startswith("● Fresh report, updated\n")
        assert highlighted_id(app.screen) == newer.id


def test_snapshot_library_in_the_default_theme(tmp_path: Path, snap_compare: Any) -> None:
    library = filled_library(tmp_path)
    library.set_progress(library.articles()[1].id, 0.42, 3)
    library.set_read(library.articles()[2].id, True)
    # Saved on fixed days, so the picture does not change with the date it is taken on.
    library.import_entries(
        (replace(entry, saved_at=f"2024-06-1{n}T08:00:00.000000Z").to_dict(), None)
        for n, entry in enumerate(reversed(library.articles()))
    )
    assert snap_compare(
        Host(LibraryScreen(library), theme="byline-dark"), terminal_size=SIZE, run_before=settle
    )


def test_snapshot_empty_library_in_the_light_theme(tmp_path: Path, snap_compare: Any) -> None:
    app = Host(LibraryScreen(Library(tmp_path / "data")), theme="byline-light")
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


async def test_question_mark_lists_every_key_with_its_id_as_rebound(tmp_path: Path) -> None:
    class Rebound(Host):
        user_keymap: ClassVar[dict[str, str]] = {"library.toggle_read": "x,ctrl+r"}

    app = Rebound(LibraryScreen(filled_library(tmp_path)))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.set_keymap(app.user_keymap)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, KeysScreen))
        text = app.screen.query_one("#keys-text", Static).content
        rows = {line.split()[-1]: line for line in str(text).splitlines() if "library." in line}
        assert set(rows) == {
            binding.id  # type: ignore[union-attr]
            for binding in LibraryScreen.BINDINGS
            if binding.description  # type: ignore[union-attr]
        }
        assert rows["library.toggle_read"].split()[:3] == ["x", "/", "^r"]
        assert rows["library.delete"].split()[:2] == ["d", "Delete"]
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))


async def test_control_characters_in_a_title_never_reach_the_terminal(tmp_path: Path) -> None:
    library = Library(tmp_path / "data")
    library.save_article(article("Clear\x1b[2J screen\u202e gnirts\nand bell\x07", "https://example.org/esc"))
    app = Host(LibraryScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        (line,) = [prompt.splitlines()[0] for prompt in prompts(app.screen)]
        assert line == "● Clear[2J screen gnirts and bell"


async def test_a_long_list_filters_once_typing_pauses(tmp_path: Path) -> None:
    library = filled_library(tmp_path)

    class ShortFuse(LibraryScreen):
        BIG_LIST = 2  # three articles count as a long list here

    screen = ShortFuse(library)
    app = Host(screen)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"planet")
        await until(pilot, lambda: len(prompts(screen)) == 1)
        assert prompts(screen)[0].startswith("● Fresh report")
        await pilot.press("escape")
        await until(pilot, lambda: len(prompts(screen)) == 3)


async def test_a_failed_undo_says_why_and_u_can_try_again(tmp_path: Path) -> None:
    library = filled_library(tmp_path)
    app = Host(LibraryScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        failing = {"on": True}
        restore = library.restore_article

        def flaky_restore(entry: Any) -> Any:
            if failing["on"]:
                raise OSError("disk full")
            return restore(entry)

        library.restore_article = flaky_restore  # type: ignore[method-assign]
        await pilot.press("u")
        await settle(pilot)
        assert list(app._notifications)[-1].message == "could not restore the article: disk full"
        assert [line.splitlines()[0] for line in prompts(app.screen)] == ["● Middle story", "● Old news"]
        # The deleted article is still there to undo once the disk has room again.
        failing["on"] = False
        await pilot.press("u")
        await settle(pilot)
        assert prompts(app.screen)[0].startswith("● ") and len(prompts(app.screen)) == 3


async def test_a_library_that_cannot_be_read_says_so_in_one_line(tmp_path: Path) -> None:
    library = filled_library(tmp_path)

    def broken(*_: object) -> Any:
        raise OSError("permission denied")

    library.count_articles = broken  # type: ignore[method-assign]
    app = Host(LibraryScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        (notification,) = app._notifications
        assert notification.severity == "error"
        assert notification.message == "could not read the library: permission denied"


async def test_j_and_k_move_through_the_list(tmp_path: Path) -> None:
    library = filled_library(tmp_path)
    ids = [entry.id for entry in library.articles()]
    app = Host(LibraryScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        assert highlighted_id(app.screen) == ids[2]
        await pilot.press("k")
        assert highlighted_id(app.screen) == ids[1]
        await pilot.press("enter")
        await pilot.pause()
        assert app.opened == [(ids[1], None)]


async def test_s_sorts_and_the_sort_is_remembered(tmp_path: Path) -> None:
    library = filled_library(tmp_path)
    app = Host(LibraryScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")  # newest published first: "Old news" is dated 2024-05-09
        await settle(pilot)
        assert prompts(app.screen)[0].splitlines()[0] == "● Old news"
        await pilot.press("s")  # by title
        await settle(pilot)
        titles = [line.splitlines()[0] for line in prompts(app.screen)]
        assert titles == ["● Fresh report", "● Middle story", "● Old news"]
        assert "by title" in status(app.screen)
    again = Host(LibraryScreen(Library(tmp_path / "data")))
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "by title" in status(again.screen)


async def test_a_archives_and_the_archive_view_brings_it_back(tmp_path: Path) -> None:
    library = filled_library(tmp_path)
    app = Host(LibraryScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert [line.splitlines()[0] for line in prompts(app.screen)] == ["● Middle story", "● Old news"]
        assert len(library.articles()) == 3  # hidden, not deleted
        await pilot.press("A")
        await settle(pilot)
        assert [line.splitlines()[0] for line in prompts(app.screen)] == ["● Fresh report"]
        assert status(app.screen).startswith("1 archived")
        await pilot.press("a")
        await settle(pilot)
        assert prompts(app.screen) == []
        assert "The archive is empty" in str(app.screen.query_one("#library-message", Static).content)
        await pilot.press("A")
        await settle(pilot)
        assert len(prompts(app.screen)) == 3


async def test_a_long_library_fetches_only_the_pages_it_shows(tmp_path: Path) -> None:
    library = Library(tmp_path / "data")
    library.save_articles(article(f"Story {n:03}", f"https://example.org/{n}") for n in range(250))
    app = Host(LibraryScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = app.screen.query_one(ArticleList)
        assert rows.total == 250 and len(rows.loaded()) == 100
        await pilot.press("G")
        await settle(pilot)
        assert highlighted_id(app.screen) == library.articles()[-1].id
        assert rows.row_text(249) == rows.row_text(rows.cursor)
        assert len(rows.loaded()) == 150  # the first page and the last; the middle one was never shown
        assert "● Story 000" in app.export_screenshot().replace("&#160;", " ")


async def test_a_query_typed_in_one_burst_after_slash_lands_in_the_filter(tmp_path: Path) -> None:
    library = filled_library(tmp_path)
    app = Host(LibraryScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Keys of one burst are read before the loop turns: "d" and "u" must not delete or undo.
        send_burst(app, "/dune")
        await until(pilot, lambda: app.screen.query_one(Input).value == "dune")
        # Each letter started a read of the list that the next one replaced (cancelled): wait it out.
        await until(pilot, lambda: "No saved article matches “dune”" in status_message(app.screen))
        assert app.screen.query_one(Input).value == "dune"
        assert len(library.articles()) == 3


async def test_deleting_an_article_with_bookmarks_warns_and_the_bookmarks_outlive_it(tmp_path: Path) -> None:
    library = filled_library(tmp_path)
    middle = next(entry for entry in library.articles() if entry.title == "Middle story")
    library.add_bookmark(
        middle.id, text="Quote number 1", kind="quote", speaker="Speaker 1", section=None, block=2
    )
    app = Host(LibraryScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "d")
        await settle(pilot)
        (warning,) = app._notifications
        assert warning.severity == "warning"
        assert warning.message.startswith(
            "“Middle story” has 1 bookmark; they stay, with their words and link."
        )
        assert library.get(middle.id) is not None
        await pilot.press("d")
        await settle(pilot)
        assert library.get(middle.id) is None
        assert list(app._notifications)[-1].message == (
            "Deleted “Middle story” (its bookmark stays) — press u to undo"
        )
        await pilot.press("B")
        await until(pilot, lambda: isinstance(app.screen, BookmarksScreen))
        await settle(pilot)
        lines = [str(option.prompt) for option in app.screen.query_one("#bookmarks-list").options]  # type: ignore[attr-defined]
        assert "Middle story  (no longer saved: https://example.org/middle)  1" in lines
        assert any("“Quote number 1” — Speaker 1" in line for line in lines)
        await pilot.press("enter")
        await pilot.pause()
        # Its page, since the saved copy is gone, rather than "no saved article has the id".
        assert app.sources == ["https://example.org/middle"] and app.opened == []
