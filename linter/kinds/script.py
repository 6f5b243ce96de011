"""Kind `script`: characters of another writing system inside English text.

Four checks: runs of a foreign script (Cyrillic, CJK, Bengali residue), mixed-script words
(a Latin word with a Cyrillic homoglyph), invisible or bidirectional control characters, and
sentences in Latin letters that are not English at all (untranslated text, told apart by the
`lingua` language detector, which is imported only when such a rule runs).
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import regex

from linter.kept import regexes
from linter.kinds.base import REGEX_TIMEOUT, Finding, Kind, Option, OptionError, RegexBudget, Scope, from_user_pack
from linter.model.diagnostics import Edit
from linter.model.rules import Rule
from linter.text import tokens
from linter.text.document import Document, LastDocument

_CHECKS = ("foreign-script", "mixed-script", "invisible", "foreign-language")

# Source languages of machine-translated news that are written in Latin letters.
DEFAULT_LANGUAGES = (
    "SPANISH", "FRENCH", "GERMAN", "ITALIAN", "PORTUGUESE", "POLISH", "CZECH", "TURKISH", "INDONESIAN",
    "DUTCH", "ROMANIAN", "VIETNAMESE", "TAGALOG", "SWAHILI",
)
# Frequent English words, and the share of a sentence they make up: English prose, even a
# headline, is rarely without them, while a sentence in another language has next to none. Words
# other languages write the same way ("a", "in", "to", "no") count half.
_ENGLISH_WORDS = frozenset(
    """the and of was were with that which said has have had would their this from will been they
    what when who there should could about after because than these those its being into for are
    not but by or it we you she his her him our your my us them then also more most some any all
    can may might must only over under out up down off new year years people says told time just
    very such other between against during before while where how why if as at be do does did
    get got make made take took give gave go went come came see saw know knew think want wants
    first last next best top high low big small old young good bad great long own same few many
    much less least one two three four five six seven eight nine ten hundred thousand million
    day days week weeks month months today yesterday tomorrow now ago still even back well here
    way man men woman women child children family house home school work world country city state
    government police officials minister president party war law court plan plans report news
    company market price prices money tax health life death case cases number part group water
    missing found using use used need needs help call called keep keeps let lets put set show
    shows say tell asked ask looking look like likes into around through without within across
    against toward towards upon among each every both either neither none nothing something
    anything everything someone anyone everyone again already always never often soon later early""".split()
)
_SHARED_WORDS = frozenset("a an i in on to is no me he so do at be as".split())
_ENGLISH_LIST, _SHARED_LIST = sorted(_ENGLISH_WORDS), sorted(_SHARED_WORDS)  # as the compiled pass takes them
_ENGLISH_ENOUGH = 0.125  # this share of frequent English words says a sentence is English (the compiled pass's too)
_LATIN_WORD = regexes.compile(r"(?<![\p{L}\p{N}_])\p{Latin}[\p{Latin}\p{M}'’-]*(?![\p{L}\p{N}_])")
# the same for ASCII text (most sentences), with the standard library's faster engine
_ASCII_LATIN_WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z][A-Za-z'-]*(?![A-Za-z0-9_])")

# Cyrillic and Greek letters that look like Latin ones.
HOMOGLYPHS = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j",
    "ѕ": "s", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w", "ӏ": "l",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "Ү": "Y",
    "ο": "o", "ν": "v", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K",
    "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}

# a class of plain code points: the standard library's engine finds the same ones, about six times faster
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad\u180e]")
# the same code points as sorted ranges, for the compiled scan (tests/test_native.py checks both find the same)
_INVISIBLE_RANGES = ((0x00AD, 0x00AD), (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064),
                     (0x2066, 0x2069), (0xFEFF, 0xFEFF))
# both scripts as letters of the word: "A𝈀" (a Greek musical symbol after A) is no mixed-script word
_MIXED = regexes.compile(r"(?=[\p{L}\p{M}]*(?=\p{L})\p{Latin})(?=[\p{L}\p{M}]*(?=\p{L})[\p{Cyrillic}\p{Greek}])"
                       r"[\p{L}\p{M}]+")
_JOINERS = "\u200c\u200d"
_CYRILLIC_OR_GREEK = regexes.compile(r"[\p{Cyrillic}\p{Greek}]")
# Characters of the Latin, Common or Inherited script (or white space), in the blocks English news copy is written
# in (and the CJK punctuation and middle dot that copy translated from Chinese or Japanese keeps): every foreign-script
# and mixed-script rule accepts them, whatever else it allows. A text with no character outside them has no
# foreign-script run and no Cyrillic or Greek letter, and is told so by one compiled pass (or one scan of the standard
# library's engine: the `regex` module's script classes cost about five times as much a scan); each code point here
# is checked against the `regex` module's script properties by tests/test_script_prefilter.py. Only the Basic
# Multilingual Plane: a class with ranges beyond it (emoji) costs ten times as much to compile (4 ms of start-up).
_SURELY_ALLOWED_RANGES = ((0x0000, 0x02E9), (0x02EC, 0x036F), (0x1DC0, 0x1EFF), (0x2000, 0x2064), (0x2074, 0x20C0),
                          (0x2100, 0x2125), (0x2127, 0x218B), (0x2190, 0x2429), (0x2460, 0x27FF), (0x2900, 0x2B73),
                          (0x2E00, 0x2E5D), (0x3000, 0x3004), (0x3008, 0x3020), (0x30FB, 0x30FC), (0xFE00, 0xFE0F),
                          (0xFF01, 0xFF65))
_SURELY_ALLOWED = "".join(rf"\u{first:04x}-\u{last:04x}" for first, last in _SURELY_ALLOWED_RANGES)
# what lies outside them, as sorted ranges for the compiled scan (tests/test_native.py checks it finds what the
# standard library's class finds)
_MAYBE_FOREIGN_RANGES = tuple(
    (after + 1, before - 1) for (_, after), (before, _) in itertools.pairwise(
        ((-1, -1), *_SURELY_ALLOWED_RANGES, (0x110000, 0x110000))) if before - after > 1)


@functools.cache
def _maybe_foreign_pattern() -> re.Pattern[str]:
    """Any character outside ``_SURELY_ALLOWED`` (compiled at the first use: the standard library keeps no
    compiled pattern between runs, as the kept regexes are); the twin of the compiled scan."""
    return re.compile(rf"[^{_SURELY_ALLOWED}]")


def _any_maybe_foreign(doc: Document) -> bool:
    """Whether the document's prose holds a character outside ``_SURELY_ALLOWED``: none in ASCII (``str.isascii``
    reads a flag), else one compiled pass (a Latin-1 text is answered without reading it) or the standard library's
    scan."""
    prose = doc.prose
    return not prose.isascii() and bool(tokens.code_points_in(prose, _MAYBE_FOREIGN_RANGES, _maybe_foreign_pattern, 1))


_maybe_foreign = LastDocument(_any_maybe_foreign)
_BIDI_MARKS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def script_of(ch: str) -> str:
    try:
        name = unicodedata.name(ch).split()[0]
    except ValueError:
        return "Unknown"
    return "CJK" if name == "CJK" else name.title()


def _validate(options: Mapping[str, Any]) -> None:
    languages = options["languages"]
    if not languages or not all(isinstance(x, str) and regex.fullmatch(r"[A-Za-z_]+", x) for x in languages):
        raise OptionError("languages", "must be a non-empty list of language names such as SPANISH")
    if options["check"] == "foreign-language" and tuple(languages) != DEFAULT_LANGUAGES:
        from lingua import Language  # only for a rule that names its own languages

        unknown = [x for x in languages if not hasattr(Language, x.upper())]
        if unknown:
            raise OptionError("languages", f"unknown language {unknown[0]!r} (lingua names, e.g. SPANISH)")
    if not isinstance(options["min-words"], int) or options["min-words"] < 1:
        raise OptionError("min-words", "must be a whole number of at least 1")
    confidence = options["min-confidence"]
    if not isinstance(confidence, int | float) or not 0 < confidence <= 1:
        raise OptionError("min-confidence", "must be a number above 0 and at most 1")
    for name in options["allowed"]:
        try:
            regexes.compile(script_property(name))
        except (regex.error, ValueError):
            raise OptionError("allowed", f"unknown script {name!r} (a Unicode script name such as Cyrillic, "
                                         "Han or Old_Italic)") from None


_SCRIPT_NAME = regexes.compile(r"[A-Za-z][A-Za-z_]*")


def script_property(name: object) -> str:
    """``\\p{Script=NAME}`` for a plain script name; ValueError for anything else, so that no option text
    (``Latin}](?:(?:a|aa)+)+$b{0``) is ever spliced into a pattern as regex syntax."""
    if not isinstance(name, str) or not _SCRIPT_NAME.fullmatch(name):
        raise ValueError(f"not a script name: {name!r}")
    return rf"\p{{Script={name}}}"


# What each check's findings depend on: mixed-script reads a word, foreign-language a sentence; foreign-script
# runs may span a blank line, and invisible treats a BOM at offset 0 apart: they read the document.
_SCOPES = {"foreign-script": Scope.DOCUMENT, "mixed-script": Scope.PARAGRAPH, "invisible": Scope.DOCUMENT,
           "foreign-language": Scope.SENTENCE}


def _scope(rule: Rule) -> Scope:
    return _SCOPES[rule.options["check"]]


class ScriptChecker:
    def __init__(self, rule: Rule):
        self.rules = (rule,)
        self.rule = rule
        allowed = "".join(map(script_property, ("Latin", "Common", "Inherited", *rule.options["allowed"])))
        foreign = rf"[^{allowed}\s]"
        # A run of foreign words, joined by spaces and punctuation.
        self.foreign = regexes.compile(rf"{foreign}+(?:[\s\p{{Common}}]+{foreign}+)*")

    def check(self, doc: Document) -> Iterable[Finding]:
        check = self.rule.options["check"]
        if check == "invisible":
            return self._invisible(doc)
        if check == "mixed-script":
            return self._mixed(doc)
        if check == "foreign-language":
            return self._foreign_language(doc)
        return self._foreign(doc)

    def _foreign_language(self, doc: Document) -> Iterable[Finding]:
        """Sentences of mostly Latin letters whose ordinary words are not English.

        Capitalised words after the first are left out of the sample (names say nothing about
        the language of a sentence), and a sentence of which frequent English words make up one in
        eight or more is English: the detector's low-accuracy mode misjudges short English samples.
        """
        options = self.rule.options
        text = doc.prose
        for start, sentence, ordinary in _samples(text, doc.sentences, options["min-words"]):
            language, confidence = _identify(" ".join(ordinary), tuple(options["languages"]))
            if language != "ENGLISH" and confidence >= options["min-confidence"]:
                yield Finding(self.rule, start, start + len(sentence.rstrip()),
                              values={"language": language.title()})

    def _foreign(self, doc: Document) -> Iterable[Finding]:
        if not _maybe_foreign.of(doc):
            return  # the usual case: every character is Latin, Common or Inherited (see _SURELY_ALLOWED)
        text = doc.prose
        glosses = self.rule.options["glosses"]
        # built from the rule's options: under the rule's time budget when a user's pack gave them
        timeout = RegexBudget(REGEX_TIMEOUT).left() if from_user_pack(self.rule) else None
        for m in self.foreign.finditer(text, timeout=timeout):
            if _MIXED.match(text, _word_start(text, m.start())):
                continue  # a homoglyph inside a Latin word: the mixed-script check's business
            if glosses and _in_brackets(text, m.start(), m.end()):
                continue  # "Xi Jinping (习近平)", "(from Persian کاروان)": a deliberate gloss
            letters = [c for c in m.group() if c.isalpha()]
            if len(letters) == 1 and script_of(letters[0]) == "Greek":
                continue  # "α-synuclein", "π", "the Δ variant": a Greek letter is a symbol in English
            letter = letters[0] if letters else m.group()[0]
            yield Finding(self.rule, m.start(), m.end(), values={"script": script_of(letter)})

    def _mixed(self, doc: Document) -> Iterable[Finding]:
        if not _maybe_foreign.of(doc) or not _CYRILLIC_OR_GREEK.search(doc.prose):
            return  # the usual case: one cheap scan instead of two lookaheads at every letter
        for m in _MIXED.finditer(doc.prose):
            word = m.group()
            latin = sum(1 for c in word if script_of(c) == "Latin")
            others = [c for c in word if c.isalpha() and script_of(c) != "Latin"]
            fixed = "".join(HOMOGLYPHS.get(c, c) for c in word)
            fixable = latin >= len(others) and all(c in HOMOGLYPHS for c in others)
            script = script_of(others[0]) if others else "Unknown"
            yield Finding(self.rule, m.start(), m.end(), suggestions=(fixed,) if fixable else (),
                          values={"script": script})

    def _invisible(self, doc: Document) -> Iterable[Finding]:
        text = doc.text
        if text.isascii():
            return  # every invisible character is beyond ASCII (str.isascii reads a flag: a short text's shortcut)
        for start in tokens.code_points_in(text, _INVISIBLE_RANGES, lambda: _INVISIBLE, len(text)):
            ch, end = text[start], start + 1
            if start == 0 and ch == "\ufeff":
                continue
            if ch in _JOINERS and start > 0 and not text[start - 1].isascii():
                continue  # joiners shape emoji and Indic scripts
            if ch in _BIDI_MARKS and _near_rtl(text, start, end):
                continue  # direction marks order Arabic or Hebrew text next to Latin
            name = unicodedata.name(ch, f"U+{ord(ch):04X}")
            yield Finding(self.rule, start, end, suggestions=("",), edits=(Edit(start, end, ""),),
                          values={"char": name})


def _samples(text: str, sentences: Sequence[tuple[int, int]], min_words: int) -> Iterator[
        tuple[int, str, list[str]]]:
    """The sentences of ``text`` worth asking the language detector about, each as (start, sentence, its ordinary
    words). The compiled pass (linter/text/tokens.py chooses it) sets aside the sentences this function would set
    aside among those of ASCII characters and the punctuation of its ``PLAIN_MARKS`` (curly quotes, dashes), by the
    same steps; every sentence it keeps is looked at here again."""
    module = tokens.choice().module
    indexes: Iterable[int] = range(len(sentences)) if module is None else module.english_candidates(
        text, sentences, min(min_words, len(text) + 1), _ENGLISH_LIST, _SHARED_LIST)  # no sentence has more words
    for i in indexes:
        start, end = sentences[i]
        sentence = text[start:end]
        ordinary = _ordinary_words(sentence, min_words)
        if ordinary is not None:
            yield start, sentence, ordinary


def _ordinary_words(sentence: str, min_words: int) -> list[str] | None:
    """The words of ``sentence`` that may tell its language (the first, and every one not capitalised), or None
    when it has too few, when frequent English words make up one in eight of them or more, or when it is mostly
    in another script."""
    words = (_ASCII_LATIN_WORD if sentence.isascii() else _LATIN_WORD).findall(sentence)
    if len(words) < min_words:
        return None
    ordinary = [t for i, t in enumerate(words) if i == 0 or not t[0].isupper()]
    if len(ordinary) < min_words:
        return None
    if _english_share(ordinary) >= _ENGLISH_ENOUGH:
        return None  # plainly English, whatever a detector makes of a short sample
    if not sentence.isascii():
        letters = [c for c in sentence if c.isalpha()]
        if sum(1 for c in letters if c.isascii() or script_of(c) == "Latin") * 5 < len(letters) * 4:
            return None  # mostly another script: the foreign-script check's business
    return ordinary


def _english_share(words: list[str]) -> float:
    """Share of frequent English words (shared ones count half); stops counting once ``_ENGLISH_ENOUGH``."""
    if not words:
        return 0.0
    target = _ENGLISH_ENOUGH * len(words)
    score = 0.0
    for word in words:
        lowered = word.lower().replace("’", "'")
        if lowered in _SHARED_WORDS:
            score += 0.5
        elif lowered in _ENGLISH_WORDS or lowered.endswith(("n't", "'s", "'re", "'ll", "'ve")):
            score += 1.0
        if score >= target:
            break
    return score / len(words)


@functools.lru_cache(maxsize=4)
def _detector(languages: tuple[str, ...]) -> Any:
    """One lingua detector per process and language set: low-accuracy mode, models loaded lazily."""
    from lingua import Language, LanguageDetectorBuilder  # heavy: only when a foreign-language rule runs

    chosen = {getattr(Language, name.upper()) for name in (*languages, "ENGLISH")}
    return LanguageDetectorBuilder.from_languages(*chosen).with_low_accuracy_mode().build()


@functools.lru_cache(maxsize=1024)
def _identify(sample: str, languages: tuple[str, ...]) -> tuple[str, float]:
    """The detector's best language for ``sample`` and its confidence, asked once per process for each sample (a
    feed's articles repeat their boilerplate, a headline its sentence; the answer depends on the sample alone)."""
    detector = _detector(languages)
    values = detector.compute_language_confidence_values(sample)
    if not values:
        return "ENGLISH", 0.0
    best = values[0]
    return best.language.name, float(best.value)


