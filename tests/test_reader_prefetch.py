"""The helper process that reads a source while the app starts (tui.prefetch)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from reader_support import DATA

from tui.prefetch import LoadFailed, Prefetch


def test_reads_and_cleans_a_file_into_the_article() -> None:
    article = Prefetch(str(DATA / "newslooks-ishiba.html")).result()
    assert article.title == "Trump Tells Ishiba He Aims to Slash U.S.-Japan Trade Deficit"
    assert article.blocks and article.sections


def test_a_failure_is_one_line_naming_the_source(tmp_path: Path) -> None:
    missing = str(tmp_path / "none.html")
    with pytest.raises(LoadFailed) as caught:
        Prefetch(missing).result()
    assert missing in str(caught.value) and "\n" not in str(caught.value)


def test_standard_input_is_handed_over() -> None:
    text = (DATA / "newslooks-ishiba.txt").read_bytes()
    article = Prefetch("-", text).result()
    assert article.title.startswith("Trump Tells Ishiba")


def test_a_news_folder_where_the_user_stands_is_not_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "__init__.py").write_text('raise SystemExit("the wrong news package")\n')
    monkeypatch.chdir(tmp_path)
    article = Prefetch(str(DATA / "newslooks-ishiba.txt")).result()
    assert article.title.startswith("Trump Tells Ishiba")


def test_cancel_stops_a_helper_that_is_still_working(tmp_path: Path) -> None:
    fifo = tmp_path / "never.txt"
    os.mkfifo(fifo)  # reading it blocks until a writer comes: a source that never arrives
    job = Prefetch(str(fifo))
    assert not job.wait(0.3)
    job.cancel()
    assert job.wait(5)
    with pytest.raises(LoadFailed):
        job.result()
