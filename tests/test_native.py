"""The compiled pieces (native/, built into linter/text/_native) and their pure-Python twins give the same results:
the tokeniser the same words, the repetition window the same echo starts and repeated phrases, the name-variants
kind's name words the same runs and its whole-article comparison the same findings, the quote pairing the same
quotations and unpaired marks, the script kind's English sample the same sentences.

The comparisons skip when the extension is not built (no cargo or no crates: ``pip install -e .`` then installs pure
Python); ``.ci/run`` sets COPYDESK_REQUIRE_NATIVE where it installed the crates, and there a missing extension fails.
"""

from __future__ import annotations

import copy
import json
import os
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import linter.text
from linter import check_text
from linter.kinds import name_variants, script
from linter.kinds.repetition import FUNCTION_WORDS
from linter.text import quotes, tokens, transliteration
from linter.text.document import Document
from tests.conftest import run_main
from tests.eval_strings import strings_of

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
SEEDS = sorted(p for p in (ROOT / "seeds").iterdir() if p.is_file())
EVAL_FILES = sorted(p.name for p in EVAL.glob("*.jsonl")) if EVAL.is_dir() else []
needs_eval = pytest.mark.skipif(not EVAL.is_dir(), reason="../shared/eval is not present")

try:
    from linter.text import _native  # type: ignore[attr-defined]
except ImportError:
    _native = None

needs_native = pytest.mark.skipif(
    _native is None and not os.environ.get("COPYDESK_REQUIRE_NATIVE"),
    reason="the native extension is not built (cargo and Debian's librust-pyo3-dev are needed; README, "
           "'The native extension'): only the pure-Python tokeniser is here, nothing to compare")


@needs_native
def test_the_extension_is_built_where_it_is_required() -> None:
    """``.ci/run`` sets COPYDESK_REQUIRE_NATIVE where it installed the crates: there the build must not fail quietly."""
    assert _native is not None, "COPYDESK_REQUIRE_NATIVE is set, but linter/text/_native was not built"


@needs_native
@pytest.mark.parametrize("prop", tokens.CLASSES)
def test_every_compiled_class_table_is_regex_s(prop: str) -> None:
    """Every code point: the compiled \\p{L}, \\p{Lu}, \\p{M}, \\p{N} and White_Space tables are the installed
    regex's (so every letter is read alike)."""
    assert _native.class_ranges(prop) == tokens.letter_ranges(prop), \
        f"regex {_native.REGEX_VERSION} made the tables; run python native/gen_letters.py with this regex and rebuild"


def same_spans(text: str) -> None:
    """The compiled tokeniser gives the pure-Python path's words: the same offsets, and the same word texts."""
    starts, ends, texts = _native.words_and_texts(text)
    python_starts, python_ends, lowered = tokens._python_words(text)
    assert (starts, ends) == (python_starts, python_ends), next(
        ((i, text[max(0, s - 10):s + 10]) for i, s in enumerate(starts)
         if i >= len(python_starts) or python_starts[i] != s), None)
    assert texts == [text[s:e] for s, e in zip(starts, ends, strict=True)]
    assert list(map(str.lower, texts)) == lowered


_ALPHABET = st.one_of(
    st.characters(blacklist_categories=("Cs",)),  # any code point but surrogates: letters, marks, emoji, CJK
    st.characters(whitelist_categories=("Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me")),
    st.sampled_from("'’-‐‑– \n\u00a0.,İıßǅ北京😀👍🏽\u0301"),
)


@needs_native
@settings(max_examples=300, deadline=None)
@given(st.text(_ALPHABET, max_size=80))
def test_generated_text_gives_the_same_words(text: str) -> None:
    same_spans(text)


@needs_native
@pytest.mark.parametrize("text", ["", "a", "-a-", "'''", "l'été—O’Brien-Smith's", "e\u0301cole", "İstanbul ǅemal",
                                  "北京市 東京 서울", "😀ab😀 c", "x" * 10000, "word " * 3])
def test_edge_cases_give_the_same_words(text: str) -> None:
    same_spans(text)


@needs_native
def test_the_seeds_give_the_same_words() -> None:
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        same_spans(text)
        same_spans(Document.from_text(text, str(path)).prose)


def _eval_strings(name: str) -> list[str]:
    """Every string of every record of the ../shared/eval file ``name``."""
    lines = (EVAL / name).read_text(encoding="utf-8").splitlines()
    return [s for line in lines if line.strip() for s in strings_of(json.loads(line))]


@needs_native
@needs_eval
@pytest.mark.parametrize("name", EVAL_FILES)
def test_every_text_of_the_eval_data_gives_the_same_words(name: str) -> None:
    texts = _eval_strings(name)
    assert texts
    same_spans("\n".join(texts))  # a newline is no word: the joined text's words are every text's words


