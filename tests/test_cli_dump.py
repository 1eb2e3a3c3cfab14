"""``byline dump`` through the real command line: formats, exit codes, stdin, failures on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
TXT = str(DATA / "newslooks-ishiba.txt")
HTML = str(DATA / "newslooks-ishiba.html")
TITLE = "Trump Tells Ishiba He Aims to Slash U.S.-Japan Trade Deficit"


def dump(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "byline", "dump", *args],
        input=stdin.decode("utf-8") if stdin is not None else None,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        cwd=cwd,
    )


def test_json_of_the_seed_meets_the_checker(tmp_path: Path) -> None:
    result = dump("--format", "json", HTML)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "outline.json"
    out.write_text(result.stdout, encoding="utf-8")
    check = subprocess.run(
        [
            sys.executable,
            str(DATA / "check_outline.py"),
            str(DATA / "newslooks-ishiba.expected.json"),
            str(out),
            "--html",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert check.returncode == 0, check.stdout
    assert check.stdout.strip() == "met 31/31"


def test_jsonl_is_one_object_per_source_in_order() -> None:
    result = dump("--format", "jsonl", HTML, TXT, HTML)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    sources = [json.loads(line)["source"] for line in lines]
    assert sources == [HTML, TXT, HTML]
    assert all(json.loads(line)["title"] == TITLE for line in lines)


def test_a_failed_source_exits_1_and_the_others_still_print(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.html")
    result = dump("--format", "jsonl", TXT, missing, HTML)
    assert result.returncode == 1
    assert [json.loads(line)["source"] for line in result.stdout.splitlines()] == [TXT, HTML]
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1
    assert missing in errors[0]
    assert "Traceback" not in result.stderr


def test_usage_errors_exit_2() -> None:
    assert dump("--format", "yaml", TXT).returncode == 2
    assert dump().returncode == 2


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_text_and_markdown_formats(fmt: str) -> None:
    result = dump("--format", fmt, TXT)
    assert result.returncode == 0, result.stderr
    if fmt == "text":
        assert result.stdout.startswith("Japanese Prime Minister Shigeru Ishiba made a whirlwind trip")
        assert "\n\n" in result.stdout
    else:
        assert result.stdout.startswith(f"# {TITLE}\n")
        assert "\n## Key takeaways\n" in result.stdout


def test_standard_input_as_markdown() -> None:
    source = (
        b"# Harbour Plan\n\nThe city will rebuild the harbour wall next spring, the mayor said on Monday.\n"
    )
    result = dump("--format", "json", "-", stdin=source)
    assert result.returncode == 0, result.stderr
    outline = json.loads(result.stdout)
    assert outline["source"] == "-"
    assert outline["title"] == "Harbour Plan"
    assert outline["text"].startswith("The city will rebuild the harbour wall")
    assert outline["takeaways_generated"] is True


def test_dump_writes_nothing(tmp_path: Path) -> None:
    result = dump("--format", "json", HTML, cwd=tmp_path)
    assert result.returncode == 0
    assert list(tmp_path.iterdir()) == []


def test_markdown_file_with_front_matter(tmp_path: Path) -> None:
    source = tmp_path / "story.md"
    source.write_text(
        '---\ntitle: "Harbour wall to be rebuilt"\nauthor: Ann Lee\ndate: 2024-03-05\n---\n\n'
        "The city will rebuild the harbour wall next spring, the mayor said on Monday.\n\n"
        "## Costs\n\nIt will cost $12 million over two years, officials said.\n",
        encoding="utf-8",
    )
    result = dump("--format", "json", str(source))
    assert result.returncode == 0, result.stderr
    outline = json.loads(result.stdout)
    assert (outline["title"], outline["authors"], outline["published"]) == (
        "Harbour wall to be rebuilt",
        ["Ann Lee"],
        "2024-03-05",
    )
    assert [s["title"] for s in outline["sections"]] == ["Costs"]


def test_an_empty_source_name_is_one_clear_line() -> None:
    result = dump("")
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["byline: : an empty name: give a URL, a file or -"]


def test_options_before_the_command_word_do_not_open_the_reader(tmp_path: Path) -> None:
    seed = str(DATA / "newslooks-ishiba.txt")
    ok = subprocess.run(
        [sys.executable, "-m", "byline", "--data-dir", str(tmp_path), "dump", "--format", "text", seed],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert ok.returncode == 0 and "Japanese Prime Minister" in ok.stdout
    assert not any(tmp_path.iterdir())  # dump accepts the data folder and writes nothing there
    themed = subprocess.run(
        [sys.executable, "-m", "byline", "--theme", "byline-light", "list"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert themed.returncode == 2 and "unrecognized arguments: --theme" in themed.stderr
