"""Kind `fullwidth`: full-width and CJK punctuation, quotation marks and characters left in English prose.

Three checks. `punctuation`: the CJK comma, full stop, colon, semicolon, marks and brackets (，。：；！？（）、～),
replaced by their English forms with English spacing (no space before a comma, one after it; "、" is a list
comma, ", "). `pairs`: CJK quotation marks and brackets (「」『』【】《》〈〉), replaced as a pair or not at all.
`characters`: full-width letters, digits and signs (ＧＤＰ, ２０２４, ％) and the ideographic space.

Nothing is flagged where the nearest letters on either side are Chinese, Japanese or Korean, nor a pair whose
contents are mostly in those scripts: a quoted Chinese title or a slogan kept in the original uses its own marks.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any

from linter.kept import regexes
from linter.kinds.base import Finding, Kind, Option, Scope
from linter.model.diagnostics import Applicability, Edit
from linter.model.rules import Rule
from linter.text import tokens
from linter.text.document import Document, LastDocument

_CHECKS = ("punctuation", "pairs", "titles", "characters")
_CJK = regexes.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Bopomofo}]")
_LETTER = regexes.compile(r"\p{L}")
_PUNCTUATION = regexes.compile(r"[，；：！？。．、（）～]")
_ENGLISH = {"，": ",", "；": ";", "：": ":", "！": "!", "？": "?", "。": ".", "．": ".", "、": ",",
            "（": "(", "）": ")"}
# marks that take a space after them before a word, and those that sit between two digits without one (3,000)
_SPACED_AFTER = frozenset(",;:!?.")
_BETWEEN_DIGITS = frozenset(",:.")
_PAIRS = {"「": ("」", '"', '"'), "『": ("』", '"', '"'), "【": ("】", "[", "]")}
_PAIR_MARKS = regexes.compile(r"[「」『』【】]")
# titles: English sets them in italics or quotation marks, by house style (the `titles` check only shows them)
_TITLES = {"《": ("》", '"', '"'), "〈": ("〉", '"', '"')}
_TITLE_MARKS = regexes.compile(r"[《》〈〉]")
# Full-width letters, digits and signs, and the ideographic space: not "｜" (a separator in Japanese page titles:
# "Headline｜Yamagata Shimbun") nor the punctuation check's marks, except a "，", "．" or "：" inside a full-width
# number or word ("５．２％", "３，０００"), which goes with it (the punctuation check leaves those).
_WIDE = r"[\uff02-\uff07\uff0a\uff0b\uff0d\uff0f-\uff19\uff1c-\uff1e\uff20-\uff5b\uff5d\u3000]"
_CHARACTERS = regexes.compile(rf"{_WIDE}+(?:[，．：]{_WIDE}+)*")
_WIDE_CHAR = regexes.compile(_WIDE)
_REACH = 12  # how far (in characters) to look for the nearest letter on each side
_OPENING_AFTER = frozenset("\"“‘'([")


def _validate(options: Mapping[str, Any]) -> None:
    return None


def cjk_side(text: str, start: int, end: int, lo: int, hi: int) -> bool:
    """Whether the nearest letter before ``start`` or after ``end`` (within ``_REACH`` characters, inside
    ``[lo, hi)``) is Chinese, Japanese or Korean: the mark belongs to text in that language."""
    for i in range(start - 1, max(lo, start - _REACH) - 1, -1):
        if _LETTER.match(text, i):
            if _CJK.match(text, i):
                return True
            break
    for i in range(end, min(hi, end + _REACH)):
        if _LETTER.match(text, i):
            return _CJK.match(text, i) is not None
    return False


def mostly_cjk(text: str) -> bool:
    """Whether at least as many of ``text``'s letters are CJK as are not (and it has any CJK letter)."""
    cjk = len(_CJK.findall(text))
    return cjk > 0 and cjk * 2 >= len(_LETTER.findall(text))


# Every mark the four checks look for lies in U+3000-U+3011 or U+FF00-U+FFEF: one scan for them finds, for all the
# kind's rules at once, the few an article has (none in most English articles), instead of one search for each rule
# over the text and one over each paragraph.
_ANY_MARK = regexes.compile(r"[\u3000-\u3011\uff00-\uffef]")