@needs_native
def test_the_pure_python_path_gives_the_same_findings_on_the_seeds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokens, "choice", lambda: tokens.Choice(_native, "compiled"))
    native = [check_text(p.read_text(encoding="utf-8"), path=str(p)) for p in SEEDS]
    monkeypatch.setattr(tokens, "choice", lambda: tokens.Choice(None, tokens.NOT_BUILT))
    python = [check_text(p.read_text(encoding="utf-8"), path=str(p)) for p in SEEDS]
    assert sum(map(len, native)) > 0
    assert native == python


@needs_native
@needs_eval
def test_the_pure_python_path_gives_the_same_findings_on_the_eval_news(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every piece both ways on real text: clean news and MQM targets, as articles of 50 segments each."""
    sources = (("clean_en_news.jsonl", "text"), ("mqm_ted_zhen.jsonl", "target"))
    segments = [json.loads(line)[key] for name, key in sources
                for line in (EVAL / name).read_text(encoding="utf-8").splitlines()[:600] if line.strip()]
    articles = ["\n\n".join(segments[i:i + 50]) for i in range(0, len(segments), 50)]
    monkeypatch.setattr(tokens, "choice", lambda: tokens.Choice(_native, "compiled"))
    native = [check_text(article, path="article.txt") for article in articles]
    monkeypatch.setattr(tokens, "choice", lambda: tokens.Choice(None, tokens.NOT_BUILT))
    python = [check_text(article, path="article.txt") for article in articles]
    assert sum(map(len, native)) > 100
    assert native == python


def test_doctor_says_which_tokeniser_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    run = run_main("doctor", "--isolated")
    assert f"native extension: {tokens.choice().status}\n" in run.out
    monkeypatch.setattr(tokens, "choice", lambda: tokens.Choice(None, tokens.NOT_BUILT))
    run = run_main("doctor", "--isolated")
    assert "native extension: not built: the pure-Python tokeniser, repetition window, name words and their " \
           "comparison, quote pairing, English sample, phrase pass, script scans and sentence segmenter are used\n" \
           in run.out


def test_document_words_are_the_chosen_tokeniser_s(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "L'été, O’Brien-Smith met İlham in 北京 😀."
    fake = SimpleNamespace(lowered_words=lambda prose: ([0], [1], ["l"]))  # a compiled module: Document asks it
    monkeypatch.setattr(tokens, "choice", lambda: tokens.Choice(fake, "fake"))
    assert Document.from_text(text).words == ([0], [1], ["l"])
    monkeypatch.setattr(tokens, "choice", lambda: tokens.Choice(None, tokens.NOT_BUILT))
    words = Document.from_text(text).words
    assert [text[s:e] for s, e in zip(words.starts, words.ends, strict=True)] == \
        ["L'été", "O’Brien-Smith", "met", "İlham", "in", "北京"]
    assert words.lowered[3] == "i̇lham"  # str.lower, which lengthens İ: lowercasing is per word, never offsets


def test_a_table_of_other_letters_is_never_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    right = {prop: tokens.letter_ranges(prop) for prop in tokens.CLASSES}
    marks = {**right, "M": right["M"][:-1]}  # a Unicode without a mark, its letters the same
    other = SimpleNamespace(REGEX_VERSION="0.0", class_ranges=lambda prop: marks[prop])
    same = SimpleNamespace(REGEX_VERSION="0.0", class_ranges=lambda prop: right[prop])
    assert not tokens._same_letters(other)
    assert tokens._same_letters(same)
    assert tokens._same_letters(same)  # the kept verdict, read back
    assert len(list(tmp_path.rglob("letters-*.marshal"))) == 2


@needs_native
def test_copydesk_no_native_at_run_time_uses_pure_python(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(tokens.OFF, "1")
    tokens.choice.cache_clear()
    try:
        assert tokens.choice().module is None
        assert tokens.OFF in tokens.choice().status
        monkeypatch.delenv(tokens.OFF)
        tokens.choice.cache_clear()
        assert tokens.choice().module is _native, tokens.choice().status
    finally:
        tokens.choice.cache_clear()


def test_a_module_built_from_an_older_source_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """A checkout that moved on without a rebuild keeps the old compiled module: pure Python, not a traceback."""
    old = SimpleNamespace(REGEX_VERSION=regex.__version__, words_and_texts=lambda prose: ([], [], []))
    monkeypatch.delenv("COPYDESK_NO_NATIVE", raising=False)  # the test is about the module found, not the switch
    monkeypatch.setitem(sys.modules, "linter.text._native", old)
    monkeypatch.setattr(linter.text, "_native", old, raising=False)
    tokens.choice.cache_clear()
    try:
        assert tokens.choice().module is None
        assert "older source" in tokens.choice().status and "name_words" in tokens.choice().status
        assert tokens.words("Kyiv said") == tokens._python_words("Kyiv said")
    finally:
        tokens.choice.cache_clear()


# The repetition window (linter/text/tokens.py: echo_starts, doubled_candidates, repeated_phrases): the compiled
# walks against their pure-Python twins on the same words. The function words are the repetition kind's own (its
# same-stem check reads them), and a few more that text drawn from a small alphabet repeats often enough to walk long
# runs, some of them ones that 'ı', 'İ', 'ſ' and 'K' (the code points beyond ASCII that `regex.I` matches with ASCII
# ones) spell too.
_SHORT_WORDS = frozenset({"a", "b", "ab", "ba", "i", "is", "s", "st", "k"})
_WALKED = FUNCTION_WORDS | _SHORT_WORDS
_WALKED_ANY_CASE = regex.compile("|".join(sorted(_WALKED, key=lambda w: (-len(w), w))), regex.I)


def _walked(lowered: str) -> bool:
    """Whether a lowered word is one of ``_WALKED``, read as the repetition kind's ``_is_function_word`` reads it."""
    return lowered in _WALKED or (not lowered.isascii() and _WALKED_ANY_CASE.fullmatch(lowered) is not None)


def same_windows(text: str, window: int = 3) -> None:
    """The window walks give their pure-Python twin's results on ``text``'s words (lowered as Document lowers)."""
    starts, ends, lowered = tokens._python_words(text)
    function_word = [_walked(w) for w in lowered]
    python = tokens._python_echo_starts(text, starts, ends, function_word, window)
    found, undecided = _native.echo_candidates(text, starts, ends, sorted(_WALKED), window)
    assert set(found) <= set(python) <= set(found) | set(undecided), text
    assert tokens.echo_starts(text, starts, ends, _WALKED, function_word.__getitem__, lambda: function_word,
                              window) == python
    non_ascii = [i for i, w in enumerate(lowered) if not w.isascii()]
    python_doubled = tokens._python_doubled_candidates(text, starts, ends, lowered, non_ascii)
    found, undecided = _native.doubled_candidates(text, starts, ends)
    assert set(found) <= set(python_doubled) <= set(found) | set(undecided), text
    assert tokens.doubled_candidates(text, starts, ends, lowered, non_ascii) == python_doubled
    for longest in (2, window + 1, 6):
        assert _native.repeated_phrases(lowered, longest) == tokens._python_repeated_phrases(lowered, longest)


_WINDOW_WORDS = st.sampled_from(["the", "The", "of", "a", "A", "ab", "Ab", "abc", "ABC", "abd", "to", "in", "İst",
                                 "ist", "ıst", "Σας", "σας", "ςας", "états", "État", "北京", "ǅem", "džem", "b", "İs",
                                 "ıs", "IS", "is", "ſt", "St", "ſ", "s", "K", "k", "K", "İ", "ı", "it’s", "Its",
                                 "o’er", "ÉTATS", "Kab", "kab", "İİ", "ii", "iİ"])
_WINDOW_GAPS = st.sampled_from([" ", " ", " ", "  ", ", ", ". ", "\n", "\n\n", " - ", "’", "'"])


@needs_native
@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_WINDOW_WORDS, _WINDOW_GAPS), max_size=60), st.integers(0, 5))
def test_generated_word_runs_give_the_same_windows(pairs: list[tuple[str, str]], window: int) -> None:
    same_windows("".join(w + g for w, g in pairs), window)


