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

import functools
import itertools
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from linter.kinds.base import CompileContext, Finding, Kind, Option, OptionError, Parts
from linter.model.rules import Rule
from linter.text import phrases
from linter.text.document import Document, LastDocument
from linter.text.tokens import NameWords, name_forms, name_words
from linter.text.transliteration import fold

_ENDINGS = ("s", "es", "n", "an", "ian", "ese", "i", "ic", "ns", "ans")
_STEM_ENDINGS = ("ism", "ist", "ian", "ia", "ic", "ics")  # two words of one stem: communism / communist


@functools.lru_cache(maxsize=1 << 16)
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


class _Token(NamedTuple):
    start: int
    end: int
    text: str
    evidence: bool  # capitalised inside a sentence of running text
    gloss: bool = False  # right after an opening bracket that follows a name word: "Dimax (Dimaks)"


def _name_words(doc: Document) -> NameWords:
    return name_words(doc.prose, doc.paragraphs)


def _tokens(found: NameWords) -> list[list[_Token]]:
    """The article's runs of name words (words joined by single spaces), each word with its evidence; an
    all-capitals word ends a run and is not a name word (linter/text/tokens.py's ``name_words``)."""
    starts, ends, texts, evidence, gloss, run_ends = found
    words = list(map(_Token, starts, ends, texts, evidence, gloss))
    return [words[a:b] for a, b in itertools.pairwise(itertools.chain((0,), run_ends))]


def _without(runs: list[list[_Token]], exceptions: frozenset[str]) -> list[list[_Token]]:
    """``runs`` with the words listed in ``exceptions`` taken out (each ends the run it stood in)."""
    if not exceptions:
        return runs
    return _split(runs, lambda token: token.text.casefold() in exceptions)


def _outside(runs: list[list[_Token]], spans: list[tuple[int, int]]) -> list[list[_Token]]:
    """``runs`` less the words inside ``spans`` (sorted, not overlapping), each such word ending its run."""
    if not spans:
        return runs
    n = 0

    def inside(token: _Token) -> bool:  # tokens come in text order, so one pointer walks the spans
        nonlocal n
        while n < len(spans) and spans[n][1] <= token.start:
            n += 1
        return n < len(spans) and spans[n][0] < token.end

    return _split(runs, inside)


def _split(runs: list[list[_Token]], dropped: Callable[[_Token], bool]) -> list[list[_Token]]:
    """``runs`` with the tokens for which ``dropped`` holds taken out, each ending the run it stood in."""
    out: list[list[_Token]] = []
    for run in runs:
        part: list[_Token] = []
        for token in run:
            if dropped(token):
                if part:
                    out.append(part)
                part = []
            else:
                part.append(token)
        if part:
            out.append(part)
    return out


def _without_glosses(runs: list[list[_Token]]) -> list[list[_Token]]:
    """``runs`` less the name words that gloss the name before them in brackets, a second spelling given on
    purpose ("Dimax (Dimaks)", "Kyiv (Kiev)")."""
    out: list[list[_Token]] = []
    previous: _Token | None = None
    for run in runs:
        first = run[0]
        if first.gloss and previous is not None and fold(previous.text) == fold(first.text):
            run = run[1:]
        if run:
            out.append(run)
        previous = run[-1] if run else previous
    return out


def _neighbours(runs: list[list[_Token]]) -> Iterator[tuple[str, str]]:
    """The folded pairs of neighbouring words in ``runs`` ("Kim Jong" -> ("kim", "jong")), two different words."""
    for run in runs:
        for first, second in itertools.pairwise(run):
            pair = (fold(first.text), fold(second.text))
            if pair[0] != pair[1]:
                yield pair


def _both_orders(pairs: Iterable[tuple[str, str]]) -> bool:
    """Whether two words stand in both orders among ``pairs`` (what the `order` comparison looks for)."""
    seen: set[tuple[str, str]] = set()
    for pair in pairs:
        if pair[::-1] in seen:
            return True
        seen.add(pair)
    return False


def _add(table: dict[str, dict[str, _Form]], key: str, text: str, start: int, end: int, evidence: bool) -> None:
    form = table.setdefault(key, {}).setdefault(text, _Form(text, first=start))
    form.spans.append((start, end))
    form.evidence = form.evidence or evidence


