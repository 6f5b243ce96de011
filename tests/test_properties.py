"""Property tests: on random news-like text, fixes touch only their own spans and fixing is stable."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter import check_text, fix_text
from linter.core.config import Settings
from linter.core.engine import linter_for
from linter.core.fixer import fix_until_stable
from linter.text.document import Document

FRAGMENTS = [
    "The embassy in Kiev closed.", "Staff left kyiv", " the the ", "take shelter in the shelter",
    "ammunition. that", "morning.Gleb Garanich/Reuters", "told the Urging the Biden administration",
    "Which strengthened Ukraine.", "'The embassy will be closed.", "U.S.", " US ", "air strikes",
    "airstrikes", "  ", "\t", "\r\n", "\n\n", "\r", "“", "”", "(", ")", "`code Kiev`", "https://kiev.ua/Kiev",
    "<!-- copydesk-disable CD101 -->", "# Heading Kiev\n", "Привет", "😀", "\u200b", "e\u0301", "שלום",
    "Mr. Smith", "3.5", "...", "…", " - ", "KIEV", "Kiev's", "Chicken Kiev",
]
news = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=25).map("".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(news, st.sampled_from(["a.txt", "a.md"]))
def test_check_never_raises_and_spans_are_in_range(text: str, path: str):
    for diag in check_text(text, path=path, config=Settings()):
        assert 0 <= diag.start <= diag.end <= len(text)
        for edit in diag.fix.edits if diag.fix else ():
            assert 0 <= edit.start <= edit.end <= len(text)


@SETTINGS
@given(news, st.sampled_from(["a.txt", "a.md"]))
def test_one_fix_pass_changes_nothing_outside_the_applied_edits(text: str, path: str):
    linter = linter_for(Settings())

    def check(t: str) -> list:
        return linter.check(Document.from_text(t, path)).diagnostics

    result = fix_until_stable(text, check, unsafe=True, limit=1)
    edits = sorted((e for d in result.applied for e in d.fix.edits), key=lambda e: (e.start, e.end))
    # the applied edits are disjoint and in range, and the output is exactly the text between them
    for before, after in itertools.pairwise(edits):
        assert not before.overlaps(after) and before.end <= after.start
    pieces, pos = [], 0
    for edit in edits:
        assert 0 <= edit.start <= edit.end <= len(text)
        pieces += [text[pos:edit.start], edit.text]
        pos = edit.end
    assert result.text == "".join([*pieces, text[pos:]])


@SETTINGS
@given(news, st.sampled_from(["a.txt", "a.md"]))
def test_fix_is_idempotent_and_leaves_no_safe_fix(text: str, path: str):
    once = fix_text(text, path=path, config=Settings())
    if not once.converged:
        return  # the runaway cap is tested on its own
    twice = fix_text(once.text, path=path, config=Settings())
    assert twice.text == once.text
    assert not [d for d in once.remaining if d.fixable and d.fix.applicability.value == "safe"]


@SETTINGS
@given(news)
def test_markdown_masked_regions_come_out_byte_identical(text: str):
    doc = Document.from_text(text, "a.md")
    fixed = fix_text(text, path="a.md", config=Settings(), unsafe=True).text
    for start, end in doc.masked:
        masked = text[start:end]
        assert masked in fixed, f"masked region {masked!r} was changed"