@needs_native
@settings(max_examples=200, deadline=None)
@given(st.text(_ALPHABET, max_size=120), st.integers(0, 4))
def test_generated_text_gives_the_same_windows(text: str, window: int) -> None:
    same_windows(text, window)


@needs_native
@pytest.mark.parametrize("text", ["", "a", "the the the", "save the savings of the save", "Istanbul of the İstanbul",
                                  "ıst of İst of the ist", "the head of the head of the state", "σας of the ΣΑΣ",
                                  "a b a b a b a b", "x" * 50 + " of " + "x" * 50])
def test_edge_cases_give_the_same_windows(text: str) -> None:
    same_windows(text)


@needs_native
def test_the_compiled_window_refuses_spans_outside_the_text() -> None:
    with pytest.raises(ValueError, match="outside the text"):
        _native.echo_candidates("ab of ab", [0, 3, 6], [2, 5, 9], ["of"], 3)
    with pytest.raises(ValueError, match="differ in length"):
        _native.echo_candidates("ab of ab", [0, 3], [2, 5, 8], ["of"], 3)
    with pytest.raises(ValueError, match="lowercase ASCII, 7 letters at most"):
        _native.echo_candidates("ab Of ab", [0, 3, 6], [2, 5, 8], ["Of"], 3)
    with pytest.raises(ValueError, match="outside the text"):
        _native.doubled_candidates("ab ab", [0, 3], [2, 6])
    with pytest.raises(ValueError, match="negative"):
        _native.doubled_candidates("ab ab", [0, -3], [2, 5])
    with pytest.raises(TypeError):
        _native.doubled_candidates("ab ab", [0, "3"], [2, 5])
    with pytest.raises(TypeError):
        _native.repeated_phrases(["a", 1, "a"], 3)


