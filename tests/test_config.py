"""The user's config file: theme and keymap, and the one-line warnings for mistakes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tui.config import Config, config_path, load_config, parse_config

GOOD = """\
theme = "byline-light"

[keymap]
"reader.next_section" = "ctrl+n, ]"
"library.delete" = "delete,d"
"""


def test_theme_and_keymap_are_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(GOOD, encoding="utf-8")
    config = load_config(path)
    assert config.theme == "byline-light"
    assert config.keymap == {"reader.next_section": "ctrl+n,]", "library.delete": "delete,d"}
    assert config.warnings == []
    assert config.path == path


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG_CONFIG_HOME is the Linux convention")
def test_default_path_is_in_the_user_config_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert config_path() == tmp_path / "byline" / "config.toml"
    assert load_config() == Config(path=tmp_path / "byline" / "config.toml")
    config_path().parent.mkdir()
    config_path().write_text('theme = "byline-contrast"\n', encoding="utf-8")
    assert load_config().theme == "byline-contrast"


def test_missing_file_means_defaults_without_warnings(tmp_path: Path) -> None:
    config = load_config(tmp_path / "nope.toml")
    assert (config.keymap, config.theme, config.warnings) == ({}, None, [])


def test_broken_toml_is_one_warning_and_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "byline-light"\n[keymap\n"a.b" = "x"\n', encoding="utf-8")
    config = load_config(path)
    assert (config.keymap, config.theme) == ({}, None)
    assert len(config.warnings) == 1
    warning = config.warnings[0]
    assert "\n" not in warning
    assert warning.startswith(f"config {path}: not valid TOML (")
    assert "line 2" in warning
    assert warning.endswith("; using the defaults")


def test_unreadable_files_are_one_warning(tmp_path: Path) -> None:
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"theme = \xff\xfe")
    assert load_config(binary).warnings == [f"config {binary}: not UTF-8 text; using the defaults"]
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    (warning,) = load_config(folder).warnings
    assert warning.startswith(f"config {folder}: cannot read (")


def test_bad_entries_are_ignored_and_good_ones_kept() -> None:
    config = parse_config(
        """\
theme = 3
colour = "blue"

[keymap]
"reader.quit" = "q,escape"
"reader next" = "n"
"reader.top" = 5
"reader.end" = "G,,end"
"library.open" = ""
""",
        Path("cfg.toml"),
    )
    assert config.keymap == {"reader.quit": "q,escape"}
    assert config.theme is None
    assert config.warnings == [
        "config cfg.toml: unknown setting 'colour' ignored",
        "config cfg.toml: 'theme' must be a theme name in quotes; ignored",
        """config cfg.toml: keymap 'reader next': a binding id looks like "screen.action"; ignored""",
        """config cfg.toml: keymap 'reader.top': keys must be a string such as "ctrl+n,]"; ignored""",
        "config cfg.toml: keymap 'reader.end': 'G,,end' is not a comma-separated list of keys; ignored",
        "config cfg.toml: keymap 'library.open': '' is not a comma-separated list of keys; ignored",
    ]


def test_keymap_must_be_a_table() -> None:
    config = parse_config('keymap = "ctrl+q"\n', Path("c.toml"))
    assert config.keymap == {}
    assert config.warnings == ["config c.toml: 'keymap' must be a table ([keymap]); ignored"]


def test_unknown_binding_ids_are_reported() -> None:
    config = parse_config(GOOD, Path("c.toml"))
    assert config.unknown_bindings({"reader.next_section", "library.open"}) == [
        "config c.toml: keymap: no key binding has the id 'library.delete'"
    ]