def _majority(forms: Iterable[_Form]) -> _Form:
    return max(forms, key=lambda f: (len(f.spans), -f.first))


class ListedForms:
    """The forms the term rules of some packs flag, found in one pass; the matcher is built when a checker first
    asks (here, when an article writes a name two ways, which most never do), not when the linter is built
    (start-up). The romanisation kind leaves the same forms to the gazetteer."""

    def __init__(self, terms: dict[str, bool]):
        self._terms = terms

    @classmethod
    def of(cls, rules: Iterable[Rule], packs: Iterable[str]) -> ListedForms | None:
        """The forms the term rules of ``packs`` among ``rules`` flag; None when there are none."""
        packs = frozenset(packs)
        listed = {str(term): True for rule in rules if rule.kind == "term" and rule.pack in packs
                  for term in rule.options["terms"]}
        return cls(listed) if listed else None

    @functools.cached_property
    def matcher(self) -> phrases.PhraseMatcher[bool]:
        return phrases.PhraseMatcher(self._terms)


class _Runs:
    """The article's runs of name words, found once for every rule of the kind: by one scan of the document
    (``of``), or (the language server) joined from the runs of each chunk, found per chunk and kept (``joined``)."""

    def __init__(self) -> None:
        self._words = LastDocument(_name_words)
        self._scan = LastDocument(lambda doc: _tokens(self._words.of(doc)))
        self._joined_for: tuple[weakref.ref[Document], list[tuple[int, int]]] | None = None
        self._joined: list[list[_Token]] = []

    def of(self, doc: Document) -> list[list[_Token]]:
        return self._scan.of(doc)

    def words(self, doc: Document) -> NameWords:
        """The article's name words as ``name_words`` gives them (lists, no token objects): the compiled
        comparison's input."""
        return self._words.of(doc)

    def joined(self, doc: Document, parts: Sequence[tuple[int, list[list[_Token]]]]) -> list[list[_Token]]:
        """The runs of ``doc`` from those of its chunks (``parts``: each chunk's start and runs): a run never
        crosses a paragraph's end, and a chunk is whole paragraphs (linter/text/chunks.py)."""
        key = [(lo, id(runs)) for lo, runs in parts]
        if self._joined_for is None or self._joined_for[0]() is not doc or self._joined_for[1] != key:
            self._joined = [run if not lo else [_Token(t.start + lo, t.end + lo, t.text, t.evidence, t.gloss)
                                                for t in run]
                            for lo, runs in parts for run in runs]
            self._joined_for = (weakref.ref(doc), key)
        return self._joined


# what a fact in ``NameVariantChecker.tally`` is: a folded name's spelling, or a pair of words
_SINGLE = "single"
_PAIR = "pair"


class _Facts(NamedTuple):
    """A chunk's part for one rule (``NameVariantChecker.part``): its runs of name words, and what tells whether
    the article may write a name two ways: the chunk's folded names with their one spelling (None: two), its
    two-word names folded as one (`fold`), or its neighbouring words' folded pairs (`order`); `near` has none."""

    runs: list[list[_Token]]
    singles: Mapping[str, str | None]
    pairs: frozenset


