"""Same output: `byline dump --format json` of a base revision and of the working tree on every sample page.

Reads the pages in ../shared beside the checkout (or $BYLINE_SHARED): aeb/html/*.html.gz,
extraction/readability-js/pages/*/source.html.gz and the trafilatura-eval files listed in its
evaldata.json. The base revision is checked out with ``git worktree add`` in a temporary folder (removed
afterwards) and run with this checkout's interpreter, its own code first on the path. Prints the number of
pages, the pages whose JSON (or error line) differs and exits 1 when any does; says so and exits 2 when
../shared is missing.

    .venv/bin/python -m bench.same_output [--base main] [--batch 40]
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_BESIDE = [ROOT.parent / "shared", ROOT.parent.parent / "shared"]
SHARED = Path(os.environ.get("BYLINE_SHARED", next((p for p in _BESIDE if p.is_dir()), _BESIDE[0])))


def pages(shared: Path) -> list[Path]:
    """Every sample page, in a fixed order."""
    found = sorted((shared / "aeb" / "html").glob("*.html.gz"))
    found += sorted((shared / "extraction" / "readability-js" / "pages").glob("*/source.html.gz"))
    trafilatura = shared / "extraction" / "trafilatura-eval"
    listing = trafilatura / "evaldata.json"
    if listing.is_file():
        names = sorted({entry["file"] for entry in json.loads(listing.read_text()).values()})
        for name in names:
            for folder in ("eval", "cache"):
                for candidate in (trafilatura / folder / f"{name}.gz", trafilatura / folder / name):
                    if candidate.is_file():
                        found.append(candidate)
                        break
                else:
                    continue
                break
    return found


def _dump(tree: Path, sources: list[Path]) -> tuple[list[str], str]:
    """The JSON documents ``byline dump`` prints for ``sources`` run from ``tree``, and its stderr."""
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        [sys.executable, "-m", "byline", "dump", "--format", "json", *map(str, sources)],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    decoder = json.JSONDecoder()
    documents: list[str] = []
    text, at = done.stdout, 0
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at >= len(text):
            break
        value, at = decoder.raw_decode(text, at)
        documents.append(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True))
    return documents, done.stderr


def outputs(tree: Path, sources: list[Path], batch: int) -> dict[Path, str]:
    """Each page's JSON, or its error lines when byline could not read it."""
    result: dict[Path, str] = {}
    for start in range(0, len(sources), batch):
        group = sources[start : start + batch]
        documents, errors = _dump(tree, group)
        if len(documents) == len(group):
            result.update(zip(group, documents, strict=True))
            continue
        for source in group:  # some page failed: one run each tells which
            documents, errors = _dump(tree, [source])
            result[source] = documents[0] if documents else f"error: {errors.strip()}"
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="main", help="git revision to compare against (default main)")
    parser.add_argument("--batch", type=int, default=40, help="pages per byline process")
    parser.add_argument("--diff", action="store_true", help="print a unified diff of each differing page")
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"same_output: {SHARED} is missing; nothing to compare", file=sys.stderr)
        return 2
    sources = pages(SHARED)
    if not sources:
        print(f"same_output: no pages under {SHARED}", file=sys.stderr)
        return 2
    rev = subprocess.run(
        ["git", "rev-parse", "--short", args.base], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="byline-base-") as folder:
        base = Path(folder) / "base"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(base), rev], cwd=ROOT, check=True)
        try:
            before = outputs(base, sources, args.batch)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, check=False)
    after = outputs(ROOT, sources, args.batch)
    differing = [source for source in sources if before[source] != after[source]]
    for source in differing:
        print(f"differs: {source.relative_to(SHARED)}")
        if args.diff:
            lines = difflib.unified_diff(
                before[source].splitlines(), after[source].splitlines(), "base", "tree", lineterm="", n=1
            )
            print("\n".join(list(lines)[:60]))
    failed = sum(1 for source in sources if after[source].startswith("error: "))
    print(f"{len(sources)} pages, {len(differing)} differing from {rev} ({failed} unreadable in the tree)")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
