"""The regions of a Markdown text that are not prose, read by a CommonMark parser (markdown-it-py).

markdown-it-py is CommonMark-compliant and gives each block the lines it came from; it does not give
offsets inside a line. This module finishes the job: it aligns each block's content with its source lines,
and records where in that content each inline rule matched, so every code span, link destination, tag
and reference label has exact offsets in the original text.

What stays prose: the text of paragraphs, headings, list items, blockquotes, table cells, emphasis and
the text of inline links and full reference links; the text between tags in an HTML block. Everything
else of the text is not: front matter, fenced and indented code, reference definitions, code spans,
autolinks, HTML tags with their attributes and comments, the contents of ``<pre>``, ``<script>``,
``<style>``, ``<code>`` and ``<textarea>``, images (alt text included: it is a description of a file, and
editing it is not worth a broken image), link destinations and titles, the labels of reference links
(a collapsed or shortcut reference, ``[Kiev]``, is masked whole: its text is its label, and editing it
would leave the link without a definition), entities, and the markers of blocks (``#``, ``>``, list
markers, table pipes and delimiter rows, setext underlines, thematic breaks). Whitespace that only
separates markers, blocks or lines (indentation, the space after a list marker, trailing spaces, blank
lines) is not masked, unless it lies inside one of those regions.

``regions(text)`` returns the masked spans (code points of ``text``, sorted, merged);
``atomic_blocks(text)`` the spans a text may not be cut inside (linter/text/windows.py).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

Span = tuple[int, int]

PROSE, MARKUP, HARD = 0, 1, 2  # per character: prose; block markup (its edge whitespace is freed); masked
RAW_ELEMENTS = ("pre", "script", "style", "code", "textarea")  # their contents are not prose

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_FENCE_OF_FRONT_MATTER = re.compile(r"(?:---|\.\.\.)[ \t]*")
_SPACE = re.compile(r"[ \t\n]+")
_MARKUP_RUN = re.compile(rb"\x01+")
_LINE_TAG_NAME = re.compile(r"^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+[ \t>]*)*</?([A-Za-z][A-Za-z0-9-]*)", re.M)
_HEADING_TAIL = re.compile(r"[\s#]*")
# indentation, container markers, and the Unicode spaces the parser trims from a row (U+00A0, U+2003, ...)
_ROW_PREFIX = re.compile(r"[\s>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+[\s>]*)*")

# HTML as CommonMark defines its pieces (spec 0.31, "Raw HTML"), for the contents of HTML blocks
_ATTRIBUTE = r"""(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)"""
_HTML_PIECE = re.compile(
    r"<!--(?:-?>|[\s\S]*?-->)"                      # comment
    r"|<\?[\s\S]*?\?>"                              # processing instruction
    r"|<![A-Za-z][^>]*>"                            # declaration
    r"|<!\[CDATA\[[\s\S]*?\]\]>"                    # CDATA
    rf"|<(?P<open>[A-Za-z][A-Za-z0-9-]*){_ATTRIBUTE}*\s*/?>"   # open tag
    r"|</[A-Za-z][A-Za-z0-9-]*\s*>"                 # closing tag
)
# what starts a piece that the text may not close: masked to the end of the block
_UNCLOSED_PIECE = re.compile(r"<(?:[A-Za-z/!?])")
_HTML_ENTITY = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9A-Fa-f]+;?|([A-Za-z][A-Za-z0-9]*)(?![A-Za-z0-9]);?)")
_RAW_OPEN = re.compile(r"<(" + "|".join(RAW_ELEMENTS) + r")(?=[\s/>])", re.I)
# ---------------------------------------------------------------------------------------------
# The parser, with inline rules that report where they matched


@dataclass
class _Inline:
    """What the inline rules matched in one block's content: (what, start, end, label end), content offsets."""

    src: str
    found: list[tuple[str, int, int, int]] = field(default_factory=list)


def _watch(name: str, rule: Any) -> Any:
    def watched(state: StateInline, silent: bool) -> bool:
        start, before = state.pos, len(state.tokens)
        ok = rule(state, silent)
        watching: _Inline | None = state.env.get("_copydesk")
        if not ok or silent or watching is None or state.src is not watching.src:
            return ok  # a failure, a look-ahead, or the alt text of an image (parsed as a text of its own)
        new = state.tokens[before:]
        if name == "backticks":
            if any(t.type == "code_inline" for t in new):
                watching.found.append(("code", start, state.pos, -1))
        elif name in ("entity", "autolink", "image"):
            watching.found.append(("hard", start, state.pos, -1))
        elif name == "html_inline":
            watching.found.append(("html", start, state.pos, -1))
        elif name == "link":
            end = state.pos
            label_end = state.md.helpers.parseLinkLabel(state, start, True)
            state.pos = end
            watching.found.append(("link", start, end, label_end))
        return ok

    return watched


