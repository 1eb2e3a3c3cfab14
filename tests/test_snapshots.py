"""Pictures of the reader on the seed article: two themes, two terminal sizes, highlights and help."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from reader_support import seed_article

from tui.app import BylineApp

SnapCompare = Callable[..., bool]


def reader(theme: str) -> BylineApp:
    return BylineApp(article=seed_article(), theme_name=theme, use_library=False, load_user_files=False)


@pytest.mark.parametrize(
    ("theme", "size"),
    [
        ("byline-dark", (80, 24)),
        ("byline-dark", (120, 40)),
        ("byline-light", (80, 24)),
        ("byline-light", (200, 50)),
    ],
    ids=["dark-80x24", "dark-120x40", "light-80x24", "light-200x50"],
)
def test_reader_opens(snap_compare: SnapCompare, theme: str, size: tuple[int, int]) -> None:
    assert snap_compare(reader(theme), terminal_size=size)


def test_reader_section_and_highlighted_quote(snap_compare: SnapCompare) -> None:
    assert snap_compare(reader("byline-dark"), terminal_size=(120, 40), press=["]", "]", "}", "}"])


def test_reader_search_matches(snap_compare: SnapCompare) -> None:
    async def search(pilot: Any) -> None:
        await pilot.press("slash", *"japan", "enter", "n")
        await pilot.pause()

    assert snap_compare(reader("byline-light"), terminal_size=(120, 40), run_before=search)


def test_reader_builtin_theme_and_help(snap_compare: SnapCompare) -> None:
    assert snap_compare(reader("textual-dark"), terminal_size=(120, 40), press=["question_mark"])
