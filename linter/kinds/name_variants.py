"""Kind `name-variants`: one person's name written two ways in one article, found without a list.

The kind reads the article's capitalised name sequences ("Yoon Suk-yeol", "Zelenskyy") and compares them in
one of three ways (`compare`):

- `fold`: two spellings that become one once transliteration variants are folded away: case, hyphens,
  spaces and apostrophes, accents, y/i/iy, ks/x, kh/h and doubled letters ("Yoon Suk Yeol" / "Yoon Suk-yeol",
  "Zelensky" / "Zelenskyy", "Oleksii" / "Oleksiy");
- `near`: two folded spellings at most `max-distance` edits apart ("Reznikov" / "Reznykov" / "Resnikov"),
  neither the other with an ending added ("Russia" / "Russian");
- `order`: the same two names in both orders ("Kishida Fumio" / "Fumio Kishida").

The article's majority form wins (on a tie, the form that comes first); every other form is flagged with the
majority form as its fix. A form counts as a name only where the text shows it is one: at least one of the
two spellings must stand capitalised inside a sentence, outside a title-case headline (the capital of a
sentence's first word, or of a headline's words, says nothing). All-capitals words (acronyms, a dateline's
KYIV) are not names here. Names listed in `exceptions` are never counted.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from linter.kept import regexes
from linter.kinds.base import Finding, Kind, Option, OptionError
from linter.model.rules import Rule
from linter.text.document import Document

# A name word: a capital letter, then letters; hyphens and apostrophes join further parts (Suk-yeol, O'Brien).
_TOKEN = regexes.compile(r"(?<![\p{L}\p{M}\p{N}_@/.'’-])\p{Lu}[\p{L}\p{M}]*(?:['’-]\p{L}[\p{L}\p{M}]*)*")
_POSSESSIVE = regexes.compile(r"['’]s?$")
_JOINERS = regexes.compile(r"[\s'’-]+")
_DOUBLED = regexes.compile(r"(.)\1+")
_OPENERS = frozenset(" \t\"'“‘«([")
_ENDINGS = ("s", "es", "n", "an", "ian", "ese", "i", "ic", "ns", "ans")


def fold(name: str) -> str:
    """``name`` with its transliteration variants folded away: accents, case, hyphens, spaces and apostrophes,
    ks/x, kh/h, iy/y/i and doubled letters ("Zelenskyy" and "Zelensky" both give "zelenski")."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    plain = _JOINERS.sub("", plain)
    plain = plain.replace("ks", "x").replace("kh", "h").replace("iy", "i").replace("y", "i")
    return _DOUBLED.sub(r"\1", plain)


def distance(a: str, b: str, limit: int) -> int:
    """The optimal-string-alignment distance of ``a`` and ``b`` (a swap of two neighbours is one edit), or
    ``limit + 1`` once it is known to exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


@dataclass
class _Form:
    """One spelling of a name in the article: where it stands, and whether the text shows it is a name."""

    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    evidence: bool = False  # capitalised inside a sentence of running text at least once
    first: int = -1


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str
    evidence: bool


def _headline(prose: str, start: int, end: int) -> bool:
    """Whether the paragraph ``prose[start:end]`` reads as a title-case headline (most words capitalised, no
    full stop at its end): its capitals say nothing about which words are names."""
    words = prose[start:end].split()
    if len(words) < 3 or prose[start:end].rstrip()[-1:] in ".!?\"”’":
        return False
    capitalised = sum(1 for w in words if w[:1].isupper())
    return capitalised * 10 >= len(words) * 6


def _tokens(doc: Document, exceptions: frozenset[str]) -> list[list[_Token]]:
    """The article's runs of name words (words joined by single spaces), each word with its evidence."""
    prose = doc.prose
    starts = doc.sentence_starts
    runs: list[list[_Token]] = []
    for p_start, p_end in doc.paragraphs:
        headline = _headline(prose, p_start, p_end)
        run: list[_Token] = []
        for m in _TOKEN.finditer(prose, p_start, p_end):
            text = m.group()
            end = m.end()
            possessive = _POSSESSIVE.search(text)
            if possessive is not None and possessive.start() >= 2:
                text = text[:possessive.start()]
                end = m.start() + len(text)
            if not any(c.islower() for c in text) or text.casefold() in exceptions:
                if run:
                    runs.append(run)
                run = []
                continue
            k = m.start()
            while k > p_start and prose[k - 1] in _OPENERS:
                k -= 1
            initial = k == p_start or k in starts or prose[k - 1] in ".!?:;\n" or prose[k - 1:k + 1] in starts
            token = _Token(m.start(), end, text, not (initial or headline))
            if run and run[-1].end + 1 == token.start and prose[run[-1].end] == " ":
                run.append(token)
            else:
                if run:
                    runs.append(run)
                run = [token]
        if run:
            runs.append(run)
    return runs


def _add(table: dict[str, dict[str, _Form]], key: str, text: str, start: int, end: int, evidence: bool) -> None:
    form = table.setdefault(key, {}).setdefault(text, _Form(text, first=start))
    form.spans.append((start, end))
    form.evidence = form.evidence or evidence


def _majority(forms: Iterable[_Form]) -> _Form:
    return max(forms, key=lambda f: (len(f.spans), -f.first))


