"""Kind `romanisation`: a person named right after a marker of their country, in another language's romanisation.

A gazetteer catches the people it lists; this kind catches those it does not, from the sentence's structure: a
country marker ("South Korean", "Japan's", "Ukrainian"), an optional office or role ("Foreign Minister", "former
prime minister", "coach"), then a name, adjacent. What it asks of the name is the rule's `test`:

- `pinyin`: 2-3 capitalised words, no hyphen, each one or two Mandarin pinyin syllables (linter/text/pinyin.py),
  at least one of them two syllables written together, as pinyin writes a given name ("Yin Xiyue", "Anbei
  Jinsan"). Korean, Japanese, Vietnamese and Wade-Giles names almost never pass ("Yoon Suk Yeol", "Fumio
  Kishida", "Nguyen", "Tsai Ing-wen"). No fix: the right form cannot be derived from the pinyin.
- `given-names`: a given name listed in `given-names` (a Russian form: Vladimir, Alexei), then a capitalised
  surname. The fix writes the listed form (Volodymyr, Oleksii) and keeps the surname.

Names that a term rule of a pack in `leave-to` flags are left to it (one finding for one name), and so are the
listed `exceptions` (people who write the form themselves: Vitali Klitschko). Inside quotation marks a name is
flagged without a fix.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import regex

from linter.kept import regexes
from linter.kinds.base import CompileContext, Finding, Kind, Option, OptionError, Scope
from linter.kinds.name_variants import ListedForms
from linter.model.rules import Rule
from linter.text.document import Document, LastDocument
from linter.text.pinyin import syllable_count
from linter.text.quotes import quote_index

# Offices and roles that stand between a country marker and a name ("South Korean President Yoon Suk Yeol",
# "Japan's foreign minister Yoko Kamikawa", "Vietnamese coach Kim Sang-sik"), compared in any case.
ROLES = (
    "president", "vice president", "prime minister", "deputy prime minister", "premier", "minister",
    "foreign minister", "defence minister", "defense minister", "finance minister", "trade minister",
    "economy minister", "interior minister", "justice minister", "health minister", "unification minister",
    "industry minister", "energy minister", "culture minister", "digital minister", "education minister",
    "agriculture minister", "vice premier", "vice minister", "deputy minister", "vice foreign minister",
    "chief cabinet secretary", "secretary for security", "secretary for justice", "pm", "cabinet secretary",
    "chief secretary", "financial secretary", "secretary", "national security adviser", "national security advisor",
    "leader", "opposition leader", "party leader", "chief executive", "lawmaker", "legislator", "politician",
    "parliamentarian", "speaker", "ambassador", "envoy", "diplomat", "negotiator", "trade negotiator",
    "chief negotiator", "consul", "mayor", "governor", "official", "spokesman", "spokeswoman", "spokesperson",
    "general", "admiral", "commander", "commander-in-chief", "prosecutor general", "prosecutor", "judge",
    "ombudsman", "chief of staff", "adviser", "advisor", "aide", "head", "intelligence chief", "army chief",
    "military chief", "emperor", "empress", "crown prince", "princess", "prince", "first lady", "actor", "actress",
    "singer", "rapper", "star", "pop star", "film director", "director", "filmmaker", "novelist", "writer",
    "author", "artist", "pianist", "coach", "head coach", "player", "footballer", "striker", "midfielder",
    "defender", "goalkeeper", "tennis player", "golfer", "swimmer", "skater", "figure skater", "boxer", "athlete",
    "sprinter", "champion", "businessman", "businesswoman", "tycoon", "billionaire", "entrepreneur", "chairman",
    "chairwoman", "activist", "dissident", "journalist", "reporter", "scientist", "professor", "researcher",
)
# Words that may come before a role ("former prime minister", "acting president", "then foreign minister").
MODIFIERS = (
    "former", "then", "new", "acting", "interim", "deputy", "vice", "chief", "senior", "top", "outgoing",
    "incoming", "current", "late", "veteran", "ex", "first", "national", "team", "olympic", "world", "regional",
    "city", "military", "army", "naval", "intelligence", "security", "presidential", "parliamentary", "party",
    "opposition", "ruling",
)
# Words that split into pinyin syllables but are not a pinyin name. Places, never a person's name: "the Hong Kong
# Shenzhen Guangzhou line".
PLACES = (
    "Beijing", "Shanghai", "Tianjin", "Chongqing", "Guangzhou", "Shenzhen", "Zhuhai", "Dongguan", "Foshan",
    "Xiamen", "Fuzhou", "Hangzhou", "Nanjing", "Suzhou", "Wuhan", "Chengdu", "Xian", "Shenyang", "Dalian",
    "Qingdao", "Jinan", "Zhengzhou", "Changsha", "Kunming", "Nanning", "Haikou", "Sanya", "Harbin", "Changchun",
    "Hefei", "Nanchang", "Taiyuan", "Shijiazhuang", "Lanzhou", "Xining", "Yinchuan", "Urumqi", "Lhasa",
    "Guiyang", "Hohhot", "Guangdong", "Guangxi", "Fujian", "Zhejiang", "Jiangsu", "Jiangxi", "Anhui", "Hubei",
    "Hunan", "Henan", "Hebei", "Shandong", "Shanxi", "Shaanxi", "Sichuan", "Yunnan", "Guizhou", "Hainan",
    "Gansu", "Qinghai", "Ningxia", "Xinjiang", "Xizang", "Liaoning", "Jilin", "Heilongjiang", "Neimenggu",
    "Taibei", "Gaoxiong", "Taizhong", "Tainan", "Xianggang", "Aomen", "Jinmen", "Mazu", "Penghu", "Pyongyang",
    "Hanoi", "Zhongguo", "Huaxia", "Dongjing", "Hancheng", "Shouer",
)
# Given names of other languages that Hong Kong, Taiwanese, Korean and Japanese people carry in English ("Hong Kong
# billionaire Nina Wang", "Rita Fan", "Anna Wu"): the capitalised given names of Hunspell's en_US dictionary that
# split into two pinyin syllables, and Japanese given names that do.
GIVEN_NAMES = (
    "Ada", "Aida", "Alan", "Ali", "Amie", "Ana", "Anna", "Anne", "Annie", "Bennie", "Bianca", "Bowen", "Celia",
    "Chase", "Cheri", "Dale", "Damian", "Dana", "Dane", "Dannie", "Dante", "Daren", "Delia", "Dena", "Diana",
    "Diane", "Dianna", "Dianne", "Dina", "Dixie", "Duncan", "Eden", "Eli", "Erma", "Erna", "Ernie", "Fabian",
    "Fannie", "Faye", "Gale", "Gena", "Gene", "Hanna", "Heidi", "Henri", "Jude", "Julia", "Julian", "Julie",
    "June", "Kane", "Karen", "Kari", "Kate", "Katie", "Kaye", "Keisha", "Keri", "Lana", "Lance", "Lane", "Leila",
    "Lela", "Lelia", "Lena", "Lesa", "Leta", "Lidia", "Lila", "Lilia", "Lilian", "Lina", "Linda", "Lisa", "Liza",
    "Logan", "Lola", "Loren", "Lori", "Luke", "Lula", "Lulu", "Luna", "Mamie", "Mari", "Maya", "Megan", "Mike",
    "Milan", "Milo", "Mimi", "Minnie", "Mona", "Nadia", "Nannie", "Naomi", "Nate", "Nina", "Nita", "Olin", "Owen",
    "Paige", "Randi", "Reba", "Rene", "Rita", "Ruben", "Rubin", "Sabin", "Sadie", "Sana", "Sasha", "Shana",
    "Shane", "Shanna", "Shari", "Sheila", "Shelia", "Sheri", "Susan", "Tami", "Tanya", "Tasha", "Teri", "Tina",
    "Tisha", "Wade", "Wanda", "Wendi", "Yuri", "Zane", "Zeke",
    "Kenji", "Kenta", "Yuta", "Yuji", "Shuji", "Junji", "Genji", "Kana", "Hana", "Nana", "Mana", "Yuna", "Sena",
    "Rena",
)

# A word after the one before it: spaces or one line break (a soft wrap: the checker stays inside a paragraph),
# maybe a comma before them; a word of letters joined by apostrophes or hyphens (Zheng'en, Ing-wen).
_GAP = r"(?:[ \t\u00a0]+|[ \t\u00a0]*\r?\n[ \t\u00a0]*)"
_NEXT = regexes.compile(rf"(,?){_GAP}(\p{{L}}[\p{{L}}\p{{M}}]*(?:['’\-]\p{{L}}[\p{{L}}\p{{M}}]*)*)")
_POSSESSIVE = ("'s", "’s")
_SPACE = frozenset(" \t\u00a0\r\n")
_MAX_WORDS = 12


class _Named(NamedTuple):
    start: int
    end: int
    replacement: str | None
    values: Mapping[str, str]


class _Word(NamedTuple):
    start: int
    end: int
    text: str
    comma_before: bool
    closed: bool  # a possessive or punctuation comes right after it: a name ends here


def _words(text: str, pos: int, end: int, most: int = _MAX_WORDS) -> list[_Word]:
    """The words after ``pos`` (up to the paragraph's ``end``), until one that is not followed by a space (at most
    ``most``)."""
    words: list[_Word] = []
    while len(words) < most:
        m = _NEXT.match(text, pos, end)
        if m is None:
            break
        start, stop = m.span(2)
        word = m.group(2)
        if word.endswith(_POSSESSIVE) and len(word) > 2:
            word, stop = word[:-2], stop - 2
            words.append(_Word(start, stop, word, bool(m.group(1)), True))
            break
        pos = m.end()
        closed = pos >= end or (text[pos] not in _SPACE and text[pos] != ",")
        words.append(_Word(start, stop, word, bool(m.group(1)), closed))
        if closed:
            break
    return words


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and not word.isupper()


def _is_pinyin_name(names: list[_Word], not_pinyin: frozenset[str]) -> bool:
    """Every word one or two pinyin syllables (no hyphen), one of them two, and none listed as not pinyin."""
    if any("-" in w.text or w.text.casefold() in not_pinyin for w in names):
        return False
    counts = [syllable_count(w.text) for w in names]
    return all(counts) and 2 in counts


@dataclass(frozen=True)
class _Phrases:
    """A rule's roles and modifiers, lowercased, longest first."""

    roles: tuple[tuple[str, ...], ...]
    modifiers: frozenset[str]

    @functools.cached_property
    def _by_first(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """The roles by their first word, each word's longest first (in ``roles``' order)."""
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for role in self.roles:
            by_first.setdefault(role[0], []).append(role)
        return {first: tuple(roles) for first, roles in by_first.items()}

    def may_begin(self, word: str) -> bool:
        """Whether ``word`` (casefolded) is a modifier or a role's first word."""
        return word in self.modifiers or word in self._by_first

    def role_end(self, words: list[_Word]) -> int:
        """How many of ``words`` the role phrase takes (modifiers, then a listed role); 0 for none, -1 when
        modifiers stand without a role (not a person's title)."""
        lowered = [w.text.casefold() for w in words]
        most = 0
        while most < min(3, len(lowered)) and lowered[most] in self.modifiers and not words[most].closed:
            most += 1
        # a modifier may also begin a role ("chief executive"): fewer modifiers are tried too
        by_first = self._by_first
        for i in range(most, -1, -1):
            # only the roles that begin with the word there can match it (in ``roles``' order: the longest first)
            for role in by_first.get(lowered[i], ()) if i < len(lowered) else ():
                n = len(role)
                if tuple(lowered[i:i + n]) == role and not any(w.closed for w in words[i:i + n - 1]) \
                        and not any(w.comma_before for w in words[1:i + n]):
                    return i + n
        return 0 if most == 0 else -1


class RomanisationChecker:
    def __init__(self, rule: Rule, listed: ListedForms | None):
        self.rules = (rule,)
        self.rule = rule
        options = rule.options
        self.test = options["test"]
        self.markers: dict[str, str] = {" ".join(k.split()): v for k, v in options["markers"].items()}
        self.needs_role = frozenset(options["role-required"])
        self.phrases = _Phrases(
            tuple(sorted((tuple(r.casefold().split()) for r in options["roles"]), key=len, reverse=True)),
            frozenset(m.casefold() for m in options["modifiers"]))
        self.given = dict(options["given-names"])
        self.not_pinyin = frozenset(p.casefold() for p in options["not-pinyin"])
        self.forms = dict(options["forms"])
        self.exceptions = frozenset(" ".join(e.split()).casefold() for e in options["exceptions"])
        # every match of the markers' regex starts with one of their first words, as written
        self.heads = tuple(sorted({m.split()[0] for m in self.markers}))
        alternatives = "|".join(_GAP.join(map(regex.escape, m.split()))
                                for m in sorted(self.markers, key=len, reverse=True))
        self.pattern = regexes.compile(rf"(?<![\p{{L}}\p{{N}}\-'’])(?:{alternatives})(?![\p{{L}}\p{{N}}\-])")
        self._listed = listed
        self.mentions = options["mentions"]
        # where a marker may start (every checker compiled with this one shares the pass) and what the rule's test
        # flags after the markers (shared by the checkers whose options differ only in `mentions`): set by
        # _compile_configured; a checker made alone has its own
        self._starts = _MarkerStarts(self.heads)
        self._found: LastDocument[_Found] = LastDocument(self._find)
        self._alike = {k: v for k, v in options.items() if k != "mentions"}

    def check(self, doc: Document) -> Iterable[Finding]:
        found = self._found.of(doc)
        if not found.named:
            return
        prose = doc.prose
        left_to, named = found.left_to, found.named
        if not self.mentions:
            for name in named:
                yield self._finding(doc, name.start, name.end, name.replacement, name.values)
            return
        # the other mentions of each full name the article introduces with its country's marker
        taken = [(name.start, name.end) for name in named]
        texts: dict[str, _Named] = {}
        for name in named:
            texts.setdefault(" ".join(prose[name.start:name.end].split()), name)
        for text, name in texts.items():
            words = map(regex.escape, text.split())
            mention = regexes.compile(rf"(?<![\p{{L}}\p{{N}}\-'’]){_GAP.join(words)}(?![\p{{L}}\p{{N}}\-])")
            for m in mention.finditer(prose):
                start, end = m.span()
                if any(s < end and start < e for s, e in taken) or left_to.overlaps(doc, start, end):
                    continue
                replacement = None if name.replacement is None else \
                    name.replacement.split()[0] + prose[start + len(text.split()[0]):end]
                yield self._finding(doc, start, end, replacement, name.values)

    def _finding(self, doc: Document, start: int, end: int, replacement: str | None,
                 values: Mapping[str, str]) -> Finding:
        if replacement is None or quote_index(doc).inside(start):
            return Finding(self.rule, start, end, suggestions=(replacement,) if replacement else (), edits=(),
                           values=values)
        return Finding(self.rule, start, end, suggestions=(replacement,), values=values)

    def _find(self, doc: Document) -> _Found:
        left_to = _LeftTo(self._listed)
        if not self._starts.of(doc):
            return _Found(left_to, [])  # no marker's first word in the text (most texts)
        return _Found(left_to, list(self._named(doc, left_to)))

    def _markers(self, doc: Document) -> Iterable[tuple[regex.Match[str], int]]:
        """What ``self.pattern.finditer`` finds in each paragraph (a match never crosses a paragraph's end), with
        that end: tried only where one of the markers' first words starts (every match starts with one)."""
        prose = doc.prose
        resume = 0
        for pos in self._starts.of(doc):
            if pos < resume:
                continue  # inside the last match: finditer goes on after it
            paragraph = doc.paragraph_at(pos)
            if paragraph is None:
                continue
            m = self.pattern.match(prose, pos, paragraph[1])
            if m is not None:
                resume = m.end()
                yield m, paragraph[1]

    def _named(self, doc: Document, left_to: _LeftTo) -> Iterable[_Named]:
        """The names the rule's test flags right after a marker (and its role), less exceptions and the names
        left to the gazetteer."""
        prose = doc.prose
        for m, p_end in self._markers(doc):
            marker = " ".join(m.group().split())
            found = self._name_after(prose, marker, m.end(), p_end)
            if found is None:
                continue
            start, end, replacement = found
            if " ".join(prose[start:end].split()).casefold() in self.exceptions:
                continue
            if left_to.overlaps(doc, start, end):
                continue
            label = self.markers[marker]
            yield _Named(start, end, replacement, {"nationality": label, "example": self.forms.get(label, "")})

    def _name_after(self, prose: str, marker: str, pos: int, end: int) -> tuple[int, int, str | None] | None:
        """The name a marker's role introduces, if the rule's test flags it: its span and its fix (or None)."""
        first = _words(prose, pos, end, 1)
        if not first or first[0].comma_before:
            return None
        if not _capitalised(first[0].text) and not self.phrases.may_begin(first[0].text.casefold()):
            return None  # neither a role nor a name begins here ("Japanese officials"): no more words are read
        words = _words(prose, pos, end)
        j = self.phrases.role_end(words)
        if j < 0 or (j == 0 and marker in self.needs_role):
            return None
        if j > 0 and words[j - 1].closed:
            return None
        for first in _name_starts(words, j):
            names = _name_run(words, first)
            if names is None:
                continue
            if self.test == "pinyin":
                if len(names) >= 2 and _is_pinyin_name(names, self.not_pinyin):
                    return names[0].start, names[-1].end, None
                continue
            # given-names: a listed given name, then a capitalised surname (and maybe a second one)
            fixed = self.given.get(names[0].text)
            if fixed is not None and len(names) >= 2:
                start, stop = names[0].start, names[-1].end
                return start, stop, fixed + prose[names[0].end:stop]
        return None


# A role that names a post abroad may say where: "Ukrainian Ambassador to Germany Andriy Melnyk".
_POSTED = frozenset(("ambassador", "envoy", "consul", "representative"))


def _name_starts(words: list[_Word], j: int) -> list[int]:
    """Where the name may start after a role that ends before ``words[j]``: right there, or, after a post abroad
    and 'to (the) Country', after the country's one or two words."""
    if j == 0 or j >= len(words) or words[j].text != "to" or words[j - 1].text.casefold() not in _POSTED:
        return [j]
    k = j + 1 + int(j + 1 < len(words) and words[j + 1].text == "the")
    starts = []
    for length in (1, 2):
        place = words[k:k + length]
        if len(place) == length and all(w.text[:1].isupper() and not w.closed for w in place) \
                and not any(w.comma_before for w in words[j:k + length + 1]):
            starts.append(k + length)
    return starts


def _name_run(words: list[_Word], first: int) -> list[_Word] | None:
    """The 2-3 capitalised words from ``words[first]`` that end where the run of capitalised words ends, or None
    (a run of four or more is a headline or a list, not one name)."""
    names: list[_Word] = []
    for k, word in enumerate(words[first:]):
        if not _capitalised(word.text) or (word.comma_before and k > 0):
            break
        names.append(word)
        if word.closed or len(names) > 3:
            break
    if not names or len(names) > 3:
        return None
    return names


class _LeftTo:
    """The spans of one document (the one it is always asked about) that a term rule of the packs in `leave-to`
    flags, found when first asked."""

    def __init__(self, listed: ListedForms | None):
        self._listed = listed
        self._spans: list[tuple[int, int]] | None = None

    def overlaps(self, doc: Document, start: int, end: int) -> bool:
        if self._listed is None:
            return False
        if self._spans is None:
            self._spans = [(h.start, h.end) for h in self._listed.matcher.finditer(doc.prose, doc.folded)]
        return any(s < end and start < e for s, e in self._spans)


class _Found(NamedTuple):
    """What a rule's test flags after the markers in one document, and the spans left to other packs there."""

    left_to: _LeftTo
    named: list[_Named]


class _MarkerStarts:
    """Where any of some markers' first words starts in a document's prose, ascending: one pass of the standard
    library's engine for every rule compiled together (a marker's regex is then tried at those places only)."""

    def __init__(self, heads: Iterable[str]):
        self._heads = frozenset(heads)
        self._found: LastDocument[list[int]] = LastDocument(self._find)

    @functools.cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """The heads' alternation, compiled when a document is first read (a checker whose pass is shared never
        compiles its own)."""
        every = sorted(self._heads)
        # a head that begins with another is found where that one is: only the shortest is looked for
        kept = [h for h in every if not any(o != h and h.startswith(o) for o in every)]
        if not kept:
            return None
        alternation = "|".join(map(re.escape, sorted(kept, key=lambda h: (-len(h), h))))
        # one head may begin inside another ("ab" in "xaby", or after its start: "ab" and "bc" in "abc"): the
        # matches must then overlap, found by a zero-width look-ahead at every place; otherwise (the house
        # packs) matches never overlap and the plain alternation finds every place at once
        overlapping = any(a != b and (b in a[1:] or any(a.endswith(b[:k]) for k in range(1, len(b))))
                          for a in kept for b in kept)
        return re.compile(f"(?=(?:{alternation}))" if overlapping else alternation)

    def _find(self, doc: Document) -> list[int]:
        if self.pattern is None:
            return []
        return [m.start() for m in self.pattern.finditer(doc.prose)]

    def of(self, doc: Document) -> Sequence[int]:
        return self._found.of(doc)


def _compile_configured(rules: list[Rule], context: CompileContext) -> list[RomanisationChecker]:
    """Each rule gets a matcher of the forms the selected term rules of the packs in its `leave-to` flag, one for the
    rules that name the same packs (its automaton is built once, when an article first needs it)."""
    selected = context.selected or context.rules
    matchers: dict[tuple[str, ...], ListedForms | None] = {}
    checkers = []
    for rule in rules:
        packs = tuple(sorted(rule.options["leave-to"]))
        if packs not in matchers:
            matchers[packs] = ListedForms.of(selected, packs)
        checkers.append(RomanisationChecker(rule, matchers[packs]))
    # one pass per document finds where any rule's markers may start; rules whose options differ only in
    # `mentions` (CD1014 and CD1016) flag the same names after the markers, worked out once per document
    starts = _MarkerStarts(head for checker in checkers for head in checker.heads)
    for i, checker in enumerate(checkers):
        checker._starts = starts
        twin = next((c for c in checkers[:i] if c._alike == checker._alike and c._listed is checker._listed), None)
        if twin is not None:
            checker._found = twin._found
    return checkers


def _validate(options: Mapping[str, Any]) -> None:
    markers = options["markers"]
    if not markers or not all(isinstance(k, str) and k.strip() and isinstance(v, str) and v.strip()
                              for k, v in markers.items()):
        raise OptionError("markers", "must map each country marker to the people it names (non-empty strings)")
    for key in ("roles", "modifiers", "exceptions", "leave-to", "role-required", "not-pinyin"):
        if not all(isinstance(e, str) and e.strip() for e in options[key]):
            raise OptionError(key, "each entry must be a non-empty string")
    for marker in options["role-required"]:
        if marker not in markers:
            raise OptionError("role-required", f"{marker!r} is not one of the rule's markers")
    given = options["given-names"]
    if not all(isinstance(k, str) and k.strip() and isinstance(v, str) and v.strip() and k != v
               for k, v in given.items()):
        raise OptionError("given-names", "must map each given name to another form of it (non-empty strings)")
    if options["test"] == "given-names" and not given:
        raise OptionError("given-names", "test: given-names needs at least one entry")
    forms = options["forms"]
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in forms.items()):
        raise OptionError("forms", "must map each people's name to an example of how their names are written")


