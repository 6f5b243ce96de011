"""Paired articles: find an article's source, named in its front matter (``source: ../uk/article.md``) or by the
configured ``source-pattern``, read it, and say which source sentence a place in the article translates."""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass

from linter.core.config import Settings
from linter.io.reading import ArticleError, read_article
from linter.text import alignment, languages
from linter.text.document import Document, format_for_path

FRONT_MATTER_KEY = "source"
FRONT_MATTER_LANGUAGE = "source-language"


@dataclass(frozen=True)
class Pair:
    """An article's source: its path, text and language (None: detected)."""

    path: str
    text: str
    language: str | None


def source_of(path: str | None, text: str, settings: Settings) -> Pair | None:
    """The source of the article at ``path`` (text ``text``), or None when it names none and no pattern applies, or
    it is itself a source by the pattern (``is_source``). ArticleError (the file is then not checked) for a source
    that is named and cannot be read, and for a front matter ``source`` or ``source-language`` that is not usable."""
    if not path or path == "-" or format_for_path(path) not in ("markdown", "text"):
        return None
    named = _from_front_matter(path, text)
    language = settings.source_language
    if named is not None:
        where, language = named[0], named[1] or language
        how = f"front matter key {FRONT_MATTER_KEY!r}"
    elif settings.source_pattern:
        if is_source(path, settings):
            return None
        where = _from_pattern(path, settings.source_pattern, language)
        how = f"source-pattern {settings.source_pattern!r}"
    else:
        return None
    source_path = os.path.normpath(os.path.join(os.path.dirname(path), where))
    if not os.path.lexists(source_path):
        raise ArticleError(path, f"its source {source_path} (from the {how}) does not exist; not checked")
    try:
        article = read_article(source_path)
    except ArticleError as exc:
        raise ArticleError(path, f"its source {source_path} (from the {how}) cannot be read: {exc.message}; "
                                 "not checked") from None
    return Pair(source_path, article.text, language)


def _from_front_matter(path: str, text: str) -> tuple[str, str | None] | None:
    """(source path, language) from a Markdown article's front matter; None when it names no source."""
    if format_for_path(path) != "markdown":
        return None
    from linter.text.markdown_regions import front_matter_body  # a Markdown article's only (start-up)

    body = front_matter_body(text)
    if body is None:
        return None
    from linter.core import yamlsafe  # only an article with front matter needs YAML (start-up: tests/test_startup.py)

    try:
        data = yamlsafe.load(body)
    except Exception:  # front matter that is not YAML names no source copydesk can read
        return None
    if not isinstance(data, dict) or FRONT_MATTER_KEY not in data:
        return None
    where, language = data[FRONT_MATTER_KEY], data.get(FRONT_MATTER_LANGUAGE)
    if not isinstance(where, str) or not where.strip():
        raise ArticleError(path, f"front matter key {FRONT_MATTER_KEY!r} must be the path of the source article; "
                                 "not checked")
    if language is not None and not (isinstance(language, str) and languages.known(language)):
        raise ArticleError(path, f"front matter key {FRONT_MATTER_LANGUAGE!r}: unknown language {language!r} (an "
                                 "ISO 639-1 code such as uk, ru, zh); not checked")
    return where.strip(), language


def is_source(path: str | None, settings: Settings) -> bool:
    """Whether the file at ``path`` is itself a source by the configured ``source-pattern``: its name has the
    pattern's shape (``shelter.uk.md`` for ``{stem}.{lang}.md``), or the pattern leads back to it (``../uk/{name}``
    from a file in ``uk/``). Such a file is not checked: it is not the copy."""
    pattern, language = settings.source_pattern, settings.source_language
    if not path or path == "-" or not pattern or ("{lang}" in pattern and not language):
        return False
    name = os.path.basename(path)
    last = pattern.replace("\\", "/").rsplit("/", 1)[-1]
    if last not in ("{name}", "{stem}"):
        shape = re.escape(last).replace(re.escape("{stem}"), ".+").replace(re.escape("{name}"), ".+")
        shape = shape.replace(re.escape("{lang}"), re.escape(language or ""))
        if re.fullmatch(shape, name):
            return True
    target = os.path.normpath(os.path.join(os.path.dirname(path), _filled(pattern, path, language)))
    return os.path.realpath(target) == os.path.realpath(path)


def _filled(pattern: str, path: str, language: str | None) -> str:
    name = os.path.basename(path)
    filled = pattern.replace("{stem}", os.path.splitext(name)[0]).replace("{name}", name)
    return filled.replace("{lang}", language or "")


def _from_pattern(path: str, pattern: str, language: str | None) -> str:
    """The source's path (relative to the article's folder) by ``pattern``."""
    if "{lang}" in pattern and not language:
        raise ArticleError(path, f"source-pattern {pattern!r} names {{lang}}, but source-language is not set; "
                                 "not checked")
    return _filled(pattern, path, language)


def source_sentence(target: str, source: str, offset: int, fmt: str = "text") -> str:
    """The sentence of ``source`` that the place ``offset`` of ``target`` most likely translates
    (``alignment.source_counterpart``: the rule the bilingual rules align by), whitespace collapsed."""
    doc = _paired(target, source, fmt)
    span = alignment.source_counterpart(doc, offset)
    return "" if span is None else " ".join(source[span[0]:span[1]].split())


@functools.lru_cache(maxsize=4)
def _paired(target: str, source: str, fmt: str) -> Document:
    """The target with its source as a document (segmented once for the findings of one report or hover)."""
    return Document(target, None, fmt, source=Document(source, None, fmt))
