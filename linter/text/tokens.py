"""The word tokens every word-walking check shares, and the one place that decides how they and the walks over them
are done: the compiled pass (``linter/text/_native``, built from native/ when cargo is present) or the pure-Python
one, identical. The walks: the repetition kind's window (doubled words, echo starts, repeated phrases), the
name-variants kind's name words and their whole-article comparison (CD614, CD616), linter/text/quotes.py's pairing of
quotation marks and the script kind's English sample (their twins are there; the comparison's is
linter/kinds/name_variants.py's ``_found``); the script kind's quick scans (``code_points_in``, twin here);
linter/text/phrases.py's phrase pass (``PhraseAutomaton``; its twin ``PhraseIndex._python_find``); and
linter/text/segment.py's segmenter (``paragraphs``, ``Segmenter``; their twins ``_python_paragraphs``,
``_python_sentence_index``)."""

from __future__ import annotations

import functools
import itertools
import operator
import os
import re
import zlib
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import NamedTuple

import regex

from linter.kept import regexes, store

# A word for the token-based checks: a letter, then letters, apostrophes and hyphens.
WORD = regexes.compile(r"\p{L}[\p{L}'’-]*")
# A name word (the name-variants kind): a capital letter, then letters; hyphens and apostrophes join further parts
# (Suk-yeol, O'Brien).
NAME_WORD = regexes.compile(r"(?<![\p{L}\p{M}\p{N}_@/.'’-])\p{Lu}[\p{L}\p{M}]*(?:['’-]\p{L}[\p{L}\p{M}]*)*")
_POSSESSIVE = regexes.compile(r"['’]s?$")
_OPENERS = frozenset(" \t\"'“‘«([")
_WORD_AND_GAPS = regexes.compile(rf"({WORD.pattern})")

OFF = "COPYDESK_NO_NATIVE"  # set (to anything), at build or at run time: the pure-Python twins are used
# what the compiled module does, as doctor says it
PIECES = ("the tokeniser, the repetition window, the name words and their comparison, the quote pairing, the "
          "English sample, the phrase pass, the script scans and the sentence segmenter")
PURE = ("the pure-Python tokeniser, repetition window, name words and their comparison, quote pairing, English "
        "sample, phrase pass, script scans and sentence segmenter are used")
NOT_BUILT = f"not built: {PURE}"
# what this source calls in the compiled module: one built from an older source lacks some (a checkout moved on
# without `pip install -e .` again), and is then not used
FUNCTIONS = ("REGEX_VERSION", "class_ranges", "words_and_texts", "echo_candidates", "doubled_candidates",
             "repeated_phrases", "name_words", "scan_paragraph", "stack_pairs", "english_candidates", "name_forms",
             "PhraseAutomaton", "PLAIN_MARKS", "code_points_in", "Segmenter", "paragraphs", "lowered_words")


class Choice(NamedTuple):
    """Which pieces are used: the compiled module (None: the pure-Python twins) and one line saying why."""

    module: ModuleType | None
    status: str


# the Unicode classes the compiled passes carry tables of (native/gen_letters.py); White_Space is regex's \s, Word
# its \w (the sentence segmenter's)
CLASSES = ("L", "Lu", "M", "N", "White_Space", "Word")


def letter_ranges(prop: str = "L") -> list[tuple[int, int]]:
    """Inclusive (first, last) code-point ranges of ``\\p{prop}`` as the installed ``regex`` reads it (about 60 ms):
    what native/gen_letters.py writes into the compiled passes, and what a compiled table is checked against."""
    every = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    return [(ord(m.group()[0]), ord(m.group()[-1])) for m in regex.finditer(rf"\p{{{prop}}}+", every)]


def _same_letters(module: ModuleType) -> bool:
    """Whether the compiled tables (``CLASSES``) are the installed ``regex``'s. Built with the same ``regex`` they
    are; otherwise both are compared once per (regex version, tables) and the verdict is kept (linter/kept/store.py)."""
    if regex.__version__ == module.REGEX_VERSION:
        return True
    tables = [module.class_ranges(prop) for prop in CLASSES]
    digest = zlib.crc32(repr(tables).encode())
    where = store.folder("derived")
    path = where / f"letters-{regex.__version__}-{digest:08x}.marshal" if where else None
    verdict = store.read_marshalled(path)
    if not isinstance(verdict, bool):
        verdict = tables == [letter_ranges(prop) for prop in CLASSES]
        if path is not None:
            store.write_marshalled(path, verdict, "letters-*.marshal")
    return verdict


