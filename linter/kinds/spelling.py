"""Kind `spelling`: non-words with ranked suggestions, over a curated lexicon (Hunspell en_US, read by spylls) and
word frequencies (wordfreq), knowing the names the other rules list; and (`check: capitals`) common words
capitalised inside a sentence, judged by the dictionary's own case.

A word is a misspelling only when it is in neither lexicon's sense a word and a much more frequent word lies one
typing or spelling slip away (a transposition, a doubled or undoubled letter, a vowel for a vowel, a letter
dropped or added inside the word, a neighbouring key, "rn" for "m"); a word with no such neighbour is taken for a
name, a loanword or a coinage and left alone. Which slips count and how much more frequent the word must be:
``_EDITS`` and ``_GAP``. The lexicons are read at the first check, never at start-up (docs/spelling.md says why
these two and gives the measurements).
"""

from __future__ import annotations

import array
import bisect
import functools
import importlib.util
import itertools
import re
import sys
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linter.kept import regexes, store
from linter.kinds.base import CompileContext, ConfigTable, Finding, Kind, Option, OptionError, Parts, Scope
from linter.model.diagnostics import Applicability
from linter.model.rules import Rule
from linter.text import quotes
from linter.text.document import Document, Words
from linter.text.pinyin import syllable_count
from linter.text.transliteration import fold
from linter.version import VERSION

TABLE = "spelling"  # the config table this kind reads
DIALECTS = ("auto", "us", "uk")
# Style profiles (opt-in packs) whose house spelling is known: selecting one sets the dialect.
PROFILE_DIALECTS = {"style-ap": "us", "style-bbc": "uk"}

# Zipf frequencies (log10 of occurrences per billion words): a word this frequent is established usage
# whatever the curated dictionary says (crypto, lockdowns); a candidate must be at least this frequent.
ESTABLISHED = 3.5
CANDIDATE_MIN = 3.0
# A capitalised word is checked against words only when wordfreq has never seen it (names are in its lists),
# and only towards a very frequent word.
CAPITALISED_CANDIDATE_MIN = 4.5
NAME_SEEN = 1.0  # a capitalised word wordfreq lists at least this frequent is taken for a name, not a slip of one
MEMO_SIZE = 50_000  # verdicts kept by a checker (a language server's runs for days)
# Articles a word is walked in before it is judged in both cases (``SpellingChecker._words``): judging a capitalised
# name in lower case (every slip of it looked up) costs about what walking it in six articles does, so a word is
# judged only once it has cost that (bench/PERF.md, "Issue 20: spelling, article and term"; 2 made a run of 30
# articles with new checkers 1.26x slower than before, 6 0.97x).
RESOLVE_AFTER = 6
MIN_LENGTH = 5  # shorter words are too often abbreviations or names, and every short word is one slip from another

# How much more frequent (in Zipf units, powers of ten) the suggestion must be than the word, by the slip
# between them: the commoner the slip in real misspellings, the smaller the gap it needs.
_GAP = {"transpose": 1.5, "double": 1.5, "undouble": 1.5, "rn-m": 1.5, "vowel": 2.0, "drop": 2.0, "add": 2.0,
        "key": 2.5}
_VOWELS = frozenset("aeiouy")
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _keyboard_neighbours() -> dict[str, frozenset[str]]:
    """Letters next to each letter on a QWERTY keyboard: beside it, and touching it in the staggered rows above
    and below (f: d, g, r, t, c, v)."""
    stagger = (0.0, 0.25, 0.75)
    where = {c: (r, i + stagger[r]) for r, row in enumerate(_KEYBOARD_ROWS) for i, c in enumerate(row)}
    return {c: frozenset(d for d, (r2, x2) in where.items() if d != c and abs(r2 - r) <= 1 and abs(x2 - x) <= 1)
            for c, (r, x) in where.items()}


_NEIGHBOURS = _keyboard_neighbours()
_LETTERS = "abcdefghijklmnopqrstuvwxyz"

# British endings and their American forms, to accept a British spelling the US dictionary lacks (organised,
# centre, programme) and to tell which dialect a word is written in.
_UK_ENDINGS = (("isation", "ization"), ("isations", "izations"), ("ise", "ize"), ("ised", "ized"), ("ises", "izes"),
               ("ising", "izing"), ("iser", "izer"), ("isers", "izers"), ("yse", "yze"), ("ysed", "yzed"),
               ("yses", "yzes"), ("ysing", "yzing"), ("our", "or"), ("ours", "ors"), ("oured", "ored"),
               ("ouring", "oring"), ("ourite", "orite"), ("ourites", "orites"), ("ourable", "orable"),
               ("tre", "ter"), ("tres", "ters"), ("ence", "ense"), ("ences", "enses"), ("ogue", "og"),
               ("ogues", "ogs"), ("mme", "m"), ("mmes", "ms"), ("dgement", "dgment"), ("dgements", "dgments"),
               ("lled", "led"), ("lling", "ling"), ("ller", "ler"), ("llers", "lers"), ("llor", "lor"),
               ("llors", "lors"), ("st", ""), ("eable", "able"), ("ey", "y"), ("eys", "ys"))
_UK_BY_SIZE = tuple((size, {uk: us for uk, us in _UK_ENDINGS if len(uk) == size})
                    for size in sorted({len(uk) for uk, _ in _UK_ENDINGS}))
_UK_INFIXES = (("our", "or"), ("lled", "led"))  # (not "ll": "untill" is no British "until")


class LexiconError(RuntimeError):
    """A lexicon file cannot be read: the message names the file."""


def _spylls_en_us() -> Path:
    spec = importlib.util.find_spec("spylls")  # (finding "spylls.hunspell" would import spylls)
    if spec is None or not spec.submodule_search_locations:
        raise LexiconError("the spelling rules need the 'spylls' package (its Hunspell en_US dictionary): "
                           "pip install spylls")
    return Path(next(iter(spec.submodule_search_locations))) / "hunspell" / "data" / "en" / "en_US"


def _wordfreq_file() -> Path:
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        raise LexiconError("the spelling rules need the 'wordfreq' package (its English word frequencies): "
                           "pip install wordfreq")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "large_en.msgpack.gz"


def _read_frequencies(path: Path) -> dict[str, float]:
    """wordfreq's English list (its cBpack format: a header, then words grouped by frequency in centibels) as
    word -> Zipf frequency."""
    import gzip  # (only to derive the lexicon, not to read the kept one: start-up)

    import msgpack  # wordfreq's own dependency

    try:
        with gzip.open(path, "rb") as handle:
            data = msgpack.load(handle, raw=False, strict_map_key=False)
        header, *buckets = data
        if not (isinstance(header, dict) and header.get("format") == "cB"):
            raise ValueError("not a wordfreq cBpack file (no 'format: cB' header)")
    except (OSError, EOFError, ValueError, TypeError, msgpack.ExtraData, msgpack.FormatError,
            msgpack.StackError) as exc:
        raise LexiconError(f"cannot read the word-frequency lexicon {path}: {exc}") from None
    frequencies: dict[str, float] = {}
    for centibels, words in enumerate(buckets):
        zipf = round(9 - centibels / 100, 2)  # bucket i holds words of frequency 10^(-i/100)
        for word in words:
            if isinstance(word, str):
                frequencies.setdefault(word, zipf)
    return frequencies


def _read_hunspell(base: Path) -> Any:
    """spylls' reader of a Hunspell dictionary (``base``.aff and ``base``.dic)."""
    from spylls.hunspell import Dictionary

    for suffix in (".aff", ".dic"):
        if not base.with_suffix(suffix).is_file():
            raise LexiconError(f"cannot read the Hunspell dictionary {base.with_suffix(suffix)}: no such file")
    try:
        return Dictionary.from_files(str(base))
    except Exception as exc:  # spylls raises what its parsers raise; the user needs the file, not the trace
        raise LexiconError(f"cannot read the Hunspell dictionary {base}.aff/.dic: {type(exc).__name__}: {exc}") \
            from None