class NameVariantChecker:
    def __init__(self, rule: Rule):
        self.rules = (rule,)
        self.rule = rule
        options = rule.options
        self.compare = options["compare"]
        self.min_length = options["min-length"]
        self.max_distance = options["max-distance"]
        self.exceptions = frozenset(e.casefold() for e in options["exceptions"])

    def check(self, doc: Document) -> Iterable[Finding]:
        runs = _tokens(doc, self.exceptions)
        if self.compare == "order":
            yield from self._order(runs)
            return
        words: dict[str, dict[str, _Form]] = {}
        pairs: dict[str, dict[str, _Form]] = {}
        for run in runs:
            for i, token in enumerate(run):
                _add(words, fold(token.text), token.text, token.start, token.end, token.evidence)
                if i + 1 < len(run):
                    after = run[i + 1]
                    _add(pairs, fold(token.text + after.text), f"{token.text} {after.text}", token.start,
                         after.end, token.evidence or after.evidence)
        if self.compare == "fold":
            yield from self._folded(words, pairs)
        else:
            yield from self._near(words)

    def _folded(self, words: dict[str, dict[str, _Form]], pairs: dict[str, dict[str, _Form]]) -> Iterable[Finding]:
        taken: list[tuple[int, int]] = []
        for key, forms in words.items():
            if len(key) < self.min_length:
                continue
            # a name written as one word here and as two there ("Suk-yeol" / "Suk Yeol", "Hongkong" / "Hong Kong")
            group = {**pairs.get(key, {}), **forms}
            if len(group) < 2:
                continue
            yield from self._flag(list(group.values()), taken)

    def _near(self, words: dict[str, dict[str, _Form]]) -> Iterable[Finding]:
        named = {key: forms for key, forms in words.items()
                 if len(key) >= max(self.min_length, 6) and any(f.evidence for f in forms.values())}
        keys = sorted(named)
        taken: list[tuple[int, int]] = []
        for n, a in enumerate(keys):
            for b in keys[n + 1:]:
                if _inflected(a, b) or distance(a, b, self.max_distance) > self.max_distance:
                    continue
                yield from self._flag([*named[a].values(), *named[b].values()], taken)

    def _order(self, runs: list[list[_Token]]) -> Iterable[Finding]:
        orders: dict[tuple[str, str], dict[str, _Form]] = {}
        for run in runs:
            if len({fold(t.text) for t in run}) < len(run):
                continue  # "Kazakhstan Most Kazakhstan", "Teller Report Teller Report": a name run into its echo
            for first, second in itertools.pairwise(run):
                a, b = fold(first.text), fold(second.text)
                if a == b or min(len(a), len(b)) < 2:
                    continue
                key = (a, b) if a < b else (b, a)
                _add(orders, "\0".join(key), f"{first.text} {second.text}", first.start, second.end,
                     first.evidence and second.evidence)
        taken: list[tuple[int, int]] = []
        for forms in orders.values():
            heads = {fold(f.text.split(" ", 1)[0]) for f in forms.values()}
            if len(heads) == 2:
                yield from self._flag(list(forms.values()), taken, both=True)

    def _flag(self, forms: list[_Form], taken: list[tuple[int, int]], both: bool = False) -> Iterable[Finding]:
        """Flag every form but the majority one, if the text shows the forms are names (``both``: each of them)."""
        proven = [f.evidence for f in forms]
        if not (all(proven) if both else any(proven)):
            return
        majority = _majority(forms)
        if not majority.evidence and not both:
            return
        count = str(len(majority.spans))
        for form in forms:
            if form is majority:
                continue
            for start, end in form.spans:
                if any(s < end and start < e for s, e in taken):
                    continue
                taken.append((start, end))
                yield Finding(self.rule, start, end, suggestions=(majority.text,),
                              values={"majority": majority.text, "count": count})


def _inflected(a: str, b: str) -> bool:
    """Whether one folded word is the other with an ending added or changed ("russia" / "russian", "ukraine" /
    "ukrainian", "kurd" / "kurds")."""
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short):
        return True
    for ending in _ENDINGS:
        stem = long_[:-len(ending)]
        if long_.endswith(ending) and short.startswith(stem) and len(short) - len(stem) <= 1:
            return True
    return False


def _validate(options: Mapping[str, Any]) -> None:
    if options["min-length"] < 2:
        raise OptionError("min-length", "must be 2 or more")
    if not 1 <= options["max-distance"] <= 3:
        raise OptionError("max-distance", "must be 1, 2 or 3")
    if not all(isinstance(e, str) and e.strip() for e in options["exceptions"]):
        raise OptionError("exceptions", "each entry must be a non-empty string")


def _names(rule: Rule) -> Iterable[str]:
    """The names the rule leaves alone: a spelling backend must not flag them either."""
    return (str(e) for e in rule.options["exceptions"])


KIND = Kind(
    name="name-variants",
    summary="One person's name written two ways in one article, found without a list: flag the minority form.",
    fix_safety=("The fix writes the article's majority form of the name in place of the other one (on a tie, "
                "the form that comes first). Two forms may also be two people (Philip and Phillip), so the "
                "shipped rules make the fix unsafe."),
    options={
        "compare": Option(str, "'fold': equal once transliteration variants are folded (case, hyphens and "
                               "spaces, accents, y/i/iy, ks/x, kh/h, doubled letters); 'near': folded forms at "
                               "most max-distance edits apart; 'order': the same two names in both orders",
                          default="fold", choices=("fold", "near", "order")),
        "min-length": Option(int, "the fewest letters a folded name has to be compared", default=4),
        "max-distance": Option(int, "with compare: near, the most edits between two folded names", default=1),
        "exceptions": Option(list, "names never counted (a company and a person: 'Philips')", default=[]),
    },
    compile=lambda rules: [NameVariantChecker(rule) for rule in rules],
    validate=_validate,
    placeholders=("match", "replacement", "majority", "count"),
    names=_names,
)