_MARK_RANGES = ((0x3000, 0x3011), (0xFF00, 0xFFEF))  # _ANY_MARK's, for the compiled scan


def _mark_offsets(doc: Document) -> list[int]:
    """Where ``_ANY_MARK`` matches in the document's prose, in order (none in most articles): the script kind's
    compiled scan for code points in given ranges (``tokens.code_points_in``; its twin is ``_ANY_MARK`` itself), after
    ``str.isascii`` (a flag: most English articles)."""
    text = doc.prose
    if text.isascii():
        return []
    return tokens.code_points_in(text, _MARK_RANGES, lambda: _ANY_MARK, len(text))


class FullwidthChecker:
    def __init__(self, rule: Rule, marked: LastDocument[list[int]] | None = None):
        self.rules = (rule,)
        self.rule = rule
        self._marked = marked if marked is not None else LastDocument(_mark_offsets)  # shared by the kind's rules
        check = rule.options["check"]
        self._find = {"punctuation": self._punctuation, "pairs": self._pairs, "titles": self._pairs,
                      "characters": self._characters}[check]
        # what the check's matches start with: one character of these (a match of _CHARACTERS from any _WIDE one)
        self._starts = {"punctuation": _PUNCTUATION, "pairs": _PAIR_MARKS, "titles": _TITLE_MARKS,
                        "characters": _WIDE_CHAR}[check]

    def check(self, doc: Document) -> Iterator[Finding]:
        offsets = self._marked.of(doc)
        if not offsets:
            return
        text = doc.prose
        starts = self._starts
        mine = [at for at in offsets if starts.match(text, at)]
        # the paragraphs that hold one: each is searched by the check, in order (a match lies within a paragraph)
        i, count = 0, len(mine)
        for lo, hi in doc.paragraphs:
            while i < count and mine[i] < lo:
                i += 1
            if i == count:
                break
            if mine[i] < hi:
                yield from self._find(text, lo, hi)

    def _punctuation(self, text: str, lo: int, hi: int) -> Iterator[Finding]:
        for m in _PUNCTUATION.finditer(text, lo, hi):
            start, end = m.span()
            if cjk_side(text, start, end, lo, hi):
                continue
            mark = m.group()
            before = text[start - 1] if start > lo else ""
            after = text[end] if end < hi else ""
            if mark in "，．：" and _WIDE_CHAR.match(before or " ") and _WIDE_CHAR.match(after or " "):
                continue  # inside a full-width number or word: the characters check's
            applicability = None
            if mark == "～":
                # a CJK range ("5～10") is an en dash in English; elsewhere a tilde or "about": only shown
                if before.isdigit() and after.isdigit():
                    yield Finding(self.rule, start, end, suggestions=("–",), values={"english": "–"},
                                  applicability=Applicability.UNSAFE)
                else:
                    yield Finding(self.rule, start, end, suggestions=(), values={"english": "~"})
                continue
            english = _ENGLISH[mark]
            edit_start = start
            if english == "(":
                if before.isalnum():
                    english = " ("
            else:
                # English sets these marks against the word before them: drop the spaces in between
                while edit_start > lo and text[edit_start - 1] in " \u00a0\u3000" and edit_start - 1 > lo:
                    edit_start -= 1
                if edit_start > lo and text[edit_start - 1] in "\n\r":
                    edit_start = start
            if english == ")" and after.isalnum():
                english = ") "
            elif english in _SPACED_AFTER:
                if mark == "、":
                    english = ", " if after not in (" ", "\u00a0", "\n", "\r", "") else ","
                elif english in _BETWEEN_DIGITS and before.isdigit() and after.isdigit():
                    pass  # "3，000", "10：30", "3．5"
                elif after.isalnum() or after in _OPENING_AFTER:
                    english += " "
                if mark in "。．" and not _ends_sentence(text, end, hi):
                    applicability = Applicability.UNSAFE  # "。" before a lowercase word: a full stop or a comma?
            yield Finding(self.rule, start, end, suggestions=(english,),
                          edits=(Edit(edit_start, end, english),), values={"english": english.strip()},
                          applicability=applicability)

    def _pairs(self, text: str, lo: int, hi: int) -> Iterator[Finding]:
        titles = self.rule.options["check"] == "titles"
        pairs = _TITLES if titles else _PAIRS
        marks = list((_TITLE_MARKS if titles else _PAIR_MARKS).finditer(text, lo, hi))
        used: set[int] = set()
        for index, m in enumerate(marks):
            start = m.start()
            if start in used:
                continue
            mark = m.group()
            pair = pairs.get(mark)
            if pair is None:
                # a closing mark with no opening one before it in the paragraph
                if not cjk_side(text, start, start + 1, lo, hi):
                    yield Finding(self.rule, start, start + 1, values={"english": "", "pair": "no"})
                continue
            closer, opening, closing = pair
            close_at = next((n.start() for n in marks[index + 1:] if n.group() == closer and n.start() not in used),
                            None)
            if close_at is None:
                if not cjk_side(text, start, start + 1, lo, hi):
                    yield Finding(self.rule, start, start + 1, values={"english": opening, "pair": "no"})
                continue
            used.add(close_at)
            inner = text[start + 1:close_at]
            if mostly_cjk(inner) or (not _LETTER.search(inner) and cjk_side(text, start, close_at + 1, lo, hi)):
                continue  # 《人民日报》, 「你好」: a title or a quotation kept in the original
            if mark == "『" and _inside(text, lo, start, "「", "」"):
                opening = closing = "'"  # a quotation inside a quotation
            before = text[start - 1] if start > lo else ""
            after = text[close_at + 1] if close_at + 1 < hi else ""
            open_text = (" " if before.isalnum() else "") + opening
            close_text = closing + (" " if after.isalnum() else "")
            edits = (Edit(start, start + 1, open_text), Edit(close_at, close_at + 1, close_text))
            yield Finding(self.rule, start, start + 1, suggestions=(open_text,), edits=edits,
                          values={"english": f"{opening}…{closing}", "pair": "yes"})

    def _characters(self, text: str, lo: int, hi: int) -> Iterator[Finding]:
        for m in _CHARACTERS.finditer(text, lo, hi):
            start, end = m.span()
            run = m.group()
            if cjk_side(text, start, end, lo, hi) or _CJK.search(run):
                continue
            english = unicodedata.normalize("NFKC", run)
            yield Finding(self.rule, start, end, suggestions=(english,), values={"english": english})