def test_the_code_points_beyond_ascii_that_regex_matches_with_ascii_ones_are_the_four_the_window_knows() -> None:
    """native/src/repetition.rs decides a word or a pair of words from ASCII alone unless it holds one of
    FOLDS_TO_ASCII (these four): no other code point beyond ASCII matches an ASCII one under `regex.I`, and each other
    one lowercases (``str.lower``) to code points of which one is beyond ASCII and none of the four; 'İ' alone
    lowercases to two. Read from the installed `regex` and Python over every code point."""
    folds = ["\u0130", "\u0131", "\u017f", "\u212a"]  # İ ı ſ K, as FOLDS_TO_ASCII lists them
    every = "".join(map(chr, range(0x80, 0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    assert regex.findall(r"(?i)[\x00-\x7f]", every) == folds
    assert [c for c in every if c not in folds and all(ord(x) < 0x80 or x in folds for x in c.lower())] == []
    assert [c for c in every if len(c.lower()) != 1] == ["\u0130"]


# The name words (linter/text/tokens.py: name_words): the compiled walk against its pure-Python twin, paragraph by
# paragraph, each paragraph read as a headline or not (tokens.headline) by both.


def same_name_words(text: str) -> None:
    """The compiled name words of ``text`` (read as a document: its prose and paragraphs) are the twin's."""
    doc = Document.from_text(text)
    prose, paragraphs = doc.prose, list(doc.paragraphs)
    assert _native.name_words(prose, paragraphs) == tokens._python_name_words(prose, paragraphs), text
    # the whole prose as one paragraph too: lines, breaks and headlines inside one span
    assert _native.name_words(prose, [(0, len(prose))]) == tokens._python_name_words(prose, [(0, len(prose))])


_NAME_PIECES = st.sampled_from(["Lee", "O'Brien", "O’Brien's", "Zelenskyy’s", "Suk-yeol", "KYIV", "US", "A", "Ǆem",
                                "ǅemal", "İlham", "Éric", "E\u0301ric", "Σωκράτης", "ΣΩΚ", "Ⅻ", "Ω", "Xs'", "Ab'c",
                                "Mr.", "the", "of", "3M", "x", "_Lee", "@Lee", "a/B", "Ab’s’s", "Ab-", "Ab''s"])
_NAME_GAPS = st.sampled_from([" ", " ", " ", "  ", " (", ") ", ", ", ". ", "? ", "\n", "\n\n", "\n# ", " “", "” ",
                              "-", "'", "’", "\t", " [", ": ", "; ", "«", "5", "\u00a0", "\u2003", "\u0085", "\x1c"])


@needs_native
@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_NAME_PIECES, _NAME_GAPS), max_size=40))
def test_generated_name_runs_give_the_same_name_words(pairs: list[tuple[str, str]]) -> None:
    same_name_words("".join(w + g for w, g in pairs))


@needs_native
@settings(max_examples=300, deadline=None)
@given(st.text(st.one_of(_ALPHABET, st.sampled_from("ABLsS'’-(. \n\u0301_@/5")), max_size=120))
def test_generated_text_gives_the_same_name_words(text: str) -> None:
    same_name_words(text)


@needs_native
@pytest.mark.parametrize("text", ["", "A", "Lee's", "O'Brien’s visit", "KYIV (Reuters) - Zelenskyy met Lee",
                                  "Dimax (Dimaks) said", "The Big New Headline For All\n\nMr. Lee met Kim Jong-un.",
                                  "ǅemal ǄEMAL Ǆ", "İSTANBUL İstanbul", "Ab's's", "x" * 100 + " Lee",
                                  "Lee Meets Kim\u2003In Seoul", "Lee Meets Kim In Seoul.", "Lee Meets “Kim”",
                                  "Lee meets kim in Seoul", "Lee Meets Kim\u0085In the Seoul  \u00a0"])
def test_edge_cases_give_the_same_name_words(text: str) -> None:
    same_name_words(text)


@needs_native
def test_the_compiled_name_words_refuse_paragraphs_outside_the_text() -> None:
    with pytest.raises(ValueError, match="outside the text"):
        _native.name_words("Lee met Kim", [(0, 12)])
    with pytest.raises(ValueError, match="outside the text"):
        _native.name_words("Lee met Kim", [(5, 4)])
    with pytest.raises(ValueError, match="no table"):
        _native.class_ranges("Ll")


# The name-variants comparison (linter/text/tokens.py: name_forms, CD614's fold and CD616's order over the whole
# article): the compiled comparison against the kind's own pure-Python one (name_variants.NameVariantChecker._found),
# with the shipped rules' options and others (exceptions, min-length, forms left to other packs at given spans).


