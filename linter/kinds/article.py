"""Kind `article`: 'a' or 'an' chosen by the sound of the next word, not by its first letter.

The sound is read from lists the rule gives (silent h: "an hour"; 'eu', 'u' and 'one' read as 'you' or 'won':
"a European", "a university", "a one-off"; acronyms read as words: "a NATO", "an OPEC"), from the names of
letters for initialisms read letter by letter ("an FBI", "an MP", "a UN", "a US") and from the way numbers
are read aloud ("an 18-year-old", "an 8", "a 100"). A word the lists and these readings cannot place (an
all-capital word of four letters or more that could be read either way, a four-figure number that may be a
year, an unlisted word whose "u" comes before one consonant and a vowel, read "you" or "uh": udev, umami) is never
flagged: the check says nothing rather than guess.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from linter.kept import regexes
from linter.kinds.base import Finding, Kind, Option, OptionError, Scope
from linter.model.diagnostics import Applicability
from linter.model.rules import Rule
from linter.text.document import Document
from linter.text.quotes import quote_index

VOWEL, CONSONANT = "an", "a"
# Letters whose names start with a vowel sound: "an F", "an MP", "an X-ray"; the others ("a B", "a UN") do not.
_VOWEL_LETTERS = frozenset("AEFHILMNORSX")
_VOWELS = frozenset("AEIOU")
# The next word: letters, digits, and the marks inside initialisms, numbers and compounds ("U.S.", "8,000",
# "X-ray", "O'Brien").
_WORD = r"[\p{L}\p{N}](?:[\p{L}\p{N}]|[.,'’\-](?=[\p{L}\p{N}]))*\.?"
# An article, then the next word on the same line (group 2, read ahead: the match ends before it). The article
# stands alone: not part of "a.m.", "p.a." or a hyphenated word, and the next word starts right after the spaces
# (not a quotation mark: "the word 'a'"). (lowercase "a" before a plainly consonant letter, and "an" before "a" or
# "i", are right whatever the word: the usual case, skipped here rather than in Python)
_ARTICLE = regexes.compile(r"\b(?<![.'’\-/&@])(a(?=[ \u00a0]+(?![bcdgjkpqtvwyz]))|an(?=[ \u00a0]+(?![ai]))|A|An)"
                           rf"[ \u00a0]+(?=({_WORD}))")
# lowercase letters whose words and whose names both start with a consonant sound: "a bomb", "a BBC", "a G7"
_PLAIN_CONSONANTS = frozenset("bcdgjkpqtvwyz")
_DIGITS = regexes.compile(r"\d[\d,]*")
_PREVIOUS_WORD = regexes.compile(r"(?r)([\p{L}\p{N}]+)[ \u00a0]+$")
_NEXT_WORD = regexes.compile(r"[ \u00a0]+([\p{L}\p{N}]+)")
_LIST_KEYS = ("vowel-sound", "consonant-sound", "either")
_HEARD_AT_MOST = 50_000  # words whose sound a checker keeps (a language server runs for days)
_LATIN = regexes.compile(r"\p{Latin}")
# the capitals a word starts with, two or more: "FBI", "MPs" (MP), "FFmpeg" (FF); digits may follow ("G7")
_CAPITALS = regexes.compile(r"[A-Z]{2,}(?=[\d\-.'’]|[a-z]?$|$|[A-Z]?[a-z])")
_LETTERS = regexes.compile(r"\p{L}*")
_VOWELS_OR_Y = regexes.compile(r"[aeiouy]")
# A "u" before a single consonant and a vowel is read "you" as often as not (unit, usage, udev, Ubuntu, umami):
# only the lists can say which. The prefix "un" before a vowel is read "un" (an unusual, an unarmed guard).
_OPEN_U = regexes.compile(r"(?i)u(?!n[aeiou])[b-df-hj-np-tv-z][aeiouy]")


def _letter(letter: str) -> str:
    """The article before the name of ``letter``: "an F", "a U"."""
    return VOWEL if letter.upper() in _VOWEL_LETTERS else CONSONANT


def _validate(options: Mapping[str, Any]) -> None:
    for key in _LIST_KEYS:
        for entry in options[key]:
            if not isinstance(entry, str) or not entry.strip("*").strip():
                raise OptionError(key, f"entry {entry!r}: a word, or a beginning of words ending in '*'")
    for key in ("acronyms",):
        for word, article in options[key].items():
            if not isinstance(word, str) or not word.isupper():
                raise OptionError(f"{key}.{word}", "an acronym is written in capitals")
            if article not in (VOWEL, CONSONANT, "either"):
                raise OptionError(f"{key}.{word}", "say 'a', 'an' or 'either'")
    for key in ("after", "before"):
        if not all(isinstance(w, str) and w.strip() for w in options[key]):
            raise OptionError(key, "each entry must be a non-empty word")


class _Sounds:
    """What the rule's lists say a word starts with: VOWEL, CONSONANT, None (either is right), or "" (not
    listed). The longest listed beginning wins ("unin*" over "uni*": "an uninformed", "a unique")."""

    def __init__(self, options: Mapping[str, Any]):
        self.words: dict[str, str | None] = {}
        self.prefixes: dict[str, str | None] = {}
        for key, sound in zip(_LIST_KEYS, (VOWEL, CONSONANT, None), strict=True):
            for entry in options[key]:
                entry = entry.strip().lower()
                if entry.endswith("*"):
                    self.prefixes[entry[:-1]] = sound
                else:
                    self.words[entry] = sound
        self.longest = max(map(len, self.prefixes), default=0)

    def of(self, word: str) -> str | None:
        word = word.lower().replace("’", "'")
        for candidate in (word, word.split("-", 1)[0]):
            if candidate in self.words:
                return self.words[candidate]
        for n in range(min(len(word), self.longest), 0, -1):
            if word[:n] in self.prefixes:
                return self.prefixes[word[:n]]
        return ""


def number_sound(digits: str) -> str | None:
    """How a number read aloud starts: "8", "80", "8,000", "11", "18", "18,000" start with a vowel ("eight",
    "eleven", "eighteen"); None for a four-figure number starting 11 or 18 (a year, "eighteen hundred", or
    "one thousand eight hundred")."""
    groups = digits.rstrip(",").split(",")
    first = groups[0]
    if len(groups) == 1 and len(first) > 3:
        if len(first) == 4 and first[:2] in ("11", "18"):
            return None
        first = first[: len(first) % 3 or 3]
    if first.startswith("8") or first in ("11", "18"):
        return VOWEL
    return CONSONANT


class ArticleChecker:
    def __init__(self, rule: Rule):
        self.rules = (rule,)
        self.rule = rule
        options = rule.options
        self.sounds = _Sounds(options)
        self.acronyms: dict[str, str] = dict(options["acronyms"])
        self.after = frozenset(w.lower() for w in options["after"])
        self.before = frozenset(options["before"])  # as written: "us" is a pronoun, "US" an initialism
        self._heard: dict[str, tuple[str | None, str]] = {}  # word -> ``sound(word)``, which only the word decides

    def sound(self, word: str) -> tuple[str | None, str]:
        """The sound ``word`` starts with (VOWEL, CONSONANT, or None when it cannot be told) and how it was told:
        "listed" (the rule's lists), "read" (a number read aloud, a letter's name), "letter" (an ordinary word
        by its first letter) or "guessed" (no reading: the sound is None)."""
        first = word[0]
        if first.isdigit():
            m = _DIGITS.match(word)
            return number_sound(m.group() if m else first), "read"
        if not _LATIN.match(first):
            return None, "guessed"  # "an α-particle": the name of a Greek letter, not a Latin one
        stem = _LETTERS.match(word).group()
        if len(stem) == 1 and (word[1:2] in ("-", ".") or stem.isupper()):
            # a letter on its own or before a hyphen or a period: "an X-ray", "a U-turn", "an F", "a U.S. envoy"
            return _letter(stem), "read"
        caps = _CAPITALS.match(word)
        if caps is not None:
            return self._initialism(caps.group())
        if word[0].islower() and any(c.isupper() for c in word[1:3]):
            return _letter(word[0]), "read"  # "iPhone", "eBay", "mDNS": the first letter is read as its name
        if len(stem) <= 3 and stem[0].isupper() and any(c.isupper() for c in stem[1:]):
            return _letter(stem[0]), "read"  # "MoU", "MoD", "PhD": an initialism in mixed case
        if word.islower() and len(stem) <= 4 and not _VOWELS_OR_Y.search(stem):
            return _letter(word[0]), "read"  # "an mp3", "an npm", "an nth": no vowel, read letter by letter
        listed = self.sounds.of(word)
        if listed != "":
            return listed, "listed"
        if _OPEN_U.match(word):
            return None, "guessed"  # a "u" before one consonant and a vowel: "a unit", "a udev", but "an umami"
        return (VOWEL if word[0].lower() in "aeiou" else CONSONANT), "letter"

    def _initialism(self, caps: str) -> tuple[str | None, str]:
        """The sound of a word of capitals ("FBI", "NATO", "MPs" read as "MP"): listed, or its first letter's
        name where every reading agrees, or guessed."""
        listed = self.acronyms.get(caps)
        if listed is not None:
            return (None if listed == "either" else listed), "listed"
        letter = caps[0]
        if letter not in _VOWEL_LETTERS and letter != "E":
            return CONSONANT, "read"  # "a BBC", "a UN", "a G7": a letter or a word, the sound is the same
        if letter in "AIO":
            return VOWEL, "read"  # "an IMF", "an OPEC": either reading starts with a vowel
        if letter == "E":
            return (VOWEL, "read") if not caps.startswith("EU") or len(caps) == 2 else (None, "guessed")
        if len(caps) == 3 and caps[1] in _VOWELS and caps[0] not in _VOWELS and caps[2] not in _VOWELS:
            return None, "guessed"  # "MAZ", "REV", "HUD" are words; "HIV", "MIT" letters: the lists must say
        if len(caps) <= 3 or not _VOWELS.intersection(caps):
            return VOWEL, "read"  # read letter by letter: "an FBI", "an MP", "an NHS", "an LGBT"
        return None, "guessed"  # "NASA" or "NAACP": read as a word or letter by letter, the lists must say

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.prose
        heard = self._heard
        for m in _ARTICLE.finditer(text):
            article = m.group(1)
            word = m.group(2)
            first = word[0]
            if (article == "a" and first in _PLAIN_CONSONANTS) or (article == "an" and first in "ai"):
                continue  # the usual case, right whatever the word: "a bomb", "an attack"
            found = heard.get(word)
            if found is None:
                if len(heard) > _HEARD_AT_MOST:
                    heard.clear()
                found = heard[word] = self.sound(word)
            sound, how = found
            if sound is None or sound == article.lower():
                continue
            start = m.start()
            if article[0] == "A" and start not in doc.sentence_starts and not _opens_line(text, start):
                continue  # "Series A funding", "Type A": a capital A inside a sentence is a letter
            if article == "An" and first.isupper() and how == "letter":
                continue  # "An Byung-hwa": An is a family name too
            if word.rstrip(".") in self.before:
                continue  # "Frankfurt an der Oder", "a about": not a question of a or an
            previous = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
            if previous is not None and (previous.group(1).lower() in self.after or _shouting(previous.group(1))):
                continue  # "vitamin a", an all-capital headline
            following = _NEXT_WORD.match(text, m.end(2))
            if following is not None and _shouting(following.group(1)) and _shouting(word):
                continue  # "A NEW DAWN": capitals for emphasis, not an initialism
            right = sound if article.islower() else sound.capitalize()
            yield Finding(self.rule, start, m.end(1), suggestions=(right,),
                          values={"word": word.rstrip("."), "article": right},
                          applicability=Applicability.UNSAFE if quote_index(doc).inside(start) else None)


def _shouting(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _opens_line(text: str, start: int) -> bool:
    """Whether ``start`` begins a line or follows an opening quotation mark or bracket that does."""
    i = start
    while i > 0 and text[i - 1] in "\"“‘'([":
        i -= 1
    return i == 0 or text[i - 1] in "\n\r"


def _scope(rule: Rule) -> Scope:
    return Scope.PARAGRAPH


def _compile(rules: list[Rule]) -> list[ArticleChecker]:
    return [ArticleChecker(rule) for rule in rules]


KIND = Kind(
    name="article",
    summary="'a' or 'an' by the sound of the next word: silent h, 'you' and 'won' sounds, initialisms read "
            "letter by letter, acronyms read as words, numbers read aloud.",
    fix_safety=("The fix writes the other article and touches nothing else; an article inside a quotation has "
                "an unsafe fix."),
    options={
        "vowel-sound": Option(list, "words (or beginnings ending in '*') starting with a vowel sound after a "
                                    "consonant letter: hour, honest*", default=[]),
        "consonant-sound": Option(list, "words (or beginnings ending in '*') starting with a consonant sound "
                                        "after a vowel letter: eu*, one, uni*", default=[]),
        "either": Option(list, "words (or beginnings ending in '*') that take either article: historic*, hotel*",
                         default=[]),
        "acronyms": Option(dict, "capitalised words whose reading the rule cannot tell, with their article "
                                 "(a, an or either): {NATO: a, OPEC: an, HIV: an, LED: either}", default={}),
        "after": Option(list, "words after which 'a' is a letter, not an article: vitamin, type", default=[]),
        "before": Option(list, "words (as written) before which an article is not the question: der, about",
                         default=[]),
    },
    compile=_compile,
    validate=_validate,
    placeholders=("match", "replacement", "word", "article"),
    scope=_scope,
    lowers_fix=lambda options: True,
)
