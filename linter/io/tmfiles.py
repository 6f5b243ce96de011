"""Translation files (XLIFF 1.2 and 2.0, PO, TMX) read through translate-toolkit; each unit's target located in them.

translate-toolkit's storage classes parse the file and say what each unit is: its id, source, target and the file's
languages. Where the target sits in the file, character by character, comes from the same parse: for the XML formats
from expat's byte positions for the element translate-toolkit names (both parsers read elements in document order),
for PO from the quoted lines translate-toolkit kept for the unit. A unit whose target read this way is not exactly the
target translate-toolkit gives (inline markup it renders otherwise) keeps only its place: its findings are put on the
target's first character, and its fixes are not applied (linter/io/tmcheck.py).
"""

from __future__ import annotations

import xml.parsers.expat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from linter.io.paths import TRANSLATION_SUFFIXES, translation_kind
from linter.io.reading import ArticleError

# suffix -> what the file is read as; ``kind_of(path)``: which of them a file's name says (in linter/io/paths.py,
# which a plain article's check imports without this module)
SUFFIXES = TRANSLATION_SUFFIXES
kind_of = translation_kind
XLIFF2_NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Unit:
    """One translation unit: its id, source and target, and where the target's characters are in the file's text.

    ``starts[i]``/``ends[i]`` are the offsets (code points, in the file's text) of the characters that hold target
    character ``i`` (one character, or an escape such as ``&amp;`` or ``\\n``); ``raw[i]`` says whether they hold it
    as itself. Empty when the target could not be located character by character: then only ``start`` is known."""

    id: str
    line: int  # 1-based: where the target starts
    source: str
    target: str
    start: int  # the target's first character in the file's text
    end: int
    starts: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()
    cdata: tuple[bool, ...] = ()  # per character: inside a CDATA section (XML), written there without escapes

    @property
    def located(self) -> bool:
        return len(self.starts) == len(self.target) and bool(self.target)


@dataclass(frozen=True)
class TranslationFile:
    kind: str  # xliff (1.2), xliff2, po, tmx
    source_language: str | None  # as the file declares it (``uk``, ``zh-CN``); None when it does not
    target_language: str | None
    units: tuple[Unit, ...]  # the units with a target to check, in file order


def read_units(path: str, text: str, bom: bool = False) -> TranslationFile:
    """The units of the translation file whose decoded text is ``text``; ArticleError (naming the file, and the line
    where the parser says) for a file that does not parse or has a unit with a target and no source."""
    kind = kind_of(path)
    data = text.encode("utf-8")
    if kind == "po":
        return _read_po(path, text, data)
    if kind not in ("xliff", "tmx"):
        raise ArticleError(path, "not a translation file (.xlf, .xliff, .po, .tmx)")
    return _read_xml(path, kind, text, data)


# --- XML: XLIFF 1.2, XLIFF 2.0, TMX ------------------------------------------------------------------------------


@dataclass
class _Element:
    name: str  # local name
    start: int  # byte offset of '<'
    chars: list[tuple[str, int, bool]]  # character data inside it, nested elements' too: (data, byte offset, cdata)


