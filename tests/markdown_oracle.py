"""An oracle for Markdown masking, from a CommonMark parser's own reading of a text (not from offsets).

``nonprose(text)`` lists what a renderer would take from the text that is not prose: front matter, code
blocks and spans, HTML tags, comments and the contents of raw elements (``<pre>``, ``<script>``, ...),
link destinations and titles, reference definitions, images, autolinks, entities. It never looks at
copydesk's masks, so two texts can be compared: editing prose must leave it as it was.

``scramble(text, spans)`` rewrites every letter outside ``spans`` (``a``→``x``, ``A``→``X``, ``ћ``→``ж``), the harshest
edit of prose there is; when ``spans`` are copydesk's masks, ``nonprose`` must not change.

``prose_pieces(text)`` lists the parser's text of paragraphs, headings and table cells that copydesk
keeps as prose (not the text of a reference link or an autolink, nor inside ``<code>``): each must be
found, unmasked, in order.

Used by tests/test_masking_differential.py and bench/fuzz/fuzz_document.py.
"""

from __future__ import annotations

import html.entities
import re
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.html_blocks import block_names

RAW = ("pre", "script", "style", "code", "textarea")
_BLOCK_TAG_START = re.compile(r"^</?(?:" + "|".join(block_names) + r"|pre|script|style|textarea)(?![A-Za-z0-9-])", re.I)
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|\Z)")


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"store_labels": True}).enable("table")
    md.core.ruler.disable(["text_join"])
    return md


class _Tags(HTMLParser):
    """Tags, comments, declarations and the data of raw elements, as Python's HTML parser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.items: list[tuple[Any, ...]] = []
        self.raw: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.items.append(("start", tag, tuple(attrs)))
        if tag in RAW:
            self.raw.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.items.append(("startend", tag, tuple(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.items.append(("end", tag))
        if tag in self.raw:
            del self.raw[self.raw.index(tag):]

    def handle_data(self, data: str) -> None:
        if self.raw:
            self.items.append(("raw", data))

    def handle_comment(self, data: str) -> None:
        self.items.append(("comment", data))

    def handle_decl(self, decl: str) -> None:
        self.items.append(("decl", decl))

    def handle_pi(self, data: str) -> None:
        self.items.append(("pi", data))

    def unknown_decl(self, data: str) -> None:
        self.items.append(("unknown", data))

    def handle_entityref(self, name: str) -> None:
        if name + ";" in html.entities.html5:  # "&foo;" is text
            self.items.append(("entity", name))

    def handle_charref(self, name: str) -> None:
        self.items.append(("charref", name))


def _tags(html: str) -> list[tuple[Any, ...]]:
    parser = _Tags()
    # "<!-->" and "<!--->" are whole (empty) comments in HTML5 and CommonMark; Python 3.11's parser reads on
    # to the next "-->" (found by the fuzzer)
    parser.feed(re.sub(r"<!---?>", "<!---->", html))
    leftover = parser.rawdata[parser.rawdata.find("<"):] if "<" in parser.rawdata else ""
    return [*parser.items, ("unparsed", leftover)] if leftover else parser.items


def _front_matter(text: str) -> str:
    """YAML front matter: a first line ``---`` (after a BOM), up to a line ``---`` or ``...``."""
    lines = [m.group() for m in _LINES.finditer(text.removeprefix("\ufeff")) if m.group()]
    if not lines or lines[0].rstrip("\r\n").rstrip(" \t") != "---":
        return ""
    for i, line in enumerate(lines[1:], 1):
        if line.rstrip("\r\n").rstrip(" \t") in ("---", "..."):
            return text[:len(text) - len(text.removeprefix("\ufeff"))] + "".join(lines[:i + 1])
    return ""


def _body(text: str, front: str) -> str:
    """What a renderer reads: the text after front matter, or after a byte-order mark."""
    return text[len(front):] if front else text.removeprefix("\ufeff")


def nonprose(text: str) -> list[tuple[Any, ...]]:
    """What a CommonMark renderer takes from ``text`` that is not prose, in document order."""
    front = _front_matter(text)
    env: dict[str, Any] = {}
    tokens = _md().parse(_body(text, front), env)
    items: list[tuple[Any, ...]] = [("front", front)] if front else []
    for token in tokens:
        if token.type == "fence":
            items.append(("fence", token.info, token.content))
        elif token.type == "code_block":
            items.append(("code", token.content))
        elif token.type == "html_block":
            items += [("html", *item) for item in _tags(token.content)]
        elif token.type == "inline":
            items += _inline(token.children or [])
    refs = env.get("references", {})
    items += [("definition", label, ref["href"], ref["title"]) for label, ref in sorted(refs.items())]
    return items


def _inline(children: list[Any]) -> list[tuple[Any, ...]]:
    items: list[tuple[Any, ...]] = []
    raw: str | None = None
    for child in children:
        if raw is not None:
            items.append(("raw", child.type, child.content, child.markup))
            if child.type == "html_inline" and re.fullmatch(rf"</{raw}\s*>", child.content, re.I):
                raw = None
            continue
        if child.type == "code_inline":
            items.append(("code_inline", child.content))
        elif child.type == "html_inline":
            # a tag is a tag whether a paragraph or an HTML block holds it (deleting an invisible character
            # before "</div>" at a line's start makes it a block of its own: the tag is still the tag)
            items += [("html", *item) for item in _tags(child.content)]
            opened = re.match(r"<(" + "|".join(RAW) + r")(?=[\s/>])", child.content, re.I)
            if opened and not child.content.endswith("/>"):
                raw = opened.group(1).lower()
        elif child.type == "link_open":
            items.append(("link", child.markup, child.attrs.get("href"), child.attrs.get("title"),
                          child.meta.get("label")))
        elif child.type == "image":
            items.append(("image", child.attrs.get("src"), child.attrs.get("title"), child.content))
        elif child.type == "text_special" and child.info == "entity":
            items.append(("entity", child.markup))
    return items


def _scrambled(letter: str) -> str:
    """Another letter of the same case and the same ASCII-ness (HTML tag names are ASCII: ``<ћ>`` is text)."""
    if letter.isascii():
        return "x" if letter.islower() else "X"
    return "ж" if letter.islower() else "Ж"


def scramble(text: str, spans: tuple[tuple[int, int], ...] | list[tuple[int, int]]) -> str:
    """``text`` with every letter outside ``spans`` replaced: lower case by ``x``, others by ``X``."""
    out, pos = [], 0
    for start, end in [*spans, (len(text), len(text))]:
        out.append("".join(_scrambled(c) if c.isalpha() else c for c in text[pos:start]))
        out.append(text[start:end])
        pos = end
    return "".join(out)


def prose_pieces(text: str) -> list[str]:
    """The parser's prose text (of paragraphs, headings and table cells), piece by piece, in order."""
    pieces: list[str] = []
    in_cell = False
    for token in _md().parse(_body(text, _front_matter(text))):
        if token.type in ("th_open", "td_open"):
            in_cell = True
        elif token.type in ("th_close", "td_close"):
            in_cell = False
        elif token.type == "inline":
            pieces += _prose_of(token.children or [], in_cell)
    return pieces


