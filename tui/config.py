"""The user's settings file: the theme to start with and a keymap that rebinds keys by binding id.

The file is ``platformdirs.user_config_dir("byline")/config.toml`` (on Linux
``~/.config/byline/config.toml``); it is optional and byline never writes it::

    # the theme to start with: byline-dark, byline-light, byline-contrast or one of your own
    theme = "byline-light"

    [keymap]
    # binding id = comma-separated keys; the ids are shown in the help screen
    "reader.next_section" = "ctrl+n,]"
    "library.delete" = "delete,d"

    [feeds]
    refresh_minutes = 30   # the app refreshes every feed on start and then this often (0: never)
    keep_items = 200       # items kept per feed, newest first
    full_text = 5          # newest new items per feed fetched and saved for offline reading (0: none)
    concurrency = 8        # feeds fetched at the same time

Keys use Textual's names: a printable character as itself (``"]"``), or names
such as ``"ctrl+n"``, ``"shift+down"``, ``"escape"``, ``"f5"``. A mistake in the file
never stops byline: the bad part is ignored and :attr:`Config.warnings` holds one
line saying what and where.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from news.sanitize import safe_data

# A binding id is "screen.action"; a typo such as "reader next" would silently never match.
_BINDING_ID = re.compile(r"^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$")
_KNOWN = frozenset(("theme", "keymap", "feeds"))


@dataclass(frozen=True, slots=True)
class FeedSettings:
    """The ``[feeds]`` table: see the module docstring for each key and its default."""

    refresh_minutes: int = 30
    keep_items: int = 200
    full_text: int = 5
    concurrency: int = 8


# Each key's bounds: past them a value is a typo (a refresh every 0.5 s, a million items per feed).
_FEED_BOUNDS = {
    "refresh_minutes": (0, 7 * 24 * 60),
    "keep_items": (1, 10_000),
    "full_text": (0, 100),
    "concurrency": (1, 64),
}


@dataclass(slots=True)
class Config:
    """The settings byline uses; every field has a default so a missing file means defaults."""

    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> comma-separated keys, ready for ``App.set_keymap``."""
    theme: str | None = None
    """The theme name to start with, or None for the app's default."""
    warnings: list[str] = field(default_factory=list)
    """One line per problem found in the file."""
    path: Path | None = None
    """The file these settings came from."""
    feeds: FeedSettings = field(default_factory=FeedSettings)
    """The ``[feeds]`` table."""

    def unknown_bindings(self, known_ids: set[str]) -> list[str]:
        """One warning per keymap id that no binding in ``known_ids`` has."""
        return [
            f"config {self.path}: keymap: no key binding has the id {binding_id!r}"
            for binding_id in self.keymap
            if binding_id not in known_ids
        ]


def config_path() -> Path:
    """Where the settings file is looked for by default."""
    return Path(platformdirs.user_config_dir("byline")) / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """Read the settings file at ``path`` (default :func:`config_path`); never raises on a bad file."""
    path = path if path is not None else config_path()
    config = Config(path=path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return config
    except UnicodeDecodeError:
        config.warnings.append(f"config {path}: not UTF-8 text; using the defaults")
        return config
    except OSError as error:
        config.warnings.append(f"config {path}: cannot read ({error.strerror or error}); using the defaults")
        return config
    return parse_config(text, path)


def parse_config(text: str, path: Path | None = None) -> Config:
    """The settings in a TOML document (``path`` only names it in warnings)."""
    config = Config(path=path)
    try:
        data = safe_data(tomllib.loads(text))  # no control character from the file reaches the screen
    except tomllib.TOMLDecodeError as error:
        config.warnings.append(f"config {path}: not valid TOML ({error}); using the defaults")
        return config
    _apply(data, config)
    return config


def _apply(data: dict[str, Any], config: Config) -> None:
    where = f"config {config.path}"
    for key in sorted(set(data) - _KNOWN):
        config.warnings.append(f"{where}: unknown setting {key!r} ignored")
    theme = data.get("theme")
    if theme is not None:
        if isinstance(theme, str) and theme.strip():
            config.theme = theme.strip()
        else:
            config.warnings.append(f"{where}: 'theme' must be a theme name in quotes; ignored")
    _apply_feeds(data.get("feeds", {}), config)
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict):
        config.warnings.append(f"{where}: 'keymap' must be a table ([keymap]); ignored")
        return
    for binding_id, keys in keymap.items():
        problem = _keymap_problem(binding_id, keys)
        if problem:
            config.warnings.append(f"{where}: keymap {binding_id!r}: {problem}; ignored")
        else:
            config.keymap[binding_id] = ",".join(key.strip() for key in keys.split(","))


def _apply_feeds(table: object, config: Config) -> None:
    where = f"config {config.path}"
    if not isinstance(table, dict):
        config.warnings.append(f"{where}: 'feeds' must be a table ([feeds]); ignored")
        return
    values: dict[str, int] = {}
    for key, value in table.items():
        bounds = _FEED_BOUNDS.get(key)
        if bounds is None:
            config.warnings.append(f"{where}: feeds: unknown setting {key!r} ignored")
        elif isinstance(value, bool) or not isinstance(value, int) or not bounds[0] <= value <= bounds[1]:
            config.warnings.append(
                f"{where}: feeds: {key!r} must be a whole number from {bounds[0]} to {bounds[1]}; ignored"
            )
        else:
            values[key] = value
    config.feeds = FeedSettings(**values)


def _keymap_problem(binding_id: str, keys: object) -> str | None:
    if not _BINDING_ID.match(binding_id):
        return 'a binding id looks like "screen.action"'
    if not isinstance(keys, str):
        return 'keys must be a string such as "ctrl+n,]"'
    parts = [key.strip() for key in keys.split(",")]
    # "," itself cannot be bound through this syntax; Textual's own keymap has the same limit.
    if not keys.strip() or any(not part or " " in part for part in parts):
        return f"{keys!r} is not a comma-separated list of keys"
    return None
