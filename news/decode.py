"""Bytes to text: a BOM, then the HTTP charset, then the page's own declaration, then a detector.

Why a BOM beats the HTTP header (as in browsers, WHATWG "decode"): a BOM is in the bytes themselves and is
almost never wrong, while a Content-Type charset is often a server-wide default (Apache long sent
ISO-8859-1 for everything) that the page's author never chose.

A declaration is trusted while the bytes agree with it. Three exceptions, all about declarations that are
wrong far more often than right:

- a legacy label (Windows-1252, Shift_JIS, GBK, EUC-KR... anything but UTF-16/32) on bytes that are UTF-8
  with non-ASCII in them means UTF-8, as browsers' sniffers decide: runs of valid multi-byte UTF-8 almost
  never occur in real legacy text (a Windows-1252 accent, a Shift_JIS or GBK pair are not UTF-8 sequences);
- a UTF-16/32 label in the HTTP header on bytes that are not such text is ignored (:func:`decodes_as_wide`):
  markup in UTF-16 has a NUL beside every ASCII character, and real UTF-16 has no lone surrogates;
- a label whose decoding fails on much of the page is skipped for the next witness.

A handful of bad bytes in an otherwise fitting encoding become U+FFFD instead of throwing away the
declaration. Whether bytes are binary data is decided only after every witness had its say
(:func:`decodes_as_wide` for the NULs of UTF-16/32 text without a BOM).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Literal

Evidence = Literal["bom", "http", "meta", "utf-8", "detected", "fallback"]

_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([-\w.:]+)["']""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Labels mapped as browsers map them (WHATWG Encoding): each legacy name means its Windows superset.
_SUPERSETS = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "ansi_x3.4-1968": "cp1252",
    "windows-1252": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "chinese": "gb18030",
    "csgb2312": "gb18030",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "csshiftjis": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "big5": "big5hkscs",
    "x-user-defined": "cp1252",
}
_UNICODE_WIDE = {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}
_UNICODE = {"utf-8", "utf-8-sig", *_UNICODE_WIDE}
# How far into the body a wide encoding's NULs must show (the start of any HTML or text is mostly ASCII).
_HEAD = 4096


@dataclass(frozen=True, slots=True)
class Decoded:
    """A decoded body, the Python codec used and which witness chose it."""

    text: str
    encoding: str
    evidence: Evidence


def codec_name(label: str | None) -> str | None:
    """The Python codec for a charset label as pages and servers write it, or None when unknown."""
    if not label:
        return None
    name = label.strip().strip("'\"").lower()
    name = _SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(body: bytes, declared: str | None = None) -> str:
    """Decode ``body``; ``declared`` is the charset the server sent, if any."""
    return decode_page(body, declared).text


def decode_page(body: bytes, declared: str | None = None) -> Decoded:
    """Decode ``body`` and say how the encoding was chosen (see the module docstring for the order)."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return Decoded(body[len(bom) :].decode(name, errors="replace"), name, "bom")
    witnesses: tuple[tuple[Evidence, str | None], ...] = (
        ("http", codec_name(declared)),
        ("meta", _declared_in_page(body)),
    )
    for evidence, label in witnesses:
        if label is None:
            continue
        if label in _UNICODE_WIDE and not decodes_as_wide(body, label):
            continue
        if label not in _UNICODE and not body.isascii() and _fits(body, "utf-8"):
            return Decoded(body.decode("utf-8", errors="replace"), "utf-8", evidence)
        if _fits(body, label):
            return Decoded(body.decode(label, errors="replace"), label, evidence)
    if _fits(body, "utf-8"):
        return Decoded(body.decode("utf-8", errors="replace"), "utf-8", "utf-8")
    guess = _detect(body)
    if guess is None:
        return Decoded(body.decode("cp1252", errors="replace"), "cp1252", "fallback")
    return Decoded(body.decode(guess, errors="replace"), guess, "detected")


def decodes_as_wide(body: bytes, declared: str | None) -> bool:
    """Whether ``body`` is text in the UTF-16/32 encoding ``declared``, with no BOM needed.

    Its start must have a NUL (ASCII in a wide encoding) and decode without a single error: random bytes
    read as UTF-16 hold a lone surrogate every few dozen characters, real UTF-16 text none.
    """
    label = codec_name(declared)
    if label not in _UNICODE_WIDE or b"\x00" not in body[:_HEAD]:
        return False
    try:
        codecs.getincrementaldecoder(label)().decode(body[:_HEAD], final=False)
    except UnicodeDecodeError:
        return False
    return True


def _fits(body: bytes, encoding: str) -> bool:
    """Whether ``body`` is text in ``encoding``, a few stray bad bytes aside."""
    try:
        body.decode(encoding)
        return True
    except UnicodeDecodeError:
        pass
    text = body.decode(encoding, errors="replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", "ignore")) - bad  # non-ASCII characters that decoded
    return good >= max(2 * bad, 4)


def _declared_in_page(body: bytes) -> str | None:
    head = body[:8192]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not match:
        return None
    name = codec_name(match.group(1).decode("ascii", "ignore"))
    # Markup we could read as ASCII cannot be UTF-16/32, whatever it claims (WHATWG "get an encoding").
    return "utf-8" if name in _UNICODE_WIDE else name


def _detect(body: bytes) -> str | None:
    # Loaded here: most pages declare their charset, and the reader's helper should not wait for the detector.
    import charset_normalizer

    results = charset_normalizer.from_bytes(body[:200_000])
    best = results.best()
    if best is None:
        return None
    # The detector often ties Windows-1252 with 1250/Baltic code pages on Western text; Windows-1252 is the
    # web's legacy default by far, so among equally plausible readings it wins.
    for match in results:
        if match.chaos <= best.chaos + 0.01 and "cp1252" in match.could_be_from_charset:
            return "cp1252"
    return codec_name(best.encoding)
