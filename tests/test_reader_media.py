"""The reader's links (numbers, #, f, L, back to the same line), pictures (i, fetch, store) and tables."""

from __future__ import annotations

import struct
import webbrowser
import zlib
from pathlib import Path
from typing import Any

import pytest
from conftest import LocalHTTPServer
from reader_support import HOSTILE, wait_for
from rich_support import linked, png, rich_article, wide_table_article

from news.model import Article, Block, Image, Span
from storage import Library
from storage.images import ImageStore
from tui.app import BylineApp
from tui.screens.links import LinksScreen
from tui.screens.prompt import PromptScreen
from tui.screens.reader import IMAGES_SETTING, ReaderScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.figure import decode_picture

PAGE = (
    "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    + "<p>{title} is the page a link of the first story leads to, with enough words to be an article. " * 6
    + "</p></article></body></html>"
)


class RecordingBrowser(webbrowser.BaseBrowser):
    """A graphical browser as webbrowser sees one: it records what it was asked to open."""

    def __init__(self) -> None:
        super().__init__("recording")
        self.opened: list[str] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        return True


def view_of(app: BylineApp) -> ArticleView:
    return app.screen.query_one(ArticleView)


def screen_text(view: ArticleView) -> list[str]:
    return [view.render_line(y).text for y in range(view.scrollable_content_region.height)]


def app_for(article: Article, data_dir: Path | None = None) -> BylineApp:
    return BylineApp(
        article=article,
        use_library=data_dir is not None,
        data_dir=str(data_dir) if data_dir is not None else None,
        load_user_files=False,
    )


def long_linked_article(url: str, target: str) -> Article:
    """Forty paragraphs, each linking to ``target`` and to a paragraph-own address, from ``url``."""
    blocks = [
        linked(
            f"Paragraph {n} tells of the harbour plan and links to the next story and to item {n} here.",
            ("next story", target),
            (f"item {n}", f"{url}/items/{n}"),
        )
        for n in range(40)
    ]
    return Article(source=url, url=url, title="Many links", blocks=blocks)


def styles_of(view: ArticleView, y: int, words: str) -> list[Any]:
    """The styles of the segments of line ``y`` that hold ``words``."""
    return [segment.style for segment in view.render_line(y) if words in segment.text]


