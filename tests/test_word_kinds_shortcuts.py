"""The spelling, article and term kinds' shortcuts (issue 20, fourth step) find exactly what the walks they replace
found: the spelling check walks only the words it may flag (each distinct word looked at once, the silent ones
remembered), the article check reads each next word's sound once, and the term check shares the document's
quotation index. Each is compared with the walk it replaces on the seeds, the evaluation set's English text (when
present) and generated text; and each is shown to skip the work it was written to skip."""

from __future__ import annotations

import functools

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.core.config import Settings
from linter.core.engine import Linter
from linter.kinds import article, spelling
from linter.text.document import Document
from tests.conftest import SEEDS
from tests.golden.update import EVAL, eval_articles

SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def _checker(code: str):
    """A new checker of rule ``code``, with nothing remembered from an earlier check."""
    (checker,) = [c for c in Linter(Settings(select=(code,))).checkers if c.rules[0].code == code]
    return checker


@functools.cache
def _reference(code: str):
    """The checker whose walk of every word the others are compared with (its verdicts, which do not depend on
    where a word stands, are kept between checks as they always were)."""
    return _checker(code)


def _spans(findings) -> list[tuple[int, int, tuple[str, ...], str | None]]:
    return [(f.start, f.end, tuple(f.suggestions), f.applicability and f.applicability.value) for f in findings]


# --- spelling (CD1151 words, CD1152 names) ---------------------------------------------------------------------

_SPELLING_WORDS = [
    "goverment", "Goverment", "GOVERMENT", "goverment's", "Goverment’s", "GOVERMENT'S", "goverment’S", "goverment-",
    "goverment-led", "recieve", "Recieve", "govemor", "Govemor", "saidthat", "Saidthat", "untill", "truely",
    "matress", "organsie", "organise", "organize", "colour", "color", "Kharkvi", "Kharkiv", "Zaporizhzia",
    "Zelenskyy", "Shopot", "shopot", "Makong", "Gao", "Mekong", "restic", "A380s", "COVID-19", "x_goverment",
    "goverment.yaml", "\u212aindof", "kindof", "\u212aharkvi", "İstanbul", "goverİment", "ΟΔΟΣ", "οδος", "café",
    "goverments", "the", "said", "officials", "government", "McGoverment", "goVerment", "O'Goverment",
]
_SEPARATORS = [" ", " ", " ", ", ", ". ", "\n", "\n\n", " \"", "\" ", " “", "” ", " ‘", "’ ", " (", ") ", "-", " 3 ",
               "'", ".\n# ", "! "]

_texts = st.lists(st.tuples(st.sampled_from(_SPELLING_WORDS), st.sampled_from(_SEPARATORS)), min_size=1,
                  max_size=40).map(lambda pairs: "".join(w + s for w, s in pairs))


def _same_as_every_word_walked(checker, text: str) -> None:
    """``checker`` (which may remember words from earlier checks) finds in ``text`` what a new checker finds by
    walking every word, in each dialect."""
    doc = Document.from_text(text)
    reference = _reference(checker.rules[0].code)
    for dialect in ("us", "uk"):
        expected = _spans(reference._walk(doc, dialect, range(len(doc.words.starts))))
        assert _spans(checker._words(doc, dialect)) == expected, (dialect, text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_texts, min_size=1, max_size=6))
def test_generated_texts_give_the_findings_of_every_word_walked(texts: list[str]) -> None:
    for code in ("CD1151", "CD1152"):
        checker = _checker(code)
        for _ in range(spelling.RESOLVE_AFTER + 2):  # the words met again and again: judged in both cases
            for text in texts:
                _same_as_every_word_walked(checker, text)


def test_the_seeds_give_the_findings_of_every_word_walked() -> None:
    checker = _checker("CD1151")
    for _ in range(spelling.RESOLVE_AFTER + 2):
        for text in SEED_TEXTS:
            _same_as_every_word_walked(checker, text)


@pytest.mark.skipif(not EVAL.is_dir(), reason="../shared/eval is not present")
def test_every_text_of_the_eval_data_gives_the_findings_of_every_word_walked() -> None:
    checker = _checker("CD1151")
    flagged = 0
    for text in eval_articles() * 2:  # the second time, most words are remembered
        _same_as_every_word_walked(checker, text)
        flagged += len(list(checker.check(Document.from_text(text))))
    assert flagged > 100  # (the evaluation set has real slips: the comparison compared findings)


