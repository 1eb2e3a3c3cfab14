"""The search screen: results as typed, the matching sentence shown, enter opens the article there."""

from __future__ import annotations

from pathlib import Path

from screens_host import Host, filled_library, settle, until
from textual.widgets import Input, OptionList, Static

from tui.screens.library import LibraryScreen
from tui.screens.search import SearchScreen

SIZE = (100, 30)


def results(screen: SearchScreen) -> list[str]:
    option_list = screen.query_one(OptionList)
    return [str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)]


async def test_typed_words_find_the_sentence_and_enter_opens_the_article_at_it(tmp_path: Path) -> None:
    library = filled_library(tmp_path)
    middle = next(entry for entry in library.articles() if entry.title == "Middle story")
    app = Host(LibraryScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen))
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await settle(pilot)
        assert screen.query_one(Input).has_focus
        await pilot.press(*"speaker 1")
        await until(pilot, lambda: len(screen.hits) == 1)
        (line,) = results(screen)
        assert line.splitlines()[0].startswith("Middle story  text")
        assert line.splitlines()[1].strip() == "“Quote number 1,” said Speaker 1."
        assert "1 place found" in str(screen.query_one("#search-status", Static).content)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.opened == [(middle.id, 2)]
        await pilot.press("escape", *"nothing matches this")
        await until(
            pilot,
            lambda: "Nothing in the library" in str(screen.query_one("#search-message", Static).content),
        )
        assert results(screen) == []


async def test_a_bookmark_of_a_deleted_article_opens_its_page(tmp_path: Path) -> None:
    library = filled_library(tmp_path)
    middle = next(entry for entry in library.articles() if entry.title == "Middle story")
    library.add_bookmark(middle.id, text="kept words", kind="passage", speaker=None, section=None, block=1)
    library.delete_article(middle.id)
    app = Host(SearchScreen(library, "kept"))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: len(app.screen.hits) == 1)  # type: ignore[attr-defined]
        (line,) = results(app.screen)  # type: ignore[arg-type]
        assert "bookmark · article no longer saved" in line
        app.screen.query_one(OptionList).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.sources == ["https://example.org/middle"] and app.opened == []
