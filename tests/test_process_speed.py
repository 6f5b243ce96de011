"""The work a `copydesk check` process does outside the engine (issue 20, proc23): each shortcut gives what the
plain way gives, on generated text and on real articles."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from linter.kept import regexes
from linter.text.positions import LineIndex, line_starts_of
from tests.conftest import SEEDS

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
    from linter.core.config import Settings
    from linter.core.engine import Linter
    from linter.model.messages import render

    rules = Linter(Settings()).all_rules
    assert len(rules) > 200
    values = {"match": "the\nUkraine", "replacement": "Kyiv", "language": "Spanish", "script": "Cyrillic",
              "char": "ZERO WIDTH SPACE"}
    for rule in rules:
        assert render(rule.message, values) == _render_plain(rule.message, values), rule.code
