"""Kind 5: storage failures are told by file type and permission, and every message stays true.

The trial's inputs: a read-only data folder (every command said "cannot lock the library", list included);
a folder where an index shard or a body should be (never set aside, so every command kept failing, and save
named its temp file); a full disk where feeds add said "not subscribed" after writing the subscription.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from byline.cli import main
from news.pipeline import load
from storage import Library, LibraryError
from storage.atomic import write_atomic
from storage.feeds import FeedShelf

DATA = Path(__file__).parent.parent / "data"
SEED_TEXT = DATA / "newslooks-ishiba.txt"
SEED_HTML = DATA / "newslooks-ishiba.html"
NOBODY = 65534


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder another user can reach (pytest's own tmp folders are the owner's only)."""
    folder = Path(tempfile.mkdtemp(prefix="byline-hostile-"))
    folder.chmod(0o755)
    yield folder
    for root, dirs, _files in os.walk(folder):
        for name in dirs:
            (Path(root) / name).chmod(0o755)
    subprocess.run(["rm", "-rf", str(folder)], check=False)


def byline_as_reader(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """byline run by a user who may read ``data`` but not write there (nobody, when the tests run as root)."""
    command = [sys.executable, "-m", "byline", *args, "--data-dir", str(data)]
    if os.getuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("root writes anywhere, and setpriv is not here to run byline as another user")
        command = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "BYLINE_HOME": str(data)},
        check=False,
    )


def test_a_read_only_library_still_reads_and_says_why_it_cannot_write(shared_folder: Path) -> None:
    data = shared_folder / "data"
    library = Library(data)
    entry = library.save_article(load(str(SEED_TEXT)))
    for root, dirs, files in os.walk(data):
        for name in files:
            (Path(root) / name).chmod(0o444)
        for name in dirs:
            (Path(root) / name).chmod(0o555)
    data.chmod(0o555)
    listed = byline_as_reader(data, "list")
    assert (listed.returncode, listed.stderr) == (0, "")
    assert listed.stdout.startswith(f"{entry.id}  new ")
    saved = byline_as_reader(data, "save", str(SEED_HTML))
    assert saved.returncode == 1
    [line] = saved.stderr.splitlines()
    assert line.startswith(f"byline: {SEED_HTML}: not saved: {data}/")
    assert line.endswith(": Permission denied") and ".tmp-" not in line


def test_a_folder_where_an_index_shard_should_be_is_set_aside_and_rebuilt(tmp_path: Path) -> None:
    data = tmp_path / "data"
    entry = Library(data).save_article(load(str(SEED_TEXT)))
    shard = data / "index" / f"{entry.id[:2]}.json"
    shard.unlink()
    shard.mkdir()
    library = Library(data)
    assert [found.id for found in library.articles()] == [entry.id]
    assert library.load_article(entry.id).title == entry.title
    assert any("a folder, not a file" in warning for warning in library.warnings)
    assert any("1 article listed again" in warning for warning in library.warnings)
    assert shard.is_file()
    again = Library(data)
    assert [found.id for found in again.articles()] == [entry.id] and again.warnings == []


def test_a_corrupt_index_shard_keeps_its_articles_in_list(tmp_path: Path, capsys: Any) -> None:
    data = tmp_path / "data"
    entry = Library(data).save_article(load(str(SEED_TEXT)))
    (data / "index" / f"{entry.id[:2]}.json").write_bytes(b"{not json")
    assert main(["list", "--data-dir", str(data)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"{entry.id}  new ")
    assert "was corrupt" in err and "1 article listed again from their saved copies" in err


def test_a_folder_where_a_body_should_be_is_set_aside(tmp_path: Path) -> None:
    data = tmp_path / "data"
    library = Library(data)
    entry = library.save_article(load(str(SEED_TEXT)))
    body = data / "articles" / f"{entry.id}.json"
    body.unlink()
    body.mkdir()
    with pytest.raises(LibraryError, match=r"was damaged; moved to .*; save it again"):
        library.load_article(entry.id)
    assert not body.exists()
    library.save_article(load(str(SEED_TEXT)))  # saving again works: nothing is in the way any more
    assert library.load_article(entry.id).title == entry.title


def test_a_failed_write_names_the_file_not_its_temp(tmp_path: Path) -> None:
    target = tmp_path / "index.json"
    target.mkdir()
    with pytest.raises(OSError) as caught:
        write_atomic(target, b"{}")
    assert caught.value.filename == str(target)
    assert [path.name for path in tmp_path.iterdir()] == ["index.json"]  # no temp file left behind


def test_feeds_add_never_says_not_subscribed_once_the_subscription_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    data = tmp_path / "data"

    def disk_full(self: FeedShelf, *args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(data / "feeds" / "items.json"))

    # The items are written after the subscription, in their own step: that step finds the disk full.
    monkeypatch.setattr(FeedShelf, "record", disk_full)
    feed = DATA / "feeds" / "rss2.xml"
    assert main(["feeds", "add", str(feed), "--data-dir", str(data)]) == 1
    _, err = capsys.readouterr()
    assert err == (
        f"byline: {feed}: subscribed, but its items were not kept: "
        f"{data / 'feeds' / 'items.json'}: No space left on device\n"
    )
    assert [sub.title for sub in Library(data).feeds()] == ["The Harbour Gazette"]
