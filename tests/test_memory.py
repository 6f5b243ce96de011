"""What a check holds after it is done (issue 20, memory): a document's views and what the kinds worked out from it
go with the document, by reference counting alone (the copydesk process runs the cycle collector seldom,
linter/kept/collector.py), so a large file's windows are not held one beside the next.

The figures (peak RSS of a 20 MB and a 50 MB article) are in bench/PERF.md, "Issue 20: memory"; nothing here
measures sizes or times.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from linter.core.config import Settings
from linter.core.engine import Linter
from linter.text.document import Document, LastDocument

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
# seeds with dates, quotations, names and figures, so that every kind that keeps work for a document keeps some
ARTICLE = "\n\n".join(p.read_text(encoding="utf-8") for p in SEEDS[:40]) + (
    "\n\nKYIV, March 4, 2024 - The minister said on 3 March 2024 that “prices rose 5 %”.\n\n"
    "Mr Zelenskyy met Mr Zelensky in Kiev on Tuesday, 5 March.\n")


@pytest.fixture
def no_collector() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _holders() -> list[LastDocument]:
    return [o for o in gc.get_objects() if isinstance(o, LastDocument) and o._worked is not None]


@pytest.mark.parametrize("window", [False, True])
def test_a_checked_document_goes_with_its_views_when_let_go(no_collector: None, window: bool):
    linter = Linter(Settings())
    doc = Document(ARTICLE, None, "text", window=window)
    found = linter.check(doc).diagnostics
    assert len(found) > 20 and {"words", "folded", "sentences"} <= doc.__dict__.keys()  # the views were worked out
    assert _holders()  # and the kinds kept their shared work for it
    gone = weakref.ref(doc)
    del doc
    assert gone() is None  # nothing the check left behind holds the document, and so its views
    assert _holders() == []  # nor what the kinds worked out from it


def test_the_last_documents_work_is_let_go_when_it_goes_and_before_the_next_is_worked_out(no_collector: None):
    seen: list[int] = []

    class Work:
        def __init__(self, doc: Document):
            self.size = len(doc.text)
            seen.append(len(alive))

    alive: list[weakref.ref[Work]] = []

    def work_out(doc: Document) -> Work:
        alive[:] = [w for w in alive if w() is not None]
        work = Work(doc)
        alive.append(weakref.ref(work))
        return work

    last = LastDocument(work_out)
    first = Document("one")
    assert last.of(first) is last.of(first) and last.of(first).size == 3
    second = Document("second")
    assert last.of(second).size == 6
    assert seen == [0, 0]  # the first document's work was gone before the second's was worked out
    held = weakref.ref(last.of(second))
    del second
    assert held() is None and last._worked is None
    assert last.of(first).size == 3 and seen == [0, 0, 0]  # worked out again for a document asked about anew
