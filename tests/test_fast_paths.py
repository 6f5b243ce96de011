"""Fast paths find candidates cheaply (the shared word list, a literal scan) and confirm each with the
rule's regex.

That is only right if the candidates are a superset of the regex's matches. These properties compare
each fast path with a plain regex scan over the whole text (what the checks did before), on words
chosen to stress case-insensitive matching: Greek final sigma, the Kelvin sign, long s, dotted I,
sharp s, hyphens, apostrophes, function words, line breaks and punctuation between words.
"""

from __future__ import annotations

from pathlib import Path

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.core.config import Settings
from linter.core.engine import linter_for
from linter.kinds import consistency, repetition, script, sentence
from linter.text import masking, segment
from linter.text.document import Document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

WORDS = [
    "the", "The", "THE", "a", "in", "In", "of", "to", "this", "thiſ", "its", "shelter", "Shelter", "shelters",
    "sheltered", "take", "taken", "ΟΔΟΣ", "οδος", "οδός", "οδοσ", "Kelvin", "\u212aelvin", "kelvin", "straße",
    "STRASSE", "İstanbul", "istanbul", "well-known", "known", "it's", "it’s", "don't", "ab", "abc", "abcd",
    "ßig", "ssig", "x",
]
GAPS = [" ", " ", " ", "  ", "\n", "\t", ", ", ". ", ".  \n ", ".\t", " - ", "’ ", "\u00a0", "-", "'", "1. ", "é. "]


@st.composite
def texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30))
    gaps = draw(st.lists(st.sampled_from(GAPS), min_size=len(words), max_size=len(words)))
    return "".join(w + g for w, g in zip(words, gaps, strict=True))


def _checker(code: str) -> repetition.RepetitionChecker:
    linter = linter_for(Settings())
    return next(c for c in linter.checkers if any(r.code == code for r in c.rules))


@settings(max_examples=400, deadline=None)
@given(texts())
def test_doubled_words_are_those_of_a_plain_regex_scan(text: str):
    checker = _checker("CD201")
    doc = Document.from_text(text)
    found = [m.span() for m in checker._doubled_matches(doc)]
    assert found == [m.span() for p in doc.paragraphs for m in repetition._DOUBLED.finditer(text, *p)]


@settings(max_examples=400, deadline=None)
@given(texts())
def test_same_stem_candidates_are_those_of_a_plain_regex_scan(text: str):
    checker = _checker("CD202")
    doc = Document.from_text(text)
    found = [m.span() for m in checker._same_stem_candidates(doc)]
    expected = [m.span() for p in doc.paragraphs for m in checker._candidates.finditer(text, *p, overlapped=True)]
    assert found == expected


@settings(max_examples=400, deadline=None)
@given(texts())
def test_words_before_a_period_are_those_of_a_plain_regex_scan(text: str):
    found = [m.span() for m in sentence._words_before_period(text)]
    assert found == [m.span() for m in sentence._WORD_BEFORE_PERIOD.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80) | texts().filter(str.isascii))
def test_latin_words_of_ascii_text_are_those_of_the_unicode_pattern(text: str):
    assert script._ASCII_LATIN_WORD.findall(text) == script._LATIN_WORD.findall(text)


def test_consistency_groups_matched_without_case_folding_find_what_case_folding_finds():
    """Groups with nothing cased (quotation marks, dashes) skip ``regex.I``; that may not change a match."""
    linter = linter_for(Settings())
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    text += ' He said "no" -- and “YES” – ‘Quote’ it\'s O’NEIL’S "A" B — C 1–2 ... …\n'
    compared = 0
    for checker in linter.checkers:
        if isinstance(checker, consistency.ConsistencyChecker) and checker.matcher is None:
            for group in checker.groups:
                if group.case_sensitive or group.pattern.flags & regex.I:
                    continue
                folding = regex.compile(group.pattern.pattern, group.pattern.flags | regex.I)
                assert [m.span() for m in group.pattern.finditer(text)] == [m.span() for m in folding.finditer(text)]
                compared += 1
    assert compared >= 4  # the quotation-mark, apostrophe, ellipsis and dash groups
    assert consistency._has_case(r"(?<=\p{Lu})x") and consistency._has_case("US")
    assert not consistency._has_case(r"”(?<=[\p{L}\p{N}.,!?…)\]%])(?=[\s\p{L}]|$)")


ADDRESS_PIECES = ["see", "http://x.org/a", "HTTPS://Y.com.", "ftp://f", "www.z.net", "WwW.q.io", "a@b.com", "me@",
                  "@x", "john.www.foo@x.com/p", "://", "(www.k.de)", "é", "\u0301", " ", "\n", ".", ","]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ADDRESS_PIECES), max_size=12).map("".join))