def _shipped_name_checkers() -> dict[str, name_variants.NameVariantChecker]:
    from linter.core.config import Settings
    from linter.core.engine import Linter
    checkers = Linter(Settings(extend_select=("CD615",))).checkers
    return {c.rule.code: c for c in checkers if isinstance(c, name_variants.NameVariantChecker)}


_NAME_CHECKERS = _shipped_name_checkers()


class _Listed:
    """A stand-in for the forms other packs flag (``ListedForms``): they stand at ``spans``."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.matcher = SimpleNamespace(finditer=lambda prose, folded: [SimpleNamespace(start=s, end=e)
                                                                        for s, e in spans])


def _python_name_forms(checker: name_variants.NameVariantChecker, doc: Document) -> list[tuple[int, int, str, str]]:
    return [(f.start, f.end, f.suggestions[0], f.values["count"]) for f in checker._found(doc, checker._runs.of(doc))]


def same_name_forms(text: str, exceptions: tuple[str, ...] | None = None, min_length: int | None = None,
                    spans: list[tuple[int, int]] | None = None) -> int:
    """CD614's and CD616's findings on ``text``, compiled and pure Python, are the same: with the shipped options, or
    with ``exceptions``, ``min_length`` and forms left to other packs at ``spans`` in their place. Returns how many."""
    doc = Document.from_text(text)
    words = tokens._python_name_words(doc.prose, doc.paragraphs)
    assert _native.name_words(doc.prose, doc.paragraphs) == words
    found = 0
    for code in ("CD614", "CD616"):
        checker = copy.copy(_NAME_CHECKERS[code])
        checker._runs = name_variants._Runs()
        if exceptions is not None:
            checker.exceptions = frozenset(e.casefold() for e in exceptions)
        if min_length is not None:
            checker.min_length = min_length
        if spans is not None:
            checker._listed = _Listed(spans)
        python = _python_name_forms(checker, doc)
        asked: list[bool] = []

        def outside(listed: Any = checker._listed, asked: list[bool] = asked) -> list[tuple[int, int]]:
            asked.append(True)
            return [(h.start, h.end) for h in listed.matcher.finditer(doc.prose, doc.folded)]

        compiled = _native.name_forms(*words, checker.compare, checker.min_length, sorted(checker.exceptions),
                                      transliteration.fold, None if checker._listed is None else outside)
        assert [(s, e, m, str(c)) for s, e, m, c in compiled] == python, (code, text)
        assert len(asked) <= 1
        found += len(python)
    return found


_VARIANT_NAMES = st.sampled_from(["Sergei", "Sergey", "Serhiy", "Alexander", "Aleksander", "Oleksii", "Oleksiy",
                                  "Yoon", "Suk", "Yeol", "Suk-yeol", "Sukyeol", "Kim", "Jong", "Kishida", "Fumio",
                                  "Whitehouse", "White", "House", "Antonio", "António", "Zelensky", "Zelenskyy",
                                  "Philips", "Dimax", "Dimaks", "Kkhs", "Khs", "Ks", "Aa", "Aaa", "A", "Ann", "Nguyen",
                                  "Σωκράτης", "ΣΩΚΡΆΤΗΣ", "Σωκρατης", "İlham", "Ilham", "LiVE", "Live", "O'Brien",
                                  "O’Brien", "Obrien", "Iy", "Yi", "Straße", "Strasse", "ǅemal", "Džemal"])
_VARIANT_GAPS = st.sampled_from([" ", " ", " ", " ", " met ", ". ", ", ", " (", ") ", "\n\n", " and ", " said "])


@needs_native
@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_VARIANT_NAMES, _VARIANT_GAPS), max_size=40), st.sampled_from([None, 2, 3, 6]),
       st.sampled_from([None, (), ("Sergei",), ("Kim", "SUK", "ΣΩΚΡΆΤΗΣ", "straße")]), st.data())
def test_generated_names_give_the_same_name_forms(pairs: list[tuple[str, str]], min_length: int | None,
                                                  exceptions: tuple[str, ...] | None, data: st.DataObject) -> None:
    text = "".join(w + g for w, g in pairs)
    spans = data.draw(st.one_of(st.none(), st.lists(st.tuples(st.integers(0, len(text)), st.integers(1, 12)),
                                                    max_size=4)))
    if spans is not None:  # sorted, not overlapping, as a matcher's hits are
        spans = [(s, s + n) for s, n in sorted(spans)]
        spans = [span for k, span in enumerate(spans) if k == 0 or span[0] >= spans[k - 1][1]]
    same_name_forms(text, exceptions, min_length, spans)


@needs_native
@settings(max_examples=200, deadline=None)
@given(st.text(st.one_of(_ALPHABET, st.sampled_from("AKSYIHkshyi'’- .(\n\t\u0301")), max_size=120))
def test_generated_text_gives_the_same_name_forms(text: str) -> None:
    same_name_forms(text, min_length=2)


@needs_native
@settings(max_examples=300, deadline=None)
@given(st.text(st.one_of(st.characters(max_codepoint=0x7F), st.sampled_from("’é\u0301İΣς")), max_size=30))
def test_the_compiled_fold_of_a_word_is_transliteration_s(word: str) -> None:
    """The comparison folds ASCII itself (a word with another character is folded by ``fold``): the same keys, seen
    through a name written beside itself in another case, which folds to one key."""
    text = f"Then {word.title()} met {word.upper()}x and {word.title()}x."
    same_name_forms(text, min_length=1)


@needs_native
@pytest.mark.parametrize("text", [
    "", "Lee", "Sergei met Sergey. Then Sergei spoke.", "Yoon Suk-yeol met Yoon Suk Yeol and Yoon Suk Yeol.",
    "Fumio Kishida met Kishida Fumio, and Fumio Kishida spoke.", "Ann Nguyen met Annguyen and Annguyen.",
    "Andrey Kostin and Andrei Melnik met.", "Dimax (Dimaks) said Dimax would.", "Kkhs met Khs and Kxs.",
    "Aa A met Aa. Then Aa A said.", "Then Aa Aaa spoke, and Aa Aaa left.", "Σωκράτης met Σωκρατης and Σωκράτης.",
    "Sergei met Sergey and Zelensky met Zelenskyy.",
    "The Big New Headline For All\n\nMr. Lee met Kim Jong-un. Jong Kim said. Kim Jong said."])
def test_edge_cases_give_the_same_name_forms(text: str) -> None:
    same_name_forms(text)
    same_name_forms(text, min_length=1)
    same_name_forms(text, exceptions=("Sergey", "Lee"), min_length=2, spans=[(0, 3), (20, 26)])


@needs_native
def test_the_compiled_comparison_finds_what_the_rules_flag() -> None:
    """Not only the same nothing: on text where both rules fire, both ways flag the same forms."""
    text = ("Sergei Ivanov met Yoon Suk Yeol. Later Sergei Ivanov said Sergey Ivanov was right. Then Yoon Suk-yeol "
            "spoke. Fumio Kishida met him. Fumio Kishida said so, and Kishida Fumio left. Sergei Ivanov agreed.")
    assert same_name_forms(text) >= 2  # Sergey, Kishida Fumio


@needs_native
def test_the_compiled_comparison_refuses_words_that_do_not_agree() -> None:
    fold = transliteration.fold
    with pytest.raises(ValueError, match="do not agree"):
        _native.name_forms([0], [3], ["Lee"], [True], [False], [2], "fold", 4, [], fold, None)
    with pytest.raises(ValueError, match="do not agree"):
        _native.name_forms([0], [3], ["Lee"], [True], [], [1], "fold", 4, [], fold, None)
    with pytest.raises(ValueError, match="no compiled comparison"):
        _native.name_forms([], [], [], [], [], [], "near", 4, [], fold, None)


# The quote pairing (linter/text/quotes.py: scan_paragraph, _stack_pairs): the compiled pairing against its
# pure-Python twin, on each paragraph and on spans that cut through paragraphs and words (the single marks'
# lookbehinds read before a span's start, their lookaheads stop at its end).


def test_regex_s_white_space_is_the_white_space_table() -> None:
    """The compiled pairing reads ``\\s`` from the White_Space table: they are the same code points in regex."""
    every = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    assert [(ord(m.group()[0]), ord(m.group()[-1])) for m in regex.finditer(r"\s+", every)] == \
        tokens.letter_ranges("White_Space")


def same_quotes(text: str, spans: list[tuple[int, int]] | None = None) -> None:
    """Both ways pair the same marks in each span: ``text``'s paragraphs, or ``spans``."""
    if spans is None:
        doc = Document.from_text(text)
        text, spans = doc.prose, [*doc.paragraphs, (0, len(doc.prose))]
    for start, end in spans:
        assert _native.scan_paragraph(text, start, end) == quotes._python_scan(text, (start, end)), \
            (text[start:end], start, end)
        for marks in quotes._MARKS:
            assert _native.stack_pairs(text, start, end, marks) == quotes._python_stack_pairs(text, (start, end), marks)


