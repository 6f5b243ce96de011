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