def _expat_elements(path: str, data: bytes) -> list[_Element]:
    """Every element of the document in order, with the character data inside it and byte offsets; ArticleError
    for a document that is not well-formed or declares entities (which could expand without bound)."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = False
    elements: list[_Element] = []
    open_: list[_Element] = []
    cdata = [False]

    def start(name: str, _attributes: Any) -> None:
        element = _Element(name.rpartition("}")[2], parser.CurrentByteIndex, [])
        elements.append(element)
        open_.append(element)

    def end(_name: str) -> None:
        open_.pop()

    def characters(chunk: str) -> None:
        at = parser.CurrentByteIndex
        for element in open_:
            element.chars.append((chunk, at, cdata[0]))

    def entity(*_args: Any) -> None:
        raise ArticleError(path, f"line {parser.CurrentLineNumber}: declares an XML entity; not read (copydesk "
                                 "does not expand entities)")

    def cdata_start() -> None:
        cdata[0] = True

    def cdata_end() -> None:
        cdata[0] = False

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler, parser.EntityDeclHandler = characters, entity
    parser.StartCdataSectionHandler, parser.EndCdataSectionHandler = cdata_start, cdata_end
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise ArticleError(path, f"line {exc.lineno}, column {exc.offset + 1}: malformed XML: "
                                 f"{xml.parsers.expat.errors.messages[exc.code]}; not read") from None
    # only the open elements see a chunk: nested elements' text belongs to every element around it
    return elements


def _read_xml(path: str, kind: str, text: str, data: bytes) -> TranslationFile:
    elements = _expat_elements(path, data)  # first: well-formed, no entities, before lxml sees it
    store = _parse_store(path, kind, data)
    kind = type(store).__name__.lower().replace("xliff1file", "xliff").replace("file", "")
    root = store.document.getroot()
    order = {el: n for n, el in enumerate(root.iter(tag=_lxml_element()))}  # holds the proxies: one per element
    units: list[Unit] = []
    offsets = _Offsets(data, text)
    for unit in store.units:
        if unit.isheader():
            continue
        target_node, source_node = _nodes(unit, kind, store)
        if target_node is not None and source_node is None and "".join(target_node.itertext()).strip():
            line = getattr(target_node, "sourceline", 0) or 0
            raise ArticleError(path, f"line {line}: unit {_unit_id(unit, kind)!r} has a target but no source; not read")
        target = unit.target
        if target_node is None or not target or not unit.source:
            continue  # nothing to check
        number = order.get(target_node)
        if number is None or number >= len(elements) or elements[number].name != _local(target_node.tag):
            raise ArticleError(path, f"unit {_unit_id(unit, kind)!r}: its target could not be found in the file; "
                                     "not read")
        units.append(_xml_unit(_unit_id(unit, kind), str(unit.source), str(target), elements[number], data, offsets))
    language = store.getsourcelanguage() or None
    target_language = store.gettargetlanguage() or None
    if kind == "tmx" and target_language is None and store.units:  # TMX says it on each variant
        variants = [c for c in store.units[0].xmlelement if _local(c.tag) == "tuv"]
        if len(variants) > 1:
            target_language = variants[1].get(_XML_LANG) or variants[1].get("lang")
    return TranslationFile(kind, language, target_language, tuple(units))


def _lxml_element() -> Any:
    from lxml import etree  # translate-toolkit's own dependency; only translation files need it

    return etree.Element


def _local(tag: Any) -> str:
    return str(tag).rpartition("}")[2]


def _parse_store(path: str, kind: str, data: bytes) -> Any:
    from lxml import etree
    from translate.storage import tmx, xliff, xliff2

    if kind == "tmx":
        cls: Any = tmx.tmxfile
    else:
        try:
            root_ns = etree.QName(etree.fromstring(data, _safe_parser())).namespace
        except etree.XMLSyntaxError as exc:
            raise ArticleError(path, f"line {exc.lineno}: malformed XML: {exc.msg}; not read") from None
        cls = xliff2.Xliff2File if root_ns == XLIFF2_NAMESPACE else xliff.xlifffile
    try:
        return cls.parsestring(data)
    except etree.XMLSyntaxError as exc:
        raise ArticleError(path, f"line {exc.lineno}: malformed XML: {exc.msg}; not read") from None
    except (ValueError, AttributeError, TypeError, KeyError) as exc:
        raise ArticleError(path, f"not a valid {kind.upper()} file: {exc}; not read") from None


def _safe_parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _nodes(unit: Any, kind: str, store: Any) -> tuple[Any, Any]:
    """The element holding the unit's target text and the one holding its source (None when missing), as
    translate-toolkit reads them: in TMX the first variant is the source, the second the target; a lone variant in
    another language than the header's ``srclang`` is a target without a source."""
    element = unit.xmlelement
    if kind == "tmx":
        variants = [c for c in element if _local(c.tag) == "tuv"]

        def seg(tuv: Any) -> Any:
            return next((c for c in tuv if _local(c.tag) == "seg"), None)

        if len(variants) == 1:
            language = variants[0].get(_XML_LANG) or variants[0].get("lang") or ""
            source_language = store.getsourcelanguage() or ""
            if source_language and language.split("-")[0].lower() != source_language.split("-")[0].lower():
                return seg(variants[0]), None
        return (seg(variants[1]) if len(variants) > 1 else None), (seg(variants[0]) if variants else None)
    target = next((c for c in element if _local(c.tag) == "target"), None)
    source = next((c for c in element if _local(c.tag) == "source"), None)
    return target, source


