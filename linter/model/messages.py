"""A rule's message template: the ``{name}`` placeholders it may hold, and filling them for one finding."""

from __future__ import annotations

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

    def fill(m: regex.Match) -> str:
        if m.group(1) is None:
            return m.group()[0]
        value = values.get(m.group(1), m.group())
        return _LINE_BREAKS.sub(lambda b: _ESCAPED[b.group()], value) if isinstance(value, str) else value

    if _LINE_BREAKS.search(template):
        template = _TEMPLATE_BREAK.sub(" ", template).strip()
    return PLACEHOLDER.sub(fill, template)