def test_addresses_found_by_one_branch_are_those_of_the_whole_pattern(text: str):
    assert masking._addresses(text) == [m.span() for m in masking._URL.finditer(text)]


SEGMENT_PIECES = ["Mr.", "U.S.", "e.g.", "a.m.", "J.", "F.", "word", "3.5", "it's", "’", "-", ".", "...", "…", "!",
                  "?", " ", "  ", "\u001c", "\u00a0", "\n", "\"", "“", "(", "The", "he", "Ünter", "_x", "x.y."]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(SEGMENT_PIECES), max_size=25).map("".join))
def test_sentence_boundaries_read_in_place_are_those_of_the_copying_reader(text: str):
    """Segmentation reads the next word in place and the word before a period by a reverse search; the
    reference copies the rest of the paragraph and searches forward, as it did before."""
    forward = regex.compile(r"(\w(?:[\w.'-]*\w)?)\.?$")  # the word before the period, without a quotation mark

    def reference_is_boundary(sentence_start: int, term: regex.Match, end: int) -> bool:
        following = text[term.end():end].lstrip()
        if not following:
            return True
        next_word = regex.match(r"[\"'“‘«(\[]*([\w'’-]+)", following)
        if next_word is None:
            return True
        word = next_word.group(1)
        starts_upper = word[0].isupper() or word[0].isdigit()
        mark = term.group()
        if mark.startswith(("...", "…")) or mark[0] != ".":
            return starts_upper
        before = forward.search(text, sentence_start, term.start())
        token = before.group(1).lower() if before else ""
        if token in segment.TITLES:
            return False
        if token in segment.AMBIGUOUS or regex.fullmatch(r"(?:\w\.)+\w", token):
            return word.lower() in segment.SENTENCE_OPENERS and starts_upper
        if len(token) == 1 and token.isalpha() and before and before.group(1).isupper():
            return False
        return starts_upper

    for paragraph in segment.paragraphs(text):
        start = paragraph[0]
        for term in segment._TERMINAL.finditer(text, *paragraph):
            assert segment._is_boundary(text, start, term, paragraph[1]) == reference_is_boundary(
                start, term, paragraph[1])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x3100), max_size=60))
def test_folding_turns_every_space_into_a_space_as_the_translation_table_did(text: str):
    from linter.text import phrases

    table = {cp: " " for cp in range(0x3000 + 1) if chr(cp).isspace() and chr(cp) != " "}  # the table it was
    expected = "".join(phrases._fold_piece(piece) for piece in phrases._pieces(text)).translate(table)
    assert phrases.fold(text) == expected and len(phrases.fold(text)) == len(text)


GATED_PIECES = [
    "The embassy closed. Click here to read more.", "Read more: Kyiv talks", "Photo: Reuters",
    "It was, reports TASS, a failure.", "(see below )", "Prices rose 5 %.", "Subscribe now",
    "```\nClick here\n```", "<!-- Read more -->", "`Click here`", "Note that the talks failed.",
    "the Ukraine", "Getty Images", "  ", "\n", "\n\n", "\r\n\r\n", "Follow us on X", "Tags: war, talks",
    # rare marks that punctuation rules need (prefilter.py): runs of spaces, no-break spaces, tabs, doubled marks
    "said\u00a0 it", "the\u00a0talks", "war\tand peace", "peace--and war", "it ended..", "ended,. Then", "''quoted''",
    "talks，then", "<unk> token", "The talks [...]", "© 2023 Reuters. All rights reserved.", "Continue reading",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(GATED_PIECES), min_size=1, max_size=40).map(" ".join),
       st.sampled_from(["story.txt", "story.md"]))
def test_rules_run_on_the_chunks_holding_their_words_find_what_they_find_in_the_whole_text(text: str, path: str):
    from linter.kinds.pattern import PatternChecker

    gated = [c for c in linter_for(Settings()).checkers if isinstance(c, PatternChecker) and c._gated]
    assert len(gated) > 10
    doc = Document.from_text(text, path)
    for checker in gated:
        assert list(checker.check(doc)) == list(checker._check(doc)), checker.rule.code


def test_the_seeds_gated_by_required_words_are_checked_as_a_whole():
    from linter.kinds.pattern import PatternChecker

    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    text += "\n\nClick here for more.\n\nPhoto: Reuters\n\nSubscribe now\n"
    doc = Document.from_text(text * 5, "story.txt")
    gated = [c for c in linter_for(Settings()).checkers if isinstance(c, PatternChecker) and c._gated]
    used = 0
    for checker in gated:
        used += checker._present.chunks_with(doc, checker.literals) is not None
        assert list(checker.check(doc)) == list(checker._check(doc)), checker.rule.code
    assert used > 5  # most rules ran on a few chunks only


