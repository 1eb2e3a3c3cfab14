"""The bookmarks screen driven by keys, against a real library on disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from filelock import FileLock
from screens_host import HOSTILE_TITLE, Host, filled_library, settle, until
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets._toast import Toast

from storage import Library
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.library import LibraryScreen
from tui.screens.prompt import PromptScreen

SIZE = (100, 36)


def bookmarked_library(root: Path) -> Library:
    """Two quotes from "Middle story" (added in reverse reading order), then a passage from "Fresh report"."""
    library = filled_library(root)
    by_title = {entry.title: entry for entry in library.articles()}
    middle, fresh = by_title["Middle story"].id, by_title["Fresh report"].id
    library.add_bookmark(
        middle, text="Quote number 1", kind="quote", speaker="Speaker 1", section="Reaction", block=2
    )
    library.add_bookmark(
        middle, text="Quote number 0", kind="quote", speaker="Speaker 0", section=None, block=1
    )
    library.add_bookmark(
        fresh,
        text="Fresh report: the opening paragraph.",
        kind="passage",
        speaker=None,
        section=None,
        block=0,
    )
    return library


def lines(screen: Screen[Any]) -> list[str]:
    """Each option's first line; article headers start without indentation."""
    option_list = screen.query_one(OptionList)
    return [
        str(option_list.get_option_at_index(i).prompt).splitlines()[0]
        for i in range(option_list.option_count)
    ]


def highlighted_text(screen: Screen[Any]) -> str:
    option = screen.query_one(OptionList).highlighted_option
    assert option is not None
    return str(option.prompt)


async def test_grouped_by_article_with_speaker_and_section(tmp_path: Path) -> None:
    app = Host(BookmarksScreen(bookmarked_library(tmp_path)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert lines(app.screen) == [
            "Fresh report  1",
            "  Fresh report: the opening paragraph.",
            "Middle story  2",
            "  “Quote number 0” — Speaker 0",
            "  “Quote number 1” — Speaker 1",
        ]
        option_list = app.screen.query_one(OptionList)
        assert option_list.get_option_at_index(0).disabled
        assert "§ Reaction" in str(option_list.get_option_at_index(4).prompt)
        # The cursor starts on a bookmark, never on a header.
        assert highlighted_text(app.screen).startswith("  Fresh report: the opening")
        assert str(app.screen.query_one("#bookmarks-status", Static).content) == "3 bookmarks from 2 articles"


async def test_enter_opens_the_article_at_the_bookmarked_block(tmp_path: Path) -> None:
    library = bookmarked_library(tmp_path)
    middle = next(entry for entry in library.articles() if entry.title == "Middle story")
    app = Host(BookmarksScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Down skips the "Middle story" header.
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.opened == [(middle.id, 2)]


async def test_search_narrows_by_speaker_section_and_note(tmp_path: Path) -> None:
    app = Host(BookmarksScreen(bookmarked_library(tmp_path)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"reaction")
        assert lines(app.screen) == ["Middle story  1", "  “Quote number 1” — Speaker 1"]
        await pilot.press("enter")
        assert app.screen.query_one(OptionList).has_focus
        await pilot.press("escape")
        assert app.screen.query_one(Input).value == ""
        assert len(lines(app.screen)) == 5
        await pilot.press("slash", *"nothing like this")
        message = str(app.screen.query_one("#bookmarks-message", Static).content)
        assert message == "No bookmark matches “nothing like this”."


async def test_n_edits_the_note_on_disk(tmp_path: Path) -> None:
    library = bookmarked_library(tmp_path)
    app = Host(BookmarksScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, PromptScreen))
        await pilot.press(*"check this", "enter")
        await until(pilot, lambda: isinstance(app.screen, BookmarksScreen))
        await settle(pilot)
        passage = next(b for b in library.bookmarks() if b.kind == "passage")
        assert passage.note == "check this"
        assert "✎ check this" in highlighted_text(app.screen)
        await pilot.press("slash", *"check", "enter")
        assert lines(app.screen) == ["Fresh report  1", "  Fresh report: the opening paragraph."]
        # Escape in the note prompt changes nothing; an empty note removes it.
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, PromptScreen))
        await pilot.press("x", "escape")
        await until(pilot, lambda: isinstance(app.screen, BookmarksScreen))
        await settle(pilot)
        assert next(b for b in library.bookmarks() if b.kind == "passage").note == "check this"
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, PromptScreen))
        await pilot.press("ctrl+u", "enter")
        await until(pilot, lambda: isinstance(app.screen, BookmarksScreen))
        await settle(pilot)
        assert next(b for b in library.bookmarks() if b.kind == "passage").note == ""


async def test_delete_then_undo_restores_id_time_and_note(tmp_path: Path) -> None:
    library = bookmarked_library(tmp_path)
    quote = next(b for b in library.bookmarks() if b.block == 2)
    library.set_bookmark_note(quote.id, "keep")
    before = library.bookmarks()
    app = Host(BookmarksScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "d")
        await settle(pilot)
        assert [b.id for b in library.bookmarks()] == [b.id for b in before if b.id != quote.id]
        assert "  “Quote number 1” — Speaker 1" not in lines(app.screen)
        assert [n.message for n in app._notifications] == ["Deleted “Quote number 1” — press u to undo"]
        await pilot.press("u")
        await settle(pilot)
        assert library.bookmarks() == before
        assert highlighted_text(app.screen).startswith("  “Quote number 1”")


