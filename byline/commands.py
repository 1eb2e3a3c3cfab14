"""The screenless commands: dump (news/ only) and the library and feeds commands (storage/)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

# The parser (lxml, readability, httpx) loads only in the commands that read pages, so the app's
# first paint does not wait for it.
from news import Article, SourceError, safe_text

T = TypeVar("T")

if TYPE_CHECKING:
    from storage import ArticleEntry, BookmarkEntry, Library


def _load_all(sources: list[str]) -> list[Article | SourceError]:
    """Load every source, fetching URLs side by side; keep the order given."""
    from news import load

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
    from news import render

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
    import gc

    # Collections while Textual loads only rescan what was just imported; the app turns them back on
    # once its first screen is painted (tui.app).
    gc.disable()
    from tui.prefetch import prefetch

    # The source is read in a helper process that runs while Textual loads here.
    prefetch(options.source)
    from tui.app import run

    return run(source=options.source, theme=options.theme, data_dir=options.data_dir)


def _one_line(text: str) -> str:
    """``text`` fit for one terminal line: control characters gone, whitespace runs made one space."""
    return " ".join(safe_text(text).split())


def _open_library(options: argparse.Namespace) -> Library | None:
    """The library named by ``--data-dir`` / ``$BYLINE_HOME``, or None after saying why on stderr."""
    from storage import Library, LibraryError

    try:
        return Library(options.data_dir)
    except (LibraryError, OSError) as error:
        print(f"byline: {_reason(error)}", file=sys.stderr)
        return None


def _reason(error: Exception) -> str:
    """One line saying what went wrong with the library (an OSError names its file)."""
    if isinstance(error, OSError) and error.strerror:
        return f"{error.filename}: {error.strerror}" if error.filename else error.strerror
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _tell_warnings(library: Library, already: int = 0) -> int:
    """Print the library's warnings from index ``already`` on, one stderr line each; return the count."""
    for warning in library.warnings[already:]:
        print(f"byline: {warning}", file=sys.stderr)
    return len(library.warnings)


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def save(options: argparse.Namespace) -> int:
    """Keep each source in the library, printing ``SOURCE<TAB>title`` once on disk; 1 when any failed."""
    from storage import LibraryError

    library = _open_library(options)
    if library is None:
        return 1
    told = _tell_warnings(library)
    failed = False
    for source, result in zip(options.sources, _load_all(options.sources), strict=True):
        if isinstance(result, SourceError):
            failed = True
            print(f"byline: {result}", file=sys.stderr)
            continue
        try:
            library.save_article(result)
        except (LibraryError, OSError) as error:
            failed = True
            print(f"byline: {source}: not saved: {_reason(error)}", file=sys.stderr)
            continue
        finally:
            told = _tell_warnings(library, told)
        sys.stdout.write(f"{source}\t{_one_line(result.title)}\n")
        sys.stdout.flush()
    return 1 if failed else 0


def _read_library(options: argparse.Namespace, read: Callable[[Library], T]) -> T | None:
    """What ``read`` gets from the library, or None once a one-line error is printed; warnings told."""
    from storage import LibraryError

    library = _open_library(options)
    if library is None:
        return None
    try:
        return read(library)
    except (LibraryError, OSError) as error:
        print(f"byline: {_reason(error)}", file=sys.stderr)
        return None
    finally:
        _tell_warnings(library)