FILLER = ["Officials in Kyiv said the talks would resume next week.", "Prices rose sharply after the attacks.",
          "\u201cWe will rebuild,\u201d the mayor said.", "It may rain in May, officials said on May 5"]
BREAKS = ["\n\n", "\n", "\r\n\r\n", " \n\n", "\n\n\n", "\n \n", "\n\n  "]


@st.composite
def long_texts(draw: st.DrawFn) -> str:
    """A text past the length from which rules run on the chunks holding their words (pattern.py ``_GATE_FROM``):
    filler paragraphs, and paragraphs of the gated rules' pieces between them, cut by varied breaks."""
    from linter.kinds.pattern import _GATE_FROM

    paragraphs = []
    while sum(map(len, paragraphs)) <= _GATE_FROM + 200:
        if draw(st.booleans()):
            paragraphs.append(" ".join(draw(st.lists(st.sampled_from(GATED_PIECES), min_size=1, max_size=6))))
        else:
            paragraphs.append(" ".join(FILLER * draw(st.integers(1, 8))))
    breaks = draw(st.lists(st.sampled_from(BREAKS), min_size=len(paragraphs), max_size=len(paragraphs)))
    return "".join(p + b for p, b in zip(paragraphs, breaks, strict=True))


@settings(max_examples=60, deadline=None)
@given(long_texts(), st.sampled_from(["story.txt", "story.md"]))
def test_rules_run_on_the_runs_of_chunks_holding_their_words_find_what_they_find_in_the_whole_long_text(
        text: str, path: str):
    """Past ``_GATE_FROM`` characters a rule runs on the runs of chunks that hold one of its required words (the
    regex bounded to each run of the whole text): the findings of a scan of the whole text, chunk edges and
    zero-width matches included."""
    from linter.kinds.pattern import PatternChecker

    gated = [c for c in linter_for(Settings()).checkers if isinstance(c, PatternChecker) and c._gated]
    doc = Document.from_text(text, path)
    for checker in gated:
        assert list(checker.check(doc)) == list(checker._check(doc)), checker.rule.code


def test_long_articles_gated_by_required_words_find_what_the_whole_text_does():
    """The bench's long articles (150-210 paragraphs, seeds and the evaluation set's clean news, with injected
    errors): every gated rule finds on the runs of chunks holding its words what it finds in the whole text."""
    from linter.kinds.pattern import PatternChecker
    from tests.conftest import bench_module

    articles = bench_module("make_corpus").articles(6, (150, 210), SEEDS.parent.parent / "shared" / "eval")
    gated = [c for c in linter_for(Settings()).checkers if isinstance(c, PatternChecker) and c._gated]
    used = 0
    for text in articles:
        doc = Document.from_text(text, "article.txt")
        for checker in gated:
            used += checker._present.chunks_with(doc, checker.literals) is not None
            assert list(checker.check(doc)) == list(checker._check(doc)), checker.rule.code
    assert used > 50


NAME_PIECES = ["Zelensk", "yy", "iy", "y", "i", "ii", "Oleks", "Kh", "kh", "ks", "x", "Erdoğ", "an", "Suk", "-",
               "'", "’", " ", "\u00a0", "Yeol", "İ", "ß", "e\u0301", "Ǆ", "ll", "LL", "Ma", "aa", "Ŀ", "ﬁ"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(NAME_PIECES), min_size=1, max_size=8).map("".join))
def test_the_kept_transliteration_fold_is_the_plain_one(name: str):
    """``fold`` keeps its results and collapses doubled letters without a regex: the same key as the plain
    steps (its docstring's), worked out here with a regex each time."""
    import unicodedata

    from linter.text.transliteration import fold

    if name.isascii():
        plain = name.lower()
    else:
        plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).lower()
    plain = regex.sub(r"[\s'’-]+", "", plain)
    plain = plain.replace("ks", "x").replace("kh", "h").replace("iy", "i").replace("y", "i")
    expected = regex.sub(r"(.)\1+", r"\1", plain)
    assert fold(name) == expected
    assert fold(name) == expected  # the kept result too


def test_the_fullwidth_rules_one_search_covers_every_mark_their_checks_look_for():
    """The kind's rules skip an article in which one search finds none of their marks: every code point any of the
    four checks starts a match with must be one that search finds."""
    from linter.kinds import fullwidth

    starts = (fullwidth._PUNCTUATION, fullwidth._PAIR_MARKS, fullwidth._TITLE_MARKS, fullwidth._CHARACTERS)
    looked_for = [cp for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF
                  and any(p.match(chr(cp) * 2) for p in starts)]
    assert len(looked_for) > 80
    assert [chr(cp) for cp in looked_for if not fullwidth._ANY_MARK.match(chr(cp))] == []