def masked_prose(text: str, spans: tuple[tuple[int, int], ...] | list[tuple[int, int]]) -> str | None:
    """The first piece of ``prose_pieces`` that is not found unmasked, in order, in ``text`` with ``spans``
    blanked out (None: all are)."""
    from linter.text.masking import blank_out, merge

    prose = blank_out(text, merge(spans)).replace("\0", "\ufffd")  # the parser reads NUL as U+FFFD
    pos = 0
    for piece in prose_pieces(text):
        found = prose.find(piece, pos)
        if found < 0:
            return piece
        pos = found + len(piece)
    return None


def _prose_of(children: list[Any], in_cell: bool) -> list[str]:
    pieces: list[str] = []
    skip: list[bool] = []  # per open link: is its text masked?
    raw: str | None = None
    for child in children:
        if raw is not None:
            if child.type == "html_inline" and re.fullmatch(rf"</{raw}\s*>", child.content, re.I):
                raw = None
            continue
        if child.type == "link_open":
            # the text of an autolink, and of a reference link (a shortcut or collapsed one is masked whole;
            # telling it from a full one would mean rebuilding its text from tokens), is not required unmasked
            skip.append(child.markup == "autolink" or child.meta.get("label") is not None)
        elif child.type == "link_close":
            skip.pop()
        elif child.type == "html_inline":
            opened = re.match(r"<(" + "|".join(RAW) + r")(?=[\s/>])", child.content, re.I)
            if opened and not child.content.endswith("/>"):
                raw = opened.group(1).lower()
        elif child.type == "text" and not any(skip) and child.content.strip():
            if in_cell and "|" in child.content:
                continue  # an escaped pipe: "\|" in the source
            # "<div" at a line's start is masked as markup: it ends the table or paragraph before it
            pieces.append(_BLOCK_TAG_START.sub("", child.content))
    return pieces