def test_a_word_met_again_is_not_walked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """A clean article checked again walks none of its words: each was judged in both cases and is remembered as
    silent, or (Shopot, Modrow: in lower case, slips of "shoot" and "morrow") is flagged only in lower case and is
    not written so; Raisi, a slip of "raise" too, is a listed name (before, every word of five letters or more that
    is not a common word was walked at every check)."""
    text = ("Volodymyr Zelenskyy met Olaf Scholz in Zaporizhzhia, the oblast's governor said. Pavel Durov spoke "
            "in Davos with Shopot, Modrow and Raisi; the programme was cancelled after deepfakes and crypto scams "
            "in Kharkiv's markets.\n")
    checker = _checker("CD1151")
    for _ in range(spelling.RESOLVE_AFTER + 1):
        assert list(checker.check(Document.from_text(text))) == []
    walked: list[str] = []
    parts = spelling._parts
    monkeypatch.setattr(spelling, "_parts", lambda surface, lowered: walked.append(surface) or parts(surface, lowered))
    assert list(checker.check(Document.from_text(text))) == []
    assert walked == []


def test_a_slip_is_found_again_wherever_it_stands_and_however_it_is_cased() -> None:
    """Remembering words never hides a slip: met again capitalised, after a possessive, or after it was met in a
    place where it is not flagged (in a quotation), the slip is flagged."""
    checker = _checker("CD1151")
    for _ in range(spelling.RESOLVE_AFTER + 1):
        assert _spans(checker.check(Document.from_text('His sign read "govemor lies" in red paint.\n'))) == []
    found = _spans(checker.check(Document.from_text("The govemor's office shut. Govemor Kim left.\n")))
    assert [(start, end) for start, end, _, _ in found] == [(4, 11), (27, 34)]
    assert [s for _, _, s, _ in found] == [("governor",), ("Governor",)]
    for _ in range(spelling.RESOLVE_AFTER + 1):
        assert _spans(checker.check(Document.from_text("Shopot, the maker, declined to comment.\n"))) == []
    found = _spans(checker.check(Document.from_text("Shopot said they met the shopot in the morning.\n")))
    assert found == [(25, 31, ("shoot",), None)]


# --- article (CD1201) ------------------------------------------------------------------------------------------

_ARTICLE_WORDS = [
    "a", "an", "A", "An", "hour", "honest", "European", "university", "one-off", "NATO", "OPEC", "FBI", "MP", "UN",
    "US", "us", "18-year-old", "8", "100", "1800", "11", "X-ray", "U-turn", "iPhone", "eBay", "MoU", "mp3", "npm",
    "udev", "umami", "unusual", "apple", "bomb", "Byung-hwa", "der", "about", "vitamin", "NEW", "DAWN", "U.S.",
    "8,000", "O'Brien", "α-particle", "historic", "HIV", "LED", "EU", "EUR", "NASA", "HUD", "union", "onion",
]
_ARTICLE_SEPARATORS = [" ", " ", " ", "\u00a0", ", ", ". ", "\n", "\n\n", " \"", "\" ", " “", "” ", " (", "-", "'",
                       ".", "/", "&", "@"]
_article_texts = st.lists(st.tuples(st.sampled_from(_ARTICLE_WORDS), st.sampled_from(_ARTICLE_SEPARATORS)),
                          min_size=1, max_size=40).map(lambda pairs: "".join(w + s for w, s in pairs))


def _same_as_a_new_checker(checker, text: str) -> None:
    """``checker`` (which keeps the sounds of the words it has read) finds in ``text`` what a new checker finds."""
    doc = Document.from_text(text)
    assert _spans(checker.check(doc)) == _spans(_checker(checker.rules[0].code).check(doc)), text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_article_texts, min_size=2, max_size=6))
def test_generated_texts_give_the_article_findings_of_a_new_checker(texts: list[str]) -> None:
    checker = _checker("CD1201")
    for text in texts * 2:
        _same_as_a_new_checker(checker, text)


def test_the_seeds_and_the_eval_data_give_the_article_findings_of_a_new_checker() -> None:
    checker = _checker("CD1201")
    texts = SEED_TEXTS + (eval_articles()[:60] if EVAL.is_dir() else [])
    for text in texts:
        _same_as_a_new_checker(checker, text)


