"""A glossary for the bilingual checks: a CSV or TBX file (config key ``glossary``) read into source terms and the
target terms that must translate them; a file that cannot be read is a ConfigError naming the file and line."""

from __future__ import annotations

import csv
import io
import os

from linter.core.config import ConfigError
from linter.core.regular_files import PACK_LIMIT, read_regular
from linter.kinds.base import GlossaryEntry

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_HEADERS = frozenset({"source", "term", "source term", "source_term"})


def load(path: str) -> tuple[GlossaryEntry, ...]:
    """The entries of the glossary at ``path`` (.tbx: TBX through translate-toolkit; anything else: CSV, one entry a
    row: the source term, then its target terms, a header row and rows starting with '#' left out)."""
    try:
        data = read_regular(path, PACK_LIMIT)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"glossary cannot be read: {exc}", path, 0, "glossary") from None
    if path.lower().endswith(".tbx"):
        return _tbx(data, path)
    return _csv(data, path)


def _csv(data: bytes, path: str) -> tuple[GlossaryEntry, ...]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ConfigError("glossary is not UTF-8 text", path, line, "glossary") from None
    entries: list[GlossaryEntry] = []
    language = ""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            line = reader.line_num
            cells = [c.strip() for c in row]
            if not any(cells) or cells[0].startswith("#"):
                continue
            if not entries and cells[0].lower() in _HEADERS:
                continue
            if not entries and len(cells) >= 2 and len(cells[0]) == 2 and cells[0].isalpha() and cells[0].islower() \
                    and cells[1].lower() == "en":
                language = cells[0]  # a header naming the languages: zh,en
                continue
            targets = tuple(c for c in cells[1:] if c)
            if not cells[0] or not targets:
                raise ConfigError("a glossary row needs a source term and at least one target term "
                                  f"(got {row!r})", path, line, "glossary")
            entries.append(GlossaryEntry(cells[0], targets, language))
    except csv.Error as exc:
        raise ConfigError(f"glossary is not valid CSV: {exc}", path, reader.line_num, "glossary") from None
    if not entries:
        raise ConfigError("glossary has no entries", path, 1, "glossary")
    return tuple(entries)


def _tbx(data: bytes, path: str) -> tuple[GlossaryEntry, ...]:
    from lxml import etree  # translate-toolkit's own XML parser
    from translate.storage import tbx  # a well-kept reader of TBX (and of XLIFF, PO, TMX)

    try:
        store = tbx.tbxfile.parsestring(data)
    except etree.XMLSyntaxError as exc:
        raise ConfigError(f"glossary is not well-formed TBX: {exc.msg}", path, exc.lineno or 0, "glossary") from None
    except Exception as exc:  # translate-toolkit raises what its parser raises
        raise ConfigError(f"glossary cannot be read as TBX: {exc}", path, 0, "glossary") from None
    entries: list[GlossaryEntry] = []
    for unit in store.units:
        element = unit.xmlelement
        by_language: dict[str, list[str]] = {}
        for lang_set in element.iter("{*}langSet", "langSet"):
            language = (lang_set.get(_XML_LANG) or lang_set.get("lang") or "").split("-")[0].lower()
            terms = [t.text.strip() for t in lang_set.iter("{*}term", "term") if t.text and t.text.strip()]
            by_language.setdefault(language, []).extend(terms)
        targets = tuple(by_language.pop("en", ()))
        line = element.sourceline or 0
        if not targets or not any(by_language.values()):
            raise ConfigError("a TBX term entry needs English (xml:lang=\"en\") terms and terms in another language",
                              path, line, "glossary")
        for language, terms in by_language.items():
            entries.extend(GlossaryEntry(term, targets, language) for term in terms)
    if not entries:
        raise ConfigError("glossary has no term entries", path, 1, "glossary")
    return tuple(entries)


def fingerprint(path: str | None) -> str:
    """What the result cache keys on for a glossary: its path, size and modification time."""
    if not path:
        return ""
    try:
        st = os.stat(path)
    except OSError:
        return path
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"
