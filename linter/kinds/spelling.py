"""Kind `spelling`: non-words with ranked suggestions, over a curated lexicon (Hunspell en_US, read by spylls) and
word frequencies (wordfreq), knowing the names the other rules list.

A word is a misspelling only when it is in neither lexicon's sense a word and a much more frequent word lies one
typing or spelling slip away (a transposition, a doubled or undoubled letter, a vowel for a vowel, a letter
dropped or added inside the word, a neighbouring key, "rn" for "m"); a word with no such neighbour is taken for a
name, a loanword or a coinage and left alone. Which slips count and how much more frequent the word must be:
``_EDITS`` and ``_GAP``. The lexicons are read at the first check, never at start-up (docs/spelling.md says why
these two and gives the measurements).
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linter.kinds.base import CompileContext, ConfigTable, Finding, Kind, Option, OptionError, Scope
from linter.model.diagnostics import Applicability
from linter.model.rules import Rule
from linter.text import quotes
from linter.text.document import Document

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
               ("ogues", "ogs"), ("mme", "m"), ("mmes", "ms"), ("ement", "ment"), ("ements", "ments"),
               ("lled", "led"), ("lling", "ling"), ("ller", "ler"), ("llers", "lers"), ("llor", "lor"),
               ("llors", "lors"), ("st", ""), ("eable", "able"), ("ey", "y"), ("eys", "ys"))
_UK_INFIXES = (("our", "or"), ("ae", "e"), ("oe", "e"), ("lled", "led"), ("ll", "l"))


class LexiconError(RuntimeError):
    """A lexicon file cannot be read: the message names the file."""


def _spylls_en_us() -> Path:
    spec = importlib.util.find_spec("spylls.hunspell")
    if spec is None or not spec.submodule_search_locations:
        raise LexiconError("the spelling rules need the 'spylls' package (its Hunspell en_US dictionary): "
                           "pip install spylls")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "en" / "en_US"


def _wordfreq_file() -> Path:
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        raise LexiconError("the spelling rules need the 'wordfreq' package (its English word frequencies): "
                           "pip install wordfreq")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "large_en.msgpack.gz"


def _read_frequencies(path: Path) -> dict[str, float]:
    """wordfreq's English list (its cBpack format: a header, then words grouped by frequency in centibels) as
    word -> Zipf frequency."""
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


class Lexicon:
    """The curated dictionary and the frequencies, read when first needed; word lookups are memoised."""

    def __init__(self, hunspell: Path | None = None, frequencies: Path | None = None):
        self._hunspell_base = hunspell
        self._frequency_file = frequencies
        self._known: dict[str, bool] = {}

    @functools.cached_property
    def zipf(self) -> dict[str, float]:
        return _read_frequencies(self._frequency_file or _wordfreq_file())

    @functools.cached_property
    def _hunspell(self) -> Any:
        return _read_hunspell(self._hunspell_base or _spylls_en_us())

    def load(self) -> None:
        """Read both lexicons now (raises LexiconError naming the file that cannot be read)."""
        _ = self.zipf, self._hunspell

    def in_dictionary(self, word: str) -> bool:
        """Whether Hunspell en_US (with its affixes) knows ``word``, as written or in a British spelling of a
        word it knows."""
        known = self._known.get(word)
        if known is None:
            known = self._known[word] = bool(self._hunspell.lookup(word)) or self._british(word)
        return known

    def _british(self, word: str) -> bool:
        for uk, us in _UK_ENDINGS:
            stem = word[: len(word) - len(uk)]
            if word.endswith(uk) and len(stem) > 2 and self._hunspell.lookup(stem + us):
                return True
        return any(uk in word and self._hunspell.lookup(word.replace(uk, us, 1)) for uk, us in _UK_INFIXES)

    def frequency(self, word: str) -> float:
        return self.zipf.get(word, 0.0)


@functools.cache
def _versions() -> tuple[str, ...]:
    """The installed versions of the packages whose data the lexicon is."""
    from importlib import metadata

    found = []
    for package in ("spylls", "wordfreq"):
        try:
            found.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            found.append(f"{package} missing")
    return tuple(found)


@functools.cache
def shared_lexicon() -> Lexicon:
    """The one lexicon of this process (read once, at the first check of a spelling rule)."""
    return Lexicon()


def british_form(word: str, lexicon: Lexicon) -> str | None:
    """The British spelling of an American ``word`` (organize -> organise) when wordfreq knows it, else None."""
    for uk, us in _UK_ENDINGS:
        if us and word.endswith(us) and len(word) > len(us) + 2:
            candidate = word[: len(word) - len(us)] + uk
            if candidate != word and lexicon.frequency(candidate) >= CANDIDATE_MIN:
                return candidate
    return None


def dialect_of_word(word: str, lexicon: Lexicon) -> str | None:
    """'uk' for a British spelling (colour, organised), 'us' for an American one whose British form is in use
    (color, organized), None for a word both write alike."""
    if not lexicon.in_dictionary(word):
        return None
    if not lexicon._hunspell.lookup(word):
        return "uk"  # known only through a British ending or infix
    return "us" if british_form(word, lexicon) is not None else None


def _slips(word: str) -> Iterator[tuple[str, str]]:
    """Every word one slip from ``word`` with the kind of slip: (candidate, kind). The first letter is kept:
    people rarely misspell it, and changing it reaches too many real words (zander/wander)."""
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

    @functools.cached_property
    def names(self) -> frozenset[str]:
        """The words of every name the loaded rules list, casefolded, and the rule's and config's known words."""
        return frozenset(w.casefold() for name in (*self._context.names(), *self.settings.known)
                         for w in name.replace("-", " ").split())

    @functools.cached_property
    def name_words(self) -> dict[str, str]:
        """Capitalised single words of the listed names (casefolded -> as listed), at least five letters long: the
        names a capitalised non-word may be a slip of."""
        found: dict[str, str] = {}
        for name in (*self._context.names(), *self.settings.known):
            for w in name.replace("-", " ").split():
                if len(w) >= 5 and w[:1].isupper() and w.isalpha():
                    found.setdefault(w.casefold(), w)
        return found

    @property
    def fingerprint(self) -> str:
        """What besides the rule decides the findings (cached results are keyed on it): the settings, the names
        and the lexicons' versions."""
        return repr((self.settings, sorted(self.names), _versions()))

    def check(self, doc: Document) -> Iterable[Finding]:
        lexicon = self.lexicon
        lexicon.load()  # a lexicon that cannot be read fails the rule with a message naming the file
        words = doc.words
        prose = doc.prose
        starts = doc.sentence_starts
        inside = quotes.quote_index(doc).inside
        dialect = self.settings.dialect
        if dialect == "auto":
            dialect = self._majority(words.lowered)
        for start, end, lowered in zip(words.starts, words.ends, words.lowered, strict=True):
            surface = prose[start:end]
            for offset, part, folded in _parts(surface, lowered):
                if len(part) < MIN_LENGTH or not folded.isascii() or not folded.isalpha():
                    continue
                if folded in self.names or (part.isupper()) or any(c.isupper() for c in part[1:]):
                    continue  # a listed name, an acronym (NATO), a name with inner capitals (McDonald, iPhone)
                at = start + offset
                if _touches_digit_or_mark(prose, at, at + len(part)):
                    continue  # part of a code, a number or an identifier (A380s, COVID-19, x_y)
                if inside(at):
                    continue  # quoted words are the speaker's, and quotations quote names and foreign words
                capitalised = part[0].isupper()
                sentence_start = capitalised and (at in starts or _starts_sentence(prose, at))
                found = self._judge(folded, capitalised, sentence_start, dialect)
                if found:
                    suggestions = tuple(_in_case(s, part) for s in found)
                    yield Finding(self.rule, at, at + len(part), suggestions=suggestions,
                                  values={"suggestions": ", ".join(f"'{s}'" for s in suggestions)},
                                  applicability=Applicability.DISPLAY_ONLY if len(found) > 1 else None)

    def _judge(self, word: str, capitalised: bool, sentence_start: bool, dialect: str) -> tuple[str, ...]:
        """The suggestions for ``word`` (casefolded), best first; () when it is not to be flagged."""
        lexicon = self.lexicon
        zipf = lexicon.frequency(word)
        if self.settings.target == "names":
            if not capitalised or zipf >= 1.0 or word in self.name_words or lexicon.in_dictionary(word):
                return ()
            close = {c for c, kind in _slips(word) if c in self.name_words}
            return tuple(sorted(self.name_words[c] for c in close))[: self.settings.max_suggestions]
        if zipf >= ESTABLISHED or lexicon.in_dictionary(word) or _inflected(word, lexicon):
            return ()
        if capitalised and zipf > 0:
            return ()  # a capitalised word wordfreq has seen, even at a sentence's start, is taken for a name
        # a capitalised word wordfreq has never seen may be a rare name, one letter from many words (Shopot/shoot):
        # only the surest slips, towards a very frequent word
        floor = CAPITALISED_CANDIDATE_MIN if capitalised else CANDIDATE_MIN
        best: dict[str, float] = {}
        for candidate, kind in _slips(word):
            if capitalised and kind in ("drop", "add", "key"):
                continue
            cz = lexicon.frequency(candidate)
            if cz >= floor and cz - zipf >= _GAP[kind] and lexicon.in_dictionary(candidate):
                best[candidate] = max(best.get(candidate, 0.0), cz)
        if not best:
            return ()
        ranked = sorted(best, key=lambda c: (-_dialect_score(c, dialect, lexicon), -best[c], c))
        return tuple(ranked[: self.settings.max_suggestions])

    def _majority(self, lowered: list[str]) -> str:
        """'uk' or 'us', whichever the article's own dialect-marked spellings are more often; 'us' on a tie."""
        lexicon = self.lexicon
        counts = {"uk": 0, "us": 0}
        for word in set(lowered):
            if len(word) > 4 and word.endswith(_MARKED_ENDINGS) and word.isalpha():
                found = dialect_of_word(word, lexicon)
                if found is not None:
                    counts[found] += 1
        return "uk" if counts["uk"] > counts["us"] else "us"