@functools.cache
def choice() -> Choice:
    """The tokeniser this process uses, decided once."""
    try:
        from linter.text import _native  # type: ignore[attr-defined]
    except ImportError:
        return Choice(None, NOT_BUILT)
    if os.environ.get(OFF):
        return Choice(None, f"built, not used ({OFF} is set): {PURE}")
    missing = [name for name in FUNCTIONS if not hasattr(_native, name)]
    if missing:
        return Choice(None, f"built from an older source (no {', '.join(missing)}; install copydesk again to "
                            f"rebuild it): {PURE}")
    if not _same_letters(_native):
        return Choice(None, f"built with regex {_native.REGEX_VERSION}'s letters, which differ from the installed "
                            f"regex {regex.__version__}'s: {PURE}")
    return Choice(_native, f"built and used: {PIECES} are compiled")


def _python_words(prose: str) -> tuple[list[int], list[int], list[str]]:
    # split() with a group gives gap, word, gap, ..., gap: the running sum of their lengths gives every
    # word's offsets without a match object per word (a third of the cost of finditer)
    parts = _WORD_AND_GAPS.split(prose)
    offsets = list(itertools.accumulate(map(len, parts)))
    return offsets[0:-1:2], offsets[1::2], list(map(str.lower, parts[1::2]))


def words(prose: str) -> tuple[list[int], list[int], list[str]]:
    """The words of ``prose``: their code-point starts and ends, and each word lowercased (``str.lower``)."""
    module = choice().module
    if module is None:
        return _python_words(prose)
    return module.lowered_words(prose)


def same_ignoring_case(a: str, b: str) -> bool:
    """Equal as the checks' case-insensitive regexes compare (``regex.I``: simple case folding, where 'İ'
    matches 'i' and 'ς' matches 'σ'); plain comparison for ASCII, the regex itself otherwise."""
    if a == b:
        return True
    if a.isascii() and b.isascii():
        return a.lower() == b.lower()
    return len(a) == len(b) and regex.fullmatch(regex.escape(a), b, regex.I) is not None


def _echoes(prose: str, starts: Sequence[int], ends: Sequence[int], function_word: Sequence[bool], window: int,
            i: int) -> bool:
    # the walk from word i: function words (at most window), until a word whose first three letters are word i's
    prefix = prose[starts[i]:min(starts[i] + 3, ends[i])]
    last = len(starts) - 1
    j = i + 1
    while j < last and j - i <= window and function_word[j]:
        if same_ignoring_case(prose[starts[j + 1]:min(starts[j + 1] + 3, ends[j + 1])], prefix):
            return True
        j += 1
    return False


def _python_echo_starts(prose: str, starts: Sequence[int], ends: Sequence[int], function_word: Sequence[bool],
                        window: int) -> list[int]:
    return [i for i in itertools.compress(range(len(starts) - 1), itertools.islice(function_word, 1, None))
            if _echoes(prose, starts, ends, function_word, window, i)]


class _Flags:
    """One flag per word, each worked out when first read (``flag(i)``): for the few walks Python does again."""

    def __init__(self, flag: Callable[[int], bool]):
        self._flag = flag
        self._known: dict[int, bool] = {}

    def __getitem__(self, i: int) -> bool:
        known = self._known.get(i)
        if known is None:
            known = self._known[i] = self._flag(i)
        return known


@functools.lru_cache(maxsize=8)
def _sorted(words: frozenset[str]) -> tuple[str, ...]:
    """A set of function words as the compiled walk takes them (sorted once, not at every document)."""
    return tuple(sorted(words))


