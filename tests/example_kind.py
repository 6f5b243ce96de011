"""An example rule kind, registered for tests/test_example_kind.py only: a listed opener at the start of a paragraph
(or of the document) replaced by its listed replacement ("Firstly," -> "First,", "BREAKING: " -> "").

It is written as docs/architecture.md ("Adding a rule kind") says a kind is written, and touches no other file:
options, validation, a checker, and the scope of each rule, which here depends on an option.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from linter.kinds.base import Finding, Kind, Option, OptionError, Scope
from linter.model.rules import Rule
from linter.text.document import Document


def _validate(options: Mapping[str, Any]) -> None:
    openers = options["openers"]
    if not openers or not all(isinstance(k, str) and k.strip() and isinstance(v, str) for k, v in openers.items()):
        raise OptionError("openers", "must map each opener to its replacement (strings)")


def _scope(rule: Rule) -> Scope:
    """A paragraph's opener depends on that paragraph alone; the document's on which paragraph comes first."""
    return Scope.DOCUMENT_START if rule.options["at"] == "document-start" else Scope.PARAGRAPH


class OpenerChecker:
    def __init__(self, rule: Rule):
        self.rules = (rule,)
        self.rule = rule
        self.openers = sorted(rule.options["openers"].items(), key=lambda item: -len(item[0]))

    def check(self, doc: Document) -> Iterable[Finding]:
        paragraphs = doc.paragraphs[:1] if self.rule.options["at"] == "document-start" else doc.paragraphs
        for start, _ in paragraphs:
            for opener, replacement in self.openers:
                if doc.prose.startswith(opener, start):
                    yield Finding(self.rule, start, start + len(opener), suggestions=(replacement,))
                    break


KIND = Kind(
    name="opener",
    summary="A listed opener at the start of a paragraph or of the document, replaced as listed.",
    options={
        "openers": Option(dict, "opener -> replacement ('' deletes it)", required=True),
        "at": Option(str, "where the opener counts", default="paragraph-start",
                     choices=("paragraph-start", "document-start")),
    },
    compile=lambda rules: [OpenerChecker(rule) for rule in rules],
    validate=_validate,
    scope=_scope,
)