def png_header_only(width: int, height: int) -> bytes:
    """The start of a PNG declaring ``width`` x ``height`` pixels (how a decompression bomb starts)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    )


# -- links ----------------------------------------------------------------------------------------


async def test_links_are_underlined_in_the_link_colour_with_numbers_that_hash_hides() -> None:
    app = app_for(rich_article())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = view_of(app)
        text = "\n".join(screen_text(view))
        assert "Reuters[1]" in text and "speech[2]" in text
        # The same address keeps its number; the embed is numbered too.
        assert text.count("[2]") == 2 and "▶ Video: the vote [4]" in text
        y = next(i for i, line in enumerate(screen_text(view)) if "Reuters" in line)
        (style,) = styles_of(view, y, "Reuters")
        assert style.underline and style.color is not None
        assert style.color.triplet is not None and style.color.triplet.hex.upper() == "#7DB8E0"
        (number,) = styles_of(view, y, "[1]")
        assert not number.underline
        await pilot.press("number_sign")
        await pilot.pause()
        text = "\n".join(screen_text(view))
        assert "Reuters on Monday" in text and "[1]" not in text
        await pilot.press("number_sign")
        await pilot.pause()
        assert "Reuters[1]" in "\n".join(screen_text(view))


async def test_emphasis_strong_and_code_are_styled() -> None:
    app = app_for(rich_article())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = view_of(app)
        y = next(i for i, line in enumerate(screen_text(view)) if "strong start" in line)
        (em,) = [s for seg in view.render_line(y) if seg.text == "she" for s in [seg.style]]
        (strong,) = [s for seg in view.render_line(y) if seg.text == "strong" for s in [seg.style]]
        (code,) = [s for seg in view.render_line(y) if seg.text == "plan" for s in [seg.style]]
        assert em.italic and not em.bold
        assert strong.bold
        assert code.color is not None and code.color.triplet is not None
        assert code.color.triplet.hex.upper() == "#E0A458"


async def test_link_numbers_keep_quotes_and_search_on_their_words() -> None:
    text = "Officials told Reuters: “we will finish on time,” in a statement."
    block = Block("paragraph", text, spans=(Span(15, 22, "link", "https://reuters.example/"),))
    from news.model import Quote

    article = Article(
        source="q.html",
        title="Quotes",
        blocks=[block],
        quotes=[Quote("we will finish on time", None, None, 0)],
    )
    app = app_for(article)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("right_curly_bracket")
        await pilot.pause()
        view = view_of(app)
        y = next(i for i, line in enumerate(screen_text(view)) if "Reuters[1]" in line)
        plain = next(iter(view.render_line(y))).style
        highlighted = "".join(
            seg.text for seg in view.render_line(y) if seg.style and seg.style.bgcolor != plain.bgcolor
        )
        assert "we will finish on time" in highlighted and "[1]" not in highlighted


async def test_f_opens_a_link_in_a_new_reader_and_back_returns_to_the_same_line(
    http_server: LocalHTTPServer, tmp_path: Path
) -> None:
    target = http_server.add("/next", PAGE.format(title="The next story"))
    story = http_server.url("/story")
    app = app_for(long_linked_article(story, target), tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = view_of(app)
        for _ in range(3):
            await pilot.press("space")
        await pilot.pause()
        before = view.top_line
        assert before > 20
        for round_trip in range(3):
            await pilot.press("f")
            await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
            await pilot.press("1", "enter")
            await wait_for(
                pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen is not view.screen
            )
            opened = app.screen
            assert isinstance(opened, ReaderScreen)
            await wait_for(pilot, lambda screen=opened: screen.article is not None, timeout=20)
            assert opened.article is not None and "The next story" in opened.article.title
            assert opened.origin == story  # the article's address vouches for its links
            await pilot.press("q" if round_trip % 2 == 0 else "backspace")
            await wait_for(pilot, lambda: app.screen is view.screen)
            await pilot.pause()
            assert view.top_line == before
    library = Library(tmp_path / "data")
    assert library.find(target) is not None  # a followed link joins the library


async def test_f_refuses_a_number_no_link_has() -> None:
    app = app_for(rich_article())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        first = app.screen
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        await pilot.press("9", "9", "enter")
        await pilot.pause()
        assert app.screen is first
        assert any("No link numbered 99" in n.message for n in app._notifications)


async def test_a_link_to_a_file_or_an_embed_opens_in_the_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    browser = RecordingBrowser()
    monkeypatch.setattr(webbrowser, "get", lambda using=None: browser)
    app = app_for(rich_article())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        first = app.screen
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        await pilot.press("3", "enter")  # the opposition's reply, a PDF
        await wait_for(pilot, lambda: browser.opened)
        assert browser.opened == ["https://opp.example/reply.pdf"]
        assert app.screen is first
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        await pilot.press("4", "enter")  # the embedded video
        await wait_for(pilot, lambda: len(browser.opened) == 2)
        assert browser.opened[1] == "https://video.example/vote" and app.screen is first


async def test_L_lists_the_links_enter_opens_o_browses_y_copies(
    http_server: LocalHTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = RecordingBrowser()
    monkeypatch.setattr(webbrowser, "get", lambda using=None: browser)
    target = http_server.add("/speech", PAGE.format(title="The full speech"))
    article = rich_article(url=http_server.url("/story"))
    article.blocks[0] = linked(
        article.blocks[0].text, ("Reuters", "https://reuters.example/"), ("full speech", target)
    )
    app = app_for(article)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        first = app.screen
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, LinksScreen))
        links = app.screen
        assert isinstance(links, LinksScreen)
        assert [link.url for link in links.links] == [
            "https://reuters.example/",
            target,
            "https://gov.example/speech",
            "https://opp.example/reply.pdf",
            "https://video.example/vote",
        ]
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == "https://reuters.example/"
        await pilot.press("o")
        await wait_for(pilot, lambda: browser.opened)
        assert browser.opened == ["https://reuters.example/"] and app.screen is first
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, LinksScreen))
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen is not first)
        opened = app.screen
        assert isinstance(opened, ReaderScreen)
        await wait_for(pilot, lambda: opened.article is not None, timeout=20)
        assert opened.article is not None and opened.article.title.startswith("The full speech")


async def test_link_words_and_alt_text_are_never_markup() -> None:
    article = Article(
        source="hostile.html",
        title="Hostile",
        blocks=[
            linked(f"See {HOSTILE} now.", (HOSTILE, "https://x.example/")),
            Block(
                "image",
                "x",
                media=Image("https://x.example/i.png", alt=f"alt {HOSTILE}", caption="c\x1b[31m"),
            ),
        ],
    )
    app = app_for(article)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = "\n".join(screen_text(view_of(app)))
        assert f"See {HOSTILE}[1] now." in text
        assert f"▣ alt {HOSTILE} — c[31m" in text
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(app.screen, LinksScreen))
        assert app.screen.links[0].text == HOSTILE  # type: ignore[attr-defined]


# -- pictures ------------------------------------------------------------------------------------


def served_picture(http_server: LocalHTTPServer, tmp_path: Path) -> tuple[str, Article, Path]:
    """A 160x80 picture served on 127.0.0.1, the story holding it (from the same server), a library folder."""
    picture = http_server.add("/harbour.png", png(160, 80), content_type="image/png")
    return picture, rich_article(picture, url=http_server.url("/story")), tmp_path / "data"


def has_picture(view: ArticleView) -> bool:
    return any("▀" in line for line in screen_text(view))


async def test_a_picture_is_fetched_after_the_text_drawn_in_half_cells_and_kept_offline(
    http_server: LocalHTTPServer, tmp_path: Path
) -> None:
    picture, article, data = served_picture(http_server, tmp_path)
    app = app_for(article, data)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = view_of(app)
        await wait_for(pilot, lambda: has_picture(view))
        lines = screen_text(view)
        rows = [y for y, line in enumerate(lines) if "▀" in line]
        assert len(rows) == 5  # 160x80 pixels: 20 cells across, 5 rows of two pixels
        assert not any("▣" in line for line in lines)
        assert "The harbour at dawn (A. Photographer)" in lines[rows[-1] + 1]
        # Upper half white, lower half red: the top row is white on white, the bottom red on red.
        top = [seg.style for seg in view.render_line(rows[0]) if seg.text == "▀"]
        bottom = [seg.style for seg in view.render_line(rows[-1]) if seg.text == "▀"]
        assert top[0].color.triplet.hex == "#fafafa"
        assert bottom[0].bgcolor.triplet.hex == "#c82828"
    assert ImageStore(data).get(picture) is not None
    http_server.routes.clear()
    http_server.hits.clear()
    again = app_for(article, data)
    async with again.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: has_picture(view_of(again)))
    assert http_server.hits == []  # drawn from the kept copy, nothing fetched


async def test_i_turns_pictures_off_and_on_and_the_choice_is_remembered(
    http_server: LocalHTTPServer, tmp_path: Path
) -> None:
    _, article, data = served_picture(http_server, tmp_path)
    app = app_for(article, data)
    async with app.run_test(size=(120, 40)) as pilot:
        view = view_of(app)
        await wait_for(pilot, lambda: has_picture(view))
        await pilot.press("i")
        await pilot.pause()
        assert not has_picture(view)
        assert any("▣ Harbour at dawn — The harbour at dawn" in line for line in screen_text(view))
        await wait_for(pilot, lambda: Library(data).get_setting(IMAGES_SETTING) is False)
    http_server.hits.clear()
    again = app_for(article, data)
    async with again.run_test(size=(120, 40)) as pilot:
        view = view_of(again)
        await wait_for(pilot, lambda: not view.images_on)
        assert not has_picture(view)
        await pilot.press("i")
        await wait_for(pilot, lambda: has_picture(view))
    assert Library(data).get_setting(IMAGES_SETTING) is True


@pytest.mark.parametrize(
    "answer",
    ["garbage", "huge", "html", "missing"],
)
async def test_a_broken_or_huge_picture_keeps_its_placeholder(
    http_server: LocalHTTPServer, answer: str
) -> None:
    if answer == "garbage":
        url = http_server.add("/p.png", b"not a picture at all", content_type="image/png")
    elif answer == "huge":
        url = http_server.add("/p.png", png_header_only(60_000, 60_000), content_type="image/png")
    elif answer == "html":
        url = http_server.add("/p.png", "<html>login</html>")
    else:
        url = http_server.url("/p.png")
    article = rich_article(url, url=http_server.url("/story"))
    app = app_for(article)
    async with app.run_test(size=(120, 40)) as pilot:
        view = view_of(app)
        await wait_for(pilot, lambda: url in view.figures.failed)
        assert isinstance(app.screen, ReaderScreen) and app.screen.error is None
        assert any("▣ Harbour at dawn" in line for line in screen_text(view))
        assert not has_picture(view)


async def test_a_picture_redirected_to_a_private_address_is_refused(http_server: LocalHTTPServer) -> None:
    url = http_server.redirect("/p.png", "http://10.11.12.13/secret.png")
    app = app_for(rich_article(url, url=http_server.url("/story")))
    async with app.run_test(size=(120, 40)) as pilot:
        view = view_of(app)
        await wait_for(pilot, lambda: url in view.figures.failed)
        assert "private" in view.figures.failed[url]
        assert any("▣ Harbour at dawn" in line for line in screen_text(view))


async def test_a_picture_on_this_machine_is_refused_for_an_article_from_elsewhere(
    http_server: LocalHTTPServer,
) -> None:
    url = http_server.add("/p.png", png(16, 16), content_type="image/png")
    article = rich_article(url, url=None)  # a saved file: it vouches for no private address
    app = app_for(article)
    async with app.run_test(size=(120, 40)) as pilot:
        view = view_of(app)
        await wait_for(pilot, lambda: url in view.figures.failed)
    assert "loopback" in view.figures.failed[url]
    assert http_server.hits == []  # refused before any packet went out


def test_decoded_pictures_are_kept_small() -> None:
    picture = decode_picture(png(1600, 800))
    assert (picture.width, picture.height) == (1600, 800)
    assert picture.pixels.width == 320


# -- tables --------------------------------------------------------------------------------------


async def test_a_table_is_a_grid_within_the_measure_with_wrapped_cells() -> None:
    app = app_for(rich_article())
    async with app.run_test(size=(60, 40)) as pilot:
        await pilot.pause()
        lines = [line.rstrip() for line in screen_text(view_of(app))]
        top = next(i for i, line in enumerate(lines) if "┌" in line)
        grid = lines[top : top + 6]
        assert "│ Year │ Ships │ Note" in grid[1]
        assert "╞" in grid[2] and "2024" in grid[3] and "└" in grid[-1]
        assert all(len(line) <= 60 for line in lines)


async def test_a_wide_table_scrolls_sideways_with_h_and_l() -> None:
    app = app_for(wide_table_article())
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        view = view_of(app)

        def head() -> str:
            return next(line for line in screen_text(view) if "-heading" in line)

        first = head()
        assert "Column00-heading" in first and first.rstrip().endswith("▸")
        await pilot.press("l", "l", "l")
        await pilot.pause()
        moved = head()
        assert "Column00-heading" not in moved and "◂" in moved
        await pilot.press("h", "h", "h")
        await pilot.pause()
        assert head() == first


async def test_a_followed_link_that_is_no_page_can_go_to_the_browser_from_its_error(
    http_server: LocalHTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = RecordingBrowser()
    monkeypatch.setattr(webbrowser, "get", lambda using=None: browser)
    document = http_server.add("/document", b"%PDF-1.7 not a page", content_type="application/pdf")
    article = Article(
        source="s",
        url=http_server.url("/story"),
        title="A story",
        blocks=[linked("Read the full report here.", ("full report", document))],
    )
    app = app_for(article)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        first = app.screen
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        await pilot.press("1", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen is not first)
        opened = app.screen
        assert isinstance(opened, ReaderScreen)
        await wait_for(pilot, lambda: opened.error is not None, timeout=20)
        assert "application/pdf" in (opened.error or "")
        await pilot.press("o")
        await wait_for(pilot, lambda: browser.opened)
        assert browser.opened == [document]


async def test_a_picture_takes_at_most_a_share_of_a_short_pane_and_the_lead_image_comes_first() -> None:
    article = rich_article()
    article.lead_image = Image("https://pictures.example/lead.png", alt="The lead photo")
    app = app_for(article)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = view_of(app)
        lines = screen_text(view)
        assert "▣ The lead photo" in lines[4]  # under the headline's rule, before the body
        view.add_picture("https://pictures.example/harbour.png", decode_picture(png(800, 450)))
        view.relayout()
        await pilot.pause()
        height = view.scrollable_content_region.height
        rows = [line for line in view.text_layout.lines if view.text_layout.units[line.unit].role == "figure"]
        assert 4 <= len(rows) <= int(height * 0.6)


async def test_a_picture_arriving_above_the_reader_does_not_move_the_text_being_read() -> None:
    article = rich_article()
    article.blocks = article.blocks + [
        Block("paragraph", f"Later paragraph {n} of the story.") for n in range(60)
    ]
    app = app_for(article)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = view_of(app)
        target = view.line_for_block(len(article.blocks) - 40)
        assert target is not None
        view.scroll_to_line(target)
        await pilot.pause()
        before = screen_text(view)[0]
        assert "Later paragraph 20" in before
        view.add_picture("https://pictures.example/harbour.png", decode_picture(png(800, 450)))
        await wait_for(
            pilot,
            lambda: any(
                view.text_layout.units[line.unit].role == "figure" for line in view.text_layout.lines
            ),
        )
        await pilot.pause()
        assert screen_text(view)[0] == before
        assert view.top_line > target
