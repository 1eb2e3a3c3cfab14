"""Pictures in the article pane: decoded once (in a worker), drawn as half-cell rows for the line API.

Each cell shows two pixels, one above the other: ``▀`` in the upper pixel's colour on the lower
pixel's colour (the half-cell mode of textual-image, drawn here row by row so the article view
can render only the visible lines). Terminal cells are about twice as tall as wide, so half-cell
pixels are square and a picture keeps its shape. Pillow is imported only where a picture is
decoded or scaled, never before the first paint.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.color import Color
from rich.segment import Segment
from rich.style import Style

from news.sanitize import safe_line

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

    from news.model import Image

PLACEHOLDER_MARK = "▣"

MAX_PIXELS = 40_000_000
"""Pixels a picture may declare before it is refused unread (a decompression bomb; Pillow warns at 89 M)."""

KEPT_WIDTH = 320
"""Pixels across a decoded picture is kept at: four times the widest measure's 80 cells, enough to
scale down sharply to any width (half-cell mode draws one pixel per cell across)."""

PIXELS_PER_CELL = 8
"""Pixels of the page's picture one cell stands for, so a small picture (an icon-sized chart) is not
blown up to the whole measure; 8 is about a cell's width on common terminal fonts."""

MAX_ROWS = 24
"""Lines a picture may take at most: about two thirds of a 40-line terminal, so text stays in sight."""

PANE_SHARE = 0.6
"""Share of the pane's height a picture may take on a shorter terminal (14 lines of an 80x24 one)."""

MIN_COLUMNS = 8


class PictureError(Exception):
    """A picture that cannot be shown; ``str()`` says why in a few words."""


@dataclass(frozen=True, slots=True)
class Picture:
    """A decoded picture (RGB, at most :data:`KEPT_WIDTH` pixels wide) and its size on the page."""

    pixels: PILImage
    width: int
    height: int


def decode_picture(data: bytes) -> Picture:
    """Decode image bytes (JPEG, PNG, GIF, WebP, BMP...); raise :class:`PictureError` when they are not one.

    Runs in a worker thread: decoding a large JPEG takes tens of milliseconds.
    """
    import io

    from PIL import Image as PILImageModule
    from PIL import UnidentifiedImageError

    try:
        with PILImageModule.open(io.BytesIO(data)) as opened:
            width, height = opened.size
            if width <= 0 or height <= 0:
                raise PictureError("an empty picture")
            if width * height > MAX_PIXELS:
                raise PictureError(f"too large ({width}x{height} pixels)")
            # JPEG decodes straight to a smaller size: far less work than decoding then scaling.
            opened.draft("RGB", (KEPT_WIDTH, max(1, KEPT_WIDTH * height // width)))
            frame = opened.convert("RGBA")
    except PictureError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as error:
        raise PictureError(f"not a picture byline can read ({type(error).__name__})") from None
    except PILImageModule.DecompressionBombError:
        raise PictureError("too large to decode") from None
    # Transparent parts over the reader's dark or light page would look black: lay them on mid grey.
    backdrop = PILImageModule.new("RGBA", frame.size, (128, 128, 128, 255))
    rgb = PILImageModule.alpha_composite(backdrop, frame).convert("RGB")
    if rgb.width > KEPT_WIDTH:
        rgb = rgb.resize((KEPT_WIDTH, max(1, round(KEPT_WIDTH * rgb.height / rgb.width))))
    return Picture(rgb, width, height)


def placeholder_text(image: Image) -> str:
    """The one line standing in for a picture not shown: ``▣ alt — caption``."""
    alt = safe_line(image.alt)
    caption = safe_line(image.caption)
    words = [alt] if alt else []
    if caption and caption != alt:
        words.append(caption)
    return f"{PLACEHOLDER_MARK} " + (" — ".join(words) if words else "picture")


def caption_text(image: Image) -> str:
    """The line under a picture: its caption and credit, or "" when it has neither."""
    caption, credit = safe_line(image.caption), safe_line(image.credit)
    if caption and credit:
        return f"{caption} ({credit})"
    return caption or credit


def picture_size(picture: Picture, text_width: int, max_rows: int = MAX_ROWS) -> tuple[int, int]:
    """(columns, rows) ``picture`` takes on a measure ``text_width`` cells wide, at most ``max_rows`` tall."""
    columns = min(text_width, max(MIN_COLUMNS, math.ceil(picture.width / PIXELS_PER_CELL)))
    rows = max(1, round(columns * picture.height / picture.width / 2))
    if rows > max_rows:
        rows = max(1, max_rows)
        columns = max(1, min(columns, round(rows * 2 * picture.width / picture.height)))
    return columns, rows


@dataclass(slots=True)
class Figures:
    """The article's decoded pictures by URL, and their half-cell rows per measure (drawn on first use)."""

    pictures: dict[str, Picture] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    max_rows: int = MAX_ROWS
    """Lines a picture may take (see :meth:`fit_pane`)."""
    _drawn: dict[tuple[str, int], list[list[Segment]]] = field(default_factory=dict)

    def fit_pane(self, height: int) -> bool:
        """Let pictures take a share of a pane ``height`` lines tall; True when that changes their size."""
        rows = max(4, min(MAX_ROWS, int(height * PANE_SHARE)))
        if rows == self.max_rows:
            return False
        self.max_rows = rows
        self._drawn.clear()
        return True

    def add(self, url: str, picture: Picture | None, reason: str = "") -> None:
        """Keep ``picture`` for ``url`` (None: it could not be had, for ``reason``)."""
        if picture is None:
            self.failed[url] = reason
        else:
            self.pictures[url] = picture

    def rows(self, url: str, text_width: int) -> int | None:
        """Lines the picture at ``url`` takes at ``text_width``; None when there is none to draw."""
        picture = self.pictures.get(url)
        return None if picture is None else picture_size(picture, text_width, self.max_rows)[1]

    def row(self, url: str, text_width: int, y: int) -> list[Segment]:
        """Segments of line ``y`` of the picture at ``url``, centred in ``text_width`` cells."""
        key = (url, text_width)
        drawn = self._drawn.get(key)
        if drawn is None:
            drawn = self._draw(self.pictures[url], text_width, self.max_rows)
            if len(self._drawn) > 64:
                self._drawn.clear()
            self._drawn[key] = drawn
        return drawn[y] if 0 <= y < len(drawn) else []

    @staticmethod
    def _draw(picture: Picture, text_width: int, max_rows: int) -> list[list[Segment]]:
        columns, rows = picture_size(picture, text_width, max_rows)
        scaled = picture.pixels.resize((columns, rows * 2))
        data = scaled.tobytes()
        indent = Segment(" " * ((text_width - columns) // 2))
        colours: dict[bytes, Color] = {}

        def colour(offset: int) -> Color:
            key = data[offset : offset + 3]
            found = colours.get(key)
            if found is None:
                found = colours[key] = Color.from_rgb(key[0], key[1], key[2])
            return found

        lines: list[list[Segment]] = []
        stride = columns * 3
        for y in range(rows):
            top, bottom = 2 * y * stride, (2 * y + 1) * stride
            segments = [indent]
            for x in range(columns):
                style = Style(color=colour(top + 3 * x), bgcolor=colour(bottom + 3 * x))
                segments.append(Segment("▀", style))
            lines.append(segments)
        return lines
