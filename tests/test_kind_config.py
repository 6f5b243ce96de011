"""A rule kind declares the config table it reads (``Kind.config``): core/config.py validates and merges any
kind's table the way it does LanguageTool's, with no line of its own for it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from linter.core.config import ConfigError, Settings, resolve
from linter.kinds import KINDS
from linter.kinds.base import ConfigTable


def _level(key: str, value: object) -> None:
    if key == "level" and not 1 <= value <= 3:  # type: ignore[operator]
        raise ValueError("must be 1, 2 or 3")


HOUSE_STYLE = ConfigTable("house-style", "a newsroom's own settings for its kind",
                          {"level": ((int,), "how strict"), "desks": ((list,), "desks it applies to")}, _level)


@pytest.fixture
def house_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(KINDS, "house", replace(KINDS["term"], name="house", config=HOUSE_STYLE))


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_kinds_table_is_validated_merged_over_layers_and_read_back(tmp_path: Path, house_kind: None):
    write(tmp_path / ".copydesk.yaml", "select: [ALL]\nhouse-style:\n  level: 2\n")
    other = write(tmp_path / "other.yaml", "house-style:\n  desks: [world, sport]\n")
    settings = resolve(tmp_path, config_file=other)
    assert settings.table("house-style") == {"level": 2, "desks": ("world", "sport")}
    hash(settings)  # still hashable: settings key the compiled-linter cache
    assert Settings().with_layer({"house-style": {"level": 1}}).table("house-style") == {"level": 1}


@pytest.mark.parametrize(("table", "message"), [
    ("  level: 5\n", "key 'house-style.level': must be 1, 2 or 3"),
    ("  level: high\n", "key 'house-style.level': must be a number"),
    ("  desks: world\n", "key 'house-style.desks': must be a list of strings"),
    ("  lvl: 2\n", "key 'house-style.lvl': unknown option (known: level, desks)"),
])
def test_errors_in_a_kinds_table_name_file_line_and_key(tmp_path: Path, house_kind: None, table: str,
                                                        message: str):
    config = write(tmp_path / ".copydesk.yaml", "select: [ALL]\nhouse-style:\n" + table)
    with pytest.raises(ConfigError) as caught:
        resolve(tmp_path)
    assert str(caught.value) == f"{config}:3: {message}"


def test_a_table_no_kind_declares_is_an_unknown_option(tmp_path: Path):
    config = write(tmp_path / ".copydesk.yaml", "house-style:\n  level: 2\n")
    with pytest.raises(ConfigError, match=rf"{config}:1: key 'house-style': unknown option \(known: select, .*"
                                          r"report-unused-suppressions, fail-on, min-severity, baseline, "
                                          r"source-language, source-pattern, glossary, "
                                          r"languagetool, spelling\)"):
        resolve(tmp_path)