class Sources:
    """The two lexicons as their packages ship them: read only to derive a ``Derived`` (or to look up a word
    the derived form does not cover); each is read when first needed."""

    def __init__(self, hunspell: Path | None = None, frequencies: Path | None = None):
        self.hunspell_base = hunspell
        self.frequency_file = frequencies

    def files(self) -> tuple[Path, Path]:
        """The files the lexicons are read from: Hunspell's (its .aff; the .dic beside it) and wordfreq's."""
        return ((self.hunspell_base or _spylls_en_us()).with_suffix(".aff"),
                self.frequency_file or _wordfreq_file())

    @functools.cached_property
    def zipf(self) -> dict[str, float]:
        return _read_frequencies(self.frequency_file or _wordfreq_file())

    @functools.cached_property
    def hunspell(self) -> Any:
        return _read_hunspell(self.hunspell_base or _spylls_en_us())

    @functools.cached_property
    def forms(self) -> frozenset[str]:
        """Every word form the Hunspell dictionary accepts (its stems with their affixes applied, as Hunspell's
        `unmunch` lists them): a set lookup instead of spylls' lookup, a hundred times faster
        (tests/test_spelling.py compares the two)."""
        return frozenset(_expand(self.hunspell))

    def in_dictionary(self, word: str) -> bool:
        """Whether Hunspell en_US (with its affixes) knows ``word``, as written or as a British spelling of a
        word it knows (organised, centre, programme)."""
        return _known_word(word, self.forms.__contains__)

    def known(self, word: str) -> bool:
        """A dictionary word, or a plural or agent noun of one (aggressions, wobbler)."""
        return _known_form(word, self.in_dictionary)

    def british_form(self, word: str) -> str | None:
        """The British spelling of an American ``word`` (organize -> organise) when it is in use, else None."""
        for uk, us in _UK_ENDINGS:
            if us and word.endswith(us) and len(word) > len(us) + 2:
                candidate = word[: len(word) - len(us)] + uk
                if candidate != word and self.zipf.get(candidate, 0.0) >= CANDIDATE_MIN:
                    return candidate
        return None

    def derive(self) -> Derived:
        """What a check needs, worked out from the whole lexicons (a few seconds, once: it is kept on disk)."""
        zipf = self.zipf
        plain = {w: z for w, z in zipf.items() if w.isascii() and w.isalpha()}
        common = {w: z for w, z in plain.items() if z >= CANDIDATE_MIN and self.in_dictionary(w)}
        forms = self.forms
        established = frozenset(w for w, z in zipf.items() if z >= ESTABLISHED and w not in common)
        # every word one slip from a common word, found through their deletions (SymSpell's trick: two words one
        # substitution, transposition or letter apart share a deletion, or one is a deletion of the other)
        index: dict[str, list[str]] = {}
        for word in common:
            for key in _deletions(word):
                index.setdefault(key, []).append(word)
        seen: dict[str, tuple[float, bool]] = {}
        rare = ((w, z) for w, z in plain.items() if z < ESTABLISHED)
        unseen = ((w, 0.0) for w in forms if w not in plain and w.isascii() and w.isalpha())
        far: list[str] = []
        for word, z in itertools.chain(rare, unseen):  # (the dictionary's forms wordfreq lacks: frequency 0)
            if len(word) < MIN_LENGTH or word in common:
                continue
            if any(key in index for key in _deletions(word)) or any(c in common for c in _rn_m(word)):
                seen[word] = (z, self.known(word))
            else:
                far.append(word)
        uk = frozenset(w for w in common if w not in forms)
        us = frozenset(w for w in common if w not in uk and w.endswith(_MARKED_ENDINGS)
                       and self.british_form(w) is not None)
        frequent = Bloom.of(w for w, z in plain.items() if z >= NAME_SEEN and len(w) >= MIN_LENGTH)
        # the common words Hunspell also knows capitalised, in any sense (Bill, Mark, Turkey, March): a capital
        # on one of them inside a sentence may be right
        capitalised = frozenset(w for w in common if _known_word(w[:1].upper() + w[1:], forms.__contains__))
        return Derived(common, established, seen, uk, us, Bloom.of(far), frequent, capitalised)


def _expand(hunspell: Any) -> Iterator[str]:
    """The word forms of a Hunspell dictionary read by spylls: each stem, with each suffix its flags allow (and
    the suffixes those allow), each prefix, and each prefix on the suffixed forms that allow both (cross
    product). Stems only allowed inside compounds are left out."""
    aff = hunspell.aff
    only_in_compound = aff.ONLYINCOMPOUND

    def suffixed(stem: str, flags: Iterable[str]) -> Iterator[tuple[Any, str]]:
        for flag in flags:
            for suffix in aff.SFX.get(flag, ()):
                if stem.endswith(suffix.strip) and suffix.cond_regexp.search(stem):
                    yield suffix, stem[: len(stem) - len(suffix.strip)] + suffix.add

    for entry in hunspell.dic.words:
        flags, stem = entry.flags, entry.stem
        if only_in_compound and only_in_compound in flags:
            continue
        yield stem
        crossing = []
        for suffix, form in suffixed(stem, flags):
            yield form
            if suffix.crossproduct:
                crossing.append(form)
            for _, twice in suffixed(form, suffix.flags):
                yield twice
        for flag in flags:
            for prefix in aff.PFX.get(flag, ()):
                if stem.startswith(prefix.strip) and prefix.cond_regexp.search(stem):
                    yield prefix.add + stem[len(prefix.strip):]
                    if prefix.crossproduct:
                        yield from (prefix.add + form[len(prefix.strip):] for form in crossing)


def _known_word(word: str, form: Callable[[str], bool]) -> bool:
    """Whether ``word`` is a form (``form``), or a British spelling of one (organised, centre, programme)."""
    if form(word):
        return True
    for size, endings in _UK_BY_SIZE:
        us = endings.get(word[-size:])
        if us is not None and len(word) > size + 2 and form(word[:-size] + us):
            return True
    return any(uk in word and form(word.replace(uk, us, 1)) for uk, us in _UK_INFIXES)


def _known_form(word: str, known: Callable[[str], bool]) -> bool:
    """A known word (``known``), or a plural or agent noun of one (aggressions, wobbler)."""
    if known(word):
        return True
    if word.endswith("es") and known(word[:-2]):
        return True
    if word.endswith("s") and known(word[:-1]):
        return True
    stem = word[:-1] if word.endswith("s") else word
    return stem.endswith("er") and (known(stem[:-1]) or known(stem[:-2]))