def echo_starts(prose: str, starts: Sequence[int], ends: Sequence[int], function_words: frozenset[str],
                flag: Callable[[int], bool], flags: Callable[[], Sequence[bool]], window: int) -> list[int]:
    """The indexes ``i`` of the words (``starts``, ``ends``: offsets in ``prose``) that 1 to ``window`` function
    words follow, then a word whose first three letters are word ``i``'s as ``same_ignoring_case`` compares them:
    where the repetition kind's same-stem regex may match, ascending.

    Which words are function words: ``flag(i)`` says it of word ``i``, ``flags()`` of every word (the pure-Python
    walk reads them all); both must say what ``function_words`` (lowercase ASCII) says of the word lowercased, or,
    for a lowered word beyond ASCII, what ``regex.I`` says (the compiled pass tells them from the text, and asks
    ``flag`` only of a word it cannot decide)."""
    module = choice().module
    if module is None:
        return _python_echo_starts(prose, starts, ends, flags(), window)
    found, undecided = module.echo_candidates(prose, starts, ends, _sorted(function_words), window)
    if not undecided:
        return found
    lazy = _Flags(flag)
    return sorted(found + [i for i in undecided if _echoes(prose, starts, ends, lazy, window, i)])  # type: ignore[arg-type]


def _python_doubled_candidates(prose: str, starts: Sequence[int], ends: Sequence[int], lowered: Sequence[str],
                               non_ascii: Sequence[int]) -> list[int]:
    following = itertools.islice(lowered, 1, None)
    same = set(itertools.compress(itertools.count(), map(operator.eq, lowered, following)))  # compared in C
    for i in non_ascii:  # pairs with a non-ASCII word, compared as the regex does
        for j in (i - 1, i):
            if 0 <= j < len(lowered) - 1 and j not in same and same_ignoring_case(
                    prose[starts[j]:ends[j]], prose[starts[j + 1]:ends[j + 1]]):
                same.add(j)
    return sorted(same)


def doubled_candidates(prose: str, starts: Sequence[int], ends: Sequence[int], lowered: Sequence[str],
                       non_ascii: Sequence[int]) -> list[int]:
    """Indexes of the words (``starts``, ``ends``; ``lowered``: each word's ``str.lower``) equal to the next one
    lowercased or, where either is one of ``non_ascii`` (the indexes of the lowered words beyond ASCII), as
    ``same_ignoring_case`` compares them (``regex.I``): where the repetition kind's doubled-word regex may match,
    ascending."""
    module = choice().module
    if module is None:
        return _python_doubled_candidates(prose, starts, ends, lowered, non_ascii)
    found, undecided = module.doubled_candidates(prose, starts, ends)
    if not undecided:
        return found
    beyond = frozenset(non_ascii)
    return sorted(found + [j for j in undecided if lowered[j] == lowered[j + 1] or (
        (j in beyond or j + 1 in beyond)
        and same_ignoring_case(prose[starts[j]:ends[j]], prose[starts[j + 1]:ends[j + 1]]))])


def _python_repeated_phrases(words: Sequence[str], longest: int) -> list[tuple[int, int]]:
    last_seen: dict[str, int] = {}
    candidates: list[tuple[int, int]] = []
    for index, word in enumerate(words):
        previous = last_seen.get(word)
        if previous is not None and 2 <= index - previous <= longest and index + index - previous <= len(words) \
                and words[previous:index] == words[index:2 * index - previous]:
            candidates.append((previous, index - previous))
        last_seen[word] = index
    return sorted(candidates, key=lambda c: (c[0], -c[1]))


def repeated_phrases(words: list[str], longest: int) -> list[tuple[int, int]]:
    """Where a run of ``size`` words (2 to ``longest``) is written twice back to back, as (first, size), found
    where a word recurs ``size`` words after its latest occurrence; sorted by first, the longest first."""
    module = choice().module
    if module is None:
        return _python_repeated_phrases(words, longest)
    return module.repeated_phrases(words, longest)


NameWords = tuple[list[int], list[int], list[str], list[bool], list[bool], list[int]]


def headline(prose: str, start: int, end: int) -> bool:
    """Whether the paragraph ``prose[start:end]`` reads as a title-case headline (most words capitalised, no
    full stop at its end): its capitals say nothing about which words are names."""
    words = prose[start:end].split()
    if len(words) < 3 or prose[start:end].rstrip()[-1:] in ".!?\"”’":
        return False
    capitalised = sum(1 for w in words if w[:1].isupper())
    return capitalised * 10 >= len(words) * 6


