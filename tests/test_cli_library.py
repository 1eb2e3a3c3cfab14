"""byline save / list / bookmarks as CONTRACT.md describes them, on the seed article files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from byline.cli import main
from storage import Library

DATA = Path(__file__).parent / "data"
HTML = str(DATA / "newslooks-ishiba.html")
TEXT = str(DATA / "newslooks-ishiba.txt")
HTML_TITLE = "Trump Tells Ishiba He Aims to Slash U.S.-Japan Trade Deficit"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty BYLINE_HOME, so nothing touches the real user folders."""
    folder = tmp_path / "home"
    monkeypatch.setenv("BYLINE_HOME", str(folder))
    return folder


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_save_prints_source_and_title_and_keeps_the_body(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "save", HTML, TEXT)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"{HTML}\t{HTML_TITLE}"
    assert lines[1].startswith(f"{TEXT}\t") and len(lines) == 2
    library = Library(home)
    entries = library.articles()
    assert {e.source for e in entries} == {HTML, TEXT}
    saved = next(e for e in entries if e.source == HTML)
    assert saved.url is not None and saved.url.startswith("https://www.newslooks.com/")
    body = library.load_article(saved.id)
    assert body.title == HTML_TITLE and len(body.blocks) > 10


def test_save_with_a_bad_source_exits_1_and_saves_the_rest(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(home.parent / "missing.html")
    code, out, err = run(capsys, "save", missing, HTML)
    assert code == 1
    assert out == f"{HTML}\t{HTML_TITLE}\n"
    [line] = err.splitlines()
    assert missing in line and line.startswith("byline: ")
    assert [e.source for e in Library(home).articles()] == [HTML]


def test_save_usage_error_exits_2(home: Path) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["save"])
    assert exited.value.code == 2


def test_saving_twice_keeps_one_entry(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "save", HTML)
    run(capsys, "save", HTML)
    code, out, _ = run(capsys, "list", "--format", "json")
    assert code == 0 and len(json.loads(out)) == 1