def _watch_references(rule: Any) -> Any:
    def watched(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        ok = rule(state, start_line, end_line, silent)
        if ok and not silent:
            state.env.setdefault("_copydesk_references", []).append((start_line, state.line))
        return ok

    return watched


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """CommonMark with GFM tables, whose inline rules report where they matched. Inline content is parsed
    by ``_parse`` itself, one block at a time."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    for name in ("backticks", "entity", "autolink", "image", "html_inline", "link"):
        md.inline.ruler.at(name, _watch(name, md.inline.ruler.__rules__[md.inline.ruler.__find__(name)].fn))
    md.block.ruler.at("reference", _watch_references(
        md.block.ruler.__rules__[md.block.ruler.__find__("reference")].fn))
    md.core.ruler.disable(["inline", "text_join"])
    # the destinations themselves are not needed, only where they are: skip percent-encoding and punycode
    # (a fifth of the time on a text with links); validateLink, which decides whether a definition is one,
    # sees the same scheme either way
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    return md


class _EveryLabel(dict):  # type: ignore[type-arg]
    """Link references of a part of a text whose definitions may lie in another part: every label resolves."""

    def get(self, key: Any, default: Any = None) -> Any:
        return super().get(key) or {"href": "", "title": ""}


# ---------------------------------------------------------------------------------------------
# Offsets


def _normalized(text: str) -> tuple[str, list[int]]:
    """The text as the parser reads it (CRLF and CR are LF, NUL is U+FFFD), and where each CRLF's LF is in it."""
    crlf: list[int] = []
    if "\r" in text:
        crlf = [m.start() - i for i, m in enumerate(re.finditer(r"\r\n", text))]
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\0", "\ufffd"), crlf


class _Lines:
    def __init__(self, src: str):
        self.src = src
        starts = [0]
        find, pos = src.find, 0
        while (pos := find("\n", pos) + 1) > 0:
            starts.append(pos)
        self.starts = starts

    def span(self, line: int) -> Span:
        """The line's offsets, without its line break."""
        start = self.starts[line] if line < len(self.starts) else len(self.src)
        end = self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.src)
        return start, end


class _Map:
    """Offsets in a block's content → offsets in the source: pieces (content start, source start, length)."""

    def __init__(self, pieces: list[tuple[int, int, int]]):
        self.pieces = pieces
        self._starts = [p[0] for p in pieces]

    def at(self, offset: int) -> int:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0:
            return self.pieces[0][1]
        start, source, length = self.pieces[i]
        return source + min(offset - start, length)

    def span(self, start: int, end: int) -> Span:
        """The source span from the character at ``start`` to the one before ``end``, and all between."""
        return self.at(start), self.at(end - 1) + 1

    def sources(self, start: int, end: int) -> Iterator[Span]:
        """The source pieces of the content ``[start, end)``, line by line."""
        for cstart, source, length in self.pieces:
            lo, hi = max(start, cstart), min(end, cstart + length)
            if lo < hi:
                yield source + lo - cstart, source + hi - cstart


def _align(lines: _Lines, first: int, content: str, *, heading: bool = False, count: int = 0) -> _Map | None:
    """``_align_at`` the block's first line, or at a later one when trimming took whole lines of the block
    (``count`` lines in all): a line of other whitespace than spaces and tabs (U+000B, U+2003) is no blank
    line, so the block holds it, but its content is trimmed of it."""
    skips = max(0, count - content.count("\n") - 1)
    for skip in range(skips + 1):
        mapping = _align_at(lines, first + skip, content, heading=heading)
        if mapping is not None:
            return mapping
    return None