def _scope(rule: Rule) -> Scope:
    """A marker, its role and the name are read inside one paragraph, never across a paragraph break; quotation
    marks are paired per paragraph. A rule that flags a name's other mentions reads the whole document."""
    return Scope.DOCUMENT if rule.options["mentions"] else Scope.PARAGRAPH


def _names(rule: Rule) -> Iterable[str]:
    """The exceptions (Vitali Klitschko) and the given names' right forms: a spelling rule must not flag them."""
    yield from (str(e) for e in rule.options["exceptions"])
    yield from (str(v) for v in rule.options["given-names"].values())


KIND = Kind(
    name="romanisation",
    summary="A person named right after a marker of their country, in another language's romanisation.",
    fix_safety=("The fix writes the listed form of the given name and keeps the surname as written; a rule that "
                "tests for pinyin gives no fix, since the right form cannot be derived from it. Inside quotation "
                "marks the name is flagged without a fix."),
    options={
        "test": Option(str, "what makes the name wrong: 'pinyin' (every word one or two Mandarin pinyin "
                            "syllables, one of them two) or 'given-names' (a listed given name, then a surname)",
                       default="pinyin", choices=("pinyin", "given-names")),
        "markers": Option(dict, "country marker (as written, in its case) -> the people it names", required=True),
        "roles": Option(list, "offices and roles that may stand between the marker and the name, in any case",
                        default=list(ROLES)),
        "modifiers": Option(list, "words that may come before a role ('former', 'acting')",
                            default=list(MODIFIERS)),
        "role-required": Option(list, "markers that count only with a role after them ('Kyiv' Mayor)",
                                default=[]),
        "not-pinyin": Option(list, "with test: pinyin, words that split into pinyin syllables but make a name "
                                   "not pinyin: places (Shenzhen), other languages' given names (Lisa, Kenji)",
                             default=[*PLACES, *GIVEN_NAMES]),
        "given-names": Option(dict, "with test: given-names, the wrong form of a given name -> the right one",
                              default={}),
        "forms": Option(dict, "the people a marker names -> an example of their names as English news writes "
                              "them (the message's {example})", default={}),
        "exceptions": Option(list, "full names left alone: people who write the form themselves", default=[]),
        "leave-to": Option(list, "packs whose term rules flag a name: such names are left to them", default=[]),
        "mentions": Option(bool, "flag the article's other mentions of each full name the test flags after a "
                                 "marker, not that mention itself (the rule then reads the whole document)",
                           default=False),
    },
    compile=lambda rules: _compile_configured(rules, CompileContext(None, tuple(rules))),
    compile_configured=_compile_configured,
    validate=_validate,
    scope=_scope,
    placeholders=("match", "replacement", "nationality", "example"),
    names=_names,
)
