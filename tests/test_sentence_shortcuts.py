"""The sentence kind's shortcuts (issue 20) decide exactly what the regexes that state its rules decide.

Each shortcut skips most paragraphs or sentences before a regex runs: CD307's ``_ends_ok``, CD305's
``_may_be_unpaired``, CD303's first-letter test; and CD304's candidates (issue 20's first step, then each lowercase
"ing" before white space) are checked with them. Issue 20's fourth step (sent23) adds CD307's ``_final_word`` and
its findings, CD302's candidates, CD306's brackets by ``str.find``, and CD308's and CD536's findings against their
rules' plain statements.
Each is checked against its rule's plain statement on generated text (quotes, apostrophes, capitals outside
ASCII, closing marks), on the seeds and on every string of ../shared/eval (skipped when it is absent).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.core.config import Settings
from linter.core.engine import Linter
from linter.kinds import sentence
from linter.text import quotes
from linter.text.document import Document
from tests.test_native import EVAL, EVAL_FILES, SEEDS, _eval_strings, needs_eval

# the characters each shortcut reads: marks that close, end, open or quote; capitals inside and outside ASCII
# (İ lowers to two characters, Σ to a final sigma or not, U+A7CB is a capital to `regex` that Python 3.11's
# tables do not know)
ALPHABET = [*"aeiwhngtW \t\u00a0\u202fIh.,!?…:—–\"'“”„«»‘’()[]{}\n-0Σİ\ua7cbÉ_\u0301\u2160", ":)", ";-(",
            " which ", " Which ", " The Urging the ", "ing ",
            " its Éating to ", " the \ua7cbaxing a ", "The Urging\u00a0the", "The ÉUrging the", " ING "]
ALPHABET += [" of.", " the. ", " A.", " the...", "\u2028", "x.the.", " the,", " said it was on the way to the",
             "# Head\n", "\n\n", "\n\n| a | b\n", "said.It", "no.\u0100bc", "ok!Ab", "ab)?Éa", "ab.\ua7cbx",
             "ab.\U00010400\U00010428x"]
TEXTS = st.lists(st.sampled_from(ALPHABET), max_size=60).map("".join)


def _checker(code: str) -> sentence.SentenceChecker:
    linter = Linter(Settings())
    return next(c for c in linter.checkers if isinstance(c, sentence.SentenceChecker) and c.rule.code == code)


CD303 = _checker("CD303")
CD536 = _checker("CD536")
CD308 = _checker("CD308")
CD307 = _checker("CD307")


def _unterminated_plainly(doc: Document) -> list[tuple[int, int, str]]:
    """CD307 as its rule says it: each paragraph copied and matched by the rule's regexes (before issue 20)."""
    text = doc.prose
    reads = []
    for start, end in doc.paragraphs:
        body = text[start:end]
        if sentence._ENDS_OK.search(body) or sentence._is_block_syntax(doc.text, start):
            reads.append(None)
            continue
        words = len(body.split())
        last = sentence._FINAL_WORD.search(body)
        truncated = words >= 4 and (body.endswith((",", ";")) or (
            last is not None and last.group(1) in sentence.DEFAULT_WORDS["dangling-word"]))
        inside = list(sentence._TERMINAL_INSIDE.finditer(body))
        tail = body[inside[-1].end() - 1:] if inside else ""
        runs_on = bool(inside) and words >= CD307.min_words and sentence._is_running_prose(tail, 8)
        long_prose = words >= 3 * CD307.min_words and last is not None and last.group(1)[0].islower()
        reads.append((start + (last.start(1) if last else len(body) - 1), end, truncated or runs_on, long_prose))
    text_end = len(text.rstrip())
    return [(at, end, "document" if end >= text_end else "paragraph") for index, read in enumerate(reads)
            if read is not None for at, end, cut, long_prose in (read,)
            if cut or (long_prose and index > 0 and len(reads) > 1)]


def _dangling_word_plainly(doc: Document) -> list[tuple[int, int]]:
    """CD308 as its rule says it: each sentence copied and its last word matched (before issue 20's shortcuts)."""
    text = doc.prose
    found = []
    for start, end in doc.sentences:
        piece = text[start:end].rstrip()
        if not piece.endswith(".") or piece.endswith("..."):
            continue
        last = sentence._LAST_WORD.search(piece)
        if last is None or (len(last.group(1)) == 1 and last.group(1).isupper()):
            continue
        if last.group(1).lower() in CD308.words and len(piece.split()) > 2:
            found.append((start + last.start(1), start + last.end(1)))
    return found


def _space_inside_quotes_plainly(doc: Document) -> list[tuple[int, int, object]]:
    """CD536 as its rule says it: every paragraph with a double mark, every quotation's edges matched (the code
    before issue 20's fourth step)."""
    text = doc.prose
    found = []
    for span in doc.paragraphs:
        if '"' not in text[span[0]:span[1]] and "“" not in text[span[0]:span[1]]:
            continue
        if any(u.mark in '"“”' for u in quotes.scan_paragraph(text, span).unpaired):
            continue
        for start, after in quotes.pairs(text, span):
            close = after - 1
            if text[start] not in '"“' or close - start < 2 or not text[start + 1:close].strip():
                continue
            doubt = None if text[start] == "“" and text[close] == "”" else "unsafe"
            inner = sentence._EDGE_SPACE.match(text, start + 1, close)
            if inner is not None:
                found.append((inner.start(), inner.end(), doubt))
            before = sentence._EDGE_SPACE_BEFORE.match(text, start + 1, close)
            if before is not None and (inner is None or before.start() >= inner.end()):
                found.append((before.start(), before.end(), doubt))
    return found