@dataclass(frozen=True)
class Derived:
    """What a check reads, kept on disk between runs: ``common`` (dictionary words frequent enough to be
    suggested, with their Zipf frequencies), ``established`` (words too common ever to flag), ``seen`` (every
    other word of wordfreq's list one slip from a common word: its frequency and whether the dictionary knows
    it), and the common words that are British (``uk``) or American with a British form in use (``us``)."""

    common: dict[str, float]
    established: frozenset[str]  # (the common words are not repeated here)
    seen: Mapping[str, tuple[float, bool]]  # a dict when derived, a `_Seen` table when read back
    uk: frozenset[str]
    us: frozenset[str]
    far: Bloom  # the other words (of either lexicon) no slip from a common word: most names and rare words
    listed: Bloom  # every word of wordfreq's list at least NAME_SEEN frequent (names among them)
    capitalised: frozenset[str]  # common words the dictionary also knows capitalised (bill/Bill, march/March)

    @functools.cached_property
    def passed(self) -> frozenset[str]:
        """The words a check passes at once: the common and the established ones."""
        return self.established.union(self.common)

    def as_kept(self) -> tuple[Any, ...]:
        # equal values as one object: marshal then writes each of them once and refers to it, and reading the
        # file back builds a few hundred frequencies and (frequency, known) pairs, not one per word (the file
        # read three times faster: bench/PERF.md)
        return (DERIVED_FORMAT, _shared_values(self.common), self.established, _Seen.kept(self.seen), self.uk,
                self.us, self.far.bits, self.listed.bits, self.capitalised)

    @classmethod
    def from_kept(cls, kept: Any) -> Derived | None:
        if not (isinstance(kept, tuple) and len(kept) == 9 and kept[0] == DERIVED_FORMAT):
            return None
        _, common, established, kept_seen, uk, us, far, listed, capitalised = kept
        seen = _Seen.from_kept(kept_seen)
        if not (isinstance(common, dict) and common and seen is not None
                and all(isinstance(x, bytes) and x for x in (far, listed))
                and all(isinstance(x, frozenset) for x in (established, uk, us, capitalised))):
            return None
        return cls(common, established, seen, uk, us, Bloom(far), Bloom(listed), capitalised)


class _Seen(Mapping[str, tuple[float, bool]]):
    """``Derived.seen`` as read back: its 55,000 words in one sorted block of text, looked up by bisection, with
    their (frequency, known) pairs as indices into the few hundred distinct pairs. Reading that back makes four
    objects, not a string and a dict entry a word (7 ms of a one-file check's start-up); once a process has
    looked up many words (a corpus, a language server), the words are made a dict, as derived."""

    _MATERIALISE_AFTER = 256  # lookups: past this a dict is cheaper than bisection

    def __init__(self, block: str, offsets: array.array, codes: array.array, values: list[tuple[float, bool]]):
        self._block, self._offsets, self._codes, self._values = block, offsets, codes, values
        self._dict: dict[str, tuple[float, bool]] | None = None
        self._lookups = 0

    @classmethod
    def kept(cls, table: Mapping[str, tuple[float, bool]]) -> tuple[Any, ...]:
        """What the kept file holds for ``table``: the words sorted, joined by newlines, their start offsets (and the
        block's length), each word's value as an index, and the distinct values."""
        words = sorted(table)
        values: dict[tuple[float, bool], int] = {}
        codes = array.array("I", (values.setdefault(table[w], len(values)) for w in words))
        offsets = array.array("I", itertools.accumulate((len(w) + 1 for w in words), initial=0))
        return ("\n".join(words) + "\n", offsets.tobytes(), codes.tobytes(), list(values))

    @classmethod
    def from_kept(cls, kept: Any) -> _Seen | None:
        if not (isinstance(kept, tuple) and len(kept) == 4):
            return None
        block, offsets_bytes, codes_bytes, values = kept
        if not (isinstance(block, str) and isinstance(offsets_bytes, bytes) and isinstance(codes_bytes, bytes)
                and isinstance(values, list) and all(isinstance(v, tuple) and len(v) == 2 for v in values)):
            return None
        offsets, codes = array.array("I"), array.array("I")
        try:
            offsets.frombytes(offsets_bytes)
            codes.frombytes(codes_bytes)
        except ValueError:
            return None
        if len(offsets) != len(codes) + 1 or offsets[-1] != len(block) or (codes and max(codes) >= len(values)):
            return None
        return cls(block, offsets, codes, values)

    def _as_dict(self) -> dict[str, tuple[float, bool]]:
        if self._dict is None:
            values = self._values
            self._dict = dict(zip(self._block.split("\n")[:-1], (values[c] for c in self._codes), strict=True))
        return self._dict

    def get(self, word: str, default: Any = None) -> Any:
        if self._dict is not None:
            return self._dict.get(word, default)
        self._lookups += 1
        if self._lookups > self._MATERIALISE_AFTER:
            return self._as_dict().get(word, default)
        block, offsets = self._block, self._offsets
        lo, hi = 0, len(self._codes)
        while lo < hi:
            mid = (lo + hi) // 2
            if block[offsets[mid]:offsets[mid + 1] - 1] < word:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self._codes) and block[offsets[lo]:offsets[lo + 1] - 1] == word:
            return self._values[self._codes[lo]]
        return default

    def __getitem__(self, word: str) -> tuple[float, bool]:
        found = self.get(word)
        if found is None:
            raise KeyError(word)
        return found

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.get(word) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._as_dict())

    def __len__(self) -> int:
        return len(self._codes)


def _shared_values(table: Mapping[str, Any]) -> dict[str, Any]:
    """``table`` with its equal values made one object each."""
    values: dict[Any, Any] = {}
    return {key: values.setdefault(value, value) for key, value in table.items()}


