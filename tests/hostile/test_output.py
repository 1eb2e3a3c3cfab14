"""Kind 6: every string is cleaned where it enters (page, feed, note, config, stored file), so no output of
any command carries a control character, as ``cat -v`` would show it.

The trial's input: a pasted bookmark note, and a title stored in the library, came out of ``--format json``
with raw C1 controls and bidi overrides (``json.dumps`` escapes C0 only).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from news.pipeline import load
from storage import Library
from tui.config import parse_config

DATA = Path(__file__).parent.parent / "data"
HOSTILE = "\x1b[31mred\x1b[0m \x85next\x9b2J \u202etxet desrever\u202c \u2066iso\u2069 \x7fdel \x07bell"
# What cat -v marks: C0 but newline and tab, DEL, C1 (M-^@ to M-^_), and the bidi controls.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
PAGE = (
    "<html><head><title>Title &#x202E;&#x85;&#27;[2J here</title></head><body><article>"
    "<h1>Heading &#x9b;x</h1><p>“A paragraph with &#x202e;reversed text and an escape &#27;[31m,”"
    " said Ann Lee.</p><p>A second paragraph long enough to be kept as article text by the cleaner.</p>"
    "</article></body></html>"
)


def byline(data: Path, *args: str) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "byline", *args, "--data-dir", str(data)],
        capture_output=True,
        timeout=60,
        env={**os.environ, "BYLINE_HOME": str(data)},
        check=False,
    )
    return done.returncode, (done.stdout + done.stderr).decode("utf-8", "replace")


@pytest.fixture
def hostile_library(tmp_path: Path) -> tuple[Path, Path, str]:
    page = tmp_path / "hostile.html"
    page.write_text(PAGE)
    data = tmp_path / "data"
    library = Library(data)
    entry = library.save_article(load(str(page)))
    mark = library.add_bookmark(
        entry.id, text=f"kept {HOSTILE}", kind="quote", speaker=HOSTILE, section=HOSTILE, block=0
    )
    library.set_bookmark_note(mark.id, f"pasted {HOSTILE}")
    # A title written into the stored index by hand (or by another program), raw C1 and bidi in UTF-8.
    shard = data / "index" / f"{entry.id[:2]}.json"
    stored = json.loads(shard.read_text())
    stored["articles"][str(int(entry.id, 16))]["title"] = f"stored {HOSTILE}"
    shard.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
    return data, page, entry.id


def outputs(data: Path, page: Path, feed: Path, entry_id: str) -> dict[str, tuple[int, str]]:
    """Every command and format the CLI has, the failures' lines included."""
    runs: dict[str, list[str]] = {
        **{
            f"dump {form}": ["dump", "--format", form, str(page)]
            for form in ("json", "jsonl", "text", "markdown")
        },
        "dump of a missing file": ["dump", str(page.with_name(f"no{HOSTILE}.html"))],
        "list": ["list"],
        "list json": ["list", "--format", "json"],
        "save": ["save", str(page)],
        "save of a missing file": ["save", str(page.with_name(f"none{HOSTILE}.txt"))],
        "bookmarks": ["bookmarks"],
        "bookmarks json": ["bookmarks", "--format", "json"],
        "bookmarks markdown": ["bookmarks", "--format", "markdown"],
        "feeds add": ["feeds", "add", str(feed)],
        "feeds add of a missing file": ["feeds", "add", str(feed.with_name(f"x{HOSTILE}.xml"))],
        "feeds": ["feeds"],
        "feeds json": ["feeds", "--format", "json"],
        "feeds json, all items": ["feeds", "--format", "json", "--items", "0"],
        "feeds refresh": ["feeds", "refresh"],
        "feeds refresh of no such feed": ["feeds", "refresh", f"nope{HOSTILE}"],
        "feeds remove of no such feed": ["feeds", "remove", f"nope{HOSTILE}"],
    }
    done = {name: byline(data, *args) for name, args in runs.items()}
    feed_id = json.loads(done["feeds json"][1])[0]["id"]
    done["feeds remove"] = byline(data, "feeds", "remove", feed_id)
    return done


def test_no_output_of_any_command_has_a_control_character(hostile_library: tuple[Path, Path, str]) -> None:
    data, page, entry_id = hostile_library
    feed = DATA / "feeds" / "hostile.xml"
    done = outputs(data, page, feed, entry_id)
    assert len(done) == 21
    for name, (_status, text) in done.items():
        shown = {hex(ord(char)) for char in UNSAFE.findall(text)}
        assert not shown, f"{name}: {shown} in {text[:300]!r}"
    # The strings were cleaned, not dropped.
    assert "stored [31mred[0m next2J txet desrever iso del bell" in done["list json"][1]
    assert "pasted [31mred[0m next2J txet desrever iso del bell" in done["bookmarks json"][1]
    assert done["dump json"][0] == 0 and done["list"][0] == 0


def test_a_config_file_string_is_cleaned_as_it_is_read() -> None:
    # TOML has no raw control characters, but its escapes make them.
    config = parse_config('theme = "nord\\u001b[2J\\u0085\\u202e"\n[keymap]\n"reader.quit" = "x\\u009b"\n')
    assert config.theme == "nord[2J"
    assert config.keymap == {"reader.quit": "x"}
