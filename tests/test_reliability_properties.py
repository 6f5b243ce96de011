"""Reliability properties over every default pack, on hostile generated articles.

The articles mix real news prose (the seeds), the machine-translation artifacts the packs exist
for (every rule example of every pack), Markdown of every kind copydesk masks, and text from every
Unicode category: combining marks, emoji with ZWJ sequences and flags, Arabic and Hebrew, zero-width
and bidi controls, CRLF, lone CR, NBSP and astral characters.

Properties (for plain text and Markdown):

- ``check`` never raises; every span and edit lies inside the text;
- one ``fix`` pass changes nothing outside the edits of the diagnostics it applied;
- ``fix`` is idempotent once it has converged, and leaves no safe fix behind;
- Markdown masked regions (code, URLs, HTML, link targets, front matter) come out byte-identical,
  in order, however many passes ``fix`` takes;
- the fixer's choice of fixes that neither overlap nor touch is the pairwise definition (computed in
  O(n log n)).

Examples hypothesis found that broke a property are kept as ``@example`` (see docs/reliability.md).
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from linter import check_text, fix_text
from linter.core.config import Settings
from linter.core.engine import linter_for
from linter.core.fixer import RUNAWAY_LIMIT, choose, fix_until_stable
from linter.core.packs import builtin_paths, load_packs
from linter.model.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from linter.model.rules import Examples
from linter.text.document import Document

ROOT = Path(__file__).resolve().parent.parent
DEFAULTS = Settings()
# COPYDESK_PROPERTY_EXAMPLES raises the budget for a long local run (docs/reliability.md has the figures).
EXAMPLES = int(os.environ.get("COPYDESK_PROPERTY_EXAMPLES", "200"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example])


# ---------------------------------------------------------------------------------------------
# What an article is made of


def _seed_sentences() -> list[str]:
    out: list[str] = []
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        for line in seed.read_text(encoding="utf-8").splitlines():
            out.extend(s for s in re.split(r"(?<=[.!?”'])\s+", line.strip()) if s)
    return out


def _rule_examples() -> list[str]:
    texts: set[str] = set()
    for pack in load_packs(builtin_paths()):
        for rule in pack.rules:
            for text in (*rule.examples.fail, *rule.examples.passing, *rule.examples.fixed):
                texts.add(Examples.unmark(text)[0])
    return sorted(texts)


SEED_SENTENCES = _seed_sentences()
RULE_EXAMPLES = _rule_examples()

MT_ARTIFACTS = [
    "The embassy in Kiev closed.", "Staff left kyiv", "KIEV", "Kiev's", "Chicken Kiev", "the the", "The The",
    "take shelter in the shelter", "ammunition. that", "morning.Gleb Garanich/Reuters",
    "told the Urging the Biden administration", "Which strengthened Ukraine befor", "U.S.", "US", "U.S",
    "air strikes", "airstrikes", "air-strikes", "On the other hand,", "It should be noted that", "Ukrаine",
    "Kyiv\u200b", "Advertisement", "Read more:", "Share this article", "[[", "]]", "&nbsp;", "&amp;", "\\n",
    "<unk>", "</s>", "@-@", " , ", "..", "!!", "?!", ",,", " ;", "( ", " )", "10 %", "$ 5", "don ' t", "''",
    "—", "–", "--", "...", "…", "“", "”", "‘", "’", '"', "'", "«", "»", "(", ")", "[", "]", "{", "}",
    "Mr.", "Dr.", "a.m.", "No.", "3.5", "1,000th", "e.g.", "J. R. R.", "organise", "organize", "colour",
    "color", "defence", "defense", "centre", "center", "travelled", "traveled", "Привет мир", "Київ",
    "习近平", "東京", "서울", "(习近平)", "Kyiv (Київ)", "Él dijo que la guerra continúa en el este del país.",
    "Der Krieg geht weiter und die Regierung sagt nichts.",
]
UNICODE_SPECIALS = [
    "e\u0301", "a\u0308\u0323", "\u0301", "\u20dd", "😀", "👩\u200d👩\u200d👧\u200d👦", "👍🏽", "🏳️\u200d🌈",
    "🇺🇦", "🇬🇧🇺🇸", "🇺", "\U0001f1e6", "مرحبا بالعالم", "שלום עולם", "\u200f", "\u200e", "\u202e", "\u202d",
    "\u2066", "\u2067", "\u2069", "\u061c", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e",
    "\u00a0", "\u2009", "\u202f", "\u3000", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x00", "\x7f", "\t",
    "\r\n", "\r", "\n", "\n\n", "\r\r", "\r\n\r\n", "𝐀𝐁𝐂", "𐍈", "\U0010fffd", "\U000e0041", "\ufffd", "\ufdd0",
    "İ", "ß", "ǅ", "ﬁ", "Ⅻ", "①", "ﾟ", "ｱ", "！", "，", "\u0345", "ΐ", "ŉ",
]
CHARS = st.characters(exclude_categories=["Cs"])
WORD = st.text(CHARS, min_size=1, max_size=6)
PROSE = st.one_of(
    st.sampled_from(SEED_SENTENCES), st.sampled_from(RULE_EXAMPLES), st.sampled_from(MT_ARTIFACTS),
    st.sampled_from(UNICODE_SPECIALS), WORD,
)
INLINE_MD = st.one_of(
    st.builds(lambda t: f"`{t}`", PROSE), st.builds(lambda t: f"``{t}``", PROSE),
    st.builds(lambda a, b: f"[{a}]({b})", PROSE, st.sampled_from(["https://kiev.ua/Kiev", "Kiev.md", "#kiev", ""])),
    st.builds(lambda a: f"![{a}](img/Kiev.png)", PROSE), st.builds(lambda a: f"[{a}][kiev]", PROSE),
    st.sampled_from([
        "<b>Kiev</b>", "<span class='kiev'>", "</span>", "<br/>", "<https://kiev.ua>", "<mail@kiev.ua>",
        "https://www.kiev.ua/the the", "www.kyiv.ua/kyiv.", "editor@kiev.ua", "<!-- Kiev -->", "<!-- unclosed Kiev",
        "<!-- copydesk-disable CD101 -->", "<!-- copydesk-enable CD101 -->", "<!-- copydesk-disable -->",
        "<!-- copydesk-disable-next-line CD102 -->", "<!-- copydesk-disable-next-line -->", "`", "``", "```", "~~~",
        "*Kiev*", "**kyiv**", "_the the_", "\\*", "<", ">", "|", "#",
    ]),
)
INLINE = st.one_of(PROSE, PROSE, INLINE_MD)
LINE = st.lists(INLINE, max_size=6).map(lambda parts: " ".join(parts) if len(parts) % 2 else "".join(parts))
EOL = st.sampled_from(["\n", "\n", "\r\n", "\r"])


@st.composite
def _block(draw: st.DrawFn) -> str:
    eol = draw(EOL)
    choice = draw(st.integers(0, 11))
    line = draw(LINE)
    if choice == 0:
        return "#" * draw(st.integers(1, 7)) + " " + line + draw(st.sampled_from(["", " #", " ##  "]))
    if choice == 1:
        marker = draw(st.sampled_from(["- ", "* ", "+ ", "1. ", "2) ", "> ", "> > ", "   - "]))
        return eol.join(marker + item for item in draw(st.lists(LINE, min_size=1, max_size=3)))
    if choice == 2:
        fence = draw(st.sampled_from(["```", "~~~", "````", "```python", "~~~~ text"]))
        body = eol.join(draw(st.lists(LINE, max_size=3)))
        closing = draw(st.sampled_from([fence[:3], fence.split()[0], "", "``", "~~~~~"]))
        return f"{fence}{eol}{body}{eol}{closing}"
    if choice == 3:
        return eol.join("    " + item for item in draw(st.lists(LINE, min_size=1, max_size=3)))
    if choice == 4:
        return f"| {line} | Kiev |{eol}|---|:---:|{eol}| the the | `kyiv` |"
    if choice == 5:
        return f"<div class=\"kiev\">{eol}{line}{eol}</div>"
    if choice == 6:
        return f"[kiev]: https://kiev.ua/Kiev \"Kiev title\"{eol}{line}"
    if choice == 7:
        return f"<!--{eol}{line}{eol}-->"
    return line


BLOCKS = st.lists(st.one_of(_block(), LINE), max_size=8)
SEPARATORS = st.sampled_from(["\n", "\n\n", "\r\n", "\r\n\r\n", "\r", " ", "", "\n \n", "\u2028"])


@st.composite
def article(draw: st.DrawFn) -> str:
    blocks = draw(BLOCKS)
    separators = draw(st.lists(SEPARATORS, min_size=len(blocks), max_size=len(blocks)))
    text = "".join(b + s for b, s in zip(blocks, separators, strict=True))
    if draw(st.booleans()):
        eol = draw(EOL)
        front = draw(st.sampled_from([
            f"---{eol}title: Kiev the the{eol}tags: [kyiv]{eol}---{eol}",
            f"---{eol}title: Kiev{eol}...{eol}", f"\ufeff---{eol}a: kyiv{eol}---{eol}", f"---{eol}unclosed: Kiev{eol}",
        ]))
        text = front + text
    return text


ARTICLES = article()
PATHS = st.sampled_from(["story.txt", "story.md"])


# ---------------------------------------------------------------------------------------------
# Helpers


@lru_cache(maxsize=4)
def _check_for(path: str) -> Callable[[str], list[Diagnostic]]:
    linter = linter_for(DEFAULTS)
    return lambda text: linter.check(Document.from_text(text, path)).diagnostics


def _edits(applied: list[Diagnostic]) -> list[Edit]:
    return sorted((e for d in applied for e in d.fix.edits), key=lambda e: (e.start, e.end))  # type: ignore[union-attr]


def _apply_by_hand(text: str, edits: list[Edit]) -> str:
    pieces, pos = [], 0
    for edit in edits:
        pieces += [text[pos:edit.start], edit.text]
        pos = edit.end
    return "".join([*pieces, text[pos:]])


def _shift(spans: list[tuple[int, int]], edits: list[Edit]) -> list[tuple[int, int]]:
    """Where spans that no edit touches end up after the edits."""
    out = []
    for start, end in spans:
        delta = sum(len(e.text) - (e.end - e.start) for e in edits if e.end <= start and e.start < start)
        assert not any(e.start < end and start < e.end for e in edits), "an edit overlaps a masked region"
        assert not any(e.start == e.end and start <= e.start < end for e in edits), "an insertion inside a mask"
        out.append((start + delta, end + delta))
    return out


# ---------------------------------------------------------------------------------------------
# Properties


@SETTINGS
@given(ARTICLES, PATHS)
@example("```\r\nKiev\r```\n", "story.md")  # a fence opened after CRLF and closed after a lone CR
def test_check_never_raises_and_every_span_is_inside_the_text(text: str, path: str):
    diagnostics = check_text(text, path=path, config=DEFAULTS)
    for diag in diagnostics:
        assert 0 <= diag.start <= diag.end <= len(text), diag
        for edit in diag.fix.edits if diag.fix else ():
            assert 0 <= edit.start <= edit.end <= len(text), diag
    assert diagnostics == sorted(diagnostics, key=Diagnostic.sort_key)


@SETTINGS
@given(ARTICLES, PATHS, st.booleans())
def test_one_fix_pass_changes_nothing_but_the_applied_edits(text: str, path: str, unsafe: bool):
    result = fix_until_stable(text, _check_for(path), unsafe=unsafe, limit=1)
    edits = _edits(result.applied)
    for before, after in itertools.pairwise(edits):
        assert not before.overlaps(after) and before.end <= after.start, (before, after)
    for edit in edits:
        assert 0 <= edit.start <= edit.end <= len(text)
        assert edit.text != text[edit.start:edit.end] or not result.applied
    for diag in result.applied:
        assert diag.fix is not None and diag.fix.applies(unsafe)
    assert result.text == _apply_by_hand(text, edits)


@SETTINGS
@given(ARTICLES, PATHS, st.booleans())
# found by hypothesis: CD237 took "A" before a Greek musical symbol (a Greek-script non-letter) for a
# mixed-script word and offered a safe fix replacing "A" with "A", which never goes away (kinds/script.py,
# and engine.py drops edits that change nothing)
@example("# A𝈀\n", "story.txt", False)
def test_fix_is_idempotent_and_leaves_no_safe_fix(text: str, path: str, unsafe: bool):
    once = fix_text(text, path=path, config=DEFAULTS, unsafe=unsafe)
    if not once.converged:
        return  # the runaway cap is tested in tests/test_fix.py
    twice = fix_text(once.text, path=path, config=DEFAULTS, unsafe=unsafe)
    assert twice.text == once.text, [d.code for d in twice.applied]
    assert not twice.applied
    left = [d for d in check_text(once.text, path=path, config=DEFAULTS)
            if d.fix is not None and d.fix.applicability is Applicability.SAFE]
    assert not left, [(d.code, d.start, d.end, d.message) for d in left]


@SETTINGS
@given(ARTICLES, st.booleans())
# found by hypothesis: deleting the zero-width space between a closing backtick and another backtick merged
# them into a run of two, the code span was gone, and the next pass rewrote its backticks (masking.edits_keep_masks)
@example('| ` | Kiev |\n|---|:---:|\n| the the | `kyiv` |\n<div class="kiev">\n`\u200b`\n</div>\n', False)
@example("Text `code`\u200b` more.\n", False)
# found by hypothesis after the first fix: two fixes of one pass, each harmless alone (deleting a zero-width
# space after a code span, rewriting a later unpaired ``), together left the code span without its closer
@example("\n\n\r~~~\n\n``\n``\u200b```date 2024-11-20``\n", False)
# found by hypothesis after that: a `` inside a fenced block paired with the opening `` of a code span after
# the block, the span went unmasked and its backticks were rewritten (masking looks for inline syntax between
# blocks only)
@example("~~~\n\n``\n~~~\n\n\n- ``date 2024-11-20``\n- ``date 2024-11-20``\n", False)
# found by the fuzzer (bench/fuzz/corpus/regress-front-matter-opened-by-a-fix.md), cut down by hand: deleting
# the zero-width joiner in "-\u200d--" on the first line opened front matter reaching the "---" line, which
# took the opening backtick of a code span; the rest of the span went unmasked (edits_keep_masks re-masks
# the whole text for an edit that changes a run of delimiters)
@example("-\u200d--\ntitle: Kiev\n`a\n---\nthe the `b` c\n", False)
# found by the fuzzer's CI smoke run: two zero-width spaces between the end of a code span and a run of
# backticks, each deletion harmless alone, both in one pass merged the runs (fixer.choose: fixes that touch
# wait for the next pass, where each is checked against the text the other left)
@example("\n\n\r~~~\n\n``\n``\u200b\u200b```date 2024-11-20!!``\n", False)
def test_markdown_masked_regions_come_out_byte_identical_and_in_order(text: str, unsafe: bool):
    masked = list(Document.from_text(text, "story.md").masked)
    check = _check_for("story.md")
    current, spans = text, masked
    for _ in range(RUNAWAY_LIMIT):
        step = fix_until_stable(current, check, unsafe=unsafe, limit=1)
        if not step.applied:
            break
        spans = _shift(spans, _edits(step.applied))
        current = step.text
    assert current == fix_text(text, path="story.md", config=DEFAULTS, unsafe=unsafe).text
    for (start, end), (new_start, new_end) in zip(masked, spans, strict=True):
        assert current[new_start:new_end] == text[start:end], f"masked region {text[start:end]!r} changed"
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def _meet(a: Fix, b: Fix) -> bool:
    """Two fixes overlap or touch: some edit of one meets some edit of the other (closed spans)."""
    return any(x.start <= y.end and y.start <= x.end for x in a.edits for y in b.edits)


def _pairwise_choose(diagnostics: list[Diagnostic], unsafe: bool) -> list[Diagnostic]:
    """The definition: keep a fix unless it overlaps or touches one kept before it (quadratic)."""
    kept: list[Diagnostic] = []
    for diag in sorted(diagnostics, key=Diagnostic.sort_key):
        if diag.fix is not None and diag.fix.applies(unsafe) and not any(_meet(diag.fix, k.fix) for k in kept):
            kept.append(diag)
    return kept


@st.composite
def _fixes(draw: st.DrawFn) -> list[Diagnostic]:
    out = []
    for n in range(draw(st.integers(0, 25))):
        edits: list[Edit] = []
        for _ in range(draw(st.integers(1, 3))):
            start = draw(st.integers(0, 30))
            edit = Edit(start, start + draw(st.sampled_from([0, 0, 1, 2, 5])), "x")
            if not any(edit.overlaps(e) for e in edits):  # a fix's own edits never overlap
                edits.append(edit)
        applicability = draw(st.sampled_from(list(Applicability)))
        out.append(Diagnostic(f"XX{n:03d}", "x", "p", Severity.WARNING, "m", min(e.start for e in edits),
                              max(e.end for e in edits), Fix(tuple(edits), applicability)))
    return out


@settings(max_examples=EXAMPLES * 2, deadline=None)
@given(_fixes(), st.booleans())
def test_choosing_fixes_keeps_exactly_those_that_meet_no_earlier_one(diagnostics: list[Diagnostic], unsafe: bool):
    assert choose(diagnostics, unsafe) == _pairwise_choose(diagnostics, unsafe)
