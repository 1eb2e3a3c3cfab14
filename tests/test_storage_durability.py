"""storage under kill -9 and two processes at once: nothing acknowledged is lost, files stay readable."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from news.model import Article, Block
from storage import Library

# A writer that prints each id only after the call that stored it has returned.
KILLED_WRITER = """
import sys
from news.model import Article, Block
from storage import Library

library = Library(sys.argv[1])
article_id, tag = sys.argv[2], sys.argv[3]
n = 0
while True:
    n += 1
    if n % 4 == 0:
        url = f"https://kill.example/{tag}/{n}"
        entry = library.save_article(
            Article(source=url, url=url, title=f"{tag} {n}", blocks=[Block("paragraph", "word " * 400)])
        )
        print("article", entry.id, flush=True)
    else:
        mark = library.add_bookmark(
            article_id, text=f"{tag} {n}", kind="passage", speaker=None, section=None, block=n
        )
        print("bookmark", mark.id, flush=True)
    if n % 3 == 0:
        library.set_progress(article_id, (n % 100) / 100, n)
"""

# Waits for the go file so both writers really overlap, then adds COUNT bookmarks.
RACING_WRITER = """
import os, sys, time
from storage import Library

library = Library(sys.argv[1])
article_id, tag, count, go = sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
print("ready", flush=True)
while not os.path.exists(go):
    time.sleep(0.002)
for n in range(count):
    library.add_bookmark(article_id, text=f"{tag} {n}", kind="quote", speaker=tag, section=None, block=n)
    if n % 50 == 0:
        library.set_progress(article_id, n / count, n)
print("done", flush=True)
"""


def seed(folder: Path) -> str:
    return (
        Library(folder)
        .save_article(
            Article(
                source="https://seed.example/a",
                url="https://seed.example/a",
                title="Seed",
                blocks=[Block("paragraph", "x")],
            )
        )
        .id
    )


def test_acknowledged_writes_survive_kill_9(tmp_path: Path) -> None:
    article_id = seed(tmp_path)
    rng = random.Random()
    acked_bookmarks: set[str] = set()
    acked_articles: set[str] = set()
    for round_ in range(12):
        child = subprocess.Popen(
            [sys.executable, "-c", KILLED_WRITER, str(tmp_path), article_id, f"r{round_}"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        first = child.stdout.readline()  # the writer is in its loop
        time.sleep(rng.uniform(0.0, 0.15))
        child.send_signal(signal.SIGKILL)
        rest, _ = child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL
        for line in (first + rest).splitlines():
            kind, _, ident = line.partition(" ")
            if len(ident) == 12:  # a line cut by the kill acknowledges nothing
                (acked_articles if kind == "article" else acked_bookmarks).add(ident)

        library = Library(tmp_path)
        bookmark_ids = {mark.id for mark in library.bookmarks()}
        article_ids = {entry.id for entry in library.articles()}
        assert library.warnings == [], f"round {round_}"
        assert acked_bookmarks <= bookmark_ids, f"round {round_}: lost {acked_bookmarks - bookmark_ids}"
        assert acked_articles <= article_ids, f"round {round_}: lost {acked_articles - article_ids}"
        for ident in acked_articles:
            assert library.load_article(ident).blocks[0].text.startswith("word ")
        seed_entry = library.get(article_id)
        assert seed_entry is not None and 0.0 <= seed_entry.progress <= 1.0
    assert len(acked_bookmarks) > 12  # the kills landed while writing, not before
    assert not list(tmp_path.rglob(".*.tmp-*"))  # the last open tidied the killed writes


def test_two_processes_adding_500_bookmarks_each_keep_all_1000(tmp_path: Path) -> None:
    article_id = seed(tmp_path)
    go = tmp_path / "go"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", RACING_WRITER, str(tmp_path), article_id, tag, "500", str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("left", "right")
    ]
    for writer in writers:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    go.touch()
    for writer in writers:
        out, err = writer.communicate(timeout=110)
        assert writer.returncode == 0, err
        assert out.strip() == "done"

    library = Library(tmp_path)
    marks = library.bookmarks()
    assert len(marks) == 1000
    assert len({mark.id for mark in marks}) == 1000
    assert {mark.text for mark in marks} == {f"{tag} {n}" for tag in ("left", "right") for n in range(500)}
    # Oldest first: each writer's own bookmarks keep their order.
    for tag in ("left", "right"):
        assert [int(m.text.split()[1]) for m in marks if m.speaker == tag] == list(range(500))
    assert library.warnings == []
    assert [entry.id for entry in library.articles()] == [article_id]