def _unit_id(unit: Any, kind: str) -> str:
    if kind == "tmx":
        return str(unit.xmlelement.get("tuid") or unit.getid())
    if kind == "xliff":
        return str(unit.xmlelement.get("id") or unit.getid().rpartition("\x04")[2])
    own = unit.xmlelement.get("id")  # XLIFF 2.0: the segment's id, else its unit's
    parent = unit.xmlelement.getparent()
    unit_id = parent.get("id") if parent is not None else None
    return f"{unit_id}/{own}" if own and unit_id else str(own or unit_id or unit.getid())


class _Offsets:
    """Byte offsets into the file's UTF-8 bytes turned into code-point offsets into its text, walking forward."""

    def __init__(self, data: bytes, text: str):
        self.data, self.text = data, text
        self.byte, self.char, self.line = 0, 0, 1

    def char_at(self, byte: int) -> int:
        if byte < self.byte:  # back to the start: callers ask in file order, so this is rare
            self.byte, self.char, self.line = 0, 0, 1
        self.char += len(self.data[self.byte:byte].decode("utf-8"))
        self.line += self.data.count(b"\n", self.byte, byte)
        self.byte = byte
        return self.char

    def line_at(self, byte: int) -> int:
        self.char_at(byte)
        return self.line


def _xml_unit(unit_id: str, source: str, target: str, element: _Element, data: bytes, offsets: _Offsets) -> Unit:
    """The unit with its target located: each character of the element's character data, with its extent in the
    file (a character reference or ``&amp;`` is one character; a CR LF read as LF is two)."""
    line = offsets.line_at(element.start)
    first = offsets.char_at(element.start)
    read = "".join(chunk for chunk, _at, _cdata in element.chars)
    if read != target:
        return Unit(unit_id, line, source, target, first, first)
    line = offsets.line_at(element.chars[0][1])  # where the target's text starts (offsets only move forward)
    starts: list[int] = []
    ends: list[int] = []
    cdata: list[bool] = []
    for chunk, at, in_cdata in element.chars:
        encoded = chunk.encode("utf-8")
        # as itself: the same bytes, and not an escape that reads as what it escapes ('&amp;' is '&')
        if data.startswith(encoded, at) and (in_cdata or not (b"&" in encoded or b"<" in encoded)):
            start = offsets.char_at(at)  # the chunk's characters stand one after another in the file's text
            starts.extend(range(start, start + len(chunk)))
            ends.extend(range(start + 1, start + len(chunk) + 1))
            cdata.extend([in_cdata] * len(chunk))
            continue
        if len(chunk) != 1:
            return Unit(unit_id, line, source, target, first, first)
        if chunk == "\n" and data.startswith(b"\r", at):  # CR LF (or a lone CR) read as LF
            size = 2 if data.startswith(b"\r\n", at) else 1
        elif data.startswith(b"&", at):
            size = data.index(b";", at) + 1 - at
        else:
            return Unit(unit_id, line, source, target, first, first)
        start = offsets.char_at(at)
        starts.append(start)
        ends.append(offsets.char_at(at + size))
        cdata.append(in_cdata)
    return Unit(unit_id, line, source, target, starts[0], ends[-1], tuple(starts), tuple(ends), tuple(cdata))


