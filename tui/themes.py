"""Colour themes as TOML data: the ones shipped in the ``themes`` package plus the user's own.

A theme file holds the fields of :class:`textual.theme.Theme`::

    name = "my-theme"
    primary = "#0178D4"
    background = "#101418"
    dark = true

    [variables]
    "footer-key-foreground" = "#0178D4"

Only ``name`` and ``primary`` are required. User themes live in
``platformdirs.user_config_dir("byline")/themes/*.toml``; one with the name of a
shipped theme replaces it. A file that cannot be used is skipped with one line
saying which file and why (see :func:`load_theme_set`); it never stops the app.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import platformdirs
from textual.color import Color, ColorParseError
from textual.theme import Theme

SHIPPED = ("byline-dark", "byline-light", "byline-contrast")
"""The names of the themes in the ``themes`` package; the first is the default."""

DEFAULT_THEME = SHIPPED[0]

_COLOURS = (
    *("primary", "secondary", "warning", "error", "success", "accent"),
    *("foreground", "background", "surface", "panel", "boost"),
)
_NUMBERS = ("luminosity_spread", "text_alpha")
_FLAGS = ("dark", "ansi")
_KNOWN = frozenset(("name", "variables", *_COLOURS, *_NUMBERS, *_FLAGS))


@dataclass(slots=True)
class ThemeLoad:
    """The themes that loaded, in load order, and one line per file that was skipped."""

    themes: list[Theme] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class ThemeHost(Protocol):
    """What :func:`register_themes` needs of an app (``textual.app.App`` has it)."""

    def register_theme(self, theme: Theme) -> None: ...


class ThemeFileError(ValueError):
    """A theme file that is not a usable theme; ``str()`` is the reason."""


def shipped_themes_dir() -> Path:
    """The folder of the ``themes`` package, which holds the shipped ``*.toml`` themes."""
    # The package's own path, not importlib.resources: that costs the reader's first paint ~2 ms,
    # and byline is never run from a zip.
    import themes

    return Path(themes.__file__).parent


def user_themes_dir() -> Path:
    """The folder users put their own ``*.toml`` themes in."""
    return Path(platformdirs.user_config_dir("byline")) / "themes"


def load_themes(extra_dirs: list[Path] | None = None, *, user: bool = True) -> list[Theme]:
    """The shipped themes, then the user's, then those in ``extra_dirs``; skipped files are dropped.

    Use :func:`load_theme_set` to also get the one-line warnings for skipped files.
    """
    return load_theme_set(extra_dirs, user=user).themes


def load_theme_set(extra_dirs: list[Path] | None = None, *, user: bool = True) -> ThemeLoad:
    """Load every theme and say which files were skipped.

    Args:
        extra_dirs: more folders of ``*.toml`` themes, read after the user's folder.
        user: False leaves out the user's themes folder (tests, a clean start).

    Returns:
        The themes (a later theme of the same name replaces an earlier one) and the warnings.
    """
    result = ThemeLoad()
    by_name: dict[str, Theme] = {}
    for entry in sorted(shipped_themes_dir().glob("*.toml")):
        _load_into(entry, by_name, result.warnings)
    folders = [user_themes_dir()] if user else []
    for folder in [*folders, *(extra_dirs or [])]:
        for path in _toml_files(folder, result.warnings):
            _load_into(path, by_name, result.warnings)
    result.themes = list(by_name.values())
    return result


def register_themes(app: ThemeHost, extra_dirs: list[Path] | None = None, *, user: bool = True) -> list[str]:
    """Register every theme with ``app``; return the warnings for skipped files."""
    loaded = load_theme_set(extra_dirs, user=user)
    for theme in loaded.themes:
        app.register_theme(theme)
    return loaded.warnings


def theme_from_toml(text: str) -> Theme:
    """The theme a TOML document describes; raise :class:`ThemeFileError` when it cannot be one."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ThemeFileError(f"not valid TOML ({error})") from None
    return theme_from_mapping(data)


def theme_from_mapping(data: dict[str, Any]) -> Theme:
    """The theme a parsed TOML table describes; raise :class:`ThemeFileError` when it cannot be one."""
    unknown = sorted(set(data) - _KNOWN)
    if unknown:
        raise ThemeFileError(f"unknown field {unknown[0]!r}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ThemeFileError("'name' must be a non-empty string")
    if "primary" not in data:
        raise ThemeFileError("'primary' colour is required")
    fields: dict[str, Any] = {"name": name.strip()}
    for key in _COLOURS:
        if key in data:
            fields[key] = _colour(key, data[key])
    for key in _NUMBERS:
        if key in data:
            value = data[key]
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ThemeFileError(f"{key!r} must be a number")
            fields[key] = float(value)
    for key in _FLAGS:
        if key in data:
            if not isinstance(data[key], bool):
                raise ThemeFileError(f"{key!r} must be true or false")
            fields[key] = data[key]
    variables = data.get("variables", {})
    if not isinstance(variables, dict) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in variables.items()
    ):
        raise ThemeFileError("[variables] must map names to strings")
    fields["variables"] = dict(variables)
    return Theme(**fields)


def _colour(key: str, value: object) -> str:
    if not isinstance(value, str):
        raise ThemeFileError(f"{key!r} must be a colour string")
    try:
        Color.parse(value)
    except ColorParseError:
        raise ThemeFileError(f"{key!r} is not a colour: {value!r}") from None
    return value


def _toml_files(folder: Path, warnings: list[str]) -> Iterable[Path]:
    try:
        return sorted(path for path in folder.iterdir() if path.suffix == ".toml")
    except FileNotFoundError:
        return []
    except OSError as error:
        warnings.append(f"themes folder {folder} skipped: {error.strerror or error}")
        return []


def _load_into(entry: Path, by_name: dict[str, Theme], warnings: list[str]) -> None:
    try:
        theme = theme_from_toml(entry.read_text(encoding="utf-8"))
    except ThemeFileError as error:
        warnings.append(f"theme file {entry} skipped: {error}")
        return
    except UnicodeDecodeError:
        warnings.append(f"theme file {entry} skipped: not UTF-8 text")
        return
    except OSError as error:
        warnings.append(f"theme file {entry} skipped: {error.strerror or error}")
        return
    by_name[theme.name] = theme


ARTICLE_STYLE_DEFAULTS = {
    "article-link-style": "underline",
    "article-emphasis-style": "italic",
    "article-strong-style": "bold",
}
"""Theme variables for the article's inline runs that do not depend on the theme's colours."""


def article_variables(theme: Theme) -> dict[str, str]:
    """Defaults for the article view's theme variables, from ``theme``'s own colours.

    A theme file sets any of them in ``[variables]`` (the shipped ones do):
    ``article-link-color``, ``article-link-style``, ``article-link-number-color`` (the ``[N]`` after
    a link), ``article-emphasis-style``, ``article-strong-style``, ``article-code-color`` and
    ``article-code-background`` (inline code). Themes without them (Textual's own) get links in
    their primary colour, numbers in their secondary colour, and code in their warning colour on
    their panel colour. Solid colours only: a component style is not blended with what is under it.
    """
    primary = theme.primary
    return {
        **ARTICLE_STYLE_DEFAULTS,
        "article-link-color": primary,
        "article-link-number-color": theme.secondary or primary,
        "article-code-color": theme.warning or theme.accent or primary,
        "article-code-background": theme.panel or theme.surface or "transparent",
    }
