"""Kind 7 (and issue 9's decode item): the declared charset and the UTF-8 check come before any binary sniff.

The trial's inputs: a UTF-16LE page declared ``charset=utf-16le`` in the HTTP header with no BOM, and a UTF-8
page whose header claims shift_jis; both were refused as "binary data" while a browser reads them. And a page
declaring gb2312/GBK whose bytes are UTF-8, read as GB18030 garbage.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

import pytest

from news.decode import decode_page
from news.errors import SourceError
from news.fetch import FetchLimits
from news.pipeline import load

if TYPE_CHECKING:
    from conftest import LocalHTTPServer

LIMITS = FetchLimits(deadline=10)
PARAGRAPHS = [
    "Le président a déclaré « c’est la fin » — une décision très attendue par les élèves.",
    "石破茂首相は記者会見で、経済対策について「国民の生活を守る」と述べた。",
    "中国国家统计局周三公布的数据显示，十月份消费者价格指数同比上涨百分之二。",
]
PAGE = (
    "<html><head><title>Trois langues</title></head><body><article>"
    + "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    + "</article></body></html>"
)


def _texts(url: str) -> list[str]:
    return [block.text for block in load(url, limits=LIMITS).blocks]


@pytest.mark.parametrize("codec", ["utf-16le", "utf-16be", "utf-32le"])
def test_a_wide_page_declared_in_the_header_without_a_bom_is_read(
    http_server: LocalHTTPServer, codec: str
) -> None:
    url = http_server.add("/wide", PAGE.encode(codec), content_type=f"text/html; charset={codec}")
    assert _texts(url) == PARAGRAPHS


@pytest.mark.parametrize("label", ["shift_jis", "gb2312", "GBK", "euc-kr", "windows-1252", "big5"])
def test_a_utf8_page_declaring_a_legacy_charset_is_read_as_utf8(
    http_server: LocalHTTPServer, label: str
) -> None:
    url = http_server.add("/liar", PAGE.encode(), content_type=f"text/html; charset={label}")
    assert _texts(url) == PARAGRAPHS
    meta = PAGE.replace("<head>", f'<head><meta charset="{label}">')
    assert decode_page(meta.encode(), None).text == meta


def test_a_real_legacy_page_keeps_its_declaration() -> None:
    japanese = PAGE.replace(PARAGRAPHS[0], "").replace(PARAGRAPHS[2], "")
    result = decode_page(japanese.encode("shift_jis"), "shift_jis")
    assert (result.text, result.encoding, result.evidence) == (japanese, "cp932", "http")


def test_a_wide_label_on_8_bit_bytes_is_ignored() -> None:
    assert decode_page(PAGE.encode(), "utf-16le").text == PAGE


def test_binary_is_still_binary_whatever_is_declared(http_server: LocalHTTPServer) -> None:
    # Random bytes read as UTF-16 "decode" to CJK-looking text: only their lone surrogates give them away.
    for n, junk in enumerate([bytes(range(256)) * 40, random.Random(8).randbytes(20_000)]):
        for charset in ("utf-16le", "utf-16be", "shift_jis", "utf-8"):
            url = http_server.add(f"/junk{n}-{charset}", junk, content_type=f"text/html; charset={charset}")
            with pytest.raises(SourceError) as caught:
                load(url, limits=LIMITS)
            assert caught.value.reason == "not a web page or text (binary data)"
