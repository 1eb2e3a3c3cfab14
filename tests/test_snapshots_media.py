"""Pictures of the reader on an article with links, a picture (half-cell blocks) and a table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich_support import png, rich_article

from tui.app import BylineApp
from tui.widgets.article_view import ArticleView
from tui.widgets.figure import decode_picture

SnapCompare = Callable[..., bool]

PICTURE = "https://pictures.example/harbour.png"


def reader(theme: str) -> BylineApp:
    article = rich_article(PICTURE)
    return BylineApp(article=article, theme_name=theme, use_library=False, load_user_files=False)


async def with_picture(pilot: Any) -> None:
    # The picture handed over as the fetch would: the snapshot must not hang on the network.
    await pilot.pause()
    view = pilot.app.screen.query_one(ArticleView)
    view.add_picture(PICTURE, decode_picture(png(240, 120, (30, 110, 170))))
    view.relayout()
    await pilot.pause()


def test_reader_with_links_picture_and_table(snap_compare: SnapCompare) -> None:
    assert snap_compare(reader("byline-dark"), terminal_size=(120, 40), run_before=with_picture)


def test_reader_with_pictures_off_and_link_numbers_hidden(snap_compare: SnapCompare) -> None:
    async def run_before(pilot: Any) -> None:
        await with_picture(pilot)
        await pilot.press("i", "number_sign")
        await pilot.pause()

    assert snap_compare(reader("byline-light"), terminal_size=(80, 30), run_before=run_before)