# the scan as it was: the article and its spaces, then the next word matched at the scan's end by a second regex
_PLAIN_ARTICLE = regex.compile(r"\b(?<![.'’\-/&@])(a(?=[ \u00a0]+(?![bcdgjkpqtvwyz]))|an(?=[ \u00a0]+(?![ai]))|A|An)"
                               r"[ \u00a0]+(?=[\p{L}\p{N}])")
_PLAIN_WORD = regex.compile(r"[\p{L}\p{N}](?:[\p{L}\p{N}]|[.,'’\-](?=[\p{L}\p{N}]))*\.?")


def _same_article_scan(text: str) -> int:
    """The scan reads the next word ahead (group 2) as the second regex read it at the scan's end; how many
    articles it found."""
    ours = [(m.start(), m.end(), m.group(1), m.group(2), m.end(2)) for m in article._ARTICLE.finditer(text)]
    plain = []
    for m in _PLAIN_ARTICLE.finditer(text):
        word = _PLAIN_WORD.match(text, m.end())
        assert word is not None
        plain.append((m.start(), m.end(), m.group(1), word.group(), word.end()))
    assert ours == plain, text
    return len(ours)


@settings(max_examples=300, deadline=None)
@given(_article_texts)
def test_generated_texts_give_the_article_scan_of_the_two_regexes(text: str) -> None:
    _same_article_scan(text)


def test_the_seeds_and_the_eval_data_give_the_article_scan_of_the_two_regexes() -> None:
    found = sum(_same_article_scan(text) for text in SEED_TEXTS + (_eval_strings() if EVAL.is_dir() else []))
    assert found > (5_000 if EVAL.is_dir() else 0)


def _eval_strings() -> list[str]:
    """Every string of the evaluation set's records (English or not), one article of them per file."""
    import json

    texts = []
    for path in sorted(EVAL.glob("*.jsonl")):
        strings: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            stack = [json.loads(line)]
            while stack:
                item = stack.pop()
                if isinstance(item, str):
                    strings.append(item)
                elif isinstance(item, dict):
                    stack.extend(item.values())
                elif isinstance(item, list):
                    stack.extend(item)
        texts.append("\n".join(strings))
    return texts


def test_the_article_check_reads_a_word_s_sound_once() -> None:
    """The sound of the word after "a" or "an" is worked out once per word and checker, not at every article
    (it was worked out at each of them)."""
    checker = _checker("CD1201")
    heard: list[str] = []
    sound = checker.sound
    checker.sound = lambda word: heard.append(word) or sound(word)
    text = "An European official met an hour later with a FBI agent and an union leader. A European envoy came.\n"
    found = _spans(checker.check(Document.from_text(text)))
    assert [text[start:end] for start, end, _, _ in found] == ["An", "a", "an"]
    assert sorted(heard) == ["European", "FBI", "hour", "union"]
    assert _spans(checker.check(Document.from_text(text))) == found
    assert sorted(heard) == ["European", "FBI", "hour", "union"]


# --- term (CD1001-CD1012 and the place-name terms) --------------------------------------------------------------

def test_a_quoted_term_reads_the_document_s_own_quotation_index(monkeypatch: pytest.MonkeyPatch) -> None:
    """The term check asks the quotation index the other kinds share (quotes.quote_index) instead of building
    its own for each document (it built a second one)."""
    from linter.text import quotes

    text = 'Officials said "Yin Xiyue will visit Kiev" on Monday, and Yin Xiyue did.\n'
    doc = Document.from_text(text)
    quotes.quote_index(doc)  # (as a kind checked before the term rules does)
    built: list[Document] = []
    init = quotes.QuoteIndex.__init__
    monkeypatch.setattr(quotes.QuoteIndex, "__init__", lambda self, d: built.append(d) or init(self, d))
    found = sorted((f.rule.code, text[f.start:f.end], f.values.get("quoted", "-"))
                   for c in _term_checkers() for f in c.check(doc))
    assert found == [("CD1001", "Yin Xiyue", "-"), ("CD1001", "Yin Xiyue", "yes"), ("CD101", "Kiev", "yes")]
    assert built == []


@functools.cache
def _term_checkers() -> list:
    """The default selection's term checker (every term rule in one)."""
    checkers = [c for c in Linter(Settings()).checkers if {r.kind for r in c.rules} == {"term"}]
    assert checkers
    return checkers