_QUOTE_PIECES = st.sampled_from(['"', '"', "“", "”", "„", "«", "»", "‘", "’", "'", "'", "Kyiv", "s", "90", "x", "Ⅻ",
                                 "é", "n", "...", ".", ",", "!", ")", "(", "[", "—", "-", "/", " ", " ", " ", "\n",
                                 "\n\n", "\u00a0", "\u2003", "\x1c", "\u0085", "…", "}"])


@needs_native
@settings(max_examples=500, deadline=None)
@given(st.lists(_QUOTE_PIECES, max_size=50), st.data())
def test_generated_marks_give_the_same_quotes(pieces: list[str], data: st.DataObject) -> None:
    text = "".join(pieces)
    same_quotes(text)
    start = data.draw(st.integers(0, len(text)))
    same_quotes(text, [(start, data.draw(st.integers(start, len(text))))])


@needs_native
@settings(max_examples=200, deadline=None)
@given(st.text(st.one_of(_ALPHABET, st.sampled_from("\"“”„«»‘’'.,( \n")), max_size=100))
def test_generated_text_gives_the_same_quotes(text: str) -> None:
    same_quotes(text)


@needs_native
@pytest.mark.parametrize("text", ["", "'", "\"", "“It is \"Black Tie\" or \"White Tie\"", "the Ukrainians' claims",
                                  "rock 'n' roll in the '90s", "he said \",\" then \"...no\"", "„Ja“, sagte er",
                                  "«Oui», dit-il", "Kyiv's ‘own’ 'quote' here", "'a'\n\n'b'", "x'\ny'"])
