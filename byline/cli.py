"""The ``byline`` command line: parse arguments and hand off to news/, storage/ or the app.

Only the reader and the library screen load Textual; ``dump``, ``save``, ``list``,
``bookmarks`` and ``feeds`` never do, so scripts start fast.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Sequence
from datetime import date

from byline import __version__
from tui import early_signals

COMMANDS = ("dump", "save", "list", "search", "bookmarks", "feeds")


def _add_data_dir(parser: argparse.ArgumentParser, default: object = None) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="keep every file byline writes under DIR (default: $BYLINE_HOME or the user data folder)",
    )


def _add_feeds_actions(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "List the feeds you follow with their newest items; add, refresh, remove, import or export feeds."
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--items", type=int, default=5, metavar="N", help="newest items shown per feed (0: all kept)"
    )
    _add_data_dir(parser)
    actions = parser.add_subparsers(dest="action", metavar="{add,refresh,remove,import,export}")
    # SUPPRESS: a --data-dir given before the action must not be reset by the action's own default.
    add = actions.add_parser("add", help="subscribe to each URL (a feed, or a page that links to one)")
    add.add_argument("urls", nargs="+", metavar="URL", help="an http(s) feed or page URL, or a feed file")
    _add_data_dir(add, argparse.SUPPRESS)
    refresh = actions.add_parser("refresh", help="fetch every feed again (or only the IDs given)")
    refresh.add_argument("ids", nargs="*", metavar="ID")
    _add_data_dir(refresh, argparse.SUPPRESS)
    remove = actions.add_parser(
        "remove", help="unsubscribe (ID as listed, the feed's URL, or what feeds add was given)"
    )
    remove.add_argument("ids", nargs="+", metavar="ID")
    _add_data_dir(remove, argparse.SUPPRESS)
    opml_in = actions.add_parser("import", help="follow every feed of an OPML file (folders become tags)")
    opml_in.add_argument("file", metavar="FILE.opml", help="an OPML subscription list, or - for stdin")
    _add_data_dir(opml_in, argparse.SUPPRESS)
    opml_out = actions.add_parser("export", help="print the feeds as OPML 2.0 (tags become folders)")
    _add_data_dir(opml_out, argparse.SUPPRESS)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="byline",
        description="Read the news in the terminal. With no SOURCE, open the library.",
        epilog="commands: dump, save, list, search, bookmarks, feeds (byline COMMAND --help for each)",
    )
    parser.add_argument(
        "source",
        nargs="?",
        metavar="SOURCE",
        help="an http(s) URL, an .html/.htm/.txt/.md file, or - for standard input",
    )
    parser.add_argument("--theme", help="colour theme to use (remembered for next time)")
    parser.add_argument("--version", action="version", version=f"byline {__version__}")
    _add_data_dir(parser)
    return parser


def build_command_parser(command: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"byline {command}")
    if command == "dump":
        from news.formats import FORMATS

        parser.description = "Fetch or read each SOURCE, clean it, build its outline and print it."
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument("sources", nargs="+", metavar="SOURCE")
        # dump writes nothing, so a data folder given with every command is accepted and unused.
        parser.add_argument("--data-dir", metavar="DIR", help=argparse.SUPPRESS)
    elif command == "save":
        parser.description = "Fetch, clean and keep each SOURCE in the library for offline reading."
        parser.add_argument("sources", nargs="+", metavar="SOURCE")
        _add_data_dir(parser)
    elif command == "list":
        from storage.catalog import SORTS

        parser.description = "Print the library: one entry per saved article (archived ones with --archived)."
        parser.add_argument("--format", choices=("text", "json"), default="text")
        parser.add_argument(
            "--sort",
            choices=SORTS,
            default="saved",
            help="newest saved first (default), newest published first, by title, or most read first",
        )
        parser.add_argument("--archived", action="store_true", help="list the archived articles instead")
        _add_data_dir(parser)
    elif command == "search":
        parser.description = (
            "Search the saved articles' text and the bookmarks: every word must occur (any case, the last "
            "as the start of a word); prints each place with its matching sentence, best first."
        )
        parser.add_argument("query", nargs="+", metavar="WORD")
        parser.add_argument("--format", choices=("text", "json"), default="text")
        parser.add_argument(
            "--limit", type=int, default=50, metavar="N", help="at most N places (default 50)"
        )
        _add_data_dir(parser)
    elif command == "bookmarks":
        parser.description = "Print every bookmark, oldest first (Markdown: grouped by article, for notes)."
        parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")
        parser.add_argument(
            "--article", metavar="ID", help="only the bookmarks of the article ID (as listed)"
        )
        parser.add_argument(
            "--since",
            metavar="DATE",
            type=date.fromisoformat,
            help="only bookmarks made on DATE (YYYY-MM-DD) or later",
        )
        _add_data_dir(parser)
    elif command == "feeds":
        _add_feeds_actions(parser)
    return parser


def _command_at(args: list[str]) -> int | None:
    """Where the command word stands: first, or after leading options (None: no command).

    ``byline --data-dir DIR list`` is the list command; so is ``byline --theme X list``, which then
    fails as a usage error instead of opening the reader on a source named "list".
    """
    index = 0
    while index < len(args) and args[index].startswith(("--data-dir", "--theme")):
        index += 1 if "=" in args[index] else 2
    return index if index < len(args) and args[index] in COMMANDS else None


def _refuse_source(source: str | None) -> str | None:
    """One line saying why ``source`` cannot be opened, when it is neither a URL nor an existing file.

    Said before any screen opens (a typo should not cost a full-screen error and a q); a name close to
    a command ("lsit") also gets the command it probably meant.
    """
    from pathlib import Path

    from news import SourceError
    from news.sources import is_url, read_source

    # A folder exists but is no article: it is refused here too, with read_source's words for it.
    if source is None or source == "-" or is_url(source) or Path(source).is_file():
        return None
    try:
        read_source(source)  # not a URL and no such file: this only words the reason
    except SourceError as error:
        reason = f"byline: {error}"
    else:  # created meanwhile (or a device, a pipe): let the reader open it
        return None
    if Path(source).exists():
        return reason
    close = difflib.get_close_matches(source, COMMANDS, n=1, cutoff=0.6)
    if close:
        reason += f"; did you mean `byline {close[0]}`?"
    return reason


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        position = _command_at(args)
        if position is not None:
            # ``byline --data-dir DIR list`` is ``byline list --data-dir DIR``, not a source named "list".
            command = args.pop(position)
            options = build_command_parser(command).parse_args(args)
            from byline import commands

            # "list" is a builtin, so that command's function has a longer name.
            return int(getattr(commands, "list_articles" if command == "list" else command)(options))
        if argv is None:  # a real process, not a call from a test: its signals are ours to take
            early_signals.hold()  # first: reading the source's name already imports news/ (~0.2 s)
        options = build_parser().parse_args(args)
        refused = _refuse_source(options.source)
        if refused is not None:
            print(refused, file=sys.stderr)
            return 1
        from tui.prefetch import cancel_all, prefetch

        # The helper reading the source starts before anything else loads (open_app takes it over).
        early_signals.at_early_end(cancel_all)
        prefetch(options.source)
        from byline import commands

        return commands.open_app(options)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
