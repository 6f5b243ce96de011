"""A rule's message template: the ``{name}`` placeholders it may hold, and filling them for one finding."""

from __future__ import annotations

import functools
from collections.abc import Mapping

import regex

from linter.kept import regexes

# ``{{`` and ``}}`` are literal braces; ``{name}`` is a placeholder (group 1), checked against the kind's at load
PLACEHOLDER = regexes.compile(r"\{\{|\}\}|\{([^{}]*)\}")


# What ends a line: a message is one line (a terminal's, an annotation's, an editor's), so none is printed raw
_LINE_BREAKS = regexes.compile(r"\r\n|[\n\r\v\f\x85\u2028\u2029]")
_ESCAPED = {"\r\n": "\\r\\n", "\n": "\\n", "\r": "\\r", "\v": "\\v", "\f": "\\f", "\x85": "\\x85",
            "\u2028": "\\u2028", "\u2029": "\\u2029"}
_TEMPLATE_BREAK = regexes.compile(r"\s*(?:\r\n|[\n\r\v\f\x85\u2028\u2029])\s*")


def render(template: str, values: Mapping[str, str]) -> str:
    """Fill ``{name}`` placeholders; nothing else is evaluated (no attribute or index access).

    The message is one line: a line break in a filled value (a match that spans lines: ``'the\\nUkraine'``) is
    shown escaped, as ``\\n``, and one in the template itself (a pack's multi-line message) becomes a space.
    """
    literals, names = _parts(template)
    if not names:
        return literals[0]
    pieces = [literals[0]]
    for name, literal in zip(names, literals[1:], strict=True):
        value = values.get(name, "{" + name + "}")
        if isinstance(value, str) and not value.isprintable():  # a line break is no printable character
            value = _LINE_BREAKS.sub(_escaped, value)
        pieces += (value, literal)
    return "".join(pieces)


@functools.lru_cache(maxsize=1024)
def _parts(template: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A template read once (a rule's message is filled for each of its findings, thousands in a large run): the
    text between its placeholders, braces unescaped (``{{`` is ``{``), and the placeholders' names between them."""
    line = _one_line(template)
    literals: list[str] = []
    names: list[str] = []
    text, at = "", 0
    for m in PLACEHOLDER.finditer(line):
        text += line[at:m.start()]
        at = m.end()
        if m.group(1) is None:
            text += m.group()[0]
        else:
            literals.append(text)
            names.append(m.group(1))
            text = ""
    literals.append(text + line[at:])
    return tuple(literals), tuple(names)


def _escaped(m: regex.Match) -> str:
    return _ESCAPED[m.group()]


@functools.lru_cache(maxsize=1024)
def _one_line(template: str) -> str:
    """A pack's template on one line (its line breaks, and the spaces around them, as one space)."""
    if _LINE_BREAKS.search(template):
        return _TEMPLATE_BREAK.sub(" ", template).strip()
    return template