class NameVariantChecker:
    splits = True  # SplitChecker: the runs of name words are found per chunk, and compared over the article

    def __init__(self, rule: Rule, runs: _Runs, listed: ListedForms | None = None):
        self.rules = (rule,)
        self.rule = rule
        options = rule.options
        self.compare = options["compare"]
        self.min_length = options["min-length"]
        self.max_distance = options["max-distance"]
        self.exceptions = frozenset(e.casefold() for e in options["exceptions"])
        self._exception_list = sorted(self.exceptions)  # as the compiled comparison takes them
        self._runs = runs  # the name words of the last document, shared by every rule of the kind
        self._listed = listed  # the forms the term rules of the packs in `leave-to` flag

    def check(self, doc: Document) -> Iterable[Finding]:
        if self.compare != "near":  # the whole article compared in compiled code, where it is built
            listed = self._listed
            outside = None if listed is None else (
                lambda: [(h.start, h.end) for h in listed.matcher.finditer(doc.prose, doc.folded)])
            found = name_forms(self._runs.words(doc), self.compare, self.min_length, self._exception_list, fold,
                               outside)
            if found is not None:
                return [Finding(self.rule, start, end, suggestions=(majority,),
                                values={"majority": majority, "count": str(count)})
                        for start, end, majority, count in found]
        return self._found(doc, self._runs.of(doc))  # the pure-Python twin of tokens.name_forms

    def part(self, doc: Document) -> _Facts:
        """SplitChecker.part: the chunk's runs of name words, and what tells whether the article has two forms to
        compare (``_Facts``), worked out on the chunk's words only."""
        runs = self._runs.of(doc)
        kept = _without(runs, self.exceptions)
        if self.compare == "fold":
            # a bracketed gloss that opens the chunk's first run glosses a word of the chunk before, not read here: it
            # is kept, which can only add a spelling, so the facts still show every name written two ways
            kept = _without_glosses(kept)
            singles: dict[str, str | None] = {}  # a folded name -> its one spelling in the chunk (None: two)
            pairs: set[str] = set()  # two words folded as one ("Suk Yeol" -> "sukyeol")
            for run in kept:
                for token in run:
                    key = fold(token.text)
                    if len(key) >= self.min_length and singles.setdefault(key, token.text) != token.text:
                        singles[key] = None
                for first, second in itertools.pairwise(run):
                    pairs.add(fold(first.text + second.text))
            return _Facts(runs, singles, frozenset(pairs))
        if self.compare == "order":
            return _Facts(runs, {}, frozenset(_neighbours(kept)))
        return _Facts(runs, {}, frozenset())  # near: every merge compares the article's words

    def tally(self, facts: _Facts) -> Counter | None:
        """SplitChecker's optional ``tally``: a chunk's facts as counts, summed over the article by the language
        server (``_may_differ_in``): each folded name with its one spelling (None: two), and each word pair."""
        if self.compare == "near":
            return None
        share: Counter = Counter((_SINGLE, key, text) for key, text in facts.singles.items())
        share.update((_PAIR, pair) for pair in facts.pairs)
        return share

    def merge(self, doc: Document, parts: Sequence[tuple[int, Any]]) -> Iterable[Finding]:
        """SplitChecker.merge: nothing when the chunks' facts show no two forms to compare (most articles); else
        the rule over the article's runs, joined from its chunks'. The facts are read from the language server's
        sum of them when it keeps one (``Parts.total``)."""
        total = parts.total if isinstance(parts, Parts) else None
        if not (self._may_differ(parts) if total is None or self.compare == "near" else self._may_differ_in(total)):
            return ()
        return self._found(doc, self._runs.joined(doc, [(lo, facts.runs) for lo, facts in parts]))

    def _may_differ(self, parts: Sequence[tuple[int, _Facts]]) -> bool:
        """Whether the article may write a name two ways, from its chunks' facts: ``_found`` compares nothing
        otherwise (in fold, no folded name has two spellings, as one word or two; in order, no two words stand in
        both orders; taking out the forms left to other packs only takes candidates away)."""
        if self.compare == "near":
            return bool(parts)  # the facts cannot tell: the article's words are compared
        if self.compare == "fold":
            seen: dict[str, str | None] = {}
            for _, facts in parts:
                for key, text in facts.singles.items():
                    if text is None or seen.setdefault(key, text) != text:
                        return True
            # a name written as two words ("Suk Yeol") and as one: two spellings, whatever they are
            return any(not facts.pairs.isdisjoint(seen) for _, facts in parts if facts.pairs)
        return _both_orders(pair for _, facts in parts for pair in facts.pairs)

    def _may_differ_in(self, total: Mapping[tuple, int]) -> bool:
        """``_may_differ`` read from the chunks' facts summed (``tally``): the same answer, from the article's
        distinct facts rather than every chunk's."""
        if self.compare == "fold":
            seen: dict[str, str] = {}
            pairs = []
            for fact in total:
                if fact[0] == _PAIR:
                    pairs.append(fact[1])
                    continue
                key, text = fact[1], fact[2]
                if text is None or seen.setdefault(key, text) != text:
                    return True
            return any(pair in seen for pair in pairs)
        return _both_orders(fact[1] for fact in total)

    def _found(self, doc: Document, runs: list[list[_Token]]) -> Iterable[Finding]:
        runs = _without(runs, self.exceptions)
        spellings = None
        if self.compare == "fold":
            runs = _without_glosses(runs)
            spellings = self._spellings(runs)
            if not any(len(texts) > 1 for texts in spellings.values()):
                return  # every name written one way (most articles): nothing to compare
        # most articles write every name one way: the gazetteers' forms are looked for only when there are two
        # (taking words out can only take candidates away, never add one)
        if self._listed is not None and self._candidates(runs):
            matcher = self._listed.matcher
            runs = _outside(runs, [(h.start, h.end) for h in matcher.finditer(doc.prose, doc.folded)])
            spellings = None  # worked out again for the words left
        if self.compare == "order":
            yield from self._order(runs)
        elif self.compare == "fold":
            yield from self._folded(runs, spellings)
        else:
            yield from self._near(runs)

    def _candidates(self, runs: list[list[_Token]]) -> bool:
        """Whether ``runs`` hold any two forms the rule compares (a cheap test before the full comparison)."""
        if self.compare == "fold":
            return any(len(texts) > 1 for texts in self._spellings(runs).values())
        if self.compare == "order":
            return _both_orders(_neighbours(runs))
        return True

    def _spellings(self, runs: list[list[_Token]]) -> dict[str, set[str]]:
        """Each folded name (long enough) and its spellings, as one word or as two ("Suk-yeol", "Suk Yeol")."""
        spellings: dict[str, set[str]] = {}
        for run in runs:
            for token in run:
                key = fold(token.text)
                if len(key) >= self.min_length:
                    spellings.setdefault(key, set()).add(token.text)
        for run in runs:
            for first, second in itertools.pairwise(run):
                key = fold(first.text + second.text)
                if key in spellings:
                    spellings[key].add(f"{first.text} {second.text}")
        return spellings

    def _folded(self, runs: list[list[_Token]], spellings: dict[str, set[str]] | None = None) -> Iterable[Finding]:
        if spellings is None:
            spellings = self._spellings(runs)
        keys = {key for key, texts in spellings.items() if len(texts) > 1}
        if not keys:
            return
        table: dict[str, dict[str, _Form]] = {}
        # the words each spelling stands before in its name ("Andrey" before "Kostin"); None once it ends a name
        beside: dict[str, dict[str, set[str] | None]] = {}
        for run in runs:
            for i, token in enumerate(run):
                key = fold(token.text)
                if key in keys:
                    _add(table, key, token.text, token.start, token.end, token.evidence)
                    _note_beside(beside, key, token.text, run, i, i + 1)
                if i + 1 < len(run):
                    after = run[i + 1]
                    key = fold(token.text + after.text)
                    if key in keys:
                        _add(table, key, f"{token.text} {after.text}", token.start, after.end,
                             token.evidence or after.evidence)
                        _note_beside(beside, key, f"{token.text} {after.text}", run, i, i + 2)
        taken: list[tuple[int, int]] = []
        for key, forms in table.items():
            if _other_people(beside.get(key, {})):
                continue
            yield from self._flag(list(forms.values()), taken)

    def _near(self, runs: list[list[_Token]]) -> Iterable[Finding]:
        words: dict[str, dict[str, _Form]] = {}
        for run in runs:
            for token in run:
                key = fold(token.text)
                if len(key) >= max(self.min_length, 6):
                    _add(words, key, token.text, token.start, token.end, token.evidence)
        named = sorted(key for key, forms in words.items() if any(f.evidence for f in forms.values()))
        taken: list[tuple[int, int]] = []
        for a, b in _close_pairs(named, self.max_distance):
            if not _inflected(a, b):
                yield from self._flag([*words[a].values(), *words[b].values()], taken)

    def _order(self, runs: list[list[_Token]]) -> Iterable[Finding]:
        orders: dict[tuple[str, str], dict[str, _Form]] = {}
        for run in runs:
            if len(run) < 2 or len({fold(t.text) for t in run}) < len(run):
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