def test_edge_cases_give_the_same_quotes(text: str) -> None:
    same_quotes(text)
    same_quotes(text, [(i, j) for i in range(len(text) + 1) for j in range(i, len(text) + 1)][:400])


@needs_native
def test_the_compiled_pairing_refuses_spans_outside_the_text() -> None:
    with pytest.raises(ValueError, match="outside the text"):
        _native.scan_paragraph("“a”", 0, 4)
    with pytest.raises(ValueError, match="outside the text"):
        _native.stack_pairs("“a”", 2, 1, "“”")


# The script kind's English sample (linter/kinds/script.py: _samples): the compiled pass keeps every sentence with a
# character neither ASCII nor one of its PLAIN_MARKS, and exactly the other sentences its twin, _ordinary_words, keeps.


def _plain(sentence: str) -> bool:
    return all(c.isascii() or c in _native.PLAIN_MARKS for c in sentence)


def same_samples(text: str, min_words: int = 4) -> None:
    """The compiled pass keeps the sentences of ``text`` (its prose's sentences) that the pure-Python steps keep."""
    doc = Document.from_text(text)
    prose, sentences = doc.prose, list(doc.sentences)
    python = [i for i, (start, end) in enumerate(sentences) if not _plain(prose[start:end])
              or script._ordinary_words(prose[start:end], min_words) is not None]
    native = _native.english_candidates(prose, sentences, min_words, script._ENGLISH_LIST, script._SHARED_LIST)
    assert native == python, [prose[s:e] for i, (s, e) in enumerate(sentences) if (i in native) != (i in python)]


_SAMPLE_WORDS = st.sampled_from(["the", "The", "and", "a", "in", "is", "no", "de", "la", "el", "que", "los", "por",
                                 "Madrid", "don't", "it's", "we're", "Kyiv's", "l'été", "x-ray", "ab-", "ab'", "ab-1",
                                 "a_b", "b2b", "'tis", "-", "'", "señor", "ni", "il", "est", "une", "très", "IS",
                                 "don’t", "Kyiv’s", "l’amour", "ab’", "’tis", "d’", "aujourd’hui", "ab’-"])
_SAMPLE_GAPS = st.sampled_from([" ", " ", " ", ", ", ". ", "? ", "! ", "\n", "\n\n", "'", "-", "1", "_", " (", ") ",
                                " — ", "—", " – ", "’", "‘", " “", "” ", "…", "\u00a0", " «", "» ", "°", "■ ", "●",
                                "｜", "・", "\u0301", "²", "ª"])


@needs_native
@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_SAMPLE_WORDS, _SAMPLE_GAPS), max_size=40), st.integers(1, 8))
def test_generated_sentences_give_the_same_samples(pairs: list[tuple[str, str]], min_words: int) -> None:
    same_samples("".join(w + g for w, g in pairs), min_words)


@needs_native
@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.characters(max_codepoint=0x7F),
                          st.sampled_from(["the ", "de ", "la ", "é", "—", "’", "“", "\u00a0"])), max_size=150),
       st.integers(1, 5))
def test_generated_text_gives_the_same_samples(pieces: list[str], min_words: int) -> None:
    same_samples("".join(pieces), min_words)


@needs_native
def test_the_plain_marks_are_no_word_characters_for_the_sample() -> None:
    """Each of the compiled sample's PLAIN_MARKS is, for the installed ``regex``, no letter, digit, mark or Latin
    character, and no ``str.isalpha``: in a sentence otherwise ASCII, ``_LATIN_WORD`` finds the ASCII words."""
    for mark in _native.PLAIN_MARKS:
        assert not regex.match(r"[\p{L}\p{N}\p{M}\p{Latin}_]", mark) and not mark.isalpha(), hex(ord(mark))


