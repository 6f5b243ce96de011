"""A new rule kind is one module plus its registration (docs/architecture.md, "Adding a rule kind").

tests/example_kind.py is registered in KINDS for these tests only, and runs through everything a shipped kind
runs through: pack loading and validation, check, fix, the language server's incremental re-lint and the windows
of a very large text. Nothing else in the package knows it: the engine and the language server read the scope
its rules' options give them.
"""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest

import linter
from linter.core.config import Settings
from linter.core.engine import Linter
from linter.core.incremental import IncrementalLinter
from linter.core.packs import PackError
from linter.faces.lsp import CopydeskServer, OpenDocument
from linter.kinds import KINDS, Scope, scope_of
from linter.text import windows
from linter.text.document import Document
from tests import example_kind

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_9af475860e0d48a8.txt"
PACK = """\
pack: openers
description: Openers a copy editor cuts.
rules:
  - code: CD990
    name: firstly
    kind: opener
    severity: warning
    message: "'{match}' opens a paragraph: write '{replacement}'"
    description: Ordinals as adverbs read as translated.
    fix: {applicability: safe}
    openers: {"Firstly,": "First,", "Secondly,": "Second,"}
    examples:
      fail: ["[[Firstly,]] the talks failed."]
      pass: ["The talks failed, firstly, on Monday."]
      fixed: ["First, the talks failed."]
  - code: CD991
    name: breaking-label
    kind: opener
    severity: warning
    message: "a wire label opens the article"
    description: A label the wire service put before the headline.
    fix: {applicability: safe}
    at: document-start
    openers: {"BREAKING: ": ""}
    examples:
      fail: ["[[BREAKING: ]]Talks fail"]
      pass: ["Talks fail\\n\\nBREAKING: is what the banner said."]
      fixed: ["Talks fail"]
"""


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The example kind registered, and a pack of two rules of it selected alone."""
    monkeypatch.setitem(KINDS, example_kind.KIND.name, example_kind.KIND)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    pack = tmp_path / "openers.yaml"
    pack.write_text(PACK, encoding="utf-8")
    return Settings(select=("openers",), extend_packs=(str(pack),), root=str(tmp_path))


def article() -> str:
    """The seed article with a wire label before its headline, and openers at the start of some paragraphs, and
    a label at the start of a later paragraph (not the document's start: not flagged)."""
    paragraphs = SEED.read_text(encoding="utf-8").split("\n\n")
    paragraphs[0] = "BREAKING: " + paragraphs[0]
    paragraphs[2] = "Firstly, " + paragraphs[2]
    paragraphs[4] = "Secondly, " + paragraphs[4]
    paragraphs[5] = "BREAKING: " + paragraphs[5]
    return "\n\n".join(paragraphs)


def test_its_rules_load_check_and_fix(settings: Settings) -> None:
    text = article()
    found = [(d.code, text[d.start:d.end]) for d in linter.check_text(text, config=settings)]
    assert found == [("CD991", "BREAKING: "), ("CD990", "Firstly,"), ("CD990", "Secondly,")]
    fixed = linter.fix_text(text, config=settings).text
    assert fixed == text.replace("BREAKING: ", "", 1).replace("Firstly,", "First,").replace("Secondly,", "Second,")
    assert linter.check_text(fixed, config=settings) == []


def test_its_options_are_validated_with_the_rule_and_key_named(settings: Settings, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(PACK.replace('at: document-start', 'at: sentence-start'), encoding="utf-8")
    with pytest.raises(PackError, match=r"CD991.*at.*choose from paragraph-start, document-start"):
        Linter(Settings(extend_packs=(str(bad),)))


def test_its_scope_is_read_from_its_kind(settings: Settings) -> None:
    checkers = {c.rules[0].code: c for c in Linter(settings).checkers}
    assert scope_of(checkers["CD990"]) is Scope.PARAGRAPH
    assert scope_of(checkers["CD991"]) is Scope.DOCUMENT_START


def test_the_language_server_relints_only_the_edited_paragraph_and_agrees_with_a_full_check(settings: Settings) -> None:
    """The paragraph rule re-runs on the chunk an edit changed only; the document-start rule on the whole text. After
    edits anywhere (deleting the first paragraph makes the next one the document's start), the server's lint
    equals a full check."""
    linter_ = Linter(settings)
    text = article()
    incremental = IncrementalLinter(linter_)
    incremental.check(Document.from_text(text))
    at = text.index("Secondly,") + len("Secondly,")
    edited = text[:at] + " x" + text[at:]
    assert incremental.check(Document.from_text(edited)) == linter_.check(Document.from_text(edited))
    assert incremental.reused == len(incremental._runs) - 1

    server = CopydeskServer()
    doc = OpenDocument("file:///article.txt", None, None, 0, text, linter_)
    rng = random.Random(5)
    for step in range(30):
        if step == 10:
            doc.text = doc.text[doc.text.index("\n\n") + 2:]  # the first paragraph deleted
        else:
            cut = rng.randrange(len(doc.text))
            doc.text = doc.text[:cut] + rng.choice(["x", "\n\n", "Firstly, ", "\n\nBREAKING: ", ""]) + doc.text[cut:]
        doc.version += 1
        assert server.lint(doc)[1] == linter_.check(Document.from_text(doc.text)).diagnostics, step


def test_a_kind_that_said_the_wrong_scope_would_be_caught(settings: Settings, monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    """The test above has teeth: had the kind called its document-start rule paragraph-local, the server would
    flag the label at the start of every chunk."""
    lying = dataclasses.replace(example_kind.KIND, scope=lambda rule: Scope.PARAGRAPH)
    monkeypatch.setitem(KINDS, "opener", lying)
    linter_ = Linter(settings)
    text = article()
    codes = [d.code for d in IncrementalLinter(linter_).check(Document.from_text(text)).diagnostics]
    assert codes.count("CD991") == 2 and [d.code for d in linter_.check(Document.from_text(text)).diagnostics] == [
        "CD991", "CD990", "CD990"]


def test_very_large_texts_checked_in_windows_find_what_the_whole_finds(settings: Settings,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Each window is a document of its own; the document-start rule reports in the first window only."""
    monkeypatch.setattr(windows, "LARGE_TEXT", 6_000)
    monkeypatch.setattr(windows, "WINDOW", 3_000)
    monkeypatch.setattr(windows, "REACH", 1_500)
    linter_ = Linter(settings)
    text = "\n\n".join([article()] * 6)
    cuts = windows.cuts(text, "text")
    assert len(cuts) > 3 and any(text.startswith("BREAKING: ", start) for start, _ in cuts[1:])
    whole = linter_.check(Document.from_text(text)).diagnostics
    windowed = linter_.check_text(text).diagnostics
    assert windowed == whole
    assert [d.start for d in whole if d.code == "CD991"] == [0]
    assert len([d for d in whole if d.code == "CD990"]) == 12