def _align_at(lines: _Lines, first: int, content: str, *, heading: bool = False) -> _Map | None:
    """Where each line of ``content`` (a block's lines less their container prefixes and indentation, the
    whole trimmed) lies in the source lines from ``first``. A line is a suffix of its source line (the last
    one may have lost trailing space, a heading its closing #s); tabs the block's indentation took part of
    come back as spaces, which are not mapped. None when a line is not found (the caller masks the block)."""
    src, pieces, offset = lines.src, [], 0
    parts = content.split("\n")
    for i, part in enumerate(parts):
        lo, hi = lines.span(first + i)
        last = i == len(parts) - 1
        rest = part.lstrip(" ")
        for piece in (part, rest):
            if last:
                x = src.rfind(piece, lo, hi)
                tail = src[x + len(piece):hi] if x >= 0 else ""
                if x >= 0 and (_HEADING_TAIL.fullmatch(tail) if heading else not tail.strip()):
                    break
            elif src.endswith(piece, lo, hi) and hi - len(piece) >= lo:
                x = hi - len(piece)
                break
        else:
            return None
        if piece:
            pieces.append((offset + len(part) - len(piece), x, len(piece)))
        offset += len(part) + 1
    return _Map(pieces) if pieces else None


def _cells(lines: _Lines, line: int, contents: list[str]) -> list[_Map | None]:
    """The maps of a table row's cells: the row is split at its unescaped pipes as the parser splits it; a
    cell's content is its column trimmed, with ``\\|`` read as ``|``."""
    src = lines.src
    lo, hi = lines.span(line)
    columns, start, pos, escaped = [], lo, lo, False
    while pos < hi:
        ch = src[pos]
        if ch == "|" and not escaped:
            columns.append((start, pos))
            start = pos + 1
        escaped = ch == "\\"
        pos += 1
    columns.append((start, hi))
    if columns and _ROW_PREFIX.fullmatch(src, *columns[0]):
        columns.pop(0)  # the line's start: indentation and container markers only
    if columns and not src[columns[-1][0]:columns[-1][1]].strip():
        columns.pop()
    maps: list[_Map | None] = []
    for i, content in enumerate(contents):
        if not content:
            maps.append(None)
            continue
        if i >= len(columns):
            return [None] * len(contents)
        a, b = columns[i]
        chars, where = [], []
        j = a
        while j < b:
            if src.startswith("\\|", j, b):
                chars.append("|")
                where.append(j + 1)  # the escaping backslash is markup
                j += 2
            else:
                chars.append(src[j])
                where.append(j)
                j += 1
        unescaped = "".join(chars)
        k = unescaped.rfind(content)
        if k < 0 or unescaped[k + len(content):].strip() or (i > 0 and unescaped[:k].strip()):
            return [None] * len(contents)
        pieces, run_start = [], k
        for m in range(k + 1, k + len(content) + 1):  # contiguous runs of source offsets
            if m == k + len(content) or where[m] != where[m - 1] + 1:
                pieces.append((run_start - k, where[run_start], m - run_start))
                run_start = m
        maps.append(_Map(pieces))
    return maps


# ---------------------------------------------------------------------------------------------
# Regions


def _parse(src: str, every_label: bool) -> tuple[list[Token], dict[str, Any]]:
    md = parser()
    env: dict[str, Any] = {"references": _EveryLabel()} if every_label else {}
    tokens = md.parse(src, env)
    return tokens, env


def _inline_found(token: Token, env: dict[str, Any]) -> list[tuple[str, int, int, int]]:
    md = parser()
    watching = _Inline(token.content)
    env["_copydesk"] = watching
    try:
        md.inline.parse(token.content, md, env, [])
    finally:
        env.pop("_copydesk", None)
    return watching.found


def _inline_masks(content: str, found: list[tuple[str, int, int, int]]) -> Iterator[Span]:
    """Content spans of one block's inline content that are not prose."""
    open_raw: tuple[str, int] | None = None
    for what, start, end, label_end in sorted(found, key=lambda f: (f[1], -f[2])):
        if open_raw is not None:
            name, raw_start = open_raw
            if what == "html" and re.fullmatch(rf"</{name}\s*>", content[start:end], re.I):
                yield raw_start, end
                open_raw = None
            continue  # inside <code>...</code>: masked with it
        if what == "link":
            after = content[label_end + 1:end]
            if end == label_end + 1 or after == "[]":  # [label] or [label][]: the text is the label
                yield start, end
            else:
                yield start, start + 1
                yield label_end, end
        elif what == "html":
            raw = _RAW_OPEN.match(content, start, end)
            if raw and not content[start:end].endswith("/>"):
                open_raw = (raw.group(1).lower(), start)
            else:
                yield start, end
        else:
            yield start, end
    if open_raw is not None:
        yield open_raw[1], len(content)  # never closed: to the end of the block