def _note_beside(beside: dict[str, dict[str, set[str] | None]], key: str, text: str, run: list[_Token], first: int,
                 end: int) -> None:
    """Note the word of the name after ``run[first:end]`` (one spelling of ``key``: a given name, and its family
    name after it), or that it ends its name (a family name, or a name alone)."""
    around = {fold(t.text) for t in run[end:end + 1]}
    spellings = beside.setdefault(key, {})
    if not around:
        spellings[text] = None
    elif text not in spellings:
        spellings[text] = around
    elif (known := spellings[text]) is not None:
        known |= around


def _other_people(spellings: dict[str, set[str] | None]) -> bool:
    """Whether each spelling of a name stands only before other words of a name, and no such word follows two of the
    spellings ("Andrey Kostin", "Andrei Melnik"): two people's given names, not one name written two ways."""
    if len(spellings) < 2 or any(words is None for words in spellings.values()):
        return False
    seen: set[str] = set()
    for words in spellings.values():
        if seen & words:  # type: ignore[operator]
            return False
        seen |= words  # type: ignore[operator]
    return True


def _close_pairs(keys: list[str], limit: int) -> Iterable[tuple[str, str]]:
    """The pairs of ``keys`` (sorted, distinct) at most ``limit`` edits apart. For one edit, words that share a
    form with one letter deleted (or the whole word) are the only candidates, so each word is compared with a
    few others, not with all of them."""
    if limit != 1:
        for n, a in enumerate(keys):
            for b in keys[n + 1:]:
                if distance(a, b, limit) <= limit:
                    yield a, b
        return
    near: dict[str, list[str]] = {}
    for key in keys:
        for variant in {key, *(key[:i] + key[i + 1:] for i in range(len(key)))}:
            near.setdefault(variant, []).append(key)
    seen: set[tuple[str, str]] = set()
    for group in near.values():
        for n, a in enumerate(group):
            for b in group[n + 1:]:
                pair = (a, b) if a < b else (b, a)
                if pair not in seen and distance(*pair, 1) <= 1:
                    seen.add(pair)
                    yield pair


