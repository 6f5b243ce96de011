"""The work a `copydesk check` process does outside the engine (issue 20, proc23): each shortcut gives what the
plain way gives, on generated text and on real articles."""

from __future__ import annotations

import enum
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linter.core.config import Settings
from linter.core.engine import Linter
from linter.faces.formats import indented_json
from linter.kept import regexes
from linter.model.diagnostics import Applicability, Severity
from linter.text.positions import LineIndex, line_starts_of, utf16_length
from tests.conftest import SEEDS


class Spelled(enum.StrEnum):
    ONE = "one\u2028"


class Counted(enum.IntEnum):
    TWO = 2

_LINE_BREAK = regexes.compile(r"\r\n|\n|\r")


def _plain_line_starts(text: str) -> tuple[int, ...]:
    return (0, *(m.end() for m in _LINE_BREAK.finditer(text)))


# every character a line break could be taken for, and ordinary ones
_PIECES = st.sampled_from(["a", "é", "😀", " ", "\n", "\r", "\r\n", "\n\r", "\v", "\f", "\x85", "\u2028", "\u2029",
                           "\x1c", "\t"])


@given(st.lists(_PIECES, max_size=40).map("".join))
def test_line_starts_are_those_of_the_line_break_regex(text: str) -> None:
    assert line_starts_of(text) == _plain_line_starts(text)
    index = LineIndex(text)
    for offset in range(len(text) + 1):  # the line holding each offset: the breaks that end before it, plus one
        assert index.human(offset)[0] == sum(1 for m in _LINE_BREAK.finditer(text) if m.end() <= offset) + 1


def test_line_starts_of_real_articles() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += [t.replace("\n", "\r\n") for t in texts[:3]]
    assert texts
    for text in texts:
        assert line_starts_of(text) == _plain_line_starts(text)
        assert line_starts_of(text + "\n") == _plain_line_starts(text + "\n")


def _render_plain(template: str, values: dict[str, str]) -> str:
    """``messages.render`` as it was before templates were read once: every placeholder found by a regex pass."""
    from linter.model.messages import _LINE_BREAKS, PLACEHOLDER, _escaped, _one_line

    def fill(m):  # type: ignore[no-untyped-def]
        if m.group(1) is None:
            return m.group()[0]
        value = values.get(m.group(1), m.group())
        if isinstance(value, str) and not value.isprintable():
            return _LINE_BREAKS.sub(_escaped, value)
        return value

    return PLACEHOLDER.sub(fill, _one_line(template))


_TEMPLATE_PIECES = st.sampled_from(["{", "}", "{{", "}}", "{match}", "{replacement}", "{}", "{a b}", "{nope}",
                                    "'", "x", " ", "\n", "\r\n", "\u2028", "é"])
_VALUES = st.dictionaries(st.sampled_from(["match", "replacement", "", "a b", "language"]),
                          st.text(st.sampled_from("ab \n\r\t\x85\u2028\u2029\v\f'{}"), max_size=6), max_size=4)


@given(st.lists(_TEMPLATE_PIECES, max_size=12).map("".join), _VALUES)
def test_a_message_is_filled_as_the_regex_pass_fills_it(template: str, values: dict[str, str]) -> None:
    from linter.model.messages import render

    assert render(template, values) == _render_plain(template, values)


def test_every_shipped_message_is_filled_as_before() -> None:
    from linter.model.messages import render

    rules = Linter(Settings()).all_rules
    assert len(rules) > 200
    values = {"match": "the\nUkraine", "replacement": "Kyiv", "language": "Spanish", "script": "Cyrillic",
              "char": "ZERO WIDTH SPACE"}
    for rule in rules:
        assert render(rule.message, values) == _render_plain(rule.message, values), rule.code


_KEYS = st.one_of(st.text(max_size=4), st.integers(-5, 5), st.floats(allow_nan=False, width=16), st.booleans(),
                  st.none())
_LEAVES = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8),
                    st.sampled_from([Severity.ERROR, Applicability.SAFE, Spelled.ONE, Counted.TWO]))
_JSON_VALUES = st.recursive(_LEAVES, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.lists(inner, max_size=3).map(tuple),
    st.dictionaries(st.text(max_size=4), inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=3)),
    max_leaves=20)


@given(_JSON_VALUES, st.sampled_from([0, 1, 2, 4]))
def test_indented_json_is_the_standard_librarys(value: object, indent: int) -> None:
    assert indented_json.dumps(value, indent) == json.dumps(value, ensure_ascii=False, indent=indent)


def test_indented_json_refuses_what_the_standard_library_refuses() -> None:
    for value in ({"a": [object()]}, {(1, 2): 3}, {"a": {1, 2}}):
        with pytest.raises(TypeError):
            indented_json.dumps(value)
    circular: list[object] = []
    circular.append(circular)
    with pytest.raises(ValueError, match="Circular"):
        indented_json.dumps(circular)


def test_json_formats_of_real_findings_are_the_standard_librarys(monkeypatch: pytest.MonkeyPatch) -> None:
    from linter.faces.formats import FORMATTERS, RunInfo
    from linter.io.pipeline import Job
    from linter.io.pool import run_files

    results = run_files([str(p) for p in sorted(SEEDS.glob("*.txt"))], Job(), 1)
    assert sum(len(r.diagnostics) for r in results) > 20
    info = RunInfo(rules=Linter(Settings()).by_code)
    made = {name: FORMATTERS[name](results, info) for name in ("json", "sarif", "lsp")}
    monkeypatch.setattr(indented_json, "dumps", lambda value, indent=2: json.dumps(value, ensure_ascii=False,
                                                                                    indent=indent))
    for name, text in made.items():
        assert text == FORMATTERS[name](results, info), name


@given(st.text(st.sampled_from("aé\u00a0\uffff\ud800\U0001f600\U00010000 "), max_size=12))
def test_utf16_length_counts_as_the_plain_sum(text: str) -> None:
    assert utf16_length(text) == len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)