def _relative_fragment_plainly(checker: sentence.SentenceChecker, doc: Document) -> list[tuple[int, int, tuple]]:
    """CD303 as its rule says it, every sentence matched (the code before issue 20's shortcut)."""
    text = doc.prose
    found = []
    previous_end = None
    paragraph = None
    for start, end in doc.sentences:
        current = doc.paragraph_at(start)
        if current != paragraph:
            paragraph, previous_end = current, None
        piece = text[start:end]
        opening = sentence._SENTENCE_OPENING.match(piece)
        if opening and opening.group(1).lower() in checker.words and "?" not in piece \
                and opening.group(1)[0].isupper() and not opening.group(1).isupper():
            word_at = start + opening.start(1)
            edits = ()
            if previous_end is not None and text[previous_end - 1] == "." and opening.start(1) == 0:
                edits = ((previous_end - 1, word_at + 1),)
            found.append((word_at, word_at + len(opening.group(1)), edits))
        previous_end = end
    return found


def _same_decisions(text: str) -> None:
    doc = Document.from_text(text, "article.txt")
    prose = doc.prose
    candidates = set(sentence._may_be_unpaired(prose))
    for start, end in doc.paragraphs:
        for body in (prose[start:end], prose[start:end] + " \n", prose[start:end].rstrip(".!?")):
            fast, plain = sentence._final_word(body), sentence._FINAL_WORD.search(body)
            assert (fast and (fast.span(1), fast.group(1))) == (plain and (plain.span(1), plain.group(1))), body
        if sentence._ends_ok(prose, start, end):
            assert sentence._ENDS_OK.search(prose[start:end]), (prose[start:end],)
        # the compiled scan and its pure-Python twin leave only marks the shortcut finds
        for _, unpaired in (quotes._python_scan(prose, (start, end)),):
            assert {offset for offset, _ in unpaired} <= candidates, prose[start:end]
        assert {u.offset for u in quotes.scan_paragraph(prose, (start, end)).unpaired} <= candidates
    assert [m.span() for m in sentence._missing_spaces(prose)] == [
        m.span() for m in sentence._MISSING_SPACE.finditer(prose)]
    assert sentence._bracket_offsets(prose) == [m.start() for m in sentence._BRACKET.finditer(prose)]
    assert list(sentence._gerund_matches(doc)) == [
        (m.start(1), m.end(1), m.group(1)) for m in sentence._DET_GERUND.finditer(prose)]
    assert [(f.start, f.end) for f in CD308.check(doc)] == _dangling_word_plainly(doc)
    assert [(f.start, f.end, f.values["where"]) for f in CD307.check(doc)] == _unterminated_plainly(doc)
    assert [(f.start, f.end, f.applicability and "unsafe") for f in CD536.check(doc)] == \
        _space_inside_quotes_plainly(doc)
    shortcut = [(f.start, f.end, tuple((e.start, e.end) for e in f.edits)) for f in CD303.check(doc)]
    assert shortcut == _relative_fragment_plainly(CD303, doc)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_generated_text_gives_the_same_decisions(text: str) -> None:
    _same_decisions(text)


@pytest.mark.parametrize("text", [
    "Officials met on Monday. Which strengthened the case.\n\nWhich was new.",
    "« Which side? » he said.\n\n“Which he denied.",
    "The talks told the Urging the crowd.\n\nits Éating to the \ua7cbaxing a game",
    "He said 'no' and 'Maybe.\n\nShe said “yes”, and ‘not.’",
    "It ended:)\n\nA cut paragraph that goes on and on without a stop, like the",
    "Dots…” (see above)]\n\nΣ. İt is so.",
    'He said " American Dream " and “ so ” and "\u00a0x\t" but " " and “  ”.\n\n“ one” "two "',
])
def test_edge_cases_give_the_same_decisions(text: str) -> None:
    _same_decisions(text)


def test_the_seeds_give_the_same_decisions() -> None:
    for path in SEEDS:
        _same_decisions(path.read_text(encoding="utf-8"))


def _eval_articles(name: str) -> Iterator[str]:
    """The strings of an eval file, a hundred at a time as paragraphs of one article."""
    texts = _eval_strings(name)
    for i in range(0, len(texts), 100):
        yield "\n\n".join(texts[i:i + 100])


@needs_eval
@pytest.mark.parametrize("name", EVAL_FILES)
def test_every_text_of_the_eval_data_gives_the_same_decisions(name: str) -> None:
    assert (EVAL / name).is_file() and Path(EVAL / name).stat().st_size
    for article in _eval_articles(name):
        _same_decisions(article)
