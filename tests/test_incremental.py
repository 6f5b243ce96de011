"""The language server's incremental linting equals a full check after every edit, and re-lints only what changed."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from linter.core.config import Settings
from linter.core.engine import linter_for
from linter.core.incremental import IncrementalLinter
from linter.kinds import Scope, scope_of
from linter.kinds.base import Parts, starts_of
from linter.kinds.locality import line_local
from linter.text import chunks
from linter.text.document import Document

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
# What edits an article in an editor: characters, paragraph and line breaks, quotes, Markdown delimiters,
# HTML comments and suppression comments, words that rules look for, and the seams between paragraphs.
SNIPPETS = ["x", "e", " ", ".", ",", "\n", "\n\n", "\r\n", "\r", "\t", "  ", '"', "“", "”", "'", "‘", "’", "(", ")",
            "```\n", "\n```\n", "~~~", "`", "    ", "# ", "- ", "> ", "---\n", "<!--", "-->", "<b>", "](x)",
            "<!-- copydesk-disable -->", "<!-- copydesk-enable -->", "<!-- copydesk-disable-next-line CD101 -->\n",
            "Kiev", "kyiv", " the the ", "the\n\nthe", "The", "Which", "morning.Gleb", "U.S.", " US ", "airstrikes",
            "air strikes", "Привіт", "\u200b", "\ufeff", "😀", "https://x.org/a", " date 2024-11-20 \n", "Mr. ",
            "ammunition. that", "told the Urging the", "...", "…", "?!", "Read more\n"]


def random_edit(rng: random.Random, text: str) -> str:
    start = rng.randint(0, len(text))
    end = start
    roll = rng.random()
    if roll < 0.3 and text:
        end = min(len(text), start + rng.randint(1, 6))  # delete a few characters (or replace them)
    if roll < 0.15:
        return text[:start] + text[end:]
    if roll > 0.9:
        # at the seam between two paragraphs, where cutting into chunks could go wrong
        seams = [i for i in range(len(text)) if text[i] == "\n"]
        if seams:
            start = end = rng.choice(seams) + rng.randint(0, 1)
    new = "".join(rng.choice(SNIPPETS) for _ in range(rng.randint(1, 2)))
    return text[:start] + new + text[end:]


@pytest.mark.parametrize("fmt", ["text", "markdown"])
@pytest.mark.parametrize("seed_file", SEEDS, ids=lambda p: p.stem)
def test_random_edits_give_what_a_full_check_gives(seed_file: Path, fmt: str) -> None:
    linter = linter_for(Settings())  # every default pack
    incremental = IncrementalLinter(linter)
    rng = random.Random(seed_file.stem + fmt)
    text = seed_file.read_text(encoding="utf-8")
    for step in range(120):
        doc = Document.from_text(text, None, fmt)
        expected = linter.check(Document.from_text(text, None, fmt))
        assert incremental.check(doc) == expected, (step, text)
        text = random_edit(rng, text)


def test_opt_in_packs_too() -> None:
    linter = linter_for(Settings(select=("ALL",)))
    incremental = IncrementalLinter(linter)
    rng = random.Random(7)
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in SEEDS)
    for step in range(40):
        assert incremental.check(Document.from_text(text)) == linter.check(Document.from_text(text)), (step, text)
        text = random_edit(rng, text)


def test_an_edit_relints_only_its_paragraph() -> None:
    linter = linter_for(Settings())
    incremental = IncrementalLinter(linter)
    text = SEEDS[0].read_text(encoding="utf-8")
    incremental.check(Document.from_text(text))
    total = len(chunks.cut(Document.from_text(text)))
    at = text.index("embassy")
    incremental.check(Document.from_text(text[:at] + "x" + text[at:]))
    assert total > 5 and incremental.reused == total - 1


def test_a_doubled_word_across_a_blank_line_is_two_paragraphs_in_both_checks() -> None:
    """No repetition reaches across a paragraph break (a headline and its first paragraph), so the
    repetition checks are paragraph-local: a doubled word right after the break is still found."""
    linter = linter_for(Settings())
    incremental = IncrementalLinter(linter)
    text = "Biden meets Zelensky\n\nZelensky said it was the the end of it all.\n\nAnother paragraph here.\n"
    incremental.check(Document.from_text(text))
    result = incremental.check(Document.from_text(text + "\nMore.\n"))
    assert [(d.code, text[d.start:d.end]) for d in result.diagnostics if d.code == "CD201"] == [("CD201", "the the")]
    assert result == linter.check(Document.from_text(text + "\nMore.\n"))


def test_scopes_of_the_default_checkers() -> None:
    linter = linter_for(Settings())
    scopes = {(type(c).__name__, c.rules[0].options.get("check")): scope_of(c) for c in linter.checkers}
    assert scopes[("RepetitionChecker", "doubled-word")] is Scope.PARAGRAPH
    assert scopes[("RepetitionChecker", "same-stem")] is Scope.PARAGRAPH
    assert scopes[("RepetitionChecker", "doubled-phrase")] is Scope.PARAGRAPH
    assert scopes[("SentenceChecker", "unbalanced-quotes")] is Scope.DOCUMENT
    assert scopes[("ConsistencyChecker", None)] is Scope.DOCUMENT
    local = [c for c in linter.checkers if scope_of(c).local]
    assert len(local) > len(linter.checkers) // 3
    assert not any(type(c).__name__ == "ConsistencyChecker" for c in local)


@pytest.mark.parametrize(("pattern", "flags", "local"), [
    (r"\bKiev\b", 0, True),
    (r"[ \t]+,", 0, True),
    (r"\p{L}+\.", 0, True),
    (r"(?<![\w.])x(?=[ \t]*\p{Lu})", 0, True),
    (r"(?m)^[ \t]*Read more[ \t]*$", 0, True),
    (r"a.b", 0, True),
    (r"\s+", 0, False),
    (r"[^a-z]", 0, False),
    (r"[^\p{L}]", 0, False),
    (r"\P{L}", 0, False),
    (r"\p{Cc}", 0, False),
    (r"\W", 0, False),
    (r"a\nb", 0, False),
    (r"(?s)a.b", 0, False),
    (r"a.b", 16, False),  # re.S
    (r"^Foo", 0, False),
    (r"Foo$", 0, False),
    (r"\AFoo", 0, False),
    (r"Foo\Z", 0, False),
    (r"\GFoo", 0, False),
    (r"x\X", 0, False),
    (r"(?w)^x$", 0, False),
    (r"(?:foo){e<=1}", 0, False),
    (r"[[:space:]]", 0, False),
    (r"x(?=\s)", 0, True),  # one character ahead: at most the line break that ends a chunk
    (r"x(?=\s\s)", 0, False),
    (r"(?<=\s)x", 0, False),
    # \K moves the reported start, not what is read (CD1204, CD1205); a literal backslash and K is no \K
    (r"\b(he|she)[ \t]+\K(are|don't)\b", 0, True),
    (r"(?<=\s)\Kx", 0, False),
    (r"x\s+\Ky", 0, False),
    (r"a\\K", 0, True),
    # two groups of one name, as `regex` allows (CD1206), read as plain groups; not when a group is referred to
    (r"(?:\b(?P<first>am|is)[ \t]+|(?<=\p{L})(?P<first>'m)[ \t]+)(?P<second>am|is)\b", 0, True),
    (r"(?P<w>am|is)[ \t]+(?P=w)", 0, True),
    (r"(?P<w>am)|(?P<w>is)(?P=w)", 0, False),
    (r"(?P<w>am)|(?P<w>is)[ \t]\1", 0, False),
])
def test_line_local(pattern: str, flags: int, local: bool) -> None:
    assert line_local(pattern, flags) is local


def test_a_translation_checked_incrementally_keeps_its_source():
    # the document the whole-document checkers read was rebuilt without the source: the language server showed no
    # bilingual finding
    linter = linter_for(Settings(select=("CD101", "bilingual")))
    doc = Document.from_text("About 1,200 people were evacuated from Kiev.\n\nThe city has 1,500 shelters.\n", None,
                             "markdown", source="Евакуювали близько 12 тис. людей.\n\nУ місті 1 500 укриттів.\n",
                             source_language="uk")
    expected = linter.check(doc).diagnostics
    assert sorted(d.code for d in expected) == ["CD101", "CD2001", "CD2001"]
    assert IncrementalLinter(linter).check(doc).diagnostics == expected


def test_a_moved_finding_keeps_every_field() -> None:
    """``Finding.shifted`` builds the moved finding field by field (faster than ``dataclasses.replace``): it must give
    what ``replace`` gives, and name every field (a new one must be added there too)."""
    import dataclasses

    from linter.kinds.base import Finding
    from linter.model.diagnostics import Applicability, Edit, Severity

    rule = linter_for(Settings()).rules[0]
    finding = Finding(rule, 4, 9, ("a", "b"), (Edit(4, 9, "a"), Edit(12, 13, "")), {"count": "3"}, "LT:X", "x",
                      Severity.INFO, Applicability.UNSAFE)
    assert [f.name for f in dataclasses.fields(Finding)] == [
        "rule", "start", "end", "suggestions", "edits", "values", "code", "name", "severity", "applicability"]
    assert finding.shifted(7) == dataclasses.replace(finding, start=11, end=16,
                                                     edits=(Edit(11, 16, "a"), Edit(19, 20, "")))
    assert finding.shifted(7).shifted(-7) == finding


def test_every_chunks_key_read_in_one_pass_is_the_chunks_key() -> None:
    """``chunks.keys`` (one pass over the masks and paragraphs, as the re-lint reads them) gives each chunk the key
    ``chunks.key`` gives it, on the seeds edited with Markdown delimiters, comments and paragraph breaks."""
    rng = random.Random(22)
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        for _ in range(40):
            text = random_edit(rng, text)
            for fmt in ("text", "markdown"):
                doc = Document.from_text(text, None, fmt)
                spans = chunks.cut(doc)
                assert chunks.keys(doc, spans) == [chunks.key(doc, lo, hi) for lo, hi in spans]


def test_parts_read_as_the_list_they_stand_for() -> None:
    """``Parts`` (a split checker's parts as the language server gives them) reads as the list of (start, part) pairs
    it stands for: iterated, indexed, sliced and measured."""
    runs = [{3: "a", 5: "x"}, {3: "b"}, {3: "c", 7: "y"}]
    parts = Parts((0, 10, 25), runs, 3, total=None)
    pairs = [(0, "a"), (10, "b"), (25, "c")]
    assert list(parts) == pairs and len(parts) == 3 and parts[1] == pairs[1] and parts[-1] == pairs[-1]
    assert parts[1:] == pairs[1:] and parts[::2] == pairs[::2] and starts_of(parts) == (0, 10, 25)
    assert starts_of(pairs) == (0, 10, 25)
