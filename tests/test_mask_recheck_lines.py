"""A fix that changes delimiters in plain text is checked on its lines, and the answer is the whole text's.

``masking.edits_keep_masks`` re-masks the whole text for an edit that changes a run of delimiters (a line break
deleted, a dash, a bracket); in plain text it reads the edits' lines instead when no HTML comment can be involved
(``lines_keep_masks``). These tests compare that answer with the whole text's re-masking on texts made of what
plain-text masking finds (addresses, domains, file names, paths, entities, comment marks) and on the seeds.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.model.diagnostics import Edit
from linter.text import masking

ROOT = Path(__file__).resolve().parent.parent
PIECES = ["Kyiv", "said", "the", "https://example.com/a-b", "www.bbc.co.uk", "mail@example.org", "corriere.it",
          "report.pdf", "/home/kiev/docs", "C:\\Users\\Kiev", "&amp;", "&lt;", "&#8212;", "<!--", "-->", "-", "--",
          "(", ")", "[", "]", "@", ".", "/", ":", "<", ">", "&", ";", "U.S.", "a.m."]
SEPARATORS = [" ", " ", "\n", "\n\n", "\r\n", "\t", ""]
TEXTS = st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), min_size=1, max_size=40).map(
    lambda parts: "".join(piece + sep for piece, sep in parts))
INSERTS = st.sampled_from(["", "", " ", "\n", "-", "--", "<!", "<!--", "-->", "/", "@", ".", "x", "&", ";", "(", ":"])


def _whole(text: str, edits: list[Edit]) -> bool:
    """The whole text's answer: the edited text masks exactly what the text masked, moved by the edits."""
    edited = masking._apply(text, 0, len(text), edits)
    return masking.mask_spans(edited, "text") == masking._moved(masking.mask_spans(text, "text"), edits, 0)


def _edits(text: str, picks: list[tuple[int, int, str]]) -> list[Edit]:
    """Edits of ``text`` at the picked places that do not overlap, in order."""
    edits: list[Edit] = []
    for at, length, insert in sorted(picks):
        start = at % (len(text) + 1)
        end = min(len(text), start + length)
        if not edits or edits[-1].end < start:
            edits.append(Edit(start, end, insert))
    return edits


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, picks=st.lists(st.tuples(st.integers(0, 10**4), st.integers(0, 3), INSERTS), min_size=1,
                                  max_size=2))
def test_the_lines_answer_what_the_whole_text_answers(text: str, picks: list[tuple[int, int, str]]) -> None:
    edits = _edits(text, picks)
    index = masking.MaskIndex(masking.mask_spans(text, "text"))
    lines = masking.lines_keep_masks(text, "text", index, edits)
    assert lines is None or lines == _whole(text, edits)


def test_the_lines_answer_for_the_seeds_line_breaks_and_dashes() -> None:
    """Every line break of each seed deleted, and every hyphen made a space: the lines answer each (no comment
    in the seeds), as the whole text does."""
    answered = 0
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        index = masking.MaskIndex(masking.mask_spans(text, "text"))
        for at in [i for i, c in enumerate(text) if c in "\n-/"][:200]:
            edits = [Edit(at, at + 1, " " if text[at] != "\n" else "")]
            lines = masking.lines_keep_masks(text, "text", index, edits)
            assert lines is not None
            assert lines == _whole(text, edits), (path.name, at)
            answered += 1
    assert answered > 50


def test_a_comment_anywhere_sends_the_check_to_the_whole_text() -> None:
    """``<!--`` far from the edit, or made by it, reaches any distance: the lines do not answer."""
    text = "Kyiv said\nthe talks -- went on.\n\n\nMore text here.\n<!-- a note\n"
    at = text.index("--")
    index = masking.MaskIndex(masking.mask_spans(text, "text"))
    assert masking.lines_keep_masks(text, "text", index, [Edit(at, at + 2, "-")]) is None
    plain = "Kyiv said\nthe talks - went on.\n"
    index = masking.MaskIndex(masking.mask_spans(plain, "text"))
    dash = plain.index("-")
    assert masking.lines_keep_masks(plain, "text", index, [Edit(dash, dash + 1, "<!--")]) is None
    assert masking.lines_keep_masks(plain, "text", index, [Edit(dash, dash + 1, "--")]) is True


def test_joining_two_lines_into_an_address_is_refused() -> None:
    """Deleting the line break in 'www.bbc\\n.co.uk' makes one address of two lines: the masks change, and the
    lines say so as the whole text does."""
    text = "Read it at\nwww.bbc\n.co.uk today.\nThen more.\n"
    at = text.index("\n.co")
    edits = [Edit(at, at + 1, "")]
    index = masking.MaskIndex(masking.mask_spans(text, "text"))
    assert masking.edits_keep_masks(text, "text", index, edits) is False
    assert _whole(text, edits) is False