def list_articles(options: argparse.Namespace) -> int:
    """Print the library (not archived, or the archive), sorted, as text lines or a JSON array."""
    from storage import View

    view = View(sort=options.sort, archived=options.archived)
    if options.format == "json":
        # Each entry's JSON comes ready-made from the library's catalog: 50,000 need no parsing here.
        docs = _read_library(options, lambda library: library.listing_json(view))
        if docs is None:
            return 1
        sys.stdout.write("[\n" + ",\n".join(docs) + "\n]\n" if docs else "[]\n")
        return 0
    entries = _read_library(options, lambda library: library.listing(view))
    if entries is None:
        return 1
    if not entries:
        where = (
            "the archive is empty (a in the library archives an article)"
            if options.archived
            else ("the library is empty (byline save SOURCE adds to it)")
        )
        print(f"byline: {where}", file=sys.stderr)
    for entry in entries:
        state = "read" if entry.read else ("new" if entry.progress == 0 else f"{entry.progress:.0%}")
        dates = [
            f"published {entry.published[:10]}" if entry.published else "",
            f"saved {entry.saved_at[:10]}",
        ]
        details = " · ".join(part for part in (_one_line(entry.origin), *dates) if part)
        sys.stdout.write(f"{entry.id}  {state:<4}  {_one_line(entry.title)}  ({details})\n")
    return 0


def search(options: argparse.Namespace) -> int:
    """Print where the query matches the saved articles' text and the bookmarks, best first."""
    query = " ".join(options.query)
    told = {"indexing": False}

    def progress(left: int) -> None:
        if not told["indexing"]:
            told["indexing"] = True
            print(f"byline: indexing {left} saved articles for search (once)…", file=sys.stderr)

    hits = _read_library(options, lambda library: library.search(query, options.limit, progress=progress))
    if hits is None:
        return 1
    if options.format == "json":
        _print_json([hit.to_dict() for hit in hits])
        return 0
    if not hits:
        print(f"byline: nothing in the library matches {_one_line(query)!r}", file=sys.stderr)
    for hit in hits:
        where = {"title": "title", "text": f"paragraph {hit.block + 1}", "bookmark": "bookmark"}[hit.kind]
        article = hit.article_id or "(no longer saved)"
        sys.stdout.write(f"{article}  {_one_line(hit.title)}  ({where})\n    {_one_line(hit.sentence)}\n\n")
    return 0


def bookmarks(options: argparse.Namespace) -> int:
    """Print the bookmarks (of one article, or made since a day), oldest first, as text, JSON or Markdown."""

    def read(library: Library) -> tuple[list[BookmarkEntry], dict[str, ArticleEntry]]:
        marks = library.bookmarks()
        if options.article:
            marks = [mark for mark in marks if mark.article_id == options.article]
        if options.since:
            marks = [mark for mark in marks if mark.created_at[:10] >= options.since.isoformat()]
        ids = {mark.article_id for mark in marks if mark.article_id}
        articles = {} if options.format != "markdown" else {i: e for i in ids if (e := library.get(i))}
        return marks, articles

    found = _read_library(options, read)
    if found is None:
        return 1
    marks, articles = found
    if options.format == "json":
        _print_json([mark.to_dict() for mark in marks])
    elif options.format == "markdown":
        from byline.notes import bookmarks_markdown

        sys.stdout.write(bookmarks_markdown(marks, articles))
    else:
        if not marks:
            print("byline: no bookmarks yet (press b in the reader to keep a quote)", file=sys.stderr)
        for mark in marks:
            said = f" — {_one_line(mark.speaker)}" if mark.speaker else ""
            parts = (_one_line(mark.article_title), _one_line(mark.section or ""), mark.created_at[:10])
            where = " · ".join(part for part in parts if part)
            # Quote marks only around what someone said: a passage is the article's own words.
            text = f"“{_one_line(mark.text)}”" if mark.kind == "quote" else _one_line(mark.text)
            sys.stdout.write(f"{text}{said}\n    {where}\n")
            if mark.note:
                sys.stdout.write(f"    note: {_one_line(mark.note)}\n")
            sys.stdout.write("\n")
    return 0


# --- feeds ------------------------------------------------------------------------------------------------


def feeds(options: argparse.Namespace) -> int:
    """List the feeds with their newest items, or add, refresh, remove, import or export feeds."""
    from byline.feeds import run
    from storage import LibraryError

    library = _open_library(options)
    if library is None:
        return 1
    told = _tell_warnings(library)
    try:
        return run(library, options)
    except (LibraryError, OSError) as error:
        print(f"byline: {_reason(error)}", file=sys.stderr)
        return 1
    finally:
        _tell_warnings(library, told)