def _python_name_words(prose: str, paragraphs: Sequence[tuple[int, int]]) -> NameWords:
    starts: list[int] = []
    ends: list[int] = []
    texts: list[str] = []
    evidence: list[bool] = []
    gloss: list[bool] = []
    run_ends: list[int] = []
    for p_start, p_end in paragraphs:
        in_headline = headline(prose, p_start, p_end)
        run_from = len(starts)  # the current run is starts[run_from:]
        for m in NAME_WORD.finditer(prose, p_start, p_end):
            text = m.group()
            start, end = m.span()
            if text[-1] in "'’" or text[-2:-1] in ("'", "’"):
                possessive = _POSSESSIVE.search(text)
                if possessive is not None and possessive.start() >= 2:
                    text = text[:possessive.start()]
                    end = start + len(text)
            if text.isupper():  # an acronym, a dateline's KYIV, an initial: ends the run
                if len(starts) > run_from:
                    run_ends.append(len(starts))
                run_from = len(starts)
                continue
            if in_headline:
                shown = False
            else:
                k = start
                while k > p_start and prose[k - 1] in _OPENERS:
                    k -= 1
                # after a full stop, even one that ends an abbreviation ("Mr. Lee"), a capital is no evidence:
                # the word may begin a sentence (the evidence is kept, never guessed)
                shown = not (k == p_start or prose[k - 1] in ".!?:;\n")
            in_run = len(starts) > run_from
            gloss.append(start >= 2 and prose[start - 2:start] == " (" and in_run and ends[-1] == start - 2)
            if not (in_run and ends[-1] + 1 == start and prose[ends[-1]] == " "):
                if in_run:
                    run_ends.append(len(starts))
                run_from = len(starts)
            starts.append(start)
            ends.append(end)
            texts.append(text)
            evidence.append(shown)
        if len(starts) > run_from:
            run_ends.append(len(starts))
    return starts, ends, texts, evidence, gloss, run_ends


def name_words(prose: str, paragraphs: Sequence[tuple[int, int]]) -> NameWords:
    """The name words of ``prose`` (``NAME_WORD``, a possessive "'s" left out; an all-capitals word is none), in
    runs joined by single spaces, each of ``paragraphs`` apart. Returns the words' starts, ends and texts; whether
    each shows it is a name (evidence: capitalised inside a sentence of running text, never in a ``headline``
    paragraph); whether it glosses the word before it ("Dimax (Dimaks)"); and where each run ends (an index into
    the words, ascending)."""
    module = choice().module
    if module is None:
        return _python_name_words(prose, paragraphs)
    return module.name_words(prose, paragraphs)


NameFound = list[tuple[int, int, str, int]]


def name_forms(words: NameWords, compare: str, min_length: int, exceptions: Sequence[str],
               fold: Callable[[str], str], outside: Callable[[], list[tuple[int, int]]] | None) -> NameFound | None:
    """What the name-variants kind flags over an article's ``name_words`` (``compare``: "fold" or "order"), as (start,
    end, the majority form, its count), compiled; None where the compiled module is not used: the kind's own
    pure-Python comparison (linter/kinds/name_variants.py's ``_found``, the twin) is then run. ``exceptions``: the
    casefolded names never counted; ``fold``: the transliteration fold (called for the words that are not ASCII);
    ``outside``: None, or what gives the sorted spans of the forms left to other packs, called only when the article
    has two forms to compare."""
    module = choice().module
    if module is None:
        return None
    return module.name_forms(*words, compare, min_length, list(exceptions), fold, outside)


def code_points_in(text: str, ranges: Sequence[tuple[int, int]], pattern: Callable[[], re.Pattern[str]],
                   limit: int) -> list[int]:
    """Where the code points of ``text`` inside ``ranges`` (sorted, inclusive, apart) stand, in order, at most
    ``limit`` of them: compiled, or by the pattern ``pattern`` gives (asked only then), a character class of the
    standard library's ``re`` that matches just those code points (the twin; tests/test_native.py compares them)."""
    module = choice().module
    if module is None:
        return [m.start() for m in itertools.islice(pattern().finditer(text), limit)]
    return module.code_points_in(text, ranges, limit)