# --- PO ----------------------------------------------------------------------------------------------------------


def _read_po(path: str, text: str, data: bytes) -> TranslationFile:
    from translate.storage import pypo

    try:
        store = pypo.pofile.parsestring(data)
    except Exception as exc:  # translate-toolkit's PO parser raises its own errors, not all ValueError
        raise ArticleError(path, f"not a valid PO file: {type(exc).__name__}: {exc}; not read") from None
    lines = text.splitlines(keepends=True)
    line_starts = [0]
    for line in lines:
        line_starts.append(line_starts[-1] + len(line))
    units: list[Unit] = []
    target_language = None
    cursor = 0  # the line after the last msgstr found: units come in file order
    for unit in store.units:
        if unit.isheader():
            target_language = unit.getheaderdict().get("Language") if hasattr(unit, "getheaderdict") else None
            continue
        if unit.isobsolete() or unit.hasplural():
            continue  # obsolete entries are not translations in use; plural forms are left to pofilter
        target = unit.target
        if not target:
            continue
        unit_id = unit.getid().replace("\x04", " | ")
        quoted = list(unit.msgstr)
        number = next((n for n in range(cursor, len(lines)) if lines[n].startswith("msgstr")
                       and lines[n][len("msgstr"):].strip() == quoted[0]
                       and all(lines[n + k].strip() == q for k, q in enumerate(quoted[1:], 1) if n + k < len(lines))),
                      None)
        if number is None:
            raise ArticleError(path, f"unit {unit_id!r}: its msgstr could not be found in the file; not read")
        cursor = number + len(quoted)
        if not unit.source:
            raise ArticleError(path, f"line {number + 1}: unit {unit_id!r} has a target but no source; not read")
        units.append(_po_unit(unit_id, str(unit.source), str(target), quoted, number, lines, line_starts))
    if target_language is None:
        target_language = store.gettargetlanguage()
    return TranslationFile("po", store.getsourcelanguage() or None, target_language or None, tuple(units))


def _po_unit(unit_id: str, source: str, target: str, quoted: Sequence[str], number: int, lines: Sequence[str],
             line_starts: Sequence[int]) -> Unit:
    """The unit with its target located: its msgstr's quoted strings, as translate-toolkit kept them, on the
    ``msgstr`` line (0-based ``number``) and the lines after it, each escape one character of the target."""
    from translate.storage.pypo import unescape

    first = line_starts[number]
    starts: list[int] = []
    ends: list[int] = []
    located: list[str] = []
    column = len("msgstr")
    for string in quoted:
        at = lines[number].find(string, column) if number < len(lines) else -1
        if at < 0:
            return Unit(unit_id, number + 1, source, target, first, first)
        inner_start = line_starts[number] + at + 1
        inner = string[1:-1]
        for position, size in _po_characters(inner, unescape):
            starts.append(inner_start + position)
            ends.append(inner_start + position + size)
            located.append(unescape(inner[position:position + size]))
        number, column = number + 1, 0
    if "".join(located) != target or not starts:
        return Unit(unit_id, _line_of(line_starts, first), source, target, first, first)
    return Unit(unit_id, _line_of(line_starts, starts[0]), source, target, starts[0], ends[-1], tuple(starts),
                tuple(ends), (False,) * len(starts))


def _po_characters(inner: str, unescape: Any) -> Iterator[tuple[int, int]]:
    """(position, size) of each character a PO string's inside holds: one character, or an escape (``\\n``, ``\\"``)."""
    position = 0
    while position < len(inner):
        size = 2 if inner[position] == "\\" and position + 1 < len(inner) else 1
        if size == 2 and len(unescape(inner[position:position + 2])) != 1:
            size = 1  # an escape translate-toolkit reads otherwise: the comparison with its target refuses the unit
        yield position, size
        position += size


def _line_of(line_starts: Sequence[int], offset: int) -> int:
    import bisect

    return bisect.bisect_right(line_starts, offset)
