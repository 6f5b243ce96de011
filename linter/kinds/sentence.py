"""Kind `sentence`: structural checks on sentences and paragraphs.

Each rule picks one check from a closed set; the checks look at shape (punctuation, case,
where a sentence starts and ends), not at particular phrases, so they hold on any article.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import regex

from linter.kept import regexes
from linter.kinds.base import Finding, Kind, Option, OptionError, Parts, Scope
from linter.kinds.prefilter import offsets, tried
from linter.model.diagnostics import Applicability, Edit
from linter.model.rules import Rule
from linter.text import segment
from linter.text.document import Document
from linter.text.quotes import double_pairs, scanned

_WORD_BEFORE_PERIOD = regexes.compile(
    r"(?<![\w.'’-])(\p{L}[\p{L}'’-]*)\.([ \t]+(?:\r?\n[ \t]*)?)(\p{Ll}+)(?![\p{L}\p{N}])"
)
_PERIOD_THEN_LOWERCASE = regexes.compile(r"\.[ \t]+(?:\r?\n[ \t]*)?\p{Ll}")
_LAST_WORD = regexes.compile(r"(?<![\w'’-])(\p{L}+)\.$")
_BRACKET = regexes.compile(r"[()\[\]{}]")
_MISSING_SPACE = regexes.compile(r"(?<=\p{Ll}\p{Ll}[)\]”\"’]?|\p{Ll}[)\]”\"’])([.!?])(?=\p{Lu}\p{Ll})")
# where _MISSING_SPACE may match: a final mark before a capital (ASCII, or any character outside ASCII), found by the
# standard library's scan, which skips to a mark faster than the `regex` scan tries the look-behind at every position
_MARK_BEFORE_CAPITAL = re.compile(r"[.!?](?=[A-Z\x80-\U0010ffff])")
_LETTERS = regexes.compile(r"\p{L}+")
_RUNS_ON = regexes.compile(r"[ \t]+\p{Ll}+[ \t]+\p{Ll}")
# around a period with no space after it: the token it is in (up to the spaces), the parts of a file, code or
# domain name, a camel-case or code-like word
_TOKEN_BEFORE = regexes.compile(r"(?r)[^\s]+")
_TOKEN_AFTER = regexes.compile(r"[^\s]+")
_MORE_PARTS = regexes.compile(r"[./\\@_=#]\w|\w[./\\@_=#]\w")
_CODE_LIKE = regexes.compile(r"\p{Ll}\p{Lu}|[\p{N}_/\\@#=<>{}:]")
_SPACE_AND_WORD = regexes.compile(r"[ \t]+[\p{L}\p{N}]")
# short words that open sentences, unlike the last part of a domain ("said.It was", but "Gazeta.Ru, they")
_SHORT_OPENERS = frozenset(w for w in segment.SENTENCE_OPENERS if len(w) <= 3) | frozenset(
    "my no not how why who now yes to by of up off out do did can may has had was is are let".split())
_FINAL_WORD = regexes.compile(r"(\p{L}[\p{L}'’-]*)\W*$")
_LAST_WORD_CHAR = regexes.compile(r"(?r)\w")  # matched backwards: the paragraph's last word character
_WORD_RUN_BEFORE = regexes.compile(r"(?r)[\p{L}'’-]*")  # matched backwards: _FINAL_WORD's word, ending there
_ENDS_OK = regexes.compile(r"(?:[.!?…:—–]|\.{3})[\"'”’»)\]]*\s*$")
_FINAL_MARKS = frozenset(".!?…:—–")  # _ENDS_OK's, read by _ends_ok
_CLOSERS = frozenset("\"'”’»)]")
_TERMINAL_INSIDE = regexes.compile(r"[.!?][\"'”’)\]]*\s+[\"'“‘(]*\p{Lu}")
_SENTENCE_OPENING = regexes.compile(r"[\"'“‘«(\[]*(\p{L}+)")
_OPENING_MARKS = frozenset("\"'“‘«([")  # _SENTENCE_OPENING's, before the word
_DET_GERUND = regexes.compile(
    r"(?<![\w-])(?i:the|a|an|this|that|these|those|its|their|his|her|our)\s+"
    r"(\p{Lu}\p{Ll}{2,}ing)\s+"
    r"(?=(?i:the|a|an|his|her|its|their|this|these|those|to)\s)"
)
_LONGEST_DETERMINER = 5  # "these", "those", "their"
_ING_BEFORE_SPACE = regexes.compile(r"ing(?=\s)")  # where a gerund of _DET_GERUND's may end
_CAPITALISED_BEFORE = regexes.compile(r"(?r)\p{Lu}\p{Ll}*")  # matched backwards: the gerund ending there
_SPACE_BEFORE = regexes.compile(r"(?r)\s+")  # matched backwards: the white space that ends where a word starts
# CD304's window around a chunk's end (``_gerund_merge``): its last two words, and the next two words after it
_LAST_TWO_WORDS = regexes.compile(r"(?r)(?:\S+\s+)?\S+\s*\Z")
_NEXT_TWO_WORDS = regexes.compile(r"\s*(?:\S+(?:\s+\S+)?\s?)?")
_SPACES = regexes.compile(r"\s*")
_BRACKETS = {")": "(", "]": "[", "}": "{"}
_BLOCK_SYNTAX = regexes.compile(r"\s*(?:#{1,6}\s|\||[-*+]\s|\d+[.)]\s|>)")
_LIST_MARKER = regexes.compile(r"\s*(?:\w{1,3}|\d+)\)")
_EMOTICON = regexes.compile(r"[:;]-?[()\]\[]")
_EDGE_SPACE = regexes.compile(r"[ \t\u00a0\u202f]+")
_EDGE_SPACES = frozenset(" \t\u00a0\u202f")  # _EDGE_SPACE's
_EDGE_SPACE_BEFORE = regexes.compile(r"(?r)[ \t\u00a0\u202f]+")  # matched backwards: the spaces ending at a mark

DEFAULT_WORDS: dict[str, tuple[str, ...]] = {
    "relative-fragment": ("which", "whom", "whose", "who"),
    "dangling-word": ("the", "a", "an", "of", "and", "or", "but", "its", "their", "from", "than",
                      "nor", "whose", "the", "our", "your", "my"),
}


def _validate(options: Mapping[str, Any]) -> None:
    if not all(isinstance(w, str) for w in options["words"] or []):
        raise OptionError("words", "must be a list of words")
    if not all(isinstance(w, str) for w in options["abbreviations"]):
        raise OptionError("abbreviations", "must be a list of words")
    if not all(isinstance(n, str) and n.strip() for n in options["names"]):
        raise OptionError("names", "must be a list of names")


def _gerund_across(prose: str, lo: int, hi: int, end: int) -> tuple[list[tuple[int, int, str]], bool]:
    """CD304's matches that read past the chunk ``[lo, hi)``'s end (``_gerund_merge``): each gerund's start and end,
    from ``hi``, and its text; and whether what was read lies before ``end`` (the next chunk's end: then the two
    chunks alone decide them)."""
    tail = _LAST_TWO_WORDS.search(prose, lo, hi)
    if tail is None:
        return [], True  # a chunk of blanks (a masked one) holds no determiner
    ahead = _NEXT_TWO_WORDS.match(prose, hi)
    stop = ahead.end() if ahead else hi
    found = []
    for m in _DET_GERUND.finditer(prose, tail.start(), stop):
        if m.start() >= hi:
            break  # the next chunk's
        found.append((m.start(1) - hi, m.end(1) - hi, m.group(1)))
    # what the match of the next words read: up to ``stop``, or, where it gave up a second word, the white space after
    # the first and the character after that
    return found, _SPACES.match(prose, stop).end() < end


class SentenceChecker:
    def __init__(self, rule: Rule):
        self.rules = (rule,)
        self.rule = rule
        check = rule.options["check"]
        words = rule.options["words"]
        self.words = frozenset(w.lower() for w in (words if words is not None else DEFAULT_WORDS.get(check, ())))
        self.abbreviations = (
            segment.TITLES | segment.AMBIGUOUS | {a.lower().rstrip(".") for a in rule.options["abbreviations"]}
        )
        self._initials = frozenset(w[:1] for w in self.words)  # relative-fragment: the opening word's first letter
        self.min_words = rule.options["min-words"]
        self.names = frozenset(n.casefold() for n in rule.options["names"])
        self._run = CHECKS[check].run
        # SplitChecker: two document-scope checks read each paragraph alone, then which paragraph is first, last
        # or next; the language server keeps each chunk's paragraphs read between edits
        self._split = _SPLIT.get(check)
        self.splits = self._split is not None
        # CD304's matches across each cut, by the two chunks' kept parts (``_gerund_merge``), for the last merge
        self._across: dict[tuple[int, int], tuple[Any, Any, list[tuple[int, int, str]]]] = {}

    def check(self, doc: Document) -> Iterable[Finding]:
        return self._run(self, doc)

    def part(self, doc: Document) -> list[Any]:
        """SplitChecker.part: what the check reads of each paragraph of a chunk, in order."""
        assert self._split is not None
        return self._split[0](self, doc)

    def merge(self, doc: Document, parts: Sequence[tuple[int, Any]]) -> Iterable[Finding]:
        """SplitChecker.merge: the check over every paragraph of the document, read per chunk."""
        assert self._split is not None
        return self._split[1](self, doc, parts)

    def _lowercase_start(self, doc: Document) -> Iterable[Finding]:
        text = doc.prose
        for m in _words_before_period(text):
            token = m.group(1).lower()
            if token in self.abbreviations or len(token) == 1:
                continue
            period = m.end(1)
            word = m.group(3)
            gap = m.group(2)
            yield Finding(
                self.rule, period, m.end(),
                suggestions=(gap + word, "." + gap + word[0].upper() + word[1:]),
                values={"word": word},
            )

    def _missing_space(self, doc: Document) -> Iterable[Finding]:
        text = doc.prose
        for m in _missing_spaces(text):
            following = _LETTERS.match(text[m.end():m.end() + 40])
            word = following.group() if following else ""
            if m.group(1) != "." and not _RUNS_ON.match(text, m.end() + len(word)):
                continue  # "Yahoo!News", "Jeopardy!Live": a name, unless a sentence runs on after it
            doubt = None
            if m.group(1) == ".":
                doubt = self._dotted_name(text, m.start(), m.end() + len(word))
                if doubt is False:
                    continue
            yield Finding(self.rule, m.start(), m.end() + len(word),
                          suggestions=(m.group(1) + " " + word,), values={"word": word}, applicability=doubt)

    def _dotted_name(self, text: str, period: int, word_end: int) -> Applicability | bool | None:
        """Whether ``left.Right`` is a name with a period inside rather than two sentences run together.

        False (a name, no finding): a known name ("Gazeta.Ru", the rule's ``names``); a file, code or
        domain name: more dotted parts ("GroupDocs.Viewer.dll", "report.Final.docx"), a part before the
        period that is short and lowercase or written in camel case ("io.Pipe", "GroupDocs.Viewer"), a
        part after it of at most three letters, not a sentence opener, before punctuation ("Gazeta.Ru,
        they"). UNSAFE when that part goes on with a word ("Gazeta.Ru they"), or when the part before is
        capitalised (a name may end there or go on: "Yandex.Taxi"). None (a certain boundary): a lowercase
        word of three letters or more, then a capitalised word ("morning.Staff", "said.It").
        """
        left = _TOKEN_BEFORE.search(text, max(0, period - 80), period)
        right = _TOKEN_AFTER.match(text, period + 1, min(len(text), word_end + 80))
        before = left.group() if left else ""
        after = right.group() if right else ""
        core_before = before.rstrip(")]”\"’")
        if (core_before + "." + text[period + 1:word_end]).casefold() in self.names:
            return False
        if "." in before or _MORE_PARTS.search(after) or _CODE_LIKE.search(core_before):
            return False
        if len(core_before) <= 2 and core_before == before and core_before.islower():
            return False
        right = text[period + 1:word_end]
        if len(right) <= 3 and right.lower() not in _SHORT_OPENERS:
            # "Gazeta.Ru, they": a domain's last part; "Gazeta.Ru they": doubtful
            return False if not _SPACE_AND_WORD.match(text, word_end) else Applicability.UNSAFE
        word_before = regex.search(r"\p{L}+$", core_before)
        if word_before is None or not word_before.group().islower() or len(word_before.group()) < 3:
            return Applicability.UNSAFE
        return None

    def _unterminated_paragraph(self, doc: Document) -> Iterable[Finding]:
        """Evidence of a cut, not mere lack of a period: headlines, captions and credits end bare.

        A paragraph ending on a comma or a function word was cut. One whose sentences end with
        punctuation but whose last sentence runs on for eight words or more (in running prose,
        not title case) was cut.
        A long unpunctuated paragraph counts only between other paragraphs (not the first, which
        may be a headline) and when it stops on a lowercase word, as prose does.
        """
        return self._unterminated_merge(doc, [(0, self._unterminated_part(doc))])

    def _unterminated_part(self, doc: Document) -> list[tuple[int, int, bool, bool] | None]:
        """Each paragraph of ``doc``: None when it ends well, else where a finding would be, whether it is cut
        whatever its place, and whether it is a long unpunctuated one (cut unless it is the first)."""
        text = doc.prose
        read: list[tuple[int, int, bool, bool] | None] = []
        closers, final_marks = _CLOSERS, _FINAL_MARKS
        for start, end in doc.paragraphs:
            # _ends_ok, inline (a call for each paragraph cost half of it): most paragraphs are decided here, without
            # a copy of the paragraph or a regex
            stop = end
            while stop > start and text[stop - 1] in closers:
                stop -= 1
            if stop > start and text[stop - 1] in final_marks:
                read.append(None)
                continue
            body = text[start:end]
            if _ENDS_OK.search(body) or _is_block_syntax(doc.text, start):
                read.append(None)
                continue
            words = len(body.split())
            last = _final_word(body)
            truncated = words >= 4 and (
                body.endswith((",", ";"))
                or (last is not None and last.group(1) in DEFAULT_WORDS["dangling-word"])
            )
            inside = list(_TERMINAL_INSIDE.finditer(body))
            tail = body[inside[-1].end() - 1:] if inside else ""
            runs_on = bool(inside) and words >= self.min_words and _is_running_prose(tail, 8)
            long_prose = words >= 3 * self.min_words and last is not None and last.group(1)[0].islower()
            read.append((start + (last.start(1) if last else len(body) - 1), end, truncated or runs_on, long_prose))
        return read

    def _unterminated_merge(self, doc: Document, parts: Sequence[tuple[int, Any]]) -> Iterable[Finding]:
        text_end = -1  # where the text's last word ends, worked out for the first finding only (a copy of the text)
        several = sum(len(part) for _, part in parts) > 1
        index = 0
        for lo, part in parts:
            # the paragraphs that do not end well, about one in ten (each is a tuple, the others None)
            for k in itertools.compress(range(len(part)), part):
                at, end, cut, long_prose = part[k]
                if cut or (long_prose and index + k > 0 and several):
                    if text_end < 0:
                        text_end = len(doc.prose.rstrip())
                    where = "document" if end + lo >= text_end else "paragraph"
                    yield Finding(self.rule, at + lo, end + lo, values={"where": where})
            index += len(part)

    def _relative_fragment(self, doc: Document) -> Iterable[Finding]:
        text = doc.prose
        sentences = doc.sentences
        initials = self._initials
        for k, (start, end) in enumerate(sentences):
            # the opening word's first letter (after any quotation marks and brackets) must be a capital that
            # begins one of the words: most sentences are decided here, without a copy or a regex
            first = start
            while first < end and text[first] in _OPENING_MARKS:
                first += 1
            if first == end or not text[first].isupper() or text[first].lower()[:1] not in initials:
                continue
            sentence = text[start:end]
            opening = _SENTENCE_OPENING.match(sentence)
            if opening and opening.group(1).lower() in self.words and "?" not in sentence \
                    and opening.group(1)[0].isupper() and not opening.group(1).isupper():
                word_at = start + opening.start(1)
                word = opening.group(1)
                # the sentence before, when it is in the same paragraph
                previous_end = sentences[k - 1][1] if k > 0 and (
                    doc.paragraph_at(sentences[k - 1][0]) == doc.paragraph_at(start)) else None
                edits: tuple[Edit, ...] = ()
                if previous_end is not None and text[previous_end - 1] == "." and opening.start(1) == 0:
                    edits = (Edit(previous_end - 1, word_at + 1, ", " + word[0].lower()),)
                yield Finding(self.rule, word_at, word_at + len(word),
                              suggestions=(word.lower(),) if edits else (), edits=edits or (),
                              values={"word": word})

    def _determiner_gerund(self, doc: Document) -> Iterable[Finding]:
        for start, end, word in _gerund_matches(doc):
            yield Finding(self.rule, start, end, values={"word": word})

    def _gerund_part(self, doc: Document) -> list[tuple[int, int, str]]:
        """The matches in a chunk (the gerund's start, end and text): each is the whole document's, for the chunk
        starts after a line break (the lookbehind sees a space either way) and the match reads only the chunk."""
        return list(_gerund_matches(doc))

    def _gerund_merge(self, doc: Document, parts: Sequence[tuple[int, Any]]) -> Iterable[Finding]:
        """The chunks' matches, and those that read past a chunk's end. A match starts at a determiner and
        holds one other word (the gerund) and the whitespace after each, then looks at one more word and a
        space; no match starts inside another (the gerund ends in "ing", no determiner does), so the matches
        are those found at each determiner. One that reads past the line break that ends a chunk starts in
        the chunk's last two words and reads at most two words past it: a search over that window finds it.
        One found in the chunk starts three words or more before its end (it reads a determiner, a word and
        a determiner and a space after it), so none is found twice.

        Given the language server's kept parts (``Parts``), the matches across a cut are kept by the two chunks'
        parts (the same part, the same chunk: its text and masking) when the window read lies in those two chunks
        (the character before a chunk is the line break that ends the one before): an edit reads again only the
        windows at the chunk it changed."""
        prose = doc.prose
        kept = self._across if isinstance(parts, Parts) else None
        across: dict[tuple[int, int], tuple[Any, Any, list[tuple[int, int, str]]]] = {}
        items = list(parts)
        count = len(items)
        for n, (lo, part) in enumerate(items):
            for start, end, word in part:
                yield Finding(self.rule, start + lo, end + lo, values={"word": word})
            if n + 1 == count:
                break
            hi, following = items[n + 1]
            key = (id(part), id(following))
            held = None if kept is None else kept.get(key)
            if held is not None and held[0] is part and held[1] is following:
                found = held[2]
            else:
                found, inside = _gerund_across(prose, lo, hi, items[n + 2][0] if n + 2 < count else len(prose))
                if not inside:
                    for start, end, word in found:
                        yield Finding(self.rule, start + hi, end + hi, values={"word": word})
                    continue
            across[key] = (part, following, found)
            for start, end, word in found:
                yield Finding(self.rule, start + hi, end + hi, values={"word": word})
        if kept is not None:
            self._across = across

    def _unbalanced_quotes(self, doc: Document) -> Iterable[Finding]:
        """Quotation marks pair within a paragraph; a quotation may run on across paragraphs.

        A text of one paragraph is judged as an excerpt (a segment of a corpus, a paragraph in an
        editor): its quotation may open before it or close after it. In a text of several
        paragraphs the first and last paragraphs are the article's edges and are judged too.
        """
        return self._quotes_merge(doc, [(0, self._quotes_part(doc))])

    def _quotes_part(self, doc: Document) -> list[tuple[str, list[tuple[int, str, bool]]]]:
        """Each paragraph of ``doc``: its first character, and its unpaired marks (offset, mark, closing)."""
        text = doc.prose
        read = []
        # only a double mark or a single opener can be left unpaired (a lone ’ closes nothing): a paragraph
        # without one (most in news) is not scanned
        openers = _may_be_unpaired(text)
        for span in doc.paragraphs:
            first = bisect.bisect_left(openers, span[0])
            if first == len(openers) or openers[first] >= span[1]:
                read.append((text[span[0]:span[0] + 1], []))
                continue
            marks = [(mark.offset, mark.mark,
                      not mark.opening or (mark.mark == '"' and _looks_closing(text, mark.offset, span)))
                     for mark in scanned(doc, span).unpaired]
            read.append((text[span[0]:span[0] + 1], marks))
        return read

    def _quotes_merge(self, doc: Document, parts: Sequence[tuple[int, Any]]) -> Iterable[Finding]:
        paragraphs = [(lo, first, marks) for lo, part in parts for first, marks in part]
        if len(paragraphs) < 2:
            return
        last = len(paragraphs) - 1
        for index, (lo, _, marks) in enumerate(paragraphs):
            for offset, mark, closing in marks:
                if closing:
                    if mark in "”»\"":
                        yield Finding(self.rule, offset + lo, offset + lo + 1, values={"mark": mark, "side": "closing"})
                    continue
                if index < last and paragraphs[index + 1][1] == mark:
                    continue  # a quotation that runs on into the next paragraph
                yield Finding(self.rule, offset + lo, offset + lo + 1, values={"mark": mark, "side": "opening"})

    def _unbalanced_brackets(self, doc: Document) -> Iterable[Finding]:
        text = doc.prose
        brackets = _bracket_offsets(text)
        for start, end in doc.paragraphs:
            first = bisect.bisect_left(brackets, start)
            if first == len(brackets) or brackets[first] >= end:
                continue  # most paragraphs have no bracket at all
            stack: list[tuple[str, int]] = []
            skip_list_marker = _LIST_MARKER.match(text, start)
            for i in brackets[first:bisect.bisect_left(brackets, end, first)]:
                ch = text[i]
                if skip_list_marker and i == skip_list_marker.end() - 1:
                    continue
                if i > start and text[i - 1] in ":;-" and any(
                        _EMOTICON.fullmatch(text, j, i + 1) for j in (i - 1, i - 2) if j >= start):
                    continue  # ":)", ";-(": an emoticon, not a bracket
                if ch in "([{":
                    stack.append((ch, i))
                elif stack and stack[-1][0] == _BRACKETS[ch]:
                    stack.pop()
                else:
                    yield Finding(self.rule, i, i + 1, values={"mark": ch, "side": "closing"})
            for ch, i in stack:
                yield Finding(self.rule, i, i + 1, values={"mark": ch, "side": "opening"})

    def _space_inside_quotes(self, doc: Document) -> Iterable[Finding]:
        """Spaces just inside a pair of double quotation marks (tokenised MT output: '" American Dream "').

        Judged only in a paragraph whose double marks all pair, so that which mark opens is known. The fix
        (delete the space) is safe between curly marks, whose shape says which opens; between straight ones
        the pairing is read from the neighbours and the fix waits for --unsafe-fixes.
        """
        text = doc.prose
        # only the paragraphs that hold a " or “ (most paragraphs quote no one), found from those marks, in order
        openers = offsets(text, '"“')
        i, count = 0, len(openers)
        while i < count:
            span = doc.paragraph_at(openers[i])
            if span is None or openers[i] >= span[1]:
                i += 1
                continue
            i = bisect.bisect_left(openers, span[1], i)
            if any(u.mark in '"“”' for u in scanned(doc, span).unpaired):
                continue
            for start, after in double_pairs(text, span):  # the quotations of pairs() that open with " or “
                close = after - 1
                if close - start < 2 or (
                        text[start + 1] not in _EDGE_SPACES and text[close - 1] not in _EDGE_SPACES):
                    continue  # most quotations: no space just inside either mark, none for the two matches below
                if not text[start + 1:close].strip():
                    continue
                curly = text[start] == "“" and text[close] == "”"
                doubt = None if curly else Applicability.UNSAFE
                inner = _EDGE_SPACE.match(text, start + 1, close)
                if inner is not None:
                    yield Finding(self.rule, inner.start(), inner.end(), suggestions=("",),
                                  values={"side": "after the opening"}, applicability=doubt)
                before = _EDGE_SPACE_BEFORE.match(text, start + 1, close)
                if before is not None and (inner is None or before.start() >= inner.end()):
                    yield Finding(self.rule, before.start(), before.end(), suggestions=("",),
                                  values={"side": "before the closing"}, applicability=doubt)

    def _dangling_word(self, doc: Document) -> Iterable[Finding]:
        text = doc.prose
        words = self.words
        for start, end in doc.sentences:
            # the sentence's end without its trailing white space, read in place (no copy of every sentence)
            stop = end
            while stop > start and text[stop - 1].isspace():
                stop -= 1
            # questions strand prepositions by design ("Where is this from?")
            if stop == start or text[stop - 1] != "." or (stop - start >= 3 and text[stop - 3:stop] == "..."):
                continue
            if _letters_before(text, stop - 1, start).lower() not in words:
                continue  # the usual case, decided without a copy or a regex
            sentence = text[start:stop]
            last = _LAST_WORD.search(sentence)
            if last is None or (len(last.group(1)) == 1 and last.group(1).isupper()):
                continue  # "Concourse A.", "vitamin A."
            if last.group(1).lower() in self.words and len(sentence.split()) > 2:
                yield Finding(self.rule, start + last.start(1), start + last.end(1),
                              values={"word": last.group(1)})


def _gerund_matches(doc: Document) -> Iterator[tuple[int, int, str]]:
    """CD304's matches (the gerund's start, end and text): what ``_DET_GERUND.finditer`` finds (the regex states
    the rule), tried only where it can match. Its gerund ends in a lowercase "ing" before white space (a literal the
    regex module finds fast, a few in a hundred words) and is the capital and the lowercase letters before it, with
    white space before them; the determiner ends where that white space begins (1 to 5 letters before it). Matches
    cannot overlap (a gerund is no determiner), so these are exactly the scan's matches, in the same order."""
    prose = doc.prose
    for ing in _ING_BEFORE_SPACE.finditer(prose):
        word = _CAPITALISED_BEFORE.match(prose, 0, ing.end())
        if word is None:
            continue  # most ("according", "during", "SHIPPING")
        gerund = word.start()
        space = _SPACE_BEFORE.match(prose, 0, gerund)
        if space is None:
            continue
        for length in range(1, _LONGEST_DETERMINER + 1):
            m = _DET_GERUND.match(prose, space.start() - length) if space.start() >= length else None
            if m is not None and m.start(1) == gerund:
                yield m.start(1), m.end(1), m.group(1)
                break


def _bracket_offsets(text: str) -> list[int]:
    """Where ``_BRACKET`` matches, sorted (``prefilter.offsets``: brackets are rare in news; a regex scan of the
    class tries every character)."""
    return offsets(text, "()[]{}")


def _missing_spaces(text: str) -> Iterator[regex.Match[str]]:
    """What ``_MISSING_SPACE.finditer(text)`` finds (one final mark each, so every position it matches at), tried
    only where ``_MARK_BEFORE_CAPITAL`` finds a mark before a character that may be a capital."""
    return tried(_MISSING_SPACE, text, (candidate.start() for candidate in _MARK_BEFORE_CAPITAL.finditer(text)))


def _words_before_period(text: str) -> Iterator[regex.Match[str]]:
    """What ``_WORD_BEFORE_PERIOD.finditer(text)`` finds, tried only where a period is followed by spacing
    and a lowercase letter (rare in prose), at the start of the run of word characters before it."""
    resume = 0
    for candidate in _PERIOD_THEN_LOWERCASE.finditer(text):
        start = candidate.start()
        while start > 0 and (text[start - 1].isalpha() or text[start - 1] in "'’-"):
            start -= 1
        if start < resume:
            continue
        m = _WORD_BEFORE_PERIOD.match(text, start)
        if m is not None:
            resume = m.end()
            yield m


def _final_word(body: str) -> regex.Match[str] | None:
    """``_FINAL_WORD.search(body)``, searched from where its match can start: a search of the whole paragraph tries
    the word pattern at every letter. The match's word is letters, apostrophes and hyphens up to a point after
    which no word character follows, so it starts in the run of those characters that ends after the paragraph's
    last word character (a letter, or there is no match): the search from that run's start finds the same match."""
    last = _LAST_WORD_CHAR.search(body)
    if last is None:
        return None  # no letter at all
    run = _WORD_RUN_BEFORE.match(body, 0, last.end())
    return _FINAL_WORD.search(body, run.start() if run is not None else last.start())


def _ends_ok(text: str, start: int, end: int) -> bool:
    """Whether the paragraph ``[start, end)`` ends on a final mark, then closing quotes or brackets: what
    ``_ENDS_OK`` finds in most paragraphs, read from the end (a paragraph span ends on a character that is not
    white space). False leaves the decision to ``_ENDS_OK`` itself. ``_unterminated_part`` runs it inline."""
    while end > start and text[end - 1] in _CLOSERS:
        end -= 1
    return end > start and text[end - 1] in _FINAL_MARKS


def _may_be_unpaired(text: str) -> list[int]:
    """Where linter/text/quotes.py might leave a mark unpaired, sorted: each double mark and single opener (‘, or a
    straight one after a space, a bracket or a dash: never after a letter or digit, as inside "don't"). Found by
    ``str.find`` (a regex scan of the whole text cost as much as the scans it saved)."""
    found = offsets(text, "\"“”„«»‘")
    at = text.find("'")
    while at >= 0:
        if at == 0 or not text[at - 1].isalnum():
            found.append(at)
        at = text.find("'", at + 1)
    found.sort()
    return found


def _letters_before(text: str, end: int, lo: int = 0) -> str:
    """The run of letters that ends at ``end`` (and starts at ``lo`` or after)."""
    start = end
    while start > lo and text[start - 1].isalpha():
        start -= 1
    return text[start:end]


def _looks_closing(text: str, offset: int, span: tuple[int, int]) -> bool:
    """A straight double quote after a word or punctuation and before a space or the end closes."""
    before = text[offset - 1] if offset > span[0] else " "
    after = text[offset + 1] if offset + 1 < span[1] else " "
    return not before.isspace() and before not in "([{" and (after.isspace() or after in ".,;:!?)]")


def _is_running_prose(tail: str, min_words: int) -> bool:
    """Enough words, most of the longer ones lowercase: a sentence, not a title or a name."""
    tokens = regex.findall(r"\p{L}[\p{L}'’-]*", tail)
    long = [t for t in tokens if len(t) > 3]
    return len(tokens) >= min_words and sum(t[0].islower() for t in long) * 2 > len(long)


def _is_block_syntax(original: str, start: int) -> bool:
    """Headings, table rows and list items end without punctuation by design."""
    line_start = original.rfind("\n", 0, start) + 1
    line_end = original.find("\n", start)
    return _BLOCK_SYNTAX.match(original, line_start, len(original) if line_end < 0 else line_end) is not None


@dataclass(frozen=True)
class Check:
    """One check a sentence rule may pick: what it flags (the option's doc), its scope and its function."""

    summary: str
    scope: Scope  # what its findings depend on (Kind.scope)
    run: Callable[[SentenceChecker, Document], Iterable[Finding]]


# The checks a rule picks from (its `check` option).
CHECKS: dict[str, Check] = {
    "lowercase-start": Check("a sentence that starts lowercase after a period (stray period or lost capital)",
                             Scope.PARAGRAPH, SentenceChecker._lowercase_start),
    "missing-space": Check("no space after a sentence's final punctuation ('morning.Gleb')",
                           Scope.PARAGRAPH, SentenceChecker._missing_space),
    # reads the first and last paragraphs
    "unterminated-paragraph": Check("a paragraph or document that ends mid-sentence",
                                    Scope.DOCUMENT, SentenceChecker._unterminated_paragraph),
    # reads the sentence before, in the paragraph
    "relative-fragment": Check("a sentence that starts with a relative pronoun ('Which strengthened ...')",
                               Scope.PARAGRAPH, SentenceChecker._relative_fragment),
    # matches across a blank line
    "determiner-gerund": Check("a determiner before a capitalised gerund mid-sentence ('told the Urging the')",
                               Scope.DOCUMENT, SentenceChecker._determiner_gerund),
    # reads the first, last and next paragraphs
    "unbalanced-quotes": Check("an opening quotation mark with no closing one in its paragraph",
                               Scope.DOCUMENT, SentenceChecker._unbalanced_quotes),
    "unbalanced-brackets": Check("a bracket with no partner in its paragraph",
                                 Scope.PARAGRAPH, SentenceChecker._unbalanced_brackets),
    "space-inside-quotes": Check("a space just inside a pair of double quotation marks ('\" American Dream \"')",
                                 Scope.PARAGRAPH, SentenceChecker._space_inside_quotes),
    "dangling-word": Check("a sentence that ends on a determiner, preposition or conjunction",
                           Scope.SENTENCE, SentenceChecker._dangling_word),
}


def _scope(rule: Rule) -> Scope:
    return CHECKS[rule.options["check"]].scope


# the document-scope checks whose work splits into a part per chunk and a merge (SplitChecker)
_SPLIT: dict[str, tuple[Callable[[SentenceChecker, Document], list[Any]],
                        Callable[[SentenceChecker, Document, Sequence[tuple[int, Any]]], Iterable[Finding]]]] = {
    "unterminated-paragraph": (SentenceChecker._unterminated_part, SentenceChecker._unterminated_merge),
    "unbalanced-quotes": (SentenceChecker._quotes_part, SentenceChecker._quotes_merge),
    "determiner-gerund": (SentenceChecker._gerund_part, SentenceChecker._gerund_merge),
}


def _compile(rules: list[Rule]) -> list[SentenceChecker]:
    return [SentenceChecker(rule) for rule in rules]


KIND = Kind(
    name="sentence",
    summary="Structural checks on each sentence and paragraph.",
    fix_safety=("A check's fix changes only the marks and letters at the sentence boundary it flags; a "
                "doubtful case lowers its own fix, as each rule says."),
    lowers_fix=lambda options: options["check"] == "missing-space",  # _dotted_name
    options={
        "check": Option(str, "; ".join(f"{k}: {v.summary}" for k, v in CHECKS.items()), required=True,
                        choices=tuple(CHECKS)),
        "words": Option(list, "word list for relative-fragment openers or dangling-word endings"),
        "abbreviations": Option(list, "extra abbreviations a lowercase word may follow", default=[]),
        "min-words": Option(int, "unterminated-paragraph: shortest paragraph considered", default=10),
        "names": Option(list, "missing-space: names with a period inside that are not two sentences "
                              "('Gazeta.Ru', 'Yandex.Taxi')", default=[]),
    },
    compile=_compile,
    validate=_validate,
    placeholders=("match", "replacement", "word", "mark", "side", "where"),
    scope=_scope,
)