def test_same_file_name_in_two_folders_saves_two_articles(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for folder, title in (("x", "First story"), ("y", "Second story")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text(f"{title}\n\nThe body of the {title.lower()}.\n")
        monkeypatch.chdir(tmp_path / folder)
        assert run(capsys, "save", "a.txt") == (0, f"a.txt\t{title}\n", "")
    run(capsys, "save", str(tmp_path / "y" / "a.txt"))  # the same file as the last, by another name
    entries = json.loads(run(capsys, "list", "--format", "json")[1])
    assert sorted((e["title"], e["source"]) for e in entries) == [
        ("First story", "a.txt"),
        ("Second story", str(tmp_path / "y" / "a.txt")),
    ]


def test_data_dir_option_wins_over_byline_home(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    assert run(capsys, "save", "--data-dir", str(elsewhere), HTML)[0] == 0
    assert len(Library(elsewhere).articles()) == 1
    assert not home.exists()
    assert (
        json.loads(run(capsys, "list", "--data-dir", str(elsewhere), "--format", "json")[1])[0]["source"]
        == HTML
    )


def test_list_json_has_the_contract_fields(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "save", TEXT)
    run(capsys, "save", HTML)
    library = Library(home)
    newest = library.articles()[0]
    library.set_progress(newest.id, 0.5, 4)
    code, out, err = run(capsys, "list", "--format", "json")
    assert (code, err) == (0, "")
    entries = json.loads(out)
    assert isinstance(entries, list) and len(entries) == 2
    for entry in entries:
        assert {"id", "title", "url", "source", "site", "saved_at", "read", "progress"} <= entry.keys()
        assert isinstance(entry["read"], bool) and 0.0 <= entry["progress"] <= 1.0
    assert entries[0]["source"] == HTML and entries[0]["progress"] == 0.5  # newest saved first
    assert entries[0]["site"] == "Newslooks" and entries[1]["url"] is None


def test_list_text_one_line_per_article(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "save", HTML, TEXT)
    library = Library(home)
    html_entry = library.find(HTML)
    assert html_entry is not None
    library.set_progress(html_entry.id, 0.25, 3)
    code, out, _ = run(capsys, "list")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    html_line = next(line for line in lines if line.startswith(html_entry.id))
    assert (
        "25%" in html_line
        and HTML_TITLE in html_line
        and "(Newslooks · published 2025-02-07 · saved" in html_line
    )


def test_list_text_tells_a_file_from_a_site_and_labels_its_dates(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same story saved as .html and as .txt, by a relative path: two rows a reader can tell apart.
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "x.html").write_bytes(Path(HTML).read_bytes())
    (pages / "x.txt").write_bytes(Path(TEXT).read_bytes())
    monkeypatch.chdir(tmp_path)
    run(capsys, "save", "pages/x.html", "pages/x.txt")
    code, out, _ = run(capsys, "list")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2 and lines[0] != lines[1]
    assert all("(pages/" not in line for line in lines)
    text_line = next(line for line in lines if "x.txt" in line)
    assert f"x.txt · saved {Library(home).articles()[0].saved_at[:10]})" in text_line
    assert "published 2025-02-07 · saved " in next(line for line in lines if "x.txt" not in line)


def test_empty_library(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "list", "--format", "json")[:2] == (0, "[]\n")
    assert run(capsys, "bookmarks", "--format", "json")[:2] == (0, "[]\n")
    code, out, err = run(capsys, "list")
    assert (code, out) == (0, "") and "empty" in err


def bookmark_two(home: Path) -> tuple[str, str]:
    library = Library(home)
    html_entry, text_entry = library.find(HTML), library.find(TEXT)
    assert html_entry is not None and text_entry is not None
    library.add_bookmark(
        html_entry.id,
        text="We will [not] *cut* taxes",
        kind="quote",
        speaker="Ishiba",
        section="Trade",
        block=4,
    )
    passage = library.add_bookmark(
        text_entry.id, text="A passage\nover two lines.", kind="passage", speaker=None, section=None, block=2
    )
    library.set_bookmark_note(passage.id, "check the figure")
    library.add_bookmark(
        html_entry.id, text="Second quote", kind="quote", speaker="Trump", section=None, block=9
    )
    return html_entry.title, text_entry.title


def test_bookmarks_json_oldest_first(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "save", HTML, TEXT)
    bookmark_two(home)
    code, out, _ = run(capsys, "bookmarks", "--format", "json")
    marks = json.loads(out)
    assert code == 0 and [m["text"] for m in marks] == [
        "We will [not] *cut* taxes",
        "A passage\nover two lines.",
        "Second quote",
    ]
    for mark in marks:
        keys = ("id", "text", "kind", "speaker", "section", "article_title", "article_url", "created_at")
        assert set(keys) <= mark.keys()
    assert marks[0]["kind"] == "quote" and marks[0]["speaker"] == "Ishiba" and marks[0]["section"] == "Trade"
    assert marks[0]["article_title"] == HTML_TITLE and marks[0]["article_url"].startswith("https://")
    assert marks[1]["kind"] == "passage" and marks[1]["note"] == "check the figure"


def test_bookmarks_markdown_grouped_by_article(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "save", HTML, TEXT)
    html_title, text_title = bookmark_two(home)
    code, out, _ = run(capsys, "bookmarks", "--format", "markdown")
    assert code == 0
    library = Library(home)
    html_entry = library.find(HTML)
    assert html_entry is not None
    url = html_entry.url
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    # One section per article, in order of the first bookmark; both quotes of the first article under it.
    assert headings == [f"## [{html_title}](<{url}>)", f"## {text_title}"]
    first, second = out.split("\n## ")[1:]
    # Each article's metadata, front matter style, under its heading.
    assert f"- title: {html_title}\n- authors: J. Mansour\n- site: Newslooks\n- url: <{url}>\n" in first
    assert f"- published: 2025-02-07\n- saved: {html_entry.saved_at[:10]}\n" in first
    assert "> We will [not] \\*cut\\* taxes\n>\n> — Ishiba · § Trade" in first  # escaped as dump escapes
    assert "> Second quote\n>\n> — Trump\n" in first
    # A passage is the article's own words: set apart, not a quote; its note right under it.
    assert "*Passage*\n\nA passage over two lines.\n\n*Note:* check the figure" in second
    assert "> " not in second


def test_bookmarks_markdown_parses_as_commonmark_with_the_structure_intended(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from markdown_it import MarkdownIt

    run(capsys, "save", HTML, TEXT)
    bookmark_two(home)
    out = run(capsys, "bookmarks", "--format", "markdown")[1]
    tokens = MarkdownIt("commonmark").parse(out)
    kinds = [token.type for token in tokens]
    assert kinds.count("blockquote_open") == 2  # the two quotes, the passage is not one
    assert kinds.count("heading_open") == 3  # the document's and one per article
    assert "html_block" not in kinds and not any(
        child.type == "html_inline" for token in tokens for child in token.children or []
    )
    links = [child for token in tokens for child in token.children or [] if child.type == "link_open"]
    assert len(links) == 2 and all(link.attrs["href"].startswith("https://") for link in links)
    # The bracket and asterisks of the quote stay text: no link, no emphasis made of them.
    quote_text = next(
        token.content for token in tokens if token.type == "inline" and "taxes" in token.content
    )
    rendered = MarkdownIt("commonmark").renderInline(quote_text)
    assert rendered == "We will [not] *cut* taxes"


def test_bookmarks_of_one_article_start_with_front_matter_and_since_filters(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "save", HTML, TEXT)
    bookmark_two(home)
    html_entry = Library(home).find(HTML)
    assert html_entry is not None
    code, out, _ = run(capsys, "bookmarks", "--format", "markdown", "--article", html_entry.id)
    assert code == 0
    front, body = out.split("\n---\n", 1)
    lines = front.splitlines()
    assert lines[0] == "---"
    fields = {line.split(": ", 1)[0]: json.loads(line.split(": ", 1)[1]) for line in lines[1:]}
    assert fields["authors"] == ["J. Mansour"] and fields["site"] == "Newslooks"
    assert fields["url"] == html_entry.url and fields["published"] == "2025-02-07"
    assert "A passage" not in body and body.count("> — ") == 2
    marks = json.loads(run(capsys, "bookmarks", "--format", "json", "--article", html_entry.id)[1])
    assert {mark["article_id"] for mark in marks} == {html_entry.id}
    assert json.loads(run(capsys, "bookmarks", "--format", "json", "--since", "2999-01-01")[1]) == []
    today = marks[0]["created_at"][:10]
    assert len(json.loads(run(capsys, "bookmarks", "--format", "json", "--since", today)[1])) == 3
    with pytest.raises(SystemExit) as usage:
        run(capsys, "bookmarks", "--since", "yesterday")
    assert usage.value.code == 2


def test_bookmarks_text(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "save", HTML, TEXT)
    bookmark_two(home)
    code, out, _ = run(capsys, "bookmarks")
    assert code == 0
    blocks = out.strip().split("\n\n")
    assert len(blocks) == 3
    assert blocks[0].startswith("“We will [not] *cut* taxes” — Ishiba\n") and "Trade" in blocks[0]
    assert "note: check the figure" in blocks[1]


def test_corrupt_library_is_reported_on_stderr_in_one_line(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "save", HTML)
    (home / "library.json").write_bytes(b"\x00\x00\x00")
    code, out, err = run(capsys, "list", "--format", "json")
    assert code == 0 and len(json.loads(out)) == 1
    [line] = err.splitlines()
    assert line.startswith("byline: library.json was corrupt") and str(home) in line
    assert run(capsys, "list", "--format", "json")[2] == ""


def test_unusable_data_dir_is_one_line_and_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run(capsys, "list", "--data-dir", str(blocker / "lib"))
    assert code == 1 and len(err.splitlines()) == 1 and "cannot use" in err


def test_dump_writes_nothing(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    work = tmp_path / "cwd"
    work.mkdir()
    before = os.getcwd()
    os.chdir(work)
    try:
        assert run(capsys, "dump", "--format", "text", HTML)[0] == 0
    finally:
        os.chdir(before)
    assert not home.exists() and list(work.iterdir()) == []


def test_library_commands_never_load_textual(home: Path) -> None:
    code = (
        "import sys\n"
        "from byline.cli import main\n"
        f"assert main(['save', {HTML!r}]) == 0\n"
        "assert main(['list']) == 0\n"
        "assert main(['bookmarks', '--format', 'markdown']) == 0\n"
        "assert 'textual' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_search_prints_each_place_with_its_sentence(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "save", HTML)
    entry = Library(home).find(HTML)
    assert entry is not None
    code, out, err = run(capsys, "search", "tariffs", "foreign")
    assert (code, err) == (0, "")
    first = out.split("\n\n")[0].splitlines()
    assert first[0].startswith(f"{entry.id}  {HTML_TITLE}  (")
    assert "tariffs" in first[1] and "foreign" in first[1]
    code, out, _ = run(capsys, "search", "--format", "json", "Ishiba")
    hits = json.loads(out)
    assert code == 0 and hits and hits[0]["kind"] == "title"  # a title match comes first
    for hit in hits:
        assert {
            "kind",
            "article_id",
            "bookmark_id",
            "block",
            "section",
            "article_title",
            "sentence",
        } <= hit.keys()
    code, out, err = run(capsys, "search", "zzzzqqq")
    assert (code, out) == (0, "") and "nothing in the library matches" in err
    with pytest.raises(SystemExit) as usage:
        run(capsys, "search")
    assert usage.value.code == 2


def test_search_in_a_library_never_indexed_says_it_indexes_once(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "save", HTML, TEXT)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{home / 'catalog.sqlite'}{suffix}").unlink(missing_ok=True)
    from storage import library as storage_library

    storage_library.REINDEX_BATCH, batch = 1, storage_library.REINDEX_BATCH
    try:
        code, out, err = run(capsys, "search", "--format", "json", "tariffs")
    finally:
        storage_library.REINDEX_BATCH = batch
    assert code == 0 and len({hit["article_id"] for hit in json.loads(out)}) == 2
    assert err.count("indexing") == 1 and "for search (once)" in err


def test_a_source_that_is_neither_url_nor_file_fails_in_one_line_before_any_screen(tmp_path: Path) -> None:
    for source, said in (
        ("lsit", "byline: lsit: no such file; did you mean `byline list`?"),
        ("bokmarks", "byline: bokmarks: no such file; did you mean `byline bookmarks`?"),
        (str(tmp_path / "missing.html"), f"byline: {tmp_path / 'missing.html'}: no such file"),
        (str(tmp_path), f"byline: {tmp_path}: is a folder, not a file"),
    ):
        # No terminal: were a screen to open, Textual would fail or hang instead of printing one line.
        result = subprocess.run(
            [sys.executable, "-m", "byline", "--data-dir", str(tmp_path / "data"), source],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
        assert (result.returncode, result.stdout) == (1, "")
        assert result.stderr.strip().splitlines() == [said]