@dataclass(frozen=True)
class Bloom:
    """A Bloom filter of words: ``word in bloom`` is True for every word it was made of, and for about one other
    word in a hundred (ten bits a word, seven probes). Its hashes are CRC-32 and Adler-32, the same in every
    process (Python's own string hash is not)."""

    bits: bytes

    @classmethod
    def of(cls, words: Iterable[str]) -> Bloom:
        words = list(words)
        size = max(64, len(words) * 10)
        bits = bytearray((size + 7) // 8)
        for word in words:
            for at in _probes(word, len(bits) * 8):
                bits[at >> 3] |= 1 << (at & 7)
        return cls(bytes(bits))

    def __contains__(self, word: str) -> bool:
        bits = self.bits
        return all(bits[at >> 3] & (1 << (at & 7)) for at in _probes(word, len(bits) * 8))


_BLOOM_PROBES = 7


def _probes(word: str, size: int) -> Iterator[int]:
    data = word.encode()
    first, step = zlib.crc32(data), zlib.adler32(data) | 1
    return ((first + i * step) % size for i in range(_BLOOM_PROBES))


DERIVED_FORMAT = 7  # raise when ``Sources.derive`` or the thresholds it reads change (5: values shared in the file;
# 6: `seen` kept as one sorted block, `_Seen`; 7: `capitalised`, the words the dictionary also knows capitalised)
STORE = store.register(store.Store("the spelling rules' lexicon, derived from Hunspell and wordfreq", "derived",
                                   "spelling-*.marshal"))


def _deletions(word: str) -> Iterator[str]:
    """``word`` and ``word`` less one letter, the first letter kept."""
    yield word
    for i in range(1, len(word)):
        yield word[:i] + word[i + 1:]


def _rn_m(word: str) -> Iterator[str]:
    """``word`` with one "rn" read as "m", or one "m" (not the first letter) written "rn"."""
    for i in range(1, len(word) - 1):
        if word.startswith("rn", i):
            yield word[:i] + "m" + word[i + 2:]
    for i in range(1, len(word)):
        if word[i] == "m":
            yield word[:i] + "rn" + word[i + 1:]


class Lexicon:
    """What the spelling rules look words up in: the derived lexicon (kept on disk between runs; read at the first
    check), and the whole lexicons for a word it does not cover (read only then)."""

    def __init__(self, sources: Sources | None = None, keep: bool = True):
        self.sources = sources or Sources()
        self.keep = keep

    @functools.cached_property
    def derived(self) -> Derived:
        """Read back from the kept file, or derived from the whole lexicons (and kept)."""
        path = self._kept_path() if self.keep else None
        found = Derived.from_kept(store.read_marshalled(path))
        if found is None:
            found = self.sources.derive()
            if path is not None:
                STORE.write_marshalled(path, found.as_kept())
        return found

    @functools.cached_property
    def identity(self) -> str | None:
        """What the derived lexicon is derived from: this code's version and thresholds, and the two lexicon
        files (path, size, time); None when a file cannot be found."""
        stamps = []
        try:
            for file in self.sources.files():
                stat = file.stat()
                stamps.append(f"{file}-{stat.st_size}-{stat.st_mtime_ns}")
        except (OSError, LexiconError):
            return None  # derived from the lexicons, which will say what is wrong with the file
        derivation = repr((DERIVED_FORMAT, ESTABLISHED, CANDIDATE_MIN, MIN_LENGTH, NAME_SEEN, _UK_ENDINGS, _UK_INFIXES))
        return "-".join((VERSION, derivation, *stamps, sys.implementation.cache_tag))

    def _kept_path(self) -> Path | None:
        key = self.identity
        return None if key is None else STORE.path(f"spelling-{zlib.crc32(key.encode()):08x}.marshal")

    def load(self) -> None:
        """Have the derived lexicon ready (raises LexiconError naming a file that cannot be read)."""
        _ = self.derived

    def word(self, word: str) -> tuple[float, bool]:
        """``word``'s Zipf frequency and whether the dictionary knows it (or a plural or agent noun of it). A word
        one slip from a common word is in the derived lexicon; any other is not in wordfreq's list (frequency 0)
        and is no dictionary form, but may be a British spelling, a plural or an agent noun of a word the
        derived lexicon knows."""
        derived = self.derived
        found = derived.seen.get(word)
        if found is not None:
            return found
        if word in derived.common:
            return derived.common[word], True
        return 0.0, _known_form(word, lambda w: _known_word(w, self._derived_form))

    def _derived_form(self, word: str) -> bool:
        derived = self.derived
        found = derived.seen.get(word)
        return word in derived.common or (found is not None and found[1])

    def dialect(self, word: str) -> str | None:
        """'uk' for a British spelling (colour, organised), 'us' for an American one whose British form is in use
        (color, organized), None for a common word both write alike (or one that is not common)."""
        derived = self.derived
        return "uk" if word in derived.uk else "us" if word in derived.us else None


@functools.cache
def shared_lexicon() -> Lexicon:
    """The one lexicon of this process (read once, at the first check of a spelling rule)."""
    return Lexicon()


def _slips(word: str, surest: bool = False) -> Iterator[tuple[str, str]]:
    """Every word one slip from ``word`` with the kind of slip: (candidate, kind); with ``surest``, only the
    surest slips (no letter dropped, added or mistyped for its neighbour). The first letter is kept: people
    rarely misspell it, and changing it reaches too many real words (zander/wander)."""
    if surest:
        yield from ((c, kind) for c, kind in _sure_slips(word))
        return
    n = len(word)
    for i in range(1, n):
        head, tail = word[:i], word[i:]
        if i < n - 1 and tail[0] != tail[1]:
            yield head + tail[1] + tail[0] + tail[2:], "transpose"
        if tail[0] == word[i - 1]:
            yield head + tail[1:], "undouble"
        else:
            yield head + tail[1:], "drop"
        yield head + tail[0] + tail, "double"
        original = tail[0]
        for c in _LETTERS:
            if c == original:
                continue
            if original in _VOWELS and c in _VOWELS:
                yield head + c + tail[1:], "vowel"
            elif c in _NEIGHBOURS.get(original, ()):
                yield head + c + tail[1:], "key"
        for c in _LETTERS:
            if c != word[i - 1]:  # a doubled letter is "double"
                yield head + c + tail, "add"
        if tail.startswith("rn"):
            yield head + "m" + tail[2:], "rn-m"
        if original == "m":
            yield head + "rn" + tail[1:], "rn-m"
    yield word + word[-1], "double"
    for c in _LETTERS:
        if c != word[-1]:
            yield word + c, "add"


def _sure_slips(word: str) -> Iterator[tuple[str, str]]:
    """The surest slips of ``_slips``: a transposition, a doubled or undoubled letter, a vowel for a vowel,
    "rn" for "m"."""
    n = len(word)
    for i in range(1, n):
        head, tail = word[:i], word[i:]
        original = tail[0]
        if i < n - 1 and original != tail[1]:
            yield head + tail[1] + original + tail[2:], "transpose"
        if original == word[i - 1]:
            yield head + tail[1:], "undouble"
        yield head + original + tail, "double"
        if original in _VOWELS:
            for c in _VOWELS:
                if c != original:
                    yield head + c + tail[1:], "vowel"
        if tail.startswith("rn"):
            yield head + "m" + tail[2:], "rn-m"
        if original == "m":
            yield head + "rn" + tail[1:], "rn-m"
    yield word + word[-1], "double"


@dataclass(frozen=True)
class RuleSettings:
    """What one rule reads: its options and the run's `spelling:` table."""

    target: str
    known: frozenset[str]
    dialect: str
    max_suggestions: int


class SpellingChecker:
    def __init__(self, rule: Rule, settings: RuleSettings, context: CompileContext, lexicon: Lexicon):
        self.rules = (rule,)
        self.rule = rule
        self.settings = settings
        self._context = context
        self.lexicon = lexicon
        # (word, capitalised, dialect) -> suggestions: a word's verdict does not depend on where it stands
        self._verdicts: dict[tuple[str, bool, str], tuple[str, ...]] = {}
        # dialect -> lowered words no position can flag, whatever their case (``_can_flag``): the next article's
        # walk leaves them out with one set difference
        self._silent: dict[str, set[str]] = {}
        self._met: dict[str, dict[str, int]] = {}  # dialect -> lowered word -> articles it was walked in
        # 'words' reads the whole document only for its dialect (SplitChecker: the language server keeps the rest
        # per chunk); 'names' is paragraph-local, 'capitals' reads the word before the one before
        self.splits = settings.target == "words"

    @functools.cached_property
    def names(self) -> frozenset[str]:
        """The words of every name the loaded rules list, casefolded, and the rule's and config's known words."""
        return frozenset(w.casefold() for name in (*self._context.names(), *self.settings.known)
                         for w in name.replace("-", " ").split())

    @functools.cached_property
    def name_words(self) -> dict[str, str]:
        """Capitalised single words of the listed names (casefolded -> as listed), at least five letters long: the
        names a capitalised non-word may be a slip of."""
        replaced = {name.casefold() for name in self._context.replaced()}  # (Kharkov: no suggestion)
        found: dict[str, str] = {}
        for name in (*self._context.names(), *self.settings.known):
            for w in name.replace("-", " ").split():
                if len(w) >= 5 and w[:1].isupper() and w.isalpha() and w.casefold() not in replaced:
                    found.setdefault(w.casefold(), w)
        return found

    @functools.cached_property
    def name_index(self) -> dict[str, tuple[str, ...]]:
        """The listed names by their deletions (each name, and it less one letter but the first): a word one
        letter added, dropped, changed or two letters swapped from a name shares a key with it."""
        index: dict[str, list[str]] = {}
        for name in self.name_words:
            for key in _deletions(name):
                index.setdefault(key, []).append(name)
        return {key: tuple(names) for key, names in index.items()}

    @property
    def fingerprint(self) -> str:
        """What besides the rule decides the findings (cached results are keyed on it): the settings and the
        lexicons' versions."""
        # the names come from the loaded packs and the settings' known words, which the linter's own fingerprint
        # and ``self.settings`` cover: gathering them here would cost every cached run the whole list
        return repr((self.settings, self.lexicon.identity))

    def check(self, doc: Document) -> Iterable[Finding]:
        lexicon = self.lexicon
        lexicon.load()  # a lexicon that cannot be read fails the rule with a message naming the file
        if self.settings.target == "capitals":
            yield from self._capitals(doc)
            return
        dialect = self.settings.dialect
        distinct = set(doc.words.lowered)
        if dialect == "auto":
            dialect = _majority(*self._marked(distinct))
        yield from self._words(doc, dialect, distinct)

    def part(self, doc: Document) -> tuple[frozenset[str], frozenset[str], dict[str, tuple[Finding, ...]]]:
        """SplitChecker.part for ``check: words``: the chunk's distinct UK- and US-marked spellings (when the
        dialect is the article's majority), and what the rule finds on the chunk in each dialect it may take."""
        self.lexicon.load()
        dialect = self.settings.dialect
        distinct = set(doc.words.lowered)
        if dialect != "auto":
            return frozenset(), frozenset(), {dialect: tuple(self._words(doc, dialect, distinct))}
        return (*self._marked(distinct), {d: tuple(self._words(doc, d, distinct)) for d in ("uk", "us")})

    def tally(self, part: tuple[frozenset[str], frozenset[str], dict[str, tuple[Finding, ...]]]) -> Counter | None:
        """SplitChecker's optional ``tally``: the chunk's marked spellings, each once, by dialect (when the dialect
        is the article's majority), which the language server sums over the article."""
        if self.settings.dialect != "auto":
            return None
        share = Counter(("uk", word) for word in part[0])
        share.update(("us", word) for word in part[1])
        return share

    def merge(self, doc: Document, parts: Sequence[tuple[int, Any]]) -> Iterator[Finding]:
        """SplitChecker.merge: the majority dialect over every chunk's marked spellings (``_majority``; from the
        language server's sum of them when it keeps one, ``Parts.total``), and each chunk's findings in it."""
        dialect = self.settings.dialect
        total = parts.total if isinstance(parts, Parts) else None
        if dialect == "auto" and total is not None:
            uk = sum(1 for marked, _ in total if marked == "uk")  # each distinct spelling once (a key of the sum)
            dialect = "uk" if uk > len(total) - uk else "us"  # as ``_majority``: 'us' on a tie
        elif dialect == "auto":
            dialect = _majority(frozenset().union(*(part[0] for _, part in parts)),
                                frozenset().union(*(part[1] for _, part in parts)))
        for lo, part in parts:
            for finding in part[2][dialect]:
                yield finding.shifted(lo)

    def _words(self, doc: Document, dialect: str, distinct: set[str] | None = None) -> Iterator[Finding]:
        """``check: words`` in ``dialect``: the findings of ``_walk`` over the words that may be flagged.

        The document's distinct lowered words (``distinct``: ``set(doc.words.lowered)``) less the passed ones and
        those known silent are looked at once each (``_may_flag``), and only the positions of the words left are
        walked: on most articles a handful, where the walk of every word cost a Python step each. A word that is
        silent in both cases from a look-up alone is remembered as silent; another is walked, which judges it
        in the case it is written in, as every word was, and once walked in RESOLVE_AFTER articles (a name, a
        term the articles repeat) it is judged in both cases and remembered as silent when neither verdict flags
        it.

        A word flagged only in lower case (a name like "Shopot", whose lower-case form is a slip of "shoot") is
        walked only where the prose holds its folded part as it is: a part judged in lower case has no capital, so
        its letters are the folded part's (no character but an ASCII lowercase letter lowers to one without being
        a capital)."""
        words = doc.words
        if distinct is None:
            distinct = set(words.lowered)
        silent = self._silent.setdefault(dialect, set())
        met = self._met.setdefault(dialect, {})
        if len(silent) > MEMO_SIZE or len(met) > MEMO_SIZE:
            silent.clear()
            met.clear()
        walked = set()
        verdicts, prose = self._verdicts, doc.prose
        for lowered in distinct.difference(self.lexicon.derived.passed, silent):
            times = met.get(lowered, 0)
            flags = self._may_flag(lowered, dialect, judge=times >= RESOLVE_AFTER)
            if flags is False:
                silent.add(lowered)
                continue
            if flags and "\u0307" not in lowered:
                folded = _folded_part(lowered)
                if verdicts.get((folded, True, dialect)) == () and folded not in prose:
                    continue  # flagged only in lower case (Shopot: shoot), and not written so here (see below)
            walked.add(lowered)
            if flags is None:
                met[lowered] = times + 1
        if walked:
            yield from self._walk(doc, dialect, _positions(doc, walked))

    def _may_flag(self, lowered: str, dialect: str, judge: bool) -> bool | None:
        """Whether a word of ``Document.words`` lowered as ``lowered`` may be flagged in ``dialect`` wherever it
        stands and however its letters are cased: False when it never is, None when that is not known without
        judging it in a case whose verdict is not kept and not plain (``_plainly_silent``); with ``judge``, it is
        judged, and the answer is True or False.

        ``_parts`` of such a word gives the same casefolded part as of ``lowered`` (``_folded_part``) or none:
        ``str.lower`` keeps each character one character, and no other character becomes ``-``, ``'`` or ``’``
        (save 'İ', which lowers to two, the second U+0307: such a word may always be flagged). Whether the part is
        flagged depends on where it stands, on its verdict, which depends only on its case, and on the listed names
        (``names``): a word with no verdict in either case, or a listed name's word, is never flagged."""
        if "\u0307" in lowered:
            return True
        folded = _folded_part(lowered)
        if folded is None or len(folded) < MIN_LENGTH or not folded.isascii() or not folded.isalpha():
            return False
        verdicts = self._verdicts
        lower, capitalised = verdicts.get((folded, False, dialect)), verdicts.get((folded, True, dialect))
        if lower is None or capitalised is None:
            if lower or capitalised:
                return folded not in self.names
            plain = self._plainly_silent(folded)
            if len(verdicts) > MEMO_SIZE:
                verdicts.clear()
            for case, verdict in ((False, lower), (True, capitalised)):
                if verdict is None and plain[case]:
                    verdicts[folded, case, dialect] = ()  # (as ``_judge`` gives)
            if judge:
                lower, capitalised = self._verdict(folded, False, dialect), self._verdict(folded, True, dialect)
            else:
                lower, capitalised = verdicts.get((folded, False, dialect)), verdicts.get((folded, True, dialect))
                if lower is None or capitalised is None:
                    return (folded not in self.names) if lower or capitalised else None
        return bool(lower or capitalised) and folded not in self.names  # (a listed name's word is never flagged)

    def _verdict(self, folded: str, capitalised: bool, dialect: str) -> tuple[str, ...]:
        """``_judge``, kept per (word, capitalised, dialect): a word's verdict does not depend on where it stands."""
        key = (folded, capitalised, dialect)
        verdicts = self._verdicts
        found = verdicts.get(key)
        if found is None:
            if len(verdicts) > MEMO_SIZE:
                verdicts.clear()
            found = verdicts[key] = self._judge(folded, capitalised, dialect)
        return found

    def _walk(self, doc: Document, dialect: str, indexes: Iterable[int]) -> Iterator[Finding]:
        """``check: words`` in ``dialect`` at the words ``indexes`` of ``doc.words`` (in text order)."""
        lexicon = self.lexicon
        words = doc.words
        prose = doc.prose
        passed = lexicon.derived.passed
        starts, ends, lowered_words = words.starts, words.ends, words.lowered
        inside = None
        for i in indexes:
            start, end, lowered = starts[i], ends[i], lowered_words[i]
            if end - start < MIN_LENGTH or lowered in passed:
                continue  # most words: short, or common (never flagged, in any case)
            for offset, part, folded in _parts(prose[start:end], lowered):
                if len(part) < MIN_LENGTH or not folded.isascii() or not folded.isalpha():
                    continue
                if part.isupper() or any(c.isupper() for c in part[1:]):
                    continue  # an acronym (NATO), a name with inner capitals (McDonald, iPhone)
                capitalised = part[0].isupper()
                found = self._verdict(folded, capitalised, dialect)
                if not found or folded in self.names:  # the names, gathered only once a word would be flagged
                    continue
                at = start + offset
                if not capitalised and at in doc.sentence_starts and _RUNNING_ON.match(prose, at + len(part)):
                    continue  # a sentence that opens in lower case: on a name written so (restic, npm)
                if _touches_digit_or_mark(prose, at, at + len(part)):
                    continue  # part of a code, a number or an identifier (A380s, COVID-19, x_y)
                if capitalised and _chinese_name(prose, at, at + len(part), folded):
                    continue  # "Gao Makong": a given name in pinyin beside its family name, not a slip of Mekong
                if inside is None:
                    inside = quotes.quote_index(doc).inside
                if inside(at):
                    continue  # quoted words are the speaker's, and quotations quote names and foreign words
                suggestions = tuple(_in_case(s, part) for s in found)
                yield Finding(self.rule, at, at + len(part), suggestions=suggestions,
                              values={"suggestions": ", ".join(f"'{s}'" for s in suggestions)},
                              applicability=Applicability.DISPLAY_ONLY if len(found) > 1 else None)

    def _capitals(self, doc: Document) -> Iterator[Finding]:
        """``check: capitals``: a capitalised word inside a sentence that the dictionary knows only in lower case
        and that is common ("perceive very Different textures"), over the words the document has already found.
        A capital is taken for a name's, a title's or the house's when the word opens a sentence, a line or a
        quotation (it must follow a lowercase word and one space), stands in a run of capitalised words, follows
        a determiner or a preposition, is a plural, comes before a figure, or stands in a title-case line."""
        derived = self.lexicon.derived
        common, capitalised = derived.common, derived.capitalised
        words = doc.words
        prose = doc.prose
        starts, ends, lowered = words.starts, words.ends, words.lowered
        inside = None
        lines: dict[int, bool] = {}  # line start -> whether it reads as a headline
        for i in doc.capitalised_words:  # the shared view: most words are not capitalised, and are not walked
            if i == 0:
                continue
            start = starts[i]
            before = starts[i - 1]
            if ends[i - 1] != start - 1 or prose[start - 1] != " " or not prose[before].islower():
                continue  # after a mark (. ! ? : ; a quote or a bracket), a line's start or a capitalised word
            if lowered[i - 1] in _NAME_LEADERS or (i >= 2 and lowered[i - 2] == "the"):
                continue  # after a determiner or a preposition: a name or the house's capital (the Government)
            for offset, part, folded in _parts(prose[start:ends[i]], lowered[i]):
                if len(part) < 3 or not part[1:].islower() or not folded.isascii() or not folded.isalpha():
                    continue  # short, an acronym, or with inner capitals (McDonald)
                if common.get(folded, 0.0) < CAPITALS_COMMON or folded in capitalised \
                        or folded in _FUNCTION_WORDS_NOT_FLAGGED:
                    continue  # rare, a name in the dictionary too (Bill, March), or a function word (CD1153's)
                if folded[-1] == "s" and (folded[:-1] in common or (folded[-2] == "e" and folded[:-2] in common)
                                          or (folded.endswith("ies") and folded[:-3] + "y" in common)):
                    continue  # a plural: a team, a band, a body (the Cowboys, Writers, Duties)
                at = start + offset
                end = at + len(part)
                if _in_capitalised_run(prose, words, i) or _touches_digit_or_mark(prose, at, end) \
                        or prose[end:end + 2].lstrip(" ")[:1].isdigit() or prose[end:end + 1] == "(":
                    # a name or title of several words (Supreme Court); a model or number (Formula 1); a call (Info(x))
                    continue
                if at in doc.sentence_starts or folded in self.names:
                    continue
                line = prose.rfind("\n", 0, at) + 1
                headline = lines.get(line)
                if headline is None:
                    headline = lines[line] = _headline_line(prose, line)
                if headline:
                    continue
                if inside is None:
                    inside = quotes.quote_index(doc).inside
                if inside(at):
                    continue  # a quotation: a title of a work, the speaker's own words
                yield Finding(self.rule, at, end, suggestions=(part[:1].lower() + part[1:],))

    def _plainly_silent(self, word: str) -> tuple[bool, bool]:
        """Whether ``_judge`` gives ``word`` (casefolded) no suggestion at once, from a look-up, without trying the
        slips (which cost a hundred look-ups a word): in lower case, and capitalised."""
        if self.settings.target == "names":
            return True, word in self.name_words
        derived = self.lexicon.derived
        if word in derived.common or word in derived.established:
            return True, True
        found = derived.seen.get(word)
        if found is not None:  # a dictionary word (or a plural or agent noun of one); a capitalised word wordfreq has
            return found[1], found[1] or found[0] > 0  # seen
        silent = word in derived.far  # a word of either lexicon no slip from a common word (or, once in a hundred,
        return silent, silent  # a non-word)

    def _judge(self, word: str, capitalised: bool, dialect: str) -> tuple[str, ...]:
        """The suggestions for ``word`` (casefolded), best first; () when it is not to be flagged. Candidates come
        first, from the derived lexicon: most words have none, and only a word with one is looked up further."""
        lexicon = self.lexicon
        derived = lexicon.derived
        if self._plainly_silent(word)[capitalised]:
            return ()
        if self.settings.target == "names":
            index = self.name_index
            close = {c for key in _deletions(word) for c in index.get(key, ()) if c != word}
            if not close:
                return ()
            zipf, known = lexicon.word(word)
            if known or word in derived.listed:
                return ()  # a word, or a name wordfreq has seen: another name
            # a transliteration variant of a listed name (Serhii for Serhiy, Oleksii for Oleksiy) is another
            # spelling of the name, not a slip: the name-variants rules judge an article that mixes them
            variants = {fold(word)}
            close = {c for c in close if fold(c) not in variants}
            return tuple(sorted(self.name_words[c] for c in close))[: self.settings.max_suggestions]
        # a capitalised word may be a rare name, one letter from many words (Shopot/shoot): only the surest slips,
        # towards a very frequent word
        floor = CAPITALISED_CANDIDATE_MIN if capitalised else CANDIDATE_MIN
        margins: dict[str, float] = {}  # candidate -> the highest frequency the word may have for it to count
        sure: set[str] = set()  # the candidates reached by one of the surest slips
        common = derived.common
        for candidate, kind in _slips(word, surest=capitalised):
            cz = common.get(candidate)
            if cz is None or cz < floor:
                continue
            margins[candidate] = max(margins.get(candidate, -1.0), cz - _GAP[kind])
            if kind in _SURE_KINDS:
                sure.add(candidate)
        if not margins:
            return () if capitalised else self._glued(word, *lexicon.word(word))
        zipf, known = lexicon.word(word)
        if known or (capitalised and zipf > 0):
            return ()  # a dictionary word; a capitalised word wordfreq has seen, even at a sentence's start: a name
        glued = () if capitalised else self._glued(word, zipf, known)
        if glued:
            return glued
        if not sure and not capitalised and _formed_from_words(word, common):
            return ()  # a word made the way English makes words (retap, bursty, compat): not judged by a list
        best = [c for c, margin in margins.items() if zipf <= margin]
        ranked = sorted(best, key=lambda c: (-_dialect_score(c, dialect, lexicon), -common[c], c))
        return tuple(ranked[: self.settings.max_suggestions])

    def _glued(self, word: str, zipf: float, known: bool) -> tuple[str, ...]:
        """``word`` (lowercase, no word of the lexicons; ``zipf`` and ``known`` as the lexicon gives them) as two
        words run together, one of them a function word and the other a common word ("kindof", "intothe",
        "atall"): the ways to split it; () when there is none or wordfreq lists it as often as an established
        word."""
        if known or zipf >= ESTABLISHED:
            return ()
        common = self.lexicon.derived.common
        splits = []
        for i in range(2, len(word) - 1):
            left, right = word[:i], word[i:]
            if (left in _FUNCTION_WORDS and common.get(right, 0.0) >= GLUED_PART_MIN) or \
                    (right in _FUNCTION_WORDS and right not in _PARTICLES and common.get(left, 0.0) >= GLUED_PART_MIN):
                splits.append(f"{left} {right}")
        return tuple(splits[: self.settings.max_suggestions])

    def _marked(self, distinct: set[str]) -> tuple[frozenset[str], frozenset[str]]:
        """The UK-marked and US-marked spellings among ``distinct`` (a document's distinct lowered words)."""
        derived = self.lexicon.derived
        return derived.uk.intersection(distinct), derived.us.intersection(distinct)


def _majority(uk: frozenset[str], us: frozenset[str]) -> str:
    """'uk' or 'us', whichever dialect more of the article's distinct marked spellings (``uk``, ``us``) are;
    'us' on a tie."""
    return "uk" if len(uk) > len(us) else "us"


# Word formation the lexicons do not list but English makes freely: a productive prefix on a common word (retap,
# precheck, unzoom), a suffix on a common word ending in a consonant (bursty, greyish, clueless; not after "l",
# "y" or "e", where the slips are: finaly, happyness, truely), and a clipping of a longer common word (compat,
# config). Such a word is left alone unless one of the surest slips (a transposition, a doubled or undoubled
# letter, "rn" for "m") reaches a common word: "untill" is "un" + "till", and a slip of "until".
_PREFIXES = ("anti", "co", "counter", "cross", "de", "dis", "inter", "micro", "mis", "multi", "non", "out", "over",
             "pre", "re", "semi", "sub", "un", "under", "up")
_SUFFIXES = ("y", "ish", "less", "ness")
_PREFIX_STEM_MIN, _SUFFIX_STEM_MIN = 3, 4  # the shortest common word a prefix or a suffix is taken to be added to
CLIPPED_MIN = 3  # letters a clipping leaves off at least (compat for compatible): fewer are a dropped ending
# Two words run together by a lost space ("kindof", "intothe", "atall", "notnot"): one is a function word, the
# other a common word at least this frequent (Zipf), each at least two letters long.
_FUNCTION_WORDS = frozenset(("the", "of", "to", "and", "in", "on", "at", "for", "with", "from", "by", "is", "it",
                             "not", "all", "that", "this", "as", "or", "be", "an", "are", "was", "his", "her", "its",
                             "their", "into", "does"))
GLUED_PART_MIN = 4.0
# ... but a particle at the end makes a noun of a phrasal verb, written solid in tech and sport (checkin, signin)
_PARTICLES = frozenset(("in", "on", "at"))
_SURE_KINDS = frozenset(("transpose", "double", "undouble", "rn-m"))


def _formed_from_words(word: str, common: Mapping[str, float]) -> bool:
    """Whether ``word`` (lowercase, not in the lexicons) is a common word with a productive prefix or suffix, or
    the clipped beginning of a longer common word."""
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= _PREFIX_STEM_MIN and word[len(prefix):] in common:
            return True
    for suffix in _SUFFIXES:
        stem = word[: len(word) - len(suffix)]
        if word.endswith(suffix) and len(stem) >= _SUFFIX_STEM_MIN and stem[-1] not in "aeiouyl" and stem in common:
            return True
    # the words that begin with ``word`` stand together in sorted order
    ordered = _sorted_words(common)
    longest = len(word) + CLIPPED_MIN
    for i in range(bisect.bisect_left(ordered, word), len(ordered)):
        w = ordered[i]
        if not w.startswith(word):
            return False
        if len(w) >= longest:
            return True
    return False


_SORTED: list[tuple[Mapping[str, float], list[str]]] = []  # the last lexicon's words, sorted (one a process)


def _sorted_words(common: Mapping[str, float]) -> list[str]:
    """The words of ``common`` in sorted order, sorted once per lexicon (at the first word that needs it: a word
    being typed in the editor is one; a scan of the 22,000 words took about 1 ms a word; sorting them takes 2 ms)."""
    if not _SORTED or _SORTED[0][0] is not common:
        _SORTED[:] = [(common, sorted(common))]
    return _SORTED[0][1]


_MARKED_ENDINGS = tuple({e for pair in _UK_ENDINGS for e in pair if len(e) >= 2})


def _dialect_score(word: str, dialect: str, lexicon: Lexicon) -> int:
    found = lexicon.dialect(word)
    return 0 if found is None else (1 if found == dialect else -1)


_FIND_AT_MOST = 12  # words looked for one by one (a ``str.find`` pass each); more: one test of every word


def _positions(doc: Document, lowered: set[str]) -> list[int]:
    """The indexes, in text order, of the words of ``doc.words`` lowered as one of ``lowered``. A few words are
    each found by ``str.find`` in ``doc.folded``, where a word whose lowered form is ASCII but for ’ stands as
    ``Document.words`` lowers it (each of its characters lowers to one, whatever stands around it); more words,
    or another word (a final sigma lowers by what follows it, 'İ' to two characters), by a test of every word."""
    words = doc.words
    if len(lowered) > _FIND_AT_MOST or not all(w.isascii() or w.replace("’", "").isascii() for w in lowered):
        return list(itertools.compress(itertools.count(), map(lowered.__contains__, words.lowered)))
    folded, starts, every = doc.folded, words.starts, words.lowered
    found = []
    for word in lowered:
        at = folded.find(word)
        while at >= 0:
            i = bisect.bisect_left(starts, at)
            if i < len(starts) and starts[i] == at and every[i] == word:
                found.append(i)
            at = folded.find(word, at + 1)
    found.sort()
    return found


def _folded_part(lowered: str) -> str | None:
    """The casefolded part ``_parts`` gives of a word lowered as ``lowered`` when the word's own letters are
    lower case; None when it gives none. (A word written with capitals gives the same part, or none when its
    possessive is "'S".)"""
    word = lowered.rstrip("-'’")
    if "-" in word:
        return None
    if word[-2:] in ("'s", "’s"):
        word = word[:-2]
    if "'" in word or "’" in word:
        return None
    return word


def _parts(surface: str, lowered: str) -> Iterator[tuple[int, str, str]]:
    """The word of ``Document.words`` as a letters-only part, with a possessive's 's or s' left off: (offset in the
    word, part, casefolded part). A contraction (isn't) and a hyphenated compound, whose parts need not be words
    (criss-cross), give none; so does a word with an apostrophe inside (O'Brien)."""
    word = surface.rstrip("-'’")
    if "-" in word:
        return
    if word[-2:] in ("'s", "’s"):
        word = word[:-2]
    if "'" in word or "’" in word:
        return
    yield 0, word, lowered[: len(word)]


# A capitalised word inside a sentence is flagged (check: capitals) only when wordfreq gives its lower-case form at
# least this Zipf frequency (about one in 10,000 words): a rarer word may be a term or a brand written so.
CAPITALS_COMMON = 4.0
# Determiners, prepositions and conjunctions: a capital after one of them is often a name's or the house's (the
# Government, via Zoom, by Telegram, and Apple).
_NAME_LEADERS = frozenset((
    "a", "an", "the", "this", "that", "these", "those", "his", "her", "their", "its", "our", "my", "your", "each",
    "every", "any", "some", "no", "all", "both", "one", "either", "neither", "another", "such", "what", "which",
    "whose", "of", "in", "on", "at", "by", "for", "from", "to", "with", "via", "as", "into", "onto", "than", "like",
    "about", "per", "over", "under", "through", "after", "before", "between", "against", "without", "within",
    "near", "toward", "towards", "across", "along", "around", "behind", "beyond", "during", "inside", "outside",
    "since", "until", "upon", "among", "amid", "and", "or", "nor", "but", "if", "because", "although", "though",
    "while", "unless", "whether", "when", "where", "why", "how", "who", "whom"))
# Function words are never flagged: a capital on one of them is CD1153's to judge.
_FUNCTION_WORDS_NOT_FLAGGED = _NAME_LEADERS.union((
    "i", "we", "you", "he", "she", "it", "they", "me", "us", "him", "them", "is", "are", "was", "were", "be",
    "been", "being", "am", "has", "have", "had", "do", "does", "did", "will", "would", "shall", "should", "can",
    "could", "may", "might", "must", "not", "also", "very", "just", "only", "even", "same", "much", "many", "most",
    "more", "then", "so", "yet", "too", "again"))
# a word that may join the words of one name or title (Ministry of Defence, Physics and Technology, Kim de Paz)
_NAME_JOINERS = frozenset(("of", "and", "or", "for", "&", "de", "du", "la", "le", "von", "van", "da", "del",
                           "der", "in", "al", "bin", "ibn", "y"))


def _in_capitalised_run(prose: str, words: Words, i: int) -> bool:
    """Whether word ``i`` (capitalised, after a lowercase word) is joined to a capitalised word after it by one
    space ("Supreme Court") or by a joiner ("Ministry of Defence")."""
    starts, ends = words.starts, words.ends
    if i + 1 >= len(starts) or starts[i + 1] != ends[i] + 1 or prose[ends[i]] != " ":
        return False  # the last word, or one a mark or more than a space ends (Worse? They ...)
    if prose[starts[i + 1]].isupper():
        return True
    return i + 2 < len(starts) and words.lowered[i + 1] in _NAME_JOINERS and starts[i + 2] == ends[i + 1] + 1 \
        and prose[starts[i + 2]].isupper()


def _headline_line(prose: str, start: int) -> bool:
    """Whether the line at ``start`` reads as a headline, a heading or a label rather than a sentence: a Markdown
    heading, or a line whose words of four letters or more after the first are capitalised at least half the time
    (or that has fewer than three of them)."""
    end = prose.find("\n", start)
    line = prose[start:len(prose) if end < 0 else end]
    if line.lstrip().startswith("#"):
        return True
    long = [w for w in line.split()[1:] if sum(c.isalpha() for c in w) >= 4]  # (the first says nothing)
    if len(long) < 3:
        return True
    return sum(1 for w in long if w.lstrip("\"'“‘([").strip()[:1].isupper()) * 2 >= len(long)


_WORD_BEFORE = regexes.compile(r"(?<![\p{L}\p{M}'’-])(\p{Lu}\p{Ll}+) \Z")
_WORD_AFTER = regexes.compile(r" (\p{Lu}\p{Ll}+)(?![\p{L}\p{M}'’-])")


def _chinese_name(prose: str, start: int, end: int, folded: str) -> bool:
    """Whether the capitalised word at ``start`` is a Chinese given name written in pinyin (one or two syllables)
    beside a family name of one syllable, before or after it ("Gao Makong", "Makong Gao")."""
    if not syllable_count(folded):
        return False
    before = _WORD_BEFORE.search(prose, max(0, start - 12), start)
    after = _WORD_AFTER.match(prose, end, end + 12)
    return any(m is not None and syllable_count(m.group(1)) == 1 for m in (before, after))


# two more words on the line: a sentence, not a lone word or a two-word list entry, whose case tells nothing
_RUNNING_ON = re.compile(r"[ \t]+[^\s.!?]+[ \t]+[^\s.!?]")


def _touches_digit_or_mark(prose: str, start: int, end: int) -> bool:
    before = prose[start - 1] if start > 0 else " "
    after = prose[end] if end < len(prose) else " "
    if before == "-" and start > 1 and prose[start - 2].isdigit():
        return True  # joined to a figure by a hyphen: an address, a model or a code (1-chome, 3-pin, F-16-class)
    return before.isdigit() or after.isdigit() or before in "_@#/\\=" or after in "_@#/\\=" or \
        (before == "." and start > 1 and prose[start - 2].isalnum()) or \
        (after == "." and end + 1 < len(prose) and prose[end + 1].isalnum())  # a file name or domain (x.yaml)


def _in_case(suggestion: str, written: str) -> str:
    return suggestion[:1].upper() + suggestion[1:] if written[:1].isupper() else suggestion


def _validate(options: Mapping[str, Any]) -> None:
    for word in options["known-words"] or ():
        if not isinstance(word, str) or not word.strip():
            raise OptionError("known-words", f"{word!r}: each entry must be a non-empty word")
    if not isinstance(options["max-suggestions"], int) or not 1 <= options["max-suggestions"] <= 10:
        raise OptionError("max-suggestions", "must be a whole number from 1 to 10")


def _validate_table(key: str, value: Any) -> None:
    if key == "dialect" and value not in DIALECTS:
        raise ValueError(f"choose from {', '.join(DIALECTS)}")
    if key == "known-words" and not all(isinstance(w, str) and w.strip() for w in value):
        raise ValueError("each entry must be a non-empty word")


def dialect_for(rules: Iterable[Rule], context: CompileContext) -> str:
    """The dialect the run asks for: the `spelling:` table's, else a selected style profile's, else 'auto' (the
    article's own majority)."""
    table = context.settings.table(TABLE) if context.settings is not None else {}
    if table.get("dialect", "auto") != "auto":
        return str(table["dialect"])
    profiles = {PROFILE_DIALECTS[r.pack] for r in context.selected if r.pack in PROFILE_DIALECTS}
    if len(profiles) == 1:
        return profiles.pop()
    return "auto"


def compile_configured(rules: list[Rule], context: CompileContext) -> list[SpellingChecker]:
    """One checker a rule; the lexicons are read at the first check, the names the loaded rules list when
    first needed."""
    table = context.settings.table(TABLE) if context.settings is not None else {}
    dialect = dialect_for(rules, context)
    lexicon = shared_lexicon()
    return [SpellingChecker(rule, RuleSettings(rule.options["check"],
                                           frozenset((*rule.options["known-words"], *table.get("known-words", ()))),
                                           dialect, rule.options["max-suggestions"]), context, lexicon)
            for rule in rules]


KIND = Kind(
    name="spelling",
    summary="non-words one slip from a much more frequent word (Hunspell en_US and wordfreq), with suggestions; "
            "names the rules list, capitalised words, acronyms and quotations are left alone; with `check: "
            "capitals`, a common word the dictionary knows only in lower case, capitalised inside a sentence",
    options={
        "check": Option(str, "what is checked: 'words' (a non-word one slip from a common word), 'names' (a "
                             "capitalised non-word one slip from a name the loaded rules list) or 'capitals' (a "
                             "common word the dictionary knows only in lower case, capitalised inside a sentence)",
                        default="words", choices=("words", "names", "capitals")),
        "known-words": Option(list, "words never flagged (the names the loaded rules list never are)", default=()),
        "max-suggestions": Option(int, "how many suggestions at most", default=3),
    },
    compile=lambda rules: compile_configured(rules, CompileContext(None, tuple(rules))),
    validate=_validate,
    placeholders=("match", "replacement", "suggestions"),
    compile_configured=compile_configured,
    config=ConfigTable(TABLE, "spelling rules: dialect and known words", {
        "dialect": ((str,), "us, uk or auto (the article's own majority; a selected style profile's dialect "
                            "wins over auto)"),
        "known-words": ((list,), "words the spelling rules never flag"),
    }, _validate_table),
    names=lambda rule: tuple(rule.options["known-words"] or ()),
    scope=lambda rule: Scope.PARAGRAPH if rule.options["check"] == "names" else Scope.DOCUMENT,
    fix_safety="A misspelling has only suggestions: the word may be a name or a term the lexicon lacks, and the "
               "nearest word is not always the one meant; a capital lowered may be a brand's or a body's the "
               "lexicon does not know. The fix is never safe.",
    lowers_fix=lambda options: True,
)