def _inflected(a: str, b: str) -> bool:
    """Whether one folded word is the other with an ending added or changed ("russia" / "russian", "ukraine" /
    "ukrainian", "kurd" / "kurds")."""
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short) or _stem(a) == _stem(b):
        return True
    for ending in _ENDINGS:
        stem = long_[:-len(ending)]
        if long_.endswith(ending) and short.startswith(stem) and len(short) - len(stem) <= 1:
            return True
    return False


def _compile_configured(rules: list[Rule], context: CompileContext) -> list[NameVariantChecker]:
    """Every rule of the kind shares one scan of the article; a rule with `leave-to` also gets a matcher of the
    forms the term rules of those packs flag (every loaded rule: `context.rules`), which it leaves to them."""
    runs = _Runs()  # one scan of the article for every rule of the kind
    matchers: dict[tuple[str, ...], ListedForms | None] = {}
    checkers = []
    for rule in rules:
        packs = tuple(sorted(rule.options["leave-to"]))
        if packs not in matchers:
            matchers[packs] = ListedForms.of(context.rules, packs)
        checkers.append(NameVariantChecker(rule, runs, matchers[packs]))
    return checkers


def _stem(word: str) -> str:
    for ending in _STEM_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[:-len(ending)]
    return word


def _validate(options: Mapping[str, Any]) -> None:
    if options["min-length"] < 2:
        raise OptionError("min-length", "must be 2 or more")
    if not 1 <= options["max-distance"] <= 3:
        raise OptionError("max-distance", "must be 1, 2 or 3")
    for key in ("exceptions", "leave-to"):
        if not all(isinstance(e, str) and e.strip() for e in options[key]):
            raise OptionError(key, "each entry must be a non-empty string")


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
        "leave-to": Option(list, "packs whose term rules flag a form (Odessa, Timoshenko): such forms are left to "
                                 "them, neither counted nor flagged", default=[]),
    },
    compile=lambda rules: _compile_configured(rules, CompileContext(None, tuple(rules))),
    compile_configured=_compile_configured,
    validate=_validate,
    placeholders=("match", "replacement", "majority", "count"),
    names=_names,
)