def _html_masks(content: str) -> Iterator[Span]:
    """Content spans of an HTML block that are not prose: tags, comments and the like, raw elements' contents,
    and entities as HTML reads them, where a known name needs no semicolon (``&lt`` is "<")."""
    if "&" in content:
        from html.entities import html5

        for m in _HTML_ENTITY.finditer(content):
            if m.group(1) is None or m.group(1) + ";" in html5:
                yield m.span()
    pos = 0
    while (lt := content.find("<", pos)) >= 0:
        piece = _HTML_PIECE.match(content, lt)
        if piece is None:
            if _UNCLOSED_PIECE.match(content, lt):
                yield lt, len(content)  # a tag or comment the block does not close
                return
            pos = lt + 1
            continue
        end = piece.end()
        name = (piece.group("open") or "").lower()
        if name in RAW_ELEMENTS and not piece.group().endswith("/>"):
            close = re.compile(rf"</{name}\s*>", re.I).search(content, end)
            end = close.end() if close else len(content)
        yield lt, end
        pos = end


def front_matter_body(text: str) -> str | None:
    """The text of a document's YAML front matter (between its ``---`` lines), or None when it has none."""
    end = _front_matter_end(text)
    if not end:
        return None
    start = _LINE_BREAK.search(text).end()  # type: ignore[union-attr]  (front matter has its first line break)
    closing = text.rfind("\n", start, max(end - 1, start))
    return text[start:closing + 1 if closing >= 0 else start]


def _front_matter_end(text: str) -> int:
    """The end of YAML front matter (after its closing line's break), or 0: a first line ``---`` (after a
    BOM) and a later line ``---`` or ``...``; any line breaks."""
    start = 1 if text.startswith("\ufeff") else 0
    first = _LINE_BREAK.search(text, start)
    if first is None or text[start:first.start()].rstrip(" \t") != "---":
        return 0
    pos = first.end()
    while pos < len(text):
        brk = _LINE_BREAK.search(text, pos)
        end = brk.start() if brk else len(text)
        if _FENCE_OF_FRONT_MATTER.fullmatch(text, pos, end):
            return brk.end() if brk else len(text)
        if brk is None:
            break
        pos = brk.end()
    return 0


@dataclass
class _Parsed:
    src: str
    lines: _Lines
    tokens: list[Token]
    env: dict[str, Any]


def _parsed(body: str, every_label: bool) -> _Parsed:
    tokens, env = _parse(body, every_label)
    return _Parsed(body, _Lines(body), tokens, env)


def _kinds(parsed: _Parsed) -> bytearray:
    """One byte per character of the (normalized) source: PROSE, MARKUP or HARD."""
    src, lines, tokens = parsed.src, parsed.lines, parsed.tokens
    kinds = bytearray([MARKUP]) * len(src)

    def hard(start: int, end: int) -> None:
        if end > start:
            kinds[start:end] = bytes([HARD]) * (end - start)

    def whole_lines(first: int, last: int) -> None:
        hard(lines.span(first)[0], lines.span(last - 1)[1])

    for first, last in parsed.env.get("_copydesk_references", ()):
        whole_lines(first, last)
    row: list[Token] = []
    for i, token in enumerate(tokens):
        kind = token.type
        parent = tokens[i - 1] if i else None
        if kind in ("fence", "code_block") and token.map:
            whole_lines(*token.map)
        elif kind == "html_block" and token.map:
            content = token.content
            mapping = _align(lines, token.map[0], content[:-1] if content.endswith("\n") else content)
            if mapping is None:
                whole_lines(*token.map)
                continue
            for start, end in mapping.sources(0, len(content)):
                kinds[start:end] = bytes(end - start)
            for start, end in _html_masks(content):
                hard(*mapping.span(start, end))
        elif kind == "inline" and token.map:
            if parent is not None and parent.type in ("th_open", "td_open"):
                row.append(token)
                continue
            heading = parent is not None and parent.type == "heading_open" and parent.markup.startswith("#")
            mapping = _align(lines, token.map[0], token.content, heading=heading, count=token.map[1] - token.map[0])
            if mapping is None:
                if token.content.strip():
                    whole_lines(*token.map)
                continue
            _mark_inline(kinds, token, mapping, parsed.env)
        elif kind == "tr_close" and row:
            maps = _cells(lines, row[0].map[0], [t.content for t in row])  # type: ignore[index]
            for cell, mapping in zip(row, maps, strict=True):
                if mapping is not None:
                    _mark_inline(kinds, cell, mapping, parsed.env)
                elif cell.content.strip():
                    whole_lines(*row[0].map)  # type: ignore[misc]
            row = []
    # "<div" or "</pre" at a line's start decides where blocks end (an HTML block starts there, which ends a
    # table or a paragraph before it), even where the line itself is read as something else: markup
    from markdown_it.common.html_blocks import block_names

    for m in _LINE_TAG_NAME.finditer(src):
        if m.group(1).lower() in block_names or m.group(1).lower() in ("pre", "script", "style", "textarea"):
            kinds[m.start(1) - (2 if src[m.start(1) - 1] == "/" else 1):m.end(1)] = bytes([HARD]) * (
                m.end(1) - m.start(1) + (2 if src[m.start(1) - 1] == "/" else 1))
    # whitespace around markers is no region's own (inside a hard region it stays): free it, so that the
    # first word of a list item or a table cell does not abut a masked region
    for run in _MARKUP_RUN.finditer(kinds):
        for space in _SPACE.finditer(src, *run.span()):
            kinds[space.start():space.end()] = bytes(space.end() - space.start())
    return kinds