# Issue 20: kinds read the shared tokens (``Document.words`` and the views beside it) instead of scanning again.
GERUND_WORDS = [
    "the", "The", "THE", "thE", "a", "A", "an", "An", "this", "thiſ", "that", "these", "Theſe", "those", "its",
    "their", "his", "her", "HER", "our", "to", "To", "Urging", "Bombing", "Naming", "NAMING", "naming", "Ing",
    "Ping", "Éxcusing", "Ωming", "Rising’s", "Rising's", "well-Meaning", "x-Rising", "o'the", "crowd", "İnging",
    "Kelvin", "\u212aeeping", "shelter", "Straßing",
]
GERUND_GAPS = [" ", " ", " ", "  ", "\n", "\n\n", "\t", ", ", ". ", "-", "'", "’", "\u00a0", "\u2028", "\u3000",
               "\x1c", "\x85", " \u200b", "1", "_"]


@st.composite
def gerund_texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(GERUND_WORDS), min_size=1, max_size=30))
    gaps = draw(st.lists(st.sampled_from(GERUND_GAPS), min_size=len(words), max_size=len(words)))
    return "".join(w + g for w, g in zip(words, gaps, strict=True))


def _eval_english() -> list[str]:
    """English text of ``../shared/eval`` (absent: none), grouped into articles of 200 segments each."""
    import json

    folder = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
    segments: list[str] = []
    for name, key in (("clean_en_news.jsonl", "text"), ("mqm_ted_zhen.jsonl", "target"),
                      ("harper_tests.jsonl", "text"), ("languagetool3_en_examples.jsonl", "text")):
        path = folder / name
        if path.is_file():
            with path.open(encoding="utf-8") as lines:
                segments.extend(str(json.loads(line).get(key) or "") for line in lines)
    return ["\n\n".join(segments[i:i + 200]) for i in range(0, len(segments), 200)]


def _determiner_gerund_spans(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    doc = Document.from_text(text)
    found = [(f.start, f.end) for f in _checker("CD304")._determiner_gerund(doc)]
    return found, [m.span(1) for m in sentence._DET_GERUND.finditer(doc.prose)]


@settings(max_examples=600, deadline=None)
@given(gerund_texts())
def test_determiner_gerunds_read_from_the_shared_words_are_those_of_a_plain_regex_scan(text: str):
    found, expected = _determiner_gerund_spans(text)
    assert found == expected


def test_determiner_gerunds_read_from_the_shared_words_on_real_news_and_the_eval_set():
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts.append("He told the Urging the crowd to leave. Their Bombing  of the city, and a\nRising to power.")
    texts.extend(_eval_english())
    hits = 0
    for text in texts:
        found, expected = _determiner_gerund_spans(text)
        assert found == expected
        hits += len(found)
    assert hits >= 2  # the two in the sentence above, at least


@settings(max_examples=400, deadline=None)
@given(texts() | gerund_texts() | st.text(max_size=60))
def test_the_shared_word_views_are_their_plain_definitions(text: str):
    doc = Document.from_text(text)
    starts, _, lowered = doc.words
    assert doc.capitalised_words == [i for i, s in enumerate(starts) if doc.prose[s].isupper()]
    assert doc.non_ascii_words == [i for i, w in enumerate(lowered) if not w.isascii()]


def test_the_shared_word_views_on_real_news():
    text = "KYIV — Mr. Zelenskyy met İstanbul’s mayor, the Dnipro governor and Olaf Scholz on Tuesday."
    doc = Document.from_text(text)
    words = [text[s:e] for s, e in zip(doc.words.starts, doc.words.ends, strict=True)]
    assert [words[i] for i in doc.capitalised_words] == [
        "KYIV", "Mr", "Zelenskyy", "İstanbul’s", "Dnipro", "Olaf", "Scholz", "Tuesday"]
    assert [words[i] for i in doc.non_ascii_words] == ["İstanbul’s"]


def test_no_capital_letter_of_the_gerund_pattern_is_lower_case_to_python():
    """The determiner-gerund fast path skips a word whose first letter ``str.islower`` calls lower case: no
    letter ``\\p{Lu}`` takes (the regex module's Unicode, newer than Python's) may be one of them."""
    capital = regex.compile(r"\p{Lu}")
    assert [hex(cp) for cp in range(0x110000) if capital.match(chr(cp)) and chr(cp).islower()] == []