def _ends_sentence(text: str, end: int, hi: int) -> bool:
    """Whether a full stop ending at ``end`` ends a sentence: the paragraph ends, or a capital, a digit or an
    opening mark follows (after closing quotation marks and spaces)."""
    i = end
    while i < hi and text[i] in "\"”’')":
        i += 1
    while i < hi and text[i] in " \u00a0\u3000":
        i += 1
    return i >= hi or text[i] in "\n\r" or text[i].isupper() or text[i].isdigit() or text[i] in "\"“‘'("


def _inside(text: str, lo: int, at: int, opener: str, closer: str) -> bool:
    """Whether ``at`` lies after an ``opener`` that no ``closer`` has closed yet, within the paragraph."""
    return text.rfind(opener, lo, at) > text.rfind(closer, lo, at)


def _scope(rule: Rule) -> Scope:
    return Scope.PARAGRAPH


def _compile(rules: list[Rule]) -> list[FullwidthChecker]:
    marked = LastDocument(_mark_offsets)
    return [FullwidthChecker(rule, marked) for rule in rules]


KIND = Kind(
    name="fullwidth",
    summary="Full-width and CJK punctuation, quotation marks and characters in English prose, with English "
            "forms and spacing; marks beside Chinese, Japanese or Korean text are left alone.",
    fix_safety=("The fix writes the English mark with English spacing and touches nothing else; a pair of "
                "quotation marks or brackets is replaced as a pair, in one fix, or not at all, and a mark with no "
                "partner has no fix."),
    options={
        "check": Option(str, ", ".join(_CHECKS), required=True, choices=_CHECKS),
    },
    compile=_compile,
    validate=_validate,
    placeholders=("match", "replacement", "english", "pair"),
    scope=_scope,
    lowers_fix=lambda options: options["check"] == "punctuation",  # "。" before a lowercase word, "～"
)