@needs_native
def test_sentences_with_curly_quotes_and_dashes_are_judged_in_the_compiled_pass() -> None:
    """A sentence whose only characters besides ASCII are dashes and curly quotes is set aside when English, and kept
    (with its curly apostrophes read as ASCII ones) when not."""
    text = ("“We don’t know,” she said — and the police agreed. "
            "La casa de la familia es muy grande — y bonita. Ni l’un ni l’autre n’est là. ")
    doc = Document.from_text(text)
    kept = _native.english_candidates(doc.prose, list(doc.sentences), 4, script._ENGLISH_LIST, script._SHARED_LIST)
    assert [doc.prose[slice(*doc.sentences[i])].strip() for i in kept] == [
        "La casa de la familia es muy grande — y bonita.", "Ni l’un ni l’autre n’est là."]
    same_samples(text)


@needs_native
def test_the_compiled_sample_refuses_sentences_outside_the_text() -> None:
    with pytest.raises(ValueError, match="outside the text"):
        _native.english_candidates("la casa", [(0, 8)], 1, [], [])


def test_a_huge_min_words_keeps_no_sentence() -> None:
    """min-words beyond any sentence's words: nothing is kept, either way (the compiled pass takes it clamped)."""
    text = "La casa de la familia es muy grande y bonita hoy. " * 3
    doc = Document.from_text(text)
    assert list(script._samples(doc.prose, doc.sentences, 10 ** 30)) == []
    assert len(list(script._samples(doc.prose, doc.sentences, 4))) == 3


# The script kind's quick scans (linter/kinds/script.py: _any_maybe_foreign, _invisible): the compiled scan finds the
# code points of its ranges just where the standard library's class, the twin, finds them.

_SCANS = [(script._MAYBE_FOREIGN_RANGES, script._maybe_foreign_pattern()),
          (script._INVISIBLE_RANGES, script._INVISIBLE)]


def same_scans(text: str) -> None:
    for ranges, pattern in _SCANS:
        twin = [m.start() for m in pattern.finditer(text)]
        assert _native.code_points_in(text, ranges, len(text)) == twin
        assert _native.code_points_in(text, ranges, 1) == twin[:1]


@needs_native
def test_the_scans_ranges_are_their_classes_over_every_code_point() -> None:
    """Every code point (surrogates too), in a text of each width: the ranges and the classes agree on each."""
    every = "".join(map(chr, range(0x110000)))
    same_scans(every)
    same_scans("".join(map(chr, range(0x10000))))
    same_scans("".join(map(chr, range(0x100))))


_SCAN_PIECES = st.sampled_from(["a", " ", "é", "ÿ", "\u00ad", "\u02ea", "\u036f", "\u0370", "Київ", "—", "’", "\u200b",
                                "\u200f", "\u2066", "\ufeff", "\uff65", "\uff66", "🙂", "\U0010ffff", "\ud800", "中"])


@needs_native
@settings(max_examples=300, deadline=None)
@given(st.lists(_SCAN_PIECES, max_size=30), st.integers(0, 3))
def test_generated_text_gives_the_same_scans(pieces: list[str], limit: int) -> None:
    text = "".join(pieces)
    same_scans(text)
    for ranges, pattern in _SCANS:
        assert _native.code_points_in(text, ranges, limit) == [m.start() for m in pattern.finditer(text)][:limit]


@needs_native
def test_the_compiled_scan_refuses_ranges_out_of_order() -> None:
    for ranges in ([(5, 3)], [(1, 4), (4, 6)], [(3, 4), (1, 2)], [(0, 0x110000)]):
        with pytest.raises(ValueError, match="sorted, inclusive and apart"):
            _native.code_points_in("abc", ranges, 3)
    assert _native.code_points_in("abc", [], 3) == [] and _native.code_points_in("abc", [(0x61, 0x62)], 0) == []


# Every compiled piece against its twin on the seeds and on every string of ../shared/eval (as one text of
# paragraphs): the real text each comparison above also runs on generated text.
_PIECES = {
    "window": lambda text: same_windows(Document.from_text(text).prose),
    "name words": same_name_words,
    "name forms": same_name_forms,
    "quotes": same_quotes,
    "sample": lambda text: [same_samples(text, min_words) for min_words in (1, 4)],
    "scans": lambda text: [same_scans(text), same_scans(Document.from_text(text).prose)],
}


@needs_native
@pytest.mark.parametrize("piece", _PIECES)
def test_the_seeds_give_the_same_results(piece: str) -> None:
    for path in SEEDS:
        _PIECES[piece](path.read_text(encoding="utf-8"))


@needs_native
@needs_eval
@pytest.mark.parametrize("piece", _PIECES)
@pytest.mark.parametrize("name", EVAL_FILES)
def test_every_text_of_the_eval_data_gives_the_same_results(piece: str, name: str) -> None:
    _PIECES[piece]("\n\n".join(_eval_strings(name)))
