"""A rule's message template: the ``{name}`` placeholders it may hold, and filling them for one finding."""

from __future__ import annotations

from collections.abc import Mapping

import regex

from linter.kept import regexes

# ``{{`` and ``}}`` are literal braces; ``{name}`` is a placeholder (group 1), checked against the kind's at load
PLACEHOLDER = regexes.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def render(template: str, values: Mapping[str, str]) -> str:
    """Fill ``{name}`` placeholders; nothing else is evaluated (no attribute or index access)."""

    def fill(m: regex.Match) -> str:
        if m.group(1) is None:
            return m.group()[0]
        return values.get(m.group(1), m.group())

    return PLACEHOLDER.sub(fill, template)
