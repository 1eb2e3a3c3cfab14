"""Cell-aware wrapping of plain text: the offsets of each line, for a width in terminal cells."""

from __future__ import annotations

import re

from rich.cells import cell_len

_TOKEN = re.compile(r"\S+\s*|\s+")
_ASCII_TOKEN = re.compile(r"(\S*)\s*")


def cells(text: str) -> int:
    """Terminal cells taken by ``text``."""
    return len(text) if text.isascii() else cell_len(text)


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Word-wrap ``text`` to ``width`` cells; return (start, end) char offsets of each line.

    Newlines force a break; a word wider than the line is broken between characters.
    """
    width = max(1, width)
    result: list[tuple[int, int]] = []
    offset = 0
    for hard in text.split("\n"):
        if hard.isascii():
            _wrap_ascii(hard, offset, width, result)
        else:
            _wrap_line(hard, offset, width, result)
        offset += len(hard) + 1
    return result


def _wrap_ascii(text: str, base: int, width: int, out: list[tuple[int, int]]) -> None:
    """:func:`_wrap_line` for ASCII text, where a character is a cell: lengths, no per-token measuring.

    Most article text is ASCII, and this is the loop a long article's first layout spends its time in.
    """
    start = 0
    col = 0
    for match in _ASCII_TOKEN.finditer(text):
        pos, word_end, end = match.start(), match.end(1), match.end()
        if pos == end:
            continue
        word = word_end - pos
        if col and col + word > width:
            out.append((base + start, base + pos))
            start, col = pos, 0
        if word > width:
            for index in range(pos, end):
                if col and col + 1 > width and not text[index].isspace():
                    out.append((base + start, base + index))
                    start, col = index, 0
                col += 1
            continue
        col += end - pos
    out.append((base + start, base + len(text)))


def _wrap_line(text: str, base: int, width: int, out: list[tuple[int, int]]) -> None:
    start = 0
    col = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        word = token.rstrip()
        word_cells = cells(word)
        pos = match.start()
        if col and col + word_cells > width:
            out.append((base + start, base + pos))
            start, col = pos, 0
        if word_cells > width:
            for index, char in enumerate(token):
                char_cells = cells(char)
                if col and col + char_cells > width and not char.isspace():
                    out.append((base + start, base + pos + index))
                    start, col = pos + index, 0
                col += char_cells
            continue
        col += cells(token)
    out.append((base + start, base + len(text)))


def char_chunks(text: str, width: int) -> list[tuple[int, int]]:
    """Break preformatted ``text`` at newlines and every ``width`` cells, keeping its spaces."""
    width = max(1, width)
    result: list[tuple[int, int]] = []
    offset = 0
    for hard in text.split("\n"):
        start, col = 0, 0
        for index, char in enumerate(hard):
            char_cells = cells(char)
            if col + char_cells > width:
                result.append((offset + start, offset + index))
                start, col = index, 0
            col += char_cells
        result.append((offset + start, offset + len(hard)))
        offset += len(hard) + 1
    return result