def _in_brackets(text: str, start: int, end: int) -> bool:
    """Whether [start, end) sits inside one pair of round brackets on its line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    opening = text.rfind("(", line_start, start)
    if opening < 0 or text.find(")", opening, start) >= 0:
        return False
    closing = text.find(")", end, line_end)
    return closing >= 0 and text.find("(", end, closing) < 0


def _near_rtl(text: str, start: int, end: int, reach: int = 3) -> bool:
    """A right-to-left letter (Arabic, Hebrew, ...) within a few characters of the mark."""
    around = text[max(0, start - reach):start] + text[end:end + reach]
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in around)


def _word_start(text: str, offset: int) -> int:
    while offset > 0 and text[offset - 1].isalpha():
        offset -= 1
    return offset


def _compile(rules: list[Rule]) -> list[ScriptChecker]:
    return [ScriptChecker(rule) for rule in rules]


KIND = Kind(
    name="script",
    summary="Foreign-script residue, mixed-script homoglyph words, invisible control characters.",
    fix_safety=("An invisible character is deleted (joiners that shape emoji or Indic script, and direction "
                "marks next to Arabic or Hebrew, are left alone); a word mixing Latin letters with look-alikes "
                "from another script is rewritten in Latin only when every foreign letter has a Latin twin, "
                "and is otherwise flagged without a fix."),
    options={
        "check": Option(str, ", ".join(_CHECKS), required=True, choices=_CHECKS),
        "allowed": Option(list, "scripts besides Latin accepted in running text", default=[]),
        "glosses": Option(bool, "foreign-script: accept foreign text inside round brackets (a name's original "
                          "spelling)", default=False),
        "languages": Option(list, "foreign-language: the languages (lingua names) a sentence is told apart from "
                            "English by", default=list(DEFAULT_LANGUAGES)),
        "min-words": Option(int, "foreign-language: fewest ordinary (not capitalised) words a sentence needs",
                            default=4),
        "min-confidence": Option((int, float), "foreign-language: the detector's least confidence", default=0.9),
    },
    compile=_compile,
    validate=_validate,
    placeholders=("match", "replacement", "script", "char", "language"),
    scope=_scope,
)
