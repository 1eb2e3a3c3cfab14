"""The screenless commands: dump (news/ only) and the library commands (storage/)."""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ThreadPoolExecutor

from news import Article, SourceError, load, render


def _load_all(sources: list[str]) -> list[Article | SourceError]:
    """Load every source, fetching URLs side by side; keep the order given."""

    def one(source: str) -> Article | SourceError:
        try:
            return load(source)
        except SourceError as error:
            return error

    if sum(1 for s in sources if s.startswith(("http://", "https://"))) > 1:
        with ThreadPoolExecutor(max_workers=4) as pool:
            return list(pool.map(one, sources))
    return [one(source) for source in sources]


def dump(options: argparse.Namespace) -> int:
    """Print the outline of each source; 1 when any failed."""
    failed = False
    results = _load_all(options.sources)
    for result in results:
        if isinstance(result, SourceError):
            failed = True
            print(f"byline: {result}", file=sys.stderr)
            continue
        out = render(result, options.format)
        sys.stdout.write(out if out.endswith("\n") else out + "\n")
        if options.format == "text" and len(results) > 1:
            sys.stdout.write("\n")
        sys.stdout.flush()
    return 1 if failed else 0


def open_app(options: argparse.Namespace) -> int:
    """Open the reader on a source, or the library when there is none."""
    from tui.app import run

    return run(source=options.source, theme=options.theme, data_dir=options.data_dir)
