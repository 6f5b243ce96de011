"""Kind `repetition`: doubled words ("the the") and same-stem echoes ("take shelter in the shelter").

The same-stem check is structural: two words with one stem, joined only by function words
of which at least one is a determiner (or two or more words), which is how a translated
cognate object looks. Idioms such as "day by day" have a bare preposition and pass.

No check matches across a paragraph break: a headline and the paragraph after it are two sentences
("Biden meets Zelensky⏎⏎Zelensky said ..."). A finding whose case is doubtful keeps its finding and
lowers its own fix (``_doubt``): across a line break, inside a quotation, a capitalised doubled word
that may be a name ("Gorilla gorilla").
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import regex

from linter.kept import regexes
from linter.kinds.base import Finding, Kind, Option, OptionError, Scope
from linter.model.diagnostics import Applicability, Edit
from linter.model.rules import Rule
from linter.text.document import Document
from linter.text.quotes import quote_index
from linter.text.tokens import doubled_candidates, echo_starts, repeated_phrases

_CHECKS = ("doubled-word", "doubled-phrase", "same-stem")
# A phrase is not doubled when it starts or ends on a conjunction ("and looked and looked") or
# is an "X by X" idiom ("little by little by ...").
_CONJUNCTIONS = frozenset("and or but nor".split())
_IDIOM_LINKS = frozenset("by after to upon over".split())
_HORIZONTAL_SPACE = regexes.compile(r"[ \t]+")
_DOUBLED = regexes.compile(r"(?<![\w'’-])(\p{L}[\p{L}'’]*)(\s+)(\1)(?![\w'’-])", regex.I)
_DETERMINERS = frozenset("the a an this that these those its their his her our your my".split())
FUNCTION_WORDS = frozenset(
    """in into on onto at to for from by with of over under about against inside within
    the a an this that these those its their his her our your my""".split()
)
# Words whose doubling is a slip whatever their case ("The the", "THE THE"): a capitalised doubled word
# that is none of these may be a name ("Talk Talk", "Tian Tian", "Scorpion Winter winter tyres").
GRAMMAR_WORDS = FUNCTION_WORDS | frozenset(
    """and or but nor if as so than then is are was were be been am has have had do does did will would can
    could should may might must not no it he she they we i you me him us them who which what""".split()
)
# the capitalised word right before a doubled word, and the endings of Latin species names after a genus
_WORD_BEFORE = regexes.compile(r"(?r)(\p{Lu}\p{Ll}+)[ \t]+$")
_LATIN_ENDINGS = ("us", "um", "is", "ae", "ii", "ens", "ensis", "oides", "ica", "ata", "ium", "ia")
_LINE_BREAK = regexes.compile(r"[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_SUFFIXES = ("ings", "ing", "ers", "er", "ies", "es", "ed", "s")
DEFAULT_EXCEPTIONS = (
    "had had", "that that", "face to face", "day by day", "side by side", "one by one",
    "step by step", "year after year", "time after time", "hand in hand", "back to back",
    "word for word", "head to head", "door to door", "time to time", "little by little",
    "bit by bit", "arm in arm", "end to end", "house to house", "again and again",
)


def _doubt(doc: Document, start: int, end: int) -> Applicability | None:
    """How far a fix of ``[start, end)`` (inside one paragraph) can be trusted: UNSAFE across a line break (a
    soft wrap, or a heading on the line before with no blank line after it) or inside a quotation (a
    speaker's words, a slogan), None (no limit) otherwise."""
    if _LINE_BREAK.search(doc.prose, start, end) or quote_index(doc).inside(start):
        return Applicability.UNSAFE
    return None


def stem(word: str) -> str:
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


# Words that may follow a noun phrase's last word; any other word after the echo makes the echo
# a modifier ("saved to a savings account", "a bottle with a bottle opener"), not a repetition.
_AFTER_NOUN_PHRASE = FUNCTION_WORDS | frozenset(
    """and or but nor as that which who whom whose when where while after before because if
    is are was were be been will would can could should may might must has have had do does did
    said says told amid since until than so yet""".split()
)


_FUNCTION_WORD = regexes.compile("|".join(sorted(FUNCTION_WORDS, key=lambda w: (-len(w), w))), regex.I)


def _is_function_word(word: str) -> bool:
    return word in FUNCTION_WORDS or (not word.isascii() and _FUNCTION_WORD.fullmatch(word) is not None)


def _case_doubt(doc: Document, first: str, second: str, start: int) -> Applicability | bool | None:
    """What the case of a doubled word says. A grammar word doubled is a slip in any case ("The the"). Two
    capitalised copies are a name ("Talk Talk", "Humbert Humbert"), and so is a capitalised word inside a
    sentence followed by its lowercase copy ("Pirelli Scorpion Winter winter tyres": a product, then what
    it is): False, no finding. At a sentence start the capital may be the sentence's ("Winter winter storms")
    or a name's ("Gorilla gorilla"); a Latin-looking word doubled after a capitalised one may be a species
    name ("Echinacea japonicus japonicus"); other mixed cases are odd: the fix is UNSAFE."""
    if first.lower() in GRAMMAR_WORDS:
        return None
    upper = first[:1].isupper(), second[:1].isupper()
    if upper == (False, False):
        genus = _WORD_BEFORE.search(doc.prose, max(0, start - 60), start)
        if genus and first.lower().endswith(_LATIN_ENDINGS):
            return Applicability.UNSAFE  # "Echinacea japonicus japonicus", "Homo sapiens sapiens": a subspecies
        return None
    if upper == (True, True):
        return False
    if upper == (True, False) and start not in doc.sentence_starts and not _starts_line(doc.prose, start):
        return False
    return Applicability.UNSAFE


def _starts_line(text: str, start: int) -> bool:
    line = text.rfind("\n", 0, start) + 1
    return not text[line:start].strip(" \t\"'“‘«([*-#>")


def _modifies_next(text: str, end: int) -> bool:
    following = regex.match(r"[ \t]+(\p{Ll}[\p{L}'’-]*)", text[end:end + 40])
    return following is not None and following.group(1).lower() not in _AFTER_NOUN_PHRASE


def _validate(options: Mapping[str, Any]) -> None:
    if not isinstance(options["window"], int) or not 1 <= options["window"] <= 6:
        raise OptionError("window", "must be a whole number from 1 to 6")
    if not all(isinstance(p, str) for p in options["exceptions"]):
        raise OptionError("exceptions", "must be a list of phrases")


def _scope(rule: Rule) -> Scope:
    """Every check matches inside one paragraph, and reads its quotes and sentences only."""
    return Scope.PARAGRAPH


class RepetitionChecker:
    def __init__(self, rule: Rule):
        self.rules = (rule,)
        self.rule = rule
        self.exceptions = frozenset(
            " ".join(p.lower().split()) for p in (*DEFAULT_EXCEPTIONS, *rule.options["exceptions"])
        )
        self.window = rule.options["window"]
        self.min_stem = rule.options["min-length"]

    @functools.cached_property
    def _candidates(self) -> regex.Pattern[str]:
        """Same-stem: a word, one to ``window`` function words, a word with its first three letters."""
        function_words = "|".join(sorted(FUNCTION_WORDS, key=lambda w: (-len(w), w)))
        return regexes.compile(
            rf"(?<![\p{{L}}'’-])(?P<w1>(?P<pre>\p{{L}}{{3}})[\p{{L}}'’-]*)"
            rf"(?P<gap>(?:\s+(?:{function_words})){{1,{self.window}}})\s+"
            rf"(?P<w2>(?P=pre)[\p{{L}}'’-]*)(?![\p{{L}}'’-])",
            regex.I,
        )

    def check(self, doc: Document) -> Iterable[Finding]:
        check = self.rule.options["check"]
        if check == "doubled-word":
            return self._doubled(doc)
        if check == "doubled-phrase":
            return self._doubled_phrase(doc)
        return self._same_stem(doc)

    def _doubled_phrase(self, doc: Document) -> Iterable[Finding]:
        """A run of 2 to ``window``+1 words written twice back to back ("the head of the head of").

        Words are tokenised once; a phrase of k words can only repeat where a word recurs k
        words later, so only those places are compared.
        """
        text = doc.prose
        starts, ends, words = doc.words
        taken_until = -1
        for first, size in repeated_phrases(words, self.window + 1):
            if first < taken_until:
                continue
            end = first + 2 * size
            phrase = words[first:first + size]
            if phrase[0] in _CONJUNCTIONS or phrase[-1] in _CONJUNCTIONS or (
                    size == 2 and phrase[1] in _IDIOM_LINKS):
                continue
            if not all(_HORIZONTAL_SPACE.fullmatch(text, ends[i], starts[i + 1]) for i in range(first, end - 1)):
                continue  # punctuation or a line break between the words: not a loop
            if " ".join(phrase) in self.exceptions:
                continue
            taken_until = end
            copy_end = ends[first + size - 1]
            yield Finding(self.rule, starts[first], ends[end - 1],
                          suggestions=(text[starts[first]:copy_end],),
                          edits=(Edit(copy_end, ends[end - 1], ""),),
                          values={"word": text[starts[first]:copy_end]})

    def _doubled(self, doc: Document) -> Iterable[Finding]:
        for m in self._doubled_matches(doc):
            phrase = f"{m.group(1)} {m.group(3)}".lower()
            if phrase in self.exceptions:
                continue
            doubt = _doubt(doc, m.start(), m.end())
            case = _case_doubt(doc, m.group(1), m.group(3), m.start())
            if case is False:
                continue
            delete = Edit(m.end(1), m.end(3), "")
            yield Finding(self.rule, m.start(), m.end(), suggestions=(m.group(1),), edits=(delete,),
                          values={"word": m.group(1)}, applicability=doubt or case)

    @staticmethod
    def _doubled_matches(doc: Document) -> Iterator[regex.Match[str]]:
        """What ``_DOUBLED.finditer`` finds in each paragraph (the regex states the rule; a paragraph break
        is never inside a match), tried only at the words that equal the next word."""
        text = doc.prose
        starts, ends, lowered = doc.words
        resume = 0
        for i in doubled_candidates(text, starts, ends, lowered, doc.non_ascii_words):
            if starts[i] < resume:
                continue  # inside the previous match ("the the the": one finding, as the regex scan gives)
            paragraph = doc.paragraph_at(starts[i])
            m = _DOUBLED.match(text, starts[i], paragraph[1] if paragraph else len(text))
            if m is not None:
                resume = m.end()
                yield m

    def _same_stem(self, doc: Document) -> Iterable[Finding]:
        text = doc.prose
        # Candidates: a word followed by one to ``window`` function words, then a word with the same first
        # three letters, found on the shared word list; the regex (which states the rule) confirms each, and
        # Python then checks stems and the shape of the echo.
        for m in self._same_stem_candidates(doc):
            word, echo = m.group("w1"), m.group("w2")
            if word.lower() in FUNCTION_WORDS or len(word) < self.min_stem or stem(echo) != stem(word):
                continue
            between = m.group("gap").lower().split()
            if not self._echo(between) or _modifies_next(text, m.end()):
                continue
            phrase = " ".join(m.group().lower().split())
            if phrase in self.exceptions:
                continue
            doubt = _doubt(doc, m.start(), m.end())
            yield Finding(
                self.rule, m.start(), m.end(),
                suggestions=(word,), edits=(Edit(m.end("w1"), m.end(), ""),),
                values={"word": word, "echo": echo},
                # a line break between the word and its echo, or a quotation: shown, never applied
                applicability=Applicability.DISPLAY_ONLY if doubt else None,
            )

    def _same_stem_candidates(self, doc: Document) -> Iterator[regex.Match[str]]:
        starts, ends, words = doc.words
        text = doc.prose

        def every_flag() -> list[bool]:
            function_word = list(map(FUNCTION_WORDS.__contains__, words))
            for i in doc.non_ascii_words:
                function_word[i] = _is_function_word(words[i])
            return function_word

        for i in echo_starts(text, starts, ends, FUNCTION_WORDS, lambda i: _is_function_word(words[i]), every_flag,
                             self.window):
            paragraph = doc.paragraph_at(starts[i])
            m = self._candidates.match(text, starts[i], paragraph[1] if paragraph else len(text))
            if m is not None:
                yield m

    @staticmethod
    def _echo(between: list[str]) -> bool:
        return len(between) >= 2 or any(w in _DETERMINERS for w in between)


def _compile(rules: list[Rule]) -> list[RepetitionChecker]:
    return [RepetitionChecker(rule) for rule in rules]


KIND = Kind(
    name="repetition",
    summary="Doubled words and same-stem echoes inside a short window.",
    fix_safety=("The fix deletes the second copy of a doubled word or phrase, or an echo with the function "
                "words before it, inside one paragraph; a doubtful case lowers its own fix, as each rule says."),
    lowers_fix=lambda options: options["check"] in ("doubled-word", "same-stem"),  # _doubt, _case_doubt
    options={
        "check": Option(str, "doubled-word, doubled-phrase or same-stem", required=True, choices=_CHECKS),
        "window": Option(int, "most function words between the two words (same-stem); a doubled phrase has at "
                              "most window+1 words (doubled-phrase)", default=3),
        "min-length": Option(int, "shortest word considered (same-stem)", default=4),
        "exceptions": Option(list, "phrases that are idioms, not repetition", default=[]),
    },
    compile=_compile,
    validate=_validate,
    placeholders=("match", "replacement", "word", "echo"),
    scope=_scope,
)