def _mark_inline(kinds: bytearray, token: Token, mapping: _Map, env: dict[str, Any]) -> None:
    for start, end in mapping.sources(0, len(token.content)):
        kinds[start:end] = bytes(end - start)
    if _INLINE_MARKUP.search(token.content) is None:
        return  # most paragraphs: nothing that opens a code span, a link, an image, a tag or an entity
    for start, end in _inline_masks(token.content, _inline_found(token, env)):
        if end > start:
            lo, hi = mapping.span(start, end)
            kinds[lo:hi] = bytes([HARD]) * (hi - lo)


_MASKED = re.compile(rb"[\x01\x02]+")
_INLINE_MARKUP = re.compile(r"[`\[<&]")


def _to_original(spans: Iterator[Span], crlf: list[int], offset: int) -> list[Span]:
    if not crlf:
        return [(start + offset, end + offset) for start, end in spans]
    return [(start + bisect.bisect_left(crlf, start) + offset, end + bisect.bisect_left(crlf, end) + offset)
            for start, end in spans]


def _body(text: str, at_start: bool) -> int:
    """Where the text the parser reads starts: after front matter, or after a BOM."""
    if not at_start:
        return 0
    return _front_matter_end(text) or (1 if text.startswith("\ufeff") else 0)


def regions(text: str, *, every_label: bool = False, at_start: bool = True) -> list[Span]:
    """The spans of Markdown ``text`` that are not prose (see the module's docstring), sorted and disjoint.
    ``every_label``: take every ``[label]`` for a defined reference (a part of a larger text, whose
    definitions may be elsewhere). ``at_start``: the text starts its document, where front matter may be."""
    start = _body(text, at_start)
    spans: list[Span] = [(0, start)] if start > 1 else []  # front matter (1: a BOM alone)
    body, crlf = _normalized(text[start:])
    kinds = _kinds(_parsed(body, every_label))
    spans += _to_original((m.span() for m in _MASKED.finditer(kinds)), crlf, start)
    return spans


def atomic_blocks(text: str, at_start: bool = True) -> list[Span]:
    """Spans a text may not be cut inside if its parts are to be masked as the whole is: front matter, and
    every leaf block (fences, code, HTML blocks, paragraphs, headings, tables, reference definitions),
    whole lines each. A cut between blocks can change how a part reads its first lines (a list item's
    continuation read as indented code), but only towards masking more."""
    start = _body(text, at_start)
    spans: list[Span] = [(0, start)] if start > 1 else []
    body, crlf = _normalized(text[start:])
    parsed = _parsed(body, every_label=True)
    lines = parsed.lines
    blocks = [tuple(t.map) for t in parsed.tokens
              if t.map and t.type in ("fence", "code_block", "html_block", "inline", "table_open")]
    blocks += parsed.env.get("_copydesk_references", [])
    body_spans = ((lines.span(first)[0], lines.span(last - 1)[1]) for first, last in blocks if last > first)
    return spans + _to_original(iter(body_spans), crlf, start)
