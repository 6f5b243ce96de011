"""One-character edits of real articles: the language server's incremental check equals a full check after each.

The guard of issue 20's editor work (linter/core/incremental.py keeps local checkers' findings and split checkers'
parts per chunk between edits): for sequences of one-character inserts, deletes and replacements, newlines that
split a paragraph or join two among them, of the seeds and of articles joined from ../shared/eval, every result of
``IncrementalLinter.check`` equals ``Linter.check`` of the same text.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.core import incremental as incremental_module
from linter.core.config import Settings
from linter.core.engine import linter_for
from linter.core.incremental import IncrementalLinter
from linter.kinds import Finding
from linter.kinds import consistency as consistency_kind
from linter.kinds import sentence as sentence_kind
from linter.model.diagnostics import Diagnostic
from linter.text.document import Document

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
# what one keystroke types: letters (a word made or unmade), a space, marks, quotes, a digit, a line break
CHARACTERS = ["x", "e", "s", "u", "A", "K", " ", ".", ",", "-", "'", '"', "“", "”", "1", "\n", "\n"]


def _eval_articles() -> list[str]:
    """Articles joined from the eval corpora's segments, in order, one paragraph each: the clean news documents
    with the most segments, and Russian-English MT output (one system's) of the longest documents."""
    articles: list[str] = []
    news = EVAL / "clean_en_news.jsonl"
    if news.is_file():
        docs: dict[str, list[str]] = defaultdict(list)
        for line in news.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            docs[record["doc_id"]].append(record["text"])
        articles += ["\n\n".join(segments) + "\n" for _, segments in
                     sorted(docs.items(), key=lambda item: (-len(item[1]), item[0]))[:6]]
    mt = EVAL / "wmt22_ruen_mt_outputs.jsonl"
    if mt.is_file():
        outputs: dict[str, list[str]] = defaultdict(list)
        for line in mt.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            hyps = record["hyps"]
            outputs[record["doc_id"]].append(hyps[sorted(hyps)[0]])
        articles += ["\n\n".join(segments) + "\n" for _, segments in
                     sorted(outputs.items(), key=lambda item: (-len(item[1]), item[0]))[:4]]
    return articles


# phrases across a one-line-break cut between paragraphs (an exception of CD601: "U.S.\nSteel"), times and quotation
# marks counted over the article (CD604, CD507, CD508), and a majority that one keystroke can turn
CROSSINGS = ("The US said on Monday that talks would go on.\nHe worked for U.S.\n"
             "Steel workers met at 9 a.m. on Monday.\n"
             "The U.S. envoy left.\nAt 10am the US team arrived.\n\n“We will stay,” she said. \"We leave,\" he said.\n"
             "It's the team’s call, and the U.S.\nOpen starts at 9 AM.\n")
ARTICLES = [p.read_text(encoding="utf-8") for p in SEEDS] + [CROSSINGS] + _eval_articles()


def one_character_edit(text: str, what: str, where: int, at_seam: bool, character: str) -> str:
    """``text`` with one character inserted, deleted or replaced at ``where`` (modulo the length), or, ``at_seam``,
    at a line break (where paragraphs are split and joined)."""
    seams = [i for i, c in enumerate(text) if c == "\n"]
    at = seams[where % len(seams)] if at_seam and seams else where % (len(text) + 1)
    if what == "insert" or at == len(text):
        return text[:at] + character + text[at:]
    if what == "delete":
        return text[:at] + text[at + 1:]
    return text[:at] + character + text[at + 1:]


EDITS = st.lists(st.tuples(st.sampled_from(["insert", "delete", "replace"]), st.integers(0, 10**6), st.booleans(),
                           st.sampled_from(CHARACTERS)), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article=st.sampled_from(range(len(ARTICLES))), fmt=st.sampled_from(["text", "markdown"]), edits=EDITS)
def test_one_character_edits_give_what_a_full_check_gives(article: int, fmt: str,
                                                          edits: list[tuple[str, int, bool, str]]) -> None:
    linter = linter_for(Settings())  # every default pack
    incremental = IncrementalLinter(linter)
    text = ARTICLES[article]
    assert incremental.check(Document.from_text(text, None, fmt)) == linter.check(Document.from_text(text, None, fmt))
    for edit in edits:
        text = one_character_edit(text, *edit)
        assert incremental.check(Document.from_text(text, None, fmt)) == \
            linter.check(Document.from_text(text, None, fmt)), (edit, text)


@pytest.mark.skipif(not (EVAL / "clean_en_news.jsonl").is_file(), reason="../shared/eval is not present")
def test_the_eval_articles_are_in_the_guard() -> None:
    assert len(ARTICLES) == len(SEEDS) + 11 and all(text.count("\n\n") >= 10 for text in ARTICLES[len(SEEDS) + 1:])


def test_an_edit_that_turns_the_articles_dialect_changes_the_suggestions_in_an_unchanged_paragraph() -> None:
    """The spelling rule's dialect is the article's majority: one letter in the first paragraph ('theatrx' made
    'theatre', a third UK spelling against two US ones) reorders the suggestions for 'colur' two paragraphs on,
    in a chunk the edit did not touch, whose kept part must be merged in the new dialect."""
    linter = linter_for(Settings())
    incremental = IncrementalLinter(linter)
    before = ("The colour and the centre were a theatrx.\n\nThe color and the center stayed.\n\n"
              "He said the colur was bad.\n")
    after = before.replace("theatrx", "theatre")

    def colur(text: str) -> list[tuple[str, ...]]:
        result = incremental.check(Document.from_text(text))
        assert result == linter.check(Document.from_text(text))
        return [d.suggestions for d in result.diagnostics if text[d.start:d.end] == "colur"]

    assert colur(before) == [("color", "colour")]
    assert colur(after) == [("colour", "color")]
    assert incremental.reused == 2


def test_a_quotation_that_runs_on_into_the_next_paragraph_is_read_across_chunks() -> None:
    """CD305 (unbalanced quotes) lets an opening mark stand unclosed when the next paragraph opens with the same
    mark; the paragraphs are read per chunk, and the next paragraph is in another chunk. An edit elsewhere keeps
    that, and an edit that takes the second opening mark away leaves the first unbalanced."""
    linter = linter_for(Settings())
    incremental = IncrementalLinter(linter)
    text = ("Ministers meet in Brussels\n\n“We will not give up the fight for our country, the minister said.\n\n"
            "“We will win,” he added on Tuesday.\n\nThe talks resume next week.\n")

    def unbalanced(text: str) -> list[int]:
        result = incremental.check(Document.from_text(text))
        assert result == linter.check(Document.from_text(text))
        return [d.start for d in result.diagnostics if d.code == "CD305"]

    assert unbalanced(text) == []
    text = text.replace("resume", "resumes")
    assert unbalanced(text) == []
    second = text.index("“We will win")
    edited = text[:second] + text[second + 1:]
    assert unbalanced(edited) == [edited.index("“"), edited.index("”")]  # the closing mark is left unpaired too
    assert incremental.reused == 3


def test_a_determiner_gerund_across_a_blank_line_is_found_across_chunks() -> None:
    """CD304's regex reads across a blank line: the determiner may end one paragraph and the gerund open the
    next, or the word it looks at may open the next paragraph. Each paragraph is a chunk; the merge reads the
    window around each chunk's end (not "this Morning the", found in its chunk, which it must not find twice),
    so edits elsewhere keep the findings, and an edit that breaks one drops it."""
    linter = linter_for(Settings())
    incremental = IncrementalLinter(linter)
    text = ("The minister told the\n\nUrging the crowd to stay calm, he left the hall early.\n\n"
            "Officials said this Morning the\n\nWorking group met in the capital on Tuesday.\n\n"
            "Officials praised the Landing\n\nthe rescue team made in the storm last night.\n\nThe talks resume.\n")

    def gerunds(text: str) -> list[str]:
        result = incremental.check(Document.from_text(text))
        assert result == linter.check(Document.from_text(text))
        return [text[d.start:d.end] for d in result.diagnostics if d.code == "CD304"]

    assert gerunds(text) == ["Urging", "Morning", "Landing"]
    text = text.replace("resume", "resumes")
    assert gerunds(text) == ["Urging", "Morning", "Landing"]
    assert incremental.reused == 6
    assert gerunds(text.replace("Landing\n\nthe", "Landing\n\nThe")) == ["Urging", "Morning", "Landing"]
    assert gerunds(text.replace("Landing\n\nthe", "Landing\n\nxhe")) == ["Urging", "Morning"]
    assert gerunds(text.replace("told the\n", "told tho\n")) == ["Morning", "Landing"]


def _checker_of(linter, code: str) -> int:
    return next(i for i, c in enumerate(linter.checkers) if any(r.code == code for r in c.rules))


def test_an_exception_across_a_one_line_break_is_read_on_the_whole_article() -> None:
    """CD601 counts U.S. against US per chunk (its checker is split), but not inside its exceptions: "U.S.\nSteel"
    is one, across a break between paragraphs of one line break, so across two chunks. The merge finds the exception
    across the cut and reads the whole article; with "Steel" changed to "Steal" the U.S. is counted and flagged."""
    linter = linter_for(Settings())
    incremental = IncrementalLinter(linter)
    assert _checker_of(linter, "CD601") in incremental.split
    text = ("The US said on Monday that talks would go on.\nThe US envoy agreed.\nHe worked for U.S.\n"
            "Steel workers met on Monday.\nThe talks resume.\n")

    def flagged(text: str) -> list[str]:
        result = incremental.check(Document.from_text(text))
        assert result == linter.check(Document.from_text(text))
        return [text[d.start:d.end] for d in result.diagnostics if d.code == "CD601"]

    assert flagged(text) == []
    assert flagged(text.replace("resume", "resumes")) == []
    assert incremental.reused == 4
    assert flagged(text.replace("Steel", "Steal")) == ["U.S."]


def test_one_quotation_mark_turns_the_articles_style_and_the_findings_in_unchanged_paragraphs() -> None:
    """CD507/CD508 count the article's curly and straight marks per chunk and flag the minority style (curly on a
    tie): a straight quotation typed in the last paragraph makes straight the majority, and the curly marks of the
    first paragraph, in a chunk the edit did not touch, are flagged instead of the straight ones."""
    linter = linter_for(Settings())
    incremental = IncrementalLinter(linter)
    assert {_checker_of(linter, "CD507"), _checker_of(linter, "CD508")} <= set(incremental.split)
    text = ("“We will stay,” she said on Monday. “Yes,” he said.\n\n\"We leave,\" he said.\n\n"
            "\"Not now,\" they said.\n\nIt is the team call, the minister said.\n")

    def flagged(text: str) -> list[tuple[int, str]]:
        result = incremental.check(Document.from_text(text))
        assert result == linter.check(Document.from_text(text))
        return [(d.start, d.code) for d in result.diagnostics if d.code in ("CD507", "CD508")]

    before = flagged(text)
    first = text.index("\n")
    assert {code for _, code in before} == {"CD507", "CD508"} and all(start > first for start, _ in before)
    edited = text.replace("team call", "team \"call\"")
    after = flagged(edited)
    assert incremental.reused == 3
    assert [start for start, _ in after] == [i for i, c in enumerate(edited[:first]) if c in "“”‘’"]


def test_a_name_written_two_ways_in_two_chunks_is_compared_across_them() -> None:
    """The name-variant rules' merge compares the article's words only when the chunks' facts show two forms of
    a name (CD614: folded spellings; CD616: two words in both orders), possibly in two chunks, one of them kept
    from the last check; an edit that makes the forms one leaves nothing to compare."""
    linter = linter_for(Settings())
    incremental = IncrementalLinter(linter)
    text = ("Officials met Oleksii Reznikov in Kyiv on Monday.\n\nThe talks went on for hours.\n\n"
            "Later, the minister said that Oleksiy Reznikov had left, and that Fumio Kishida would call.\n\n"
            "Then Kishida Fumio called.\n")

    def flagged(text: str) -> list[tuple[str, str]]:
        result = incremental.check(Document.from_text(text))
        assert result == linter.check(Document.from_text(text))
        return [(d.code, text[d.start:d.end]) for d in result.diagnostics if d.code in ("CD614", "CD616")]

    assert flagged(text) == [("CD614", "Oleksiy"), ("CD616", "Kishida Fumio")]
    assert flagged(text.replace("for hours", "for an hour")) == [("CD614", "Oleksiy"), ("CD616", "Kishida Fumio")]
    assert incremental.reused == 3
    assert flagged(text.replace("Oleksiy", "Oleksii").replace("Then Kishida Fumio", "Then Fumio Kishida")) == []
    # both orders in one chunk, none in the others
    both = text.replace(", and that Fumio Kishida would call", "").replace(
        "Then Kishida Fumio called.", "The envoy called Kishida Fumio, and the aide called Fumio Kishida too.")
    assert [code for code, _ in flagged(both)] == ["CD614", "CD616"]


def test_a_gloss_that_opens_a_chunk_is_read_with_the_chunk_before() -> None:
    """A bracketed second spelling glosses the name word before it ("Filips" after "Filipps"), even when the
    words between are exceptions (Philips): the gloss opens its chunk's first run, and the word it glosses is in
    the chunk before, so the merge reads the article's words rather than count "Filips" as a second spelling."""
    linter = linter_for(Settings())
    incremental = IncrementalLinter(linter)
    text = "On Monday the team met Anna Filipps.\n\nPhilips (Filips) said the deal was done.\n\nThe talks resume.\n"

    def flagged(text: str) -> list[str]:
        result = incremental.check(Document.from_text(text))
        assert result == linter.check(Document.from_text(text))
        return [text[d.start:d.end] for d in result.diagnostics if d.code == "CD614"]

    assert flagged(text) == []
    assert flagged(text.replace("resume", "resumes")) == []
    assert flagged(text.replace("Philips (Filips)", "Philips and Filips")) == ["Filips"]


def test_diagnostics_of_unchanged_chunks_are_kept_and_equal_a_full_checks() -> None:
    """A fix's diagnostic that reads only its chunk (a word replaced, no delimiter near it) is kept with the chunk:
    an edit in one paragraph works out the diagnostics of that paragraph's findings again, not the others'. One
    whose masking check reads the lines around it (a line break deleted, CD415's kind) is worked out every time."""
    linter = linter_for(Settings())
    incremental = IncrementalLinter(linter)
    paragraphs = [f"Officials in kyiv said on day {n} that the talks would go on in kyiv." for n in range(6)]
    text = "\n\n".join(paragraphs) + "\n"
    worked_out: list[str] = []
    diagnostic = linter._diagnostic

    def counted(doc: Document, finding: Finding) -> Diagnostic | None:
        worked_out.append(doc.text[finding.start:finding.end])
        return diagnostic(doc, finding)

    linter._diagnostic = counted  # type: ignore[method-assign]
    try:
        first = incremental.check(Document.from_text(text))
        assert len(worked_out) == len([d for d in first.diagnostics if d.code == "CD102"]) == 12
        worked_out.clear()
        edited = text.replace("on day 3", "on day 30")
        result = incremental.check(Document.from_text(edited))
        assert worked_out == ["kyiv", "kyiv"]  # the edited paragraph's two
        assert incremental.reused == 5
    finally:
        del linter._diagnostic
    assert result == linter.check(Document.from_text(edited))


def test_the_name_variant_merge_reads_no_words_when_every_name_is_written_one_way() -> None:
    """The merge of the name-variant rules costs the chunks' names, not the article's words: when their facts show
    every name written one way, the article's runs of name words are not joined (nor compared)."""
    linter = linter_for(Settings())
    incremental = IncrementalLinter(linter)
    text = ("Officials met Oleksii Reznikov in Kyiv on Monday.\n\nThe talks went on for hours.\n\n"
            "Later, Oleksii Reznikov said that Fumio Kishida would call.\n")
    shared = next(c for c in linter.checkers if any(r.code == "CD614" for r in c.rules))._runs
    joined = []
    original = shared.joined

    def counted(doc: Document, parts):  # type: ignore[no-untyped-def]
        joined.append(len(parts))
        return original(doc, parts)

    shared.joined = counted
    try:
        for version in (text, text.replace("hours", "an hour"), text.replace("Later, Oleksii", "Later, Oleksiy")):
            result = incremental.check(Document.from_text(version))
            assert result == linter.check(Document.from_text(version))
    finally:
        del shared.joined
    assert joined == [3]  # the third version writes Oleksii two ways: CD614 compares (CD616 finds no two orders)


def test_a_month_at_the_end_of_the_text_and_at_the_end_of_a_chunk() -> None:
    """CD1111 reads the text's end ("on may 5" ending the article is a date, "may 5" ending a paragraph before
    another is not known to be one): each chunk is read as if text followed it, the last as the text's end, so
    adding or taking away the paragraph after it turns the finding on and off."""
    linter = linter_for(Settings())
    incremental = IncrementalLinter(linter)
    assert _checker_of(linter, "CD1111") in incremental.split
    text = "The talks resume.\n\nThe vote is on may 5\n\nIt may 5 times fail.\n"

    def months(text: str) -> list[int]:
        result = incremental.check(Document.from_text(text))
        assert result == linter.check(Document.from_text(text))
        return [d.start for d in result.diagnostics if d.code == "CD1111"]

    assert months(text) == []
    ended = text[:text.index("\n\nIt may")] + "\n"
    assert months(ended) == [ended.index("may")]
    assert months(ended.replace("resume", "resumes")) == [ended.index("may") + 1]
    assert months(text.replace("resume", "resumes")) == []
    assert incremental.reused == 1  # the first paragraph, as the edit before left it


def test_a_majority_kept_as_a_running_sum_turns_when_one_copy_of_a_repeated_paragraph_changes() -> None:
    """CD601's tally of US against U.S. is kept between versions as a running sum (chunks added and gone counted in,
    by their number: the article holds one paragraph three times, one kept chunk for all three). Editing one copy
    takes one US out and puts one U.S. in: the majority turns, and the other copies, unchanged, are flagged."""
    linter = linter_for(Settings())
    incremental = IncrementalLinter(linter)
    same = "The US envoy met the minister on Monday.\n\n"
    text = same * 3 + "He said the U.S. plan stood.\n\nThe U.S. team left.\n\nThe talks resume.\n"

    def flagged(text: str) -> list[str]:
        result = incremental.check(Document.from_text(text))
        assert result == linter.check(Document.from_text(text))
        return [text[d.start:d.end] for d in result.diagnostics if d.code == "CD601"]

    assert flagged(text) == ["U.S.", "U.S."]
    edited = text.replace("The US envoy", "The U.S. envoy", 1)
    assert flagged(edited) == ["US", "US"]
    assert flagged(text) == ["U.S.", "U.S."]  # and back
    assert flagged(text.replace("The US envoy", "The U.S. envoy", 2)) == ["US"]


def test_the_consistency_tallies_are_summed_from_the_changed_chunks_only() -> None:
    """The merge of a consistency rule reads the article's tally from the running sum: after an edit, only the tallies
    of the chunk that came and the chunk that went are read (``tally``), not every chunk's."""
    linter = linter_for(Settings())
    checker = linter.checkers[_checker_of(linter, "CD601")]
    text = "".join(f"The US envoy met minister number {n} on Monday.\n\n" for n in range(12))
    tallied = []
    original = checker.tally

    def counted(part):  # type: ignore[no-untyped-def]
        tallied.append(part)
        return original(part)

    checker.tally = counted
    try:
        incremental = IncrementalLinter(linter)
        assert incremental.check(Document.from_text(text)) == linter.check(Document.from_text(text))
        assert len(tallied) == 12
        tallied.clear()
        edited = text.replace("number 5", "number 50")
        assert incremental.check(Document.from_text(edited)) == linter.check(Document.from_text(edited))
        assert len(tallied) == 2  # the edited paragraph's new chunk, and its old one taken out
    finally:
        del checker.tally


def test_kept_diagnostics_of_unchanged_chunks_stand_for_their_findings() -> None:
    """A local checker's finding whose diagnostic reads only its chunk and the text just around it has that
    diagnostic kept with the chunk and given to the engine as it is: after an edit in the middle of one paragraph,
    only that paragraph's findings are diagnosed, even those a few characters from their chunk's edges ("kyiv"
    opening and closing each paragraph). An edit within reach of another chunk's finding (the text a fix's check
    reads, 33 characters each side) has that finding diagnosed again. Each result equals a full check's."""
    linter = linter_for(Settings())
    incremental = IncrementalLinter(linter)
    text = "".join(f"kyiv officials said on day {n} of the long week of meetings that the talks went on in kyiv\n\n"
                   for n in range(6))
    diagnosed: list[int] = []
    original = incremental_module._Diagnostics.__call__

    def counted(self, doc: Document, finding: Finding) -> Diagnostic | None:  # type: ignore[no-untyped-def]
        if finding.rule.code == "CD102":
            diagnosed.append(finding.start)
        return original(self, doc, finding)

    incremental_module._Diagnostics.__call__ = counted  # type: ignore[method-assign]
    try:
        first = incremental.check(Document.from_text(text))
        assert first == linter.check(Document.from_text(text))
        assert len([d for d in first.diagnostics if d.code == "CD102"]) == 12
        diagnosed.clear()
        edited = text.replace("day 3 of the long week", "day 3 of the longer week")
        paragraph = edited.index("kyiv officials said on day 3")
        assert incremental.check(Document.from_text(edited)) == linter.check(Document.from_text(edited))
        assert diagnosed == [paragraph, edited.index("kyiv", paragraph + 4)]  # the edited paragraph's two
        diagnosed.clear()
        edited = edited.replace("on day 2 of", "on day 2, of")  # within reach of the "kyiv" closing paragraph 1
        assert incremental.check(Document.from_text(edited)) == linter.check(Document.from_text(edited))
        second = edited.index("kyiv officials said on day 2")
        assert diagnosed == [edited.rindex("kyiv", 0, second), second, edited.index("kyiv", second + 4)]
    finally:
        incremental_module._Diagnostics.__call__ = original  # type: ignore[method-assign]


def test_the_determiner_gerund_windows_are_read_again_only_at_the_edited_chunk() -> None:
    """CD304's matches across a cut are kept by the two chunks around it: an edit reads again the windows at the
    two cuts of the chunk it changed; a window that read to the text's end is read again when text follows ("the
    Landing" becomes a finding once a paragraph opening with "the" comes after it)."""
    linter = linter_for(Settings())
    incremental = IncrementalLinter(linter)
    text = "".join(f"Officials said on day {n} that the\n\nUrging the crowd to stay calm, he left.\n\n"
                   for n in range(5))
    read: list[int] = []
    original = sentence_kind._gerund_across

    def counted(prose: str, lo: int, hi: int, end: int):  # type: ignore[no-untyped-def]
        read.append(hi)
        return original(prose, lo, hi, end)

    def gerunds(text: str) -> list[str]:
        result = incremental.check(Document.from_text(text))
        assert result == linter.check(Document.from_text(text))
        return [text[d.start:d.end] for d in result.diagnostics if d.code == "CD304"]

    sentence_kind._gerund_across = counted
    try:
        assert gerunds(text) == ["Urging"] * 5
        assert len(read) == 9
        read.clear()
        edited = text.replace("on day 2", "on day 20")
        assert gerunds(edited) == ["Urging"] * 5
        day = edited.index("on day 20")
        assert read == [edited.rindex("\n", 0, day) + 1, edited.index("Urging", day)]
        ended = "Officials praised the\n\nLanding\n\n"
        assert gerunds(ended) == []
        assert gerunds(ended + "the rescue team made in the storm.\n") == ["Landing"]
    finally:
        sentence_kind._gerund_across = original


def test_the_last_chunk_is_read_again_as_the_texts_end_only_when_it_changes() -> None:
    """CD1111's merge reads the last chunk as the text's end ("on may 5" ending the article): that reading is kept
    while the last chunk stays as it was, and done again when an edit changes it."""
    linter = linter_for(Settings())
    incremental = IncrementalLinter(linter)
    checker = linter.checkers[_checker_of(linter, "CD1111")]
    text = "The talks resume on Monday.\n\nOfficials met in the capital.\n\nThe vote is on may 5\n"
    ends: list[str] = []
    original = checker._checked

    counting = []

    def counted(doc: Document, sealed: bool = False):  # type: ignore[no-untyped-def]
        if counting and not sealed:
            ends.append(doc.text)
        return original(doc, sealed)

    def months(text: str) -> list[int]:
        counting.append(True)
        result = incremental.check(Document.from_text(text))
        counting.clear()
        assert result == linter.check(Document.from_text(text))
        return [d.start for d in result.diagnostics if d.code == "CD1111"]

    checker._checked = counted
    try:
        assert months(text) == [text.index("may")]
        assert ends == ["The vote is on may 5\n"]
        ends.clear()
        edited = text.replace("resume", "resumes")
        assert months(edited) == [edited.index("may")]
        assert ends == []
        edited = edited.replace("The vote", "A vote")
        assert months(edited) == [edited.index("may")]
        assert ends == ["A vote is on may 5\n"]
    finally:
        del checker._checked


def test_the_name_facts_are_summed_from_the_changed_chunks_only() -> None:
    """The name-variant rules' merge reads the article's facts (folded names with their spellings, word pairs) from
    the running sum: after an edit only the facts of the chunk that came and of the one that went are read, and a
    name's second spelling, or its two words in the other order, typed in one paragraph is found against the kept
    others."""
    linter = linter_for(Settings())
    checkers = [linter.checkers[_checker_of(linter, code)] for code in ("CD614", "CD616")]
    text = "".join(f"On day {n} Oleksii Reznikov met Fumio Kishida in Kyiv.\n\n" for n in range(8))
    tallied = []
    originals = [checker.tally for checker in checkers]

    def counting(original):  # type: ignore[no-untyped-def]
        def counted(facts):  # type: ignore[no-untyped-def]
            tallied.append(facts)
            return original(facts)
        return counted

    def flagged(text: str) -> list[tuple[str, str]]:
        result = incremental.check(Document.from_text(text))
        assert result == linter.check(Document.from_text(text))
        return [(d.code, text[d.start:d.end]) for d in result.diagnostics if d.code in ("CD614", "CD616")]

    for checker, original in zip(checkers, originals, strict=True):
        checker.tally = counting(original)
    try:
        incremental = IncrementalLinter(linter)
        assert flagged(text) == []
        assert len(tallied) == 2 * 8
        tallied.clear()
        assert flagged(text.replace("On day 3 Oleksii", "On day 3 Oleksiy")) == [("CD614", "Oleksiy")]
        assert len(tallied) == 2 * 2
        assert flagged(text.replace("On day 5 Oleksii Reznikov met Fumio Kishida",
                                    "On day 5 Oleksii Reznikov met Kishida Fumio")) == [("CD616", "Kishida Fumio")]
        assert flagged(text) == []
    finally:
        for checker in checkers:
            del checker.tally


def _residue_article(paragraphs: int) -> str:
    """Paragraphs each under a metadata date line (CD415 deletes the line and its breaks: a fix whose check of the
    masks reads its lines and the two after, and is charged to the document's budget of whole-text checks)."""
    return "".join(f"Date: 2024-11-{n % 28 + 1:02d}\n\nOfficials in the capital said on day {n} that the long talks "
                   f"between the two delegations would go on.\n\nThe ministers met again in round {n}.\n\n"
                   for n in range(paragraphs))


def test_a_deleted_line_keeps_its_diagnostic_while_the_lines_it_read_stay() -> None:
    """CD415's fix deletes a date line and the blank line after it: its check reads the lines before and the two
    after, across its chunk's edges. The diagnostic is kept with the chunk and with those lines: an edit elsewhere
    works out none of them again, an edit of the paragraph after one date line works out that one again."""
    linter = linter_for(Settings())
    incremental = IncrementalLinter(linter)
    text = _residue_article(6)
    worked_out: list[int] = []
    diagnostic = linter._diagnostic

    def counted(doc: Document, finding: Finding) -> Diagnostic | None:
        if finding.rule.code == "CD415":
            worked_out.append(finding.start)
        return diagnostic(doc, finding)

    def lines(text: str) -> list[int]:
        worked_out.clear()
        linter._diagnostic = counted  # type: ignore[method-assign]
        try:
            result = incremental.check(Document.from_text(text))
        finally:
            del linter._diagnostic
        assert result == linter.check(Document.from_text(text))
        return [d.start for d in result.diagnostics if d.code == "CD415" and d.fix is not None]

    assert len(lines(text)) == 6 and len(worked_out) == 6
    edited = text.replace("again in round 3", "again in round 30")  # read by no date line's check
    assert len(lines(edited)) == 6 and worked_out == []
    edited = edited.replace("on day 1 that the long", "on day 1 that the longer")
    assert len(lines(edited)) == 6 and worked_out == [edited.index("Date: 2024-11-02")]


def test_kept_diagnostics_are_charged_to_the_budget_of_whole_text_checks() -> None:
    """A document has a budget of whole-text re-checks of masks; once a full check would run out, which fixes get
    checked depends on their order. The kept diagnostics that stand for such a check are charged as it was: an
    article with more of them than the budget allows gives what a full check gives, before and after an edit."""
    linter = linter_for(Settings())
    incremental = IncrementalLinter(linter)
    text = _residue_article(160)  # 160 fixes of about 24,000 characters each: past the budget of 4,000,000
    full = linter.check(Document.from_text(text))
    assert incremental.check(Document.from_text(text)) == full
    assert any(d.code == "CD415" and d.fix is None for d in full.diagnostics)  # the budget ran out
    edited = text.replace("on day 7 that", "on day 70 that")
    assert incremental.check(Document.from_text(edited)) == linter.check(Document.from_text(edited))


def test_quotation_marks_all_in_one_style_are_not_walked() -> None:
    """CD507/CD508 tally every quotation mark of the article by style: when no mark of a family is in the style that
    loses, no hit can be flagged, and the merge reads no chunk's hits; one straight mark typed makes it read them."""
    linter = linter_for(Settings())
    incremental = IncrementalLinter(linter)
    text = "".join(f"“We will stay,” she said on day {n}. “Yes,” he said.\n\n" for n in range(6))
    walked = []
    original = consistency_kind._shifted

    def counted(parts, keep):  # type: ignore[no-untyped-def]
        walked.append(len(parts))
        return original(parts, keep)

    def flagged(text: str) -> list[tuple[int, str]]:
        walked.clear()
        result = incremental.check(Document.from_text(text))
        assert result == linter.check(Document.from_text(text))
        return [(d.start, d.code) for d in result.diagnostics if d.code in ("CD507", "CD508")]

    consistency_kind._shifted = counted
    try:
        assert flagged(text) == [] and walked == []
        edited = text.replace("“Yes,” he said.\n\n“We", "\"Yes,\" he said.\n\n“We", 1)
        assert [code for _, code in flagged(edited)] == ["CD507", "CD508"] and walked
    finally:
        consistency_kind._shifted = original


def test_the_dialect_is_taken_from_the_summed_marked_spellings() -> None:
    """CD1151 takes the article's dialect from its distinct UK- and US-marked spellings, kept as a running sum: an
    edit reads the marked spellings of the chunk that came and the one that went only, and a spelling marked in
    two chunks counts once (one "colour" more does not turn the article)."""
    linter = linter_for(Settings())
    checker = linter.checkers[_checker_of(linter, "CD1151")]
    text = ("The colour of the centre was grey.\n\nThe color and the center stayed, and the theater.\n\n"
            "He said the colur was bad.\n\nThe talks resume on Monday.\n\n")
    tallied = []
    original = checker.tally

    def counted(part):  # type: ignore[no-untyped-def]
        tallied.append(part)
        return original(part)

    def colur(text: str) -> list[tuple[str, ...]]:
        tallied.clear()
        result = incremental.check(Document.from_text(text))
        assert result == linter.check(Document.from_text(text))
        return [d.suggestions for d in result.diagnostics if text[d.start:d.end] == "colur"]

    checker.tally = counted
    try:
        incremental = IncrementalLinter(linter)
        assert colur(text) == [("color", "colour")] and len(tallied) == 4
        assert colur(text.replace("resume", "resumes")) == [("color", "colour")] and len(tallied) == 2
        assert colur(text.replace("on Monday", "on Monday in the colour")) == [("color", "colour")]
        assert colur(text.replace("on Monday", "at the theatre with honour")) == [("colour", "color")]
    finally:
        del checker.tally