_MARKED_ENDINGS = tuple({e for pair in _UK_ENDINGS for e in pair if len(e) >= 2})


def _dialect_score(word: str, dialect: str, lexicon: Lexicon) -> int:
    found = dialect_of_word(word, lexicon)
    return 0 if found is None else (1 if found == dialect else -1)


def _inflected(word: str, lexicon: Lexicon) -> bool:
    """A plural or agent noun of a dictionary word the dictionary lacks (aggressions, wobbler)."""
    if word.endswith("es") and lexicon.in_dictionary(word[:-2]):
        return True
    if word.endswith("s") and lexicon.in_dictionary(word[:-1]):
        return True
    stem = word[:-1] if word.endswith("s") else word
    return stem.endswith("er") and (lexicon.in_dictionary(stem[:-1]) or lexicon.in_dictionary(stem[:-2]))


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


def _touches_digit_or_mark(prose: str, start: int, end: int) -> bool:
    before = prose[start - 1] if start > 0 else " "
    after = prose[end] if end < len(prose) else " "
    return before.isdigit() or after.isdigit() or before in "_@#/\\=" or after in "_@#/\\=" or \
        (before == "." and start > 1 and prose[start - 2].isalnum())


def _starts_sentence(prose: str, at: int) -> bool:
    """Whether nothing but openers (quotes, brackets, dashes, spaces) stand between ``at`` and the previous
    sentence end or the start of the text (a headline, a list item)."""
    i = at - 1
    while i >= 0 and (prose[i].isspace() or prose[i] in "\"'“‘«([—–-*•"):
        i -= 1
    return i < 0 or prose[i] in ".!?:;\n"


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
            "names the rules list, capitalised words, acronyms and quotations are left alone",
    options={
        "check": Option(str, "what is checked: 'words' (a non-word one slip from a common word) or 'names' (a "
                             "capitalised non-word one slip from a name the loaded rules list)",
                        default="words", choices=("words", "names")),
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
    scope=lambda rule: Scope.DOCUMENT if rule.options["check"] == "words" else Scope.PARAGRAPH,
    fix_safety="A misspelling has only suggestions: the word may be a name or a term the lexicon lacks, and the "
               "nearest word is not always the one meant. The fix is never safe.",
    lowers_fix=lambda options: True,
)