async def test_q_and_escape_go_back(tmp_path: Path) -> None:
    library = bookmarked_library(tmp_path)
    app = Host(LibraryScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("B")
        await until(pilot, lambda: isinstance(app.screen, BookmarksScreen))
        await settle(pilot)
        await pilot.press("slash", "q")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)  # q typed into the search is text
        assert app.screen.query_one(Input).value == "q"
        await pilot.press("escape", "escape")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.press("B")
        await until(pilot, lambda: isinstance(app.screen, BookmarksScreen))
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))


async def test_hostile_bookmark_text_renders_literally(tmp_path: Path) -> None:
    library = filled_library(tmp_path)
    fresh = library.articles()[0]
    library.add_bookmark(
        fresh.id, text=HOSTILE_TITLE, kind="quote", speaker="[b]Who[/b]", section=None, block=0
    )
    app = Host(BookmarksScreen(library))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        screen_text = app.export_screenshot().replace("&#160;", " ")
        assert "[b]bold?[/b]" in screen_text
        assert "— [b]Who[/b]" in screen_text
        assert str(app.screen.query_one("#bookmarks-status", Static).content) == "1 bookmark from 1 article"
        await pilot.press("d")
        await settle(pilot)
        (toast,) = app.screen.query(Toast)
        assert (
            "Deleted “[b]bold?[/b] [@click=app.quit]quit[/] [red]x” — press u to undo" in toast.render().plain
        )
        assert app.is_running
        assert library.bookmarks() == []


async def test_empty_bookmarks_say_how_to_add_one(tmp_path: Path) -> None:
    app = Host(BookmarksScreen(filled_library(tmp_path)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        message = str(app.screen.query_one("#bookmarks-message", Static).content)
        assert message.startswith("No bookmarks yet.")
        assert "press b" in message


def test_every_binding_has_a_bookmarks_id() -> None:
    ids = [binding.id for binding in BookmarksScreen.BINDINGS]  # type: ignore[union-attr]
    assert all(binding_id and binding_id.startswith("bookmarks.") for binding_id in ids)
    assert len(set(ids)) == len(ids)


def test_snapshot_bookmarks_in_the_contrast_theme(tmp_path: Path, snap_compare: Any) -> None:
    library = filled_library(tmp_path)
    ids = {entry.title: entry.id for entry in library.articles()}
    base = {"article_url": None, "section": None, "speaker": None, "note": ""}
    library.import_bookmarks(
        [
            {
                **base,
                "id": "a00000000001",
                "text": "Quote number 0",
                "kind": "quote",
                "speaker": "Speaker 0",
                "section": "Reaction",
                "article_title": "Middle story",
                "article_id": ids["Middle story"],
                "created_at": "2024-05-02T10:00:00.000000Z",
                "block": 1,
                "note": "ask about the figures",
            },
            {
                **base,
                "id": "b00000000002",
                "text": "Fresh report: the opening paragraph.",
                "kind": "passage",
                "article_title": "Fresh report",
                "article_id": ids["Fresh report"],
                "created_at": "2024-05-03T09:30:00.000000Z",
                "block": 0,
            },
            {
                **base,
                "id": "c00000000003",
                "text": "Words from an article since deleted",
                "kind": "quote",
                "speaker": "Someone",
                "article_title": "A deleted article",
                "article_id": None,
                "created_at": "2024-04-01T08:00:00.000000Z",
            },
        ]
    )
    app = Host(BookmarksScreen(library), theme="byline-contrast")
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


async def test_leaving_before_the_list_loaded_is_safe(tmp_path: Path) -> None:
    library = bookmarked_library(tmp_path)
    app = Host(LibraryScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Another byline holds the library, so the bookmarks load waits in its thread...
        with FileLock(tmp_path / "data" / "library.lock"):
            await pilot.press("B")
            await until(pilot, lambda: isinstance(app.screen, BookmarksScreen))
            await pilot.press("q")
            await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        # ...and finishes after its screen is gone: nothing breaks, the library still answers keys.
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert app.is_running
        assert library.articles()[0].read


async def test_a_delete_still_pending_when_leaving_is_kept(tmp_path: Path) -> None:
    library = bookmarked_library(tmp_path)
    app = Host(LibraryScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("B")
        await until(pilot, lambda: isinstance(app.screen, BookmarksScreen))
        await settle(pilot)
        with FileLock(tmp_path / "data" / "library.lock"):
            await pilot.press("d", "q")
            await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await settle(pilot)
        assert [b.kind for b in library.bookmarks()] == ["quote", "quote"]
        assert app.is_running


async def test_j_and_k_move_like_the_arrow_keys(tmp_path: Path) -> None:
    library = bookmarked_library(tmp_path)
    middle = next(entry for entry in library.articles() if entry.title == "Middle story")
    app = Host(BookmarksScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "k")
        assert highlighted_text(app.screen).startswith("  “Quote number 0”")
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.opened == [(middle.id, 2)]
