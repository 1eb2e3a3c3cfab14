"""The domain packages stay free of the UI: checked in fresh interpreters, as harlequin does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "newslooks-ishiba.html"


def loaded_after(code: str) -> dict[str, object]:
    """Run ``code`` in a fresh interpreter; return the JSON it prints last plus which heavy modules loaded."""
    probe = (
        f"{code}\n"
        "import json, sys\n"
        "print(json.dumps({'result': result, 'loaded': sorted(m for m in ('textual', 'tinydb', 'rich')"
        " if m in sys.modules)}))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60, check=False
    )
    assert run.returncode == 0, run.stderr
    data: dict[str, object] = json.loads(run.stdout.splitlines()[-1])
    return data


def test_news_dumps_the_seed_without_textual_or_tinydb() -> None:
    data = loaded_after(
        "import json\n"
        "import news, news.pipeline\n"
        f"article = news.pipeline.load({str(SEED)!r})\n"
        "result = json.loads(news.render(article, 'json'))['title']\n"
    )
    assert "Ishiba" in str(data["result"])
    assert "textual" not in data["loaded"]  # type: ignore[operator]
    assert "tinydb" not in data["loaded"]  # type: ignore[operator]


def test_byline_dump_never_loads_the_app() -> None:
    data = loaded_after(
        "import contextlib, io\n"
        "from byline.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    code = main(['dump', '--format', 'text', {str(SEED)!r}])\n"
        "result = [code, len(out.getvalue())]\n"
    )
    code, length = data["result"]  # type: ignore[misc]
    assert code == 0
    assert length > 1000
    assert "textual" not in data["loaded"]  # type: ignore[operator]
    assert "tinydb" not in data["loaded"]  # type: ignore[operator]


def test_storage_imports_without_textual() -> None:
    data = loaded_after("import storage\nresult = storage.__name__\n")
    assert data["result"] == "storage"
    assert "textual" not in data["loaded"]  # type: ignore[operator]


def test_reading_a_file_never_loads_the_fetcher() -> None:
    # The reader's helper reads local files; httpx would only slow its start. (The charset detector is
    # loaded all the same now: trafilatura, the second extractor every page is read with, imports it.)
    data = loaded_after(
        "import sys\n"
        "import news.pipeline\n"
        f"article = news.pipeline.load({str(SEED)!r})\n"
        "result = [article.title, sorted(m for m in ('httpx', 'httpcore', 'news.fetch')"
        " if m in sys.modules)]\n"
    )
    result = data["result"]
    assert isinstance(result, list)
    assert "Ishiba" in str(result[0])
    assert result[1] == []
