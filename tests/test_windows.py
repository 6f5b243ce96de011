"""Very large texts are linted in windows of whole paragraphs (linter/text/windows.py).

The window sizes are made small here so that the seeds, repeated, stand for a corpus dump.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from linter.core.config import Settings
from linter.core.engine import Linter
from linter.kinds import scope_of
from linter.text import masking, windows
from linter.text.document import Document

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


@pytest.fixture
def small_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(windows, "LARGE_TEXT", 6_000)
    monkeypatch.setattr(windows, "WINDOW", 3_000)
    monkeypatch.setattr(windows, "REACH", 1_500)


def _corpus() -> str:
    return "\n\n".join(p.read_text(encoding="utf-8") for p in SEEDS) * 3


def test_cuts_cover_the_text_in_order_at_paragraph_breaks(small_windows: None):
    text = _corpus()
    spans = windows.cuts(text, "text")
    assert len(spans) > 3
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
    assert all(text[start - 2:start] == "\n\n" or text[start - 1] == "\n" for start, _ in spans[1:])


def test_paragraph_local_rules_find_in_windows_what_they_find_in_the_whole_text(small_windows: None):
    linter = Linter(Settings())
    text = _corpus()
    local = {r.code for c in linter.checkers if scope_of(c).local for r in c.rules}
    whole = linter.check(Document.from_text(text, "dump.txt")).diagnostics
    windowed = linter.check_text(text, "dump.txt").diagnostics
    assert len(local) > 40
    assert [d for d in windowed if d.code in local] == [d for d in whole if d.code in local]
    assert len([d for d in whole if d.code in local]) > 20


def test_findings_and_fixes_point_into_the_whole_text(small_windows: None):
    linter = Linter(Settings())
    text = _corpus().replace("Kyiv", "Kiev")
    found = [d for d in linter.check_text(text, "dump.txt").diagnostics if d.code == "CD101"]
    assert len(found) > 5
    assert all(text[d.start:d.end] == "Kiev" for d in found)
    assert all(text[e.start:e.end] == "Kiev" for d in found for e in d.fix.edits)


def test_a_cut_never_splits_a_code_block_or_an_html_comment(small_windows: None):
    paragraph = "The embassy in Kiev closed on Wednesday.  Officials said so.\n\n"
    fence = "```\n" + "the the Kiev\n\n" * 300 + "```\n\n"
    comment = "<!--\n" + "the the Kiev\n\n" * 300 + "-->\n\n"
    text = paragraph * 60 + fence + paragraph * 60 + comment + paragraph * 60
    spans = windows.cuts(text, "markdown")
    # the two blocks, whole lines; every paragraph is unbreakable too (a cut inside one could split a code span)
    blocks = [(text.index(part), text.index(part) + len(part) - 2) for part in (fence, comment)]
    assert set(blocks) <= set(masking.unbreakable_spans(text, "markdown"))
    assert len(spans) > 3
    assert not any(lo < start < hi for start, _ in spans for lo, hi in blocks)
    linter = Linter(Settings())
    windowed = linter.check_text(text, "dump.md").diagnostics
    whole = linter.check(Document.from_text(text, "dump.md")).diagnostics
    local = {r.code for c in linter.checkers if scope_of(c).local for r in c.rules}
    assert [d for d in windowed if d.code in local] == [d for d in whole if d.code in local]
    assert not any(lo <= d.start < hi for d in windowed for lo, hi in blocks)


def test_suppression_comments_reach_across_windows(small_windows: None):
    linter = Linter(Settings())
    body = "The embassy in Kiev closed on Wednesday. Officials said the talks would resume.\n\n" * 200
    text = "<!-- copydesk-disable CD101 -->\n\n" + body + "<!-- copydesk-enable CD101 -->\n\nKiev again.\n"
    found = [d for d in linter.check_text(text, "dump.md").diagnostics if d.code == "CD101"]
    assert [text[d.start:d.end] for d in found] == ["Kiev"] and found[0].start > len(body)


def test_a_text_without_any_break_is_still_cut_and_checked(small_windows: None):
    text = "Kiev" + "x" * 20_000 + " Kiev"
    spans = windows.cuts(text, "text")
    assert len(spans) > 1 and spans[-1][1] == len(text)
    found = [d for d in Linter(Settings()).check_text(text, "dump.txt").diagnostics if d.code == "CD101"]
    assert [text[d.start:d.end] for d in found] == ["Kiev"]
