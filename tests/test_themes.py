"""Themes as TOML files: the shipped ones, the user's, and files that must be skipped."""

from __future__ import annotations

import re
from pathlib import Path

import platformdirs
import pytest
from textual.app import App
from textual.color import Color
from textual.widgets import Static

from tui.themes import SHIPPED, load_theme_set, load_themes, register_themes, theme_from_toml, user_themes_dir


@pytest.fixture(autouse=True)
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config folder of the test's own, so the user's real themes never leak in."""
    home = tmp_path / "config"
    # XDG_CONFIG_HOME is only honoured on Linux; the function itself is what every platform goes through.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.setattr(platformdirs, "user_config_dir", lambda appname: str(home / appname))
    return home


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = Color.parse(colour).rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """The WCAG 2 contrast ratio of two colours."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_shipped_themes_load_from_the_package() -> None:
    loaded = load_theme_set()
    assert loaded.warnings == []
    names = [theme.name for theme in loaded.themes]
    assert set(SHIPPED) <= set(names)
    light = next(theme for theme in loaded.themes if theme.name == "byline-light")
    assert light.dark is False
    assert light.variables["footer-key-foreground"] == "#1D5F8A"


def test_shipped_themes_are_readable_and_contrast_is_high() -> None:
    themes = {theme.name: theme for theme in load_themes()}
    for name in SHIPPED:
        theme = themes[name]
        assert theme.foreground and theme.background
        assert contrast(theme.foreground, theme.background) >= 7.0, name
    contrast_theme = themes["byline-contrast"]
    assert contrast(contrast_theme.foreground or "", contrast_theme.background or "") >= 20.0
    assert contrast(contrast_theme.primary, contrast_theme.background or "") >= 12.0


async def test_each_shipped_theme_registers_and_the_app_switches_to_it() -> None:
    class Themed(App[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield Static("text")

    app = Themed()
    assert register_themes(app) == []
    async with app.run_test() as pilot:
        for name in SHIPPED:
            app.theme = name
            await pilot.pause()
            assert app.current_theme.name == name
            background = app.current_theme.background
            assert background is not None
            assert app.screen.styles.background == Color.parse(background)


def test_user_theme_loads_and_replaces_a_shipped_one(config_home: Path) -> None:
    folder = user_themes_dir()
    assert folder == config_home / "byline" / "themes"
    folder.mkdir(parents=True)
    (folder / "sepia.toml").write_text(
        'name = "sepia"\nprimary = "#704214"\ndark = false\n', encoding="utf-8"
    )
    (folder / "dark.toml").write_text('name = "byline-dark"\nprimary = "#FF0000"\n', encoding="utf-8")
    loaded = load_theme_set()
    assert loaded.warnings == []
    by_name = {theme.name: theme for theme in loaded.themes}
    assert by_name["sepia"].primary == "#704214"
    assert by_name["sepia"].dark is False
    assert by_name["byline-dark"].primary == "#FF0000"
    assert [theme.name for theme in loaded.themes].count("byline-dark") == 1
    # Without the user's folder only the shipped themes remain, untouched.
    plain = {theme.name: theme for theme in load_themes(user=False)}
    assert set(plain) == set(SHIPPED)
    assert plain["byline-dark"].primary == "#5FA8D3"


def test_bad_user_theme_files_are_skipped_with_one_line_each(config_home: Path, tmp_path: Path) -> None:
    folder = user_themes_dir()
    folder.mkdir(parents=True)
    (folder / "broken.toml").write_text('name = "broken"\nprimary = \n', encoding="utf-8")
    (folder / "nocolour.toml").write_text('name = "nocolour"\n', encoding="utf-8")
    (folder / "badcolour.toml").write_text('name = "bad"\nprimary = "not-a-colour"\n', encoding="utf-8")
    (folder / "typo.toml").write_text(
        'name = "typo"\nprimary = "#fff"\nbackgrund = "#000"\n', encoding="utf-8"
    )
    (folder / "binary.toml").write_bytes(b"\xff\xfe\x00name")
    (folder / "notes.txt").write_text("not a theme", encoding="utf-8")
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "good.toml").write_text('name = "good"\nprimary = "#123456"\n', encoding="utf-8")

    loaded = load_theme_set([extra])
    names = {theme.name for theme in loaded.themes}
    assert names == {*SHIPPED, "good"}
    assert len(loaded.warnings) == 5
    assert all("\n" not in warning for warning in loaded.warnings)
    by_file = {
        Path(warning.split(" skipped:")[0].removeprefix("theme file ")).name: warning
        for warning in loaded.warnings
    }
    assert "not valid TOML" in by_file["broken.toml"]
    assert "'primary' colour is required" in by_file["nocolour.toml"]
    assert "'primary' is not a colour: 'not-a-colour'" in by_file["badcolour.toml"]
    assert "unknown field 'backgrund'" in by_file["typo.toml"]
    assert "not UTF-8" in by_file["binary.toml"]
    # The list-only API drops the skipped files the same way.
    assert {theme.name for theme in load_themes([extra])} == names


def test_theme_fields_are_type_checked() -> None:
    theme = theme_from_toml(
        'name = " x "\nprimary = "#fff"\ntext_alpha = 1\n[variables]\n"border" = "#fff"\n'
    )
    assert (theme.name, theme.text_alpha, theme.variables) == ("x", 1.0, {"border": "#fff"})
    for bad, reason in [
        ('name = 3\nprimary = "#fff"', "'name' must be a non-empty string"),
        ('name = "x"\nprimary = "#fff"\ndark = "yes"', "'dark' must be true or false"),
        ('name = "x"\nprimary = "#fff"\ntext_alpha = true', "'text_alpha' must be a number"),
        ('name = "x"\nprimary = 12', "'primary' must be a colour string"),
        ('name = "x"\nprimary = "#fff"\nvariables = {border = 1}', "[variables] must map names to strings"),
    ]:
        with pytest.raises(ValueError, match="^" + re.escape(reason) + "$"):
            theme_from_toml(bad)
