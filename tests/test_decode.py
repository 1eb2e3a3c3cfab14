"""news.decode on real bytes in Windows-1252, Shift_JIS and GB2312, declared every way and not at all."""

from __future__ import annotations

import codecs
from typing import TYPE_CHECKING

import pytest

from news.decode import codec_name, decode, decode_page
from news.fetch import FetchLimits
from news.pipeline import load

if TYPE_CHECKING:
    from pathlib import Path

    from conftest import LocalHTTPServer, PageMaker

FRENCH = [
    "Le président a déclaré « c’est la fin » — une décision très attendue par les élèves.",
    "À Lyon, où la grève dure depuis trois semaines, les professeurs espèrent “un geste” du ministère…",
    "Les syndicats réclament une hausse des salaires et dénoncent des conditions de travail dégradées.",
]
JAPANESE = [
    "石破茂首相は記者会見で、経済対策について「国民の生活を守る」と述べた。",
    "政府は来年度予算案の編成を急ぐ。物価高への対応が焦点となる。",
    "野党は補正予算案の審議で、財源の裏付けを追及する構えだ。",
]
CHINESE = [
    "中国国家统计局周三公布的数据显示，十月份消费者价格指数同比上涨百分之二。",
    "经济学家表示，食品价格上涨是推动通胀的主要因素，预计年底前将保持稳定。",
    "市场分析人士认为，央行近期不会调整基准利率。",
]
CASES = [
    ("cp1252", "windows-1252", FRENCH),
    ("shift_jis", "Shift_JIS", JAPANESE),
    ("gb2312", "gb2312", CHINESE),
]


def _page(paragraphs: list[str], head: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><head>{head}<title>{paragraphs[0][:12]}</title></head><body>{body}</body></html>"


@pytest.mark.parametrize(("codec", "label", "paragraphs"), CASES)
def test_http_charset(codec: str, label: str, paragraphs: list[str]) -> None:
    html = _page(paragraphs)
    result = decode_page(html.encode(codec), label)
    assert (result.text, result.evidence) == (html, "http")


@pytest.mark.parametrize(("codec", "label", "paragraphs"), CASES)
def test_meta_charset_and_http_equiv(codec: str, label: str, paragraphs: list[str]) -> None:
    for head in (
        f'<meta charset="{label}">',
        f'<meta http-equiv="Content-Type" content="text/html; charset={label}">',
    ):
        html = _page(paragraphs, head)
        result = decode_page(html.encode(codec))
        assert (result.text, result.evidence) == (html, "meta")


@pytest.mark.parametrize(("codec", "label", "paragraphs"), CASES)
def test_undeclared_pages_are_detected(codec: str, label: str, paragraphs: list[str]) -> None:
    html = _page(paragraphs)
    result = decode_page(html.encode(codec))
    assert (result.text, result.evidence) == (html, "detected")


def test_undeclared_western_page_prefers_windows_1252_over_its_look_alikes() -> None:
    # è, à and ù are where 1252 and 1250/Baltic pages differ; the detector rates them the same.
    html = _page(FRENCH * 10)
    assert decode(html.encode("cp1252")) == html


def test_xml_declaration() -> None:
    html = '<?xml version="1.0" encoding="Shift_JIS"?>' + _page(JAPANESE)
    assert decode_page(html.encode("shift_jis")).evidence == "meta"
    assert decode(html.encode("shift_jis")) == html


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_a_bom_beats_the_http_charset(bom: bytes, codec: str) -> None:
    html = _page(FRENCH)
    result = decode_page(bom + html.encode(codec), "iso-8859-1")
    assert (result.text, result.evidence) == (html, "bom")


def test_a_latin1_label_on_utf8_bytes_means_utf8() -> None:
    html = _page(FRENCH)
    assert decode(html.encode("utf-8"), "ISO-8859-1") == html
    assert decode(_page(FRENCH, '<meta charset="us-ascii">').encode("utf-8")).endswith("</html>")
    assert "é" in decode(_page(FRENCH, '<meta charset="us-ascii">').encode("utf-8"))


def test_a_wrong_declaration_gives_way_to_the_bytes() -> None:
    html = _page(FRENCH, '<meta charset="utf-8">')
    assert decode(html.encode("cp1252")) == html
    sjis = _page(JAPANESE, '<meta charset="utf-8">')
    assert decode(sjis.encode("shift_jis")) == sjis


def test_a_few_invalid_bytes_in_utf8_are_replaced_not_reinterpreted() -> None:
    html = _page(FRENCH + JAPANESE)
    data = html.encode("utf-8").replace("grève".encode(), b"gr\xffve\xc3")
    text = decode(data, "utf-8")
    assert "gr\ufffdve\ufffd" in text
    assert all(p in text for p in JAPANESE)
    assert decode(data) == text  # undeclared too


def test_utf16_claimed_by_readable_markup_means_utf8() -> None:
    html = _page(FRENCH, '<meta charset="utf-16">')
    assert decode(html.encode("utf-8")) == html


def test_plain_ascii_and_empty() -> None:
    assert decode(b"") == ""
    assert decode(b"<p>plain</p>", "shift_jis") == "<p>plain</p>"


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("ISO-8859-1", "cp1252"),
        ("latin1", "cp1252"),
        ("US-ASCII", "cp1252"),
        ("GB2312", "gb18030"),
        ("GBK", "gb18030"),
        ("Shift_JIS", "cp932"),
        ("x-sjis", "cp932"),
        ("EUC-KR", "cp949"),
        ("'utf-8'", "utf-8"),
        ("UTF8", "utf-8"),
        ("no-such-charset", None),
        (None, None),
    ],
)
def test_labels_map_to_the_codec_browsers_use(label: str | None, codec: str | None) -> None:
    assert codec_name(label) == codec


@pytest.mark.parametrize(("codec", "label", "paragraphs"), CASES)
def test_pages_in_legacy_encodings_through_the_pipeline(
    http_server: LocalHTTPServer,
    article_page: PageMaker,
    tmp_path: Path,
    codec: str,
    label: str,
    paragraphs: list[str],
) -> None:
    paragraphs = [p * 3 for p in paragraphs]
    title = paragraphs[0][:10]
    declared = article_page(title, paragraphs).encode(codec)
    url = http_server.add("/legacy", declared, content_type=f"text/html; charset={label}")
    undeclared = tmp_path / "page.html"
    undeclared.write_bytes(declared)
    for source in (url, str(undeclared)):
        article = load(source, limits=FetchLimits(deadline=10))
        assert all(p in article.text for p in paragraphs), source
        assert title in article.title
