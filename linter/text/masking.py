"""Find the regions of an article that are not prose: code, URLs, markup, front matter.

Masked regions are never flagged and never edited. The masked text keeps every offset of the
original: each masked character becomes a space (line breaks are kept), so rules can run on it
directly and their offsets stay those of the file.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import regex

from linter.kept import regexes

if TYPE_CHECKING:
    from linter.model.diagnostics import Edit

Span = tuple[int, int]

# Shared by both formats: things no prose rule should read.
_WEB_ADDRESS = r"""(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>"'`\]\)]+[^\s<>"'`\]\).,;:!?]"""
_EMAIL_ADDRESS = r"""\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"""
_URL = regexes.compile(f"{_WEB_ADDRESS}|{_EMAIL_ADDRESS}", regex.I)
# A text without "@" holds no e-mail address, one without "://" or "www." no web address: the regex of the
# other branch alone then finds exactly what _URL finds, at half the cost (the e-mail branch is tried at
# every word). Most articles have neither.
_WEB_ONLY = regexes.compile(_WEB_ADDRESS, regex.I)
_EMAIL_ONLY = regexes.compile(_EMAIL_ADDRESS, regex.I)
# by regex, not re: re scans for a character class at about 8 ns a character, regex at a fifth of that (bench/PERF.md,
# "Document views and segmenter")
_WWW = regexes.compile(r"[wW]{3}\.")


def _addresses(text: str) -> Iterable[Span]:
    email = "@" in text
    web = "://" in text or _WWW.search(text) is not None
    pattern = _URL if email and web else _EMAIL_ONLY if email else _WEB_ONLY if web else None
    return [] if pattern is None else [m.span() for m in pattern.finditer(text)]
_HTML_COMMENT = regexes.compile(r"<!--.*?(?:-->|\Z)", regex.S)

# Names that are not words, masked in both formats. A bare domain needs a known top-level domain; one
# that is also an English word ("it", "in", "no", "news") counts only in lower case, so that "in Kyiv.It
# was" (a missing space, which CD302 fixes) stays prose while "corriere.it", "Gazeta.Ru" and "Amazon.com"
# are masked. "U.S." and "a.m." have one-letter labels, which no top-level domain has. A name all in
# capitals ("URA.RU", "BFM.TV") is a brand written as a name: no rule splits or respells it, and masking it
# would hide the punctuation around it ("BFM.TV ." is a space before a period).
_COUNTRY_CODES = (
    "ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt bw by bz "
    "ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er es et eu fi fj fk "
    "fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq "
    "ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh "
    "mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk "
    "pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sk sl sm sn so sr ss st su sv sx sy sz "
    "tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw"
).split()
_GENERIC = ("com org net edu gov mil int info biz name pro aero coop museum mobi asia tel travel jobs cat post "
            "app dev news online site tech blog media xyz").split()
# top-level domains that may be written capitalised: not English words after a sentence's period
_WORDS = frozenset("am as at be by do id in is it me my no so to us".split()) | (set(_GENERIC) - {
    "com", "org", "net", "edu", "gov"})
_TLDS = frozenset(_COUNTRY_CODES) | frozenset(_GENERIC)
# compiled by the standard library's re, which scans these (lookbehind first) faster than regex does
# (bench/PERF.md); they use nothing re lacks
_DOMAIN = re.compile(
    r"(?<![\w.@/\\'’`-])(?=[\w-]*[A-Za-z])[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.([A-Za-z]{2,6})(?![\w-]|\.[A-Za-z0-9])"
    r"""(?:[/:][^\s<>"'`\])]*[^\s<>"'`\]).,;:!?])?"""  # a path or port after it
)
_FILE_NAME = re.compile(
    r"(?<![\w.@/\\'’`-])[\w-]+(?:\.[\w-]+)*\.(?:png|jpe?g|gif|svg|webp|pdf|docx?|xlsx?|pptx?|txt|csv|json|xml|html?"
    r"|md|py|js|zip|mp[34]|mov)(?![\w-])"
)
_PATH = re.compile(
    r"(?<![\w.~/:\\-])(?:(?:~|\.\.?)(?:/\.?[\w@%+~-](?:[\w.@%+~-]*[\w@%+~-])?)+"     # ~/docs, ./a, ../a
    r"|(?:/\.?[\w@%+~-](?:[\w.@%+~-]*[\w@%+~-])?){2,})/?"                            # /home/kiev/docs
    r"|(?<![\w\\])[A-Za-z]:\\(?:[^\\\s:*?\"<>|]+\\)*[^\\\s:*?\"<>|]*"           # C:\Users\Kiev\…
    r"|(?<![\w\\])\\\\[\w.$-]+(?:\\[^\\\s:*?\"<>|]+)+"                          # \\server\share\…
)


# candidates, found fast: each pattern starts with a literal the standard library's re looks for at C speed
_TLD_CANDIDATE = re.compile(r"\.([A-Za-z]{2,6})(?![\w-])")
_FILE_CANDIDATE = re.compile(_FILE_NAME.pattern[_FILE_NAME.pattern.index(r"\.(?:png"):])
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_")


def _host_start(text: str, dot: int) -> int:
    """Where the name that ends with the dot at ``dot`` starts: back over letters, digits, dots, hyphens."""
    start = dot
    while start > 0 and dot - start < 253 and text[start - 1] in _HOST_CHARS:
        start -= 1
    return start


def _names(text: str) -> Iterable[Span]:
    """Bare domains, file names, Unix and Windows paths, HTML entities."""
    spans: list[Span] = []
    if "." in text:
        for candidate in _TLD_CANDIDATE.finditer(text):
            tld = candidate.group(1)
            if tld.lower() not in _TLDS or not (tld.islower() or tld.lower() not in _WORDS):
                continue
            m = _DOMAIN.match(text, _host_start(text, candidate.start()))
            if m and m.end(1) == candidate.end() and not m.group().isupper():
                spans.append(m.span())
        for candidate in _FILE_CANDIDATE.finditer(text):
            m = _FILE_NAME.match(text, _host_start(text, candidate.start()))
            if m and m.end() == candidate.end():
                spans.append(m.span())
    if "/" in text or "\\" in text:
        pos = 0
        # the next "/" and the next "\\", each looked for again only once passed: str.find is a memchr, where a
        # regex's character class is scanned at a few nanoseconds a character (the whole text each time)
        forward, back = text.find("/"), text.find("\\")
        while True:
            if 0 <= forward < pos:
                forward = text.find("/", pos)
            if 0 <= back < pos:
                back = text.find("\\", pos)
            at = forward if back < 0 else back if forward < 0 else min(forward, back)
            if at < 0:
                break
            pos = at + 1
            for start in range(at, max(-1, at - 3), -1):
                m = _PATH.match(text, start)
                if m:
                    spans.append(m.span())
                    pos = max(pos, m.end())
                    break
    if "&" in text:
        spans += entity_spans(text)
    return spans


_AMPERSAND_NAME = re.compile(r"&#?[A-Za-z0-9]*;?")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def entity_spans(text: str, lo: int = 0, hi: int | None = None) -> Iterable[Span]:
    """HTML character references in ``text[lo:hi]`` that HTML knows (``&lt;``, ``&#8212;``, ``&#x2014;``)."""
    from html.entities import html5  # a dictionary of 2,000 names: imported when a text has an ampersand

    for m in _ENTITY.finditer(text, lo, len(text) if hi is None else hi):
        name = m.group()
        if name[1] == "#" or name[1:] in html5:
            yield m.span()




_LINE_BREAK = regexes.compile(r"\r\n|\n|\r")


def mask_spans(text: str, fmt: str, *, every_label: bool = False) -> tuple[Span, ...]:
    """Sorted, merged spans of ``text`` that are not prose. Markdown is read by a CommonMark parser
    (linter/text/markdown_regions.py); ``every_label``: the text is a part of a larger one, whose link reference
    definitions it may not hold, so every ``[label]`` is taken for a reference link."""
    spans: list[Span] = []
    if fmt == "markdown":
        from linter.text.markdown_regions import regions

        spans.extend(regions(text, every_label=every_label))
    else:
        spans.extend(m.span() for m in _HTML_COMMENT.finditer(text))
    spans.extend(_addresses(text))
    spans.extend(_names(text))
    return merge(spans)


def unbreakable_spans(text: str, fmt: str, at_start: bool = True) -> tuple[Span, ...]:
    """Regions a text may not be cut inside if its parts are to be masked as the whole is (linter/text/windows.py):
    HTML comments in plain text; in Markdown front matter and every leaf block (code, HTML blocks,
    paragraphs, headings, tables, reference definitions). ``at_start``: the text is the start of its
    document, where front matter may be."""
    if fmt == "markdown":
        from linter.text.markdown_regions import atomic_blocks

        return merge(atomic_blocks(text, at_start))
    return merge(m.span() for m in _HTML_COMMENT.finditer(text))


def merge(spans: Iterable[Span]) -> tuple[Span, ...]:
    merged: list[list[int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)


def blank_out(text: str, spans: tuple[Span, ...]) -> str:
    """``text`` with every masked character turned into a space, line breaks kept."""
    if not spans:
        return text
    parts: list[str] = []
    pos = 0
    for start, end in spans:
        parts.append(text[pos:start])
        parts.append(regex.sub(r"[^\r\n]", " ", text[start:end]))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


class MaskIndex:
    """Answers 'does this span touch a masked region?' in O(log n)."""

    def __init__(self, spans: tuple[Span, ...], *, every_label: bool = False):
        self.spans = spans
        self._starts = [s for s, _ in spans]
        self._ends = [e for _, e in spans]
        # characters of whole-text re-masking that edits_keep_masks may still spend on this document
        self.recheck_budget = RECHECK_BUDGET
        self.every_label = every_label  # the spans were found with mask_spans(..., every_label=True)

    def abutting(self, start: int, end: int) -> list[Span]:
        """Masked regions that end where ``[start, end)`` starts or start where it ends."""
        out = []
        i = bisect.bisect_left(self._ends, start)
        if i < len(self._ends) and self._ends[i] == start:
            out.append(self.spans[i])
        j = bisect.bisect_left(self._starts, end)
        if j < len(self._starts) and self._starts[j] == end:
            out.append(self.spans[j])
        return out

    def rechecks_may_be_refused(self, length: int) -> bool:
        """Whether ``edits_keep_masks`` may now refuse a whole-text re-check of a text of ``length`` characters
        for want of budget: which fixes were checked then depends on the order they came in."""
        return self.recheck_budget < length

    def touches(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` (or the point ``start`` if empty) meets a masked region."""
        i = bisect.bisect_left(self._starts, max(end, start + 1)) - 1
        return i >= 0 and self.spans[i][1] > start


def edits_keep_masks(text: str, fmt: str, index: MaskIndex, edits: Sequence[Edit]) -> bool:
    """Whether edits outside the masked regions (those inside are dropped before) leave what is masked as it was.

    What is masked depends on the text around it, so an edit outside every region can still change one.
    Next to a region, its edge: deleting the one character between a closing backtick and another backtick
    merges them into a longer run and the code span is gone; deleting the line break after a closing fence
    unmasks it. Anywhere, the delimiters themselves and the shape of a line: joining ``-`` and ``--`` into
    ``---`` on the first line opens front matter that reaches the next ``---`` line, a new or vanished run
    of backticks pairs code spans differently, however far away, deleting a zero-width joiner from
    ``&\u200dgt;`` makes an entity of it, and in Markdown a line that becomes blank
    (or stops being blank), a change to a line's indentation or block marker, or an edit on a line that
    starts with a tag (which may make it an HTML block, where Markdown is not read) changes the blocks
    after it. The next fix pass could then edit what was code. So:

    - an edit that changes a run of delimiter characters (backticks, tildes, dashes, brackets, markup,
      backslashes, ampersands and semicolons of entities, line breaks) near it, or (Markdown) the shape of
      its line, the text between brackets (a label that could come to match a definition) or between angle
      brackets (a homoglyph fixed in ``<аtps://x.y>`` makes an autolink), is checked on the whole text:
      the edited text must mask exactly the same spans, moved by the edits. This costs a masking of the
      whole text, so a document has a budget of ``RECHECK_BUDGET`` characters of it; past the budget such
      fixes are dropped (the diagnostic stays);
    - an edit next to a region is checked on the window of their lines (one line more on each side): the
      window must see the region as the whole text does and, edited, mask exactly the same spans, moved.
    """
    whole = False
    markdown = fmt == "markdown"
    for edit in edits:
        if _changes_delimiters(text, edit) or (markdown and _changes_line_shape(text, edit)):
            whole = True
            continue
        regions = index.abutting(edit.start, edit.end)
        if not regions:
            continue
        lo = _previous_line_start(text, min(edit.start, regions[0][0]))
        hi = _line_end(text, _line_end(text, max(edit.end, regions[-1][1])))
        before = mask_spans(text[lo:hi], fmt, every_label=index.every_label)
        if not all((start - lo, end - lo) in before for start, end in regions):
            return False  # the window does not see the region as the whole text does: do not risk it
        inside = [e for e in edits if lo <= e.start and e.end <= hi]
        if mask_spans(_apply(text, lo, hi, inside), fmt, every_label=index.every_label) != _moved(before, inside, lo):
            return False
    if whole:
        if index.recheck_budget < len(text):
            return False
        index.recheck_budget -= len(text)  # charged for a check on lines too: which fixes get checked stays as it was
        lines = None if markdown else lines_keep_masks(text, fmt, index, edits)
        if lines is not None:
            return lines
        edited = _apply(text, 0, len(text), edits)
        return mask_spans(edited, fmt, every_label=index.every_label) == _moved(index.spans, edits, 0)
    return True


def lines_keep_masks(text: str, fmt: str, index: MaskIndex, edits: Sequence[Edit]) -> bool | None:
    """The whole-text check of ``edits_keep_masks`` for plain text, read on the edits' lines (one more on each
    side), or None when that reading cannot answer for the whole text.

    In plain text, what is masked besides HTML comments (addresses, domains, file names, paths, entities) is
    found by patterns that match no whitespace and look one character past their ends: each masked span lies in
    one run of non-space characters, and is found alike in any stretch of whole lines that holds it. With no
    ``<!--`` in the text before or after the edits (a comment reaches any distance), the lines the edits are on
    are masked in the edited text as in the whole edited text, and the other lines' spans do not change: the
    whole text keeps its masks exactly when those lines do. The lines must also see the spans the whole text has
    there (none reaching out of them): otherwise None, and the whole text is read."""
    if "<!--" in text:
        return None
    lo = _previous_line_start(text, min(e.start for e in edits))
    hi = _line_end(text, _line_end(text, max(e.end for e in edits)))
    edited = _apply(text, lo, hi, edits)
    if "<!--" in edited:
        return None
    first = bisect.bisect_right(index._ends, lo)
    last = bisect.bisect_left(index._starts, hi)
    around = index.spans[first:last]
    if any(start < lo or end > hi for start, end in around):
        return None
    before = tuple((start - lo, end - lo) for start, end in around)
    if mask_spans(text[lo:hi], fmt) != before:
        return None
    return mask_spans(edited, fmt) == _moved(before, edits, lo)


def lines_read(text: str, edits: Sequence[Edit]) -> tuple[int, int]:
    """The stretch of ``text`` that ``lines_keep_masks`` reads for ``edits`` (besides whether the text holds a
    comment): from the start of the line before the first edit's to the end of the line after the last edit's."""
    return (_previous_line_start(text, min(e.start for e in edits)),
            _line_end(text, _line_end(text, max(e.end for e in edits))))


def kept_nearby(text: str, index: MaskIndex, edit: Edit) -> bool:
    """Whether ``edits_keep_masks`` holds for ``edit`` in plain text by what lies within 33 characters of it alone:
    the edit changes no run of delimiters (nor an entity) and abuts no masked region."""
    return not _changes_delimiters(text, edit) and not index.abutting(edit.start, edit.end)


def reaches_structure(text: str, edit: Edit) -> bool:
    """Whether ``edit`` may change what is masked however far from it (what ``edits_keep_masks`` checks on
    the whole text): it changes delimiters near it, or the shape of its line as Markdown reads it. The fixer
    applies such a fix alone on its lines in a pass (linter/core/fixer.py)."""
    return _changes_delimiters(text, edit) or _changes_line_shape(text, edit)


RECHECK_BUDGET = 4_000_000
_DELIMITERS = regexes.compile(r"[`~<>!\[\]()#*+|\\&;\-\r\n\t]+")
# what a Markdown line may start with before its text: indentation, container and list markers, and
# the characters of fences, headings, thematic breaks, setext underlines, tables and definitions
_LINE_PREFIX = regexes.compile(r"[ \t>*+\-#=_|:~`.)\[\d]*")
_DEFINITION_LINE = regexes.compile(r"[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+[ \t>]*)*\[[^\]\r\n]*\]:")
_TAG_LINE = regexes.compile(r"[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+[ \t>]*)*<")
_WORDLIKE = regexes.compile(r"[\p{L}\p{M}]*")


def _changes_delimiters(text: str, edit: Edit) -> bool:
    """Whether the runs of delimiter characters within three characters of ``edit`` differ after it, or the
    entities around it (an entity is at most 33 characters long)."""
    lo, hi = max(0, edit.start - 3), min(len(text), edit.end + 3)
    window = text[lo:edit.start] + edit.text + text[edit.end:hi]
    before, after = _DELIMITERS.findall(text, lo, hi), _DELIMITERS.findall(window)
    if before != after and not _dashes_in_words(text, edit, before, after, window):
        return True
    lo, hi = max(0, edit.start - 33), min(len(text), edit.end + 33)
    if "&" not in text[lo:hi] and "&" not in edit.text:
        return False
    edited = text[lo:edit.start] + edit.text + text[edit.end:hi]
    # what follows each ampersand, as far as a name goes: HTML reads "&lt" without its semicolon as "<"
    return _AMPERSAND_NAME.findall(text, lo, hi) != _AMPERSAND_NAME.findall(edited)


_NEAR = 4096  # how far back the start of an edit's line is looked for; a longer line is read by a window of it


def _line_around(text: str, edit: Edit) -> tuple[int, int, bool]:
    """The start and end of ``edit``'s line (its end without the line break), and whether the start is
    exact: on a line longer than ``_NEAR`` before the edit, the start is that far back only (so that a
    text of one line with many fixes is not read again for each)."""
    lo = max(0, edit.start - _NEAR)
    brk = max(text.rfind("\n", lo, edit.start), text.rfind("\r", lo, edit.start))
    start = brk + 1 if brk >= 0 else lo
    end = _LINE_BREAK.search(text, edit.end, min(len(text), edit.end + _NEAR))
    stop = end.start() if end else min(len(text), edit.end + _NEAR)
    return start, stop, brk >= 0 or lo == 0


def _dashes_in_words(text: str, edit: Edit, before: list[str], after: list[str], window: str) -> bool:
    """Whether the runs differ only in hyphens inside a line of words, away from comment marks: an em dash
    made a hyphen ("talks — then" → "talks - then"), the commonest delimiter change, which no structure
    reads (dashes matter in a line's prefix, which ``_changes_line_shape`` checks, in a line of dashes, pipes
    and colons, and in ``<!--`` and ``-->``)."""
    def undashed(runs: list[str]) -> list[str]:
        return [r for r in (run.replace("-", "") for run in runs) if r]

    if undashed(before) != undashed(after):
        return False
    if "<!" in window or "->" in window or "<!" in text[max(0, edit.start - 4):edit.end + 4]:
        return False
    start, stop, _ = _line_around(text, edit)
    words = _HAS_WORD.search(text, start, edit.start) or _HAS_WORD.search(text, edit.end, stop)
    return _LINE_PREFIX.match(text, start, edit.start).end() < edit.start and words is not None


_HAS_WORD = regexes.compile(r"[\p{L}\p{N}]")
_NON_SPACE = regexes.compile(r"[^ \t]")


@functools.lru_cache(maxsize=8)
def _has_definitions(text: str) -> bool:
    """Whether ``text`` may hold a link reference definition (a str caches its hash: asked once per fix,
    this reads the text once)."""
    return "]:" in text


def _changes_line_shape(text: str, edit: Edit) -> bool:
    """Whether ``edit`` may change how Markdown reads the blocks of its line: it makes the line blank or not
    blank, it lies in the line's prefix (indentation and markers) and is not letters for letters, the line
    starts with a tag, or the edit lies between brackets (a label that could come to match a definition),
    angle brackets (an autolink) or the parentheses after a link's text (a destination). Reads the edit's
    surroundings, not the whole line, however long."""
    start, stop, exact = _line_around(text, edit)
    head = _LINE_PREFIX.match(text, start, edit.start).end()
    if not exact:
        return head == edit.start  # a line of thousands of prefix characters before the edit: do not risk it
    alone = _NON_SPACE.search(text, start, edit.start) is None and _NON_SPACE.search(text, edit.end, stop) is None
    if alone and (not text[edit.start:edit.end].strip(" \t")) != (not edit.text.strip(" \t")):
        return True  # the edit makes its line blank (spaces and tabs only, as CommonMark has it), or not blank
    if _TAG_LINE.match(text, start, stop) is not None or _DEFINITION_LINE.match(text, start, stop) is not None:
        return True  # a tag may start an HTML block; "[a]:" a definition, which a deleted joiner can make one
    previous = _previous_line_start(text, start) if start else -1
    if 0 <= previous < start and _DEFINITION_LINE.match(text, previous, start) is not None:
        return True  # the line after a definition may be its title
    if head >= edit.start and _TAG_LINE.match(text[start:edit.start] + edit.text + text[edit.end:edit.end + 200]):
        return True
    before_lo, after_hi = max(start, edit.start - 1000), min(stop, edit.end + 1000)
    if _has_definitions(text) and text.rfind("[", before_lo, edit.start) >= 0 \
            and text.find("]", edit.end, after_hi) >= 0:
        return True  # inside brackets, the text could come to match a link reference definition
    if text.rfind("<", before_lo, edit.start) > text.rfind(">", before_lo, edit.start) and \
            text.find(">", edit.end, after_hi) >= 0:
        return True  # inside angle brackets: "<аtps://x>" with a Latin "a" is an autolink
    if text.rfind("](", before_lo, edit.start) > text.rfind(")", before_lo, edit.start) and \
            text.find(")", edit.end, after_hi) >= 0:
        return True  # inside a link's parentheses: "[a](b !c)" is text, "[a](b!c)" a link (found by the fuzzer)
    in_prefix = head == edit.start
    return in_prefix and not (_WORDLIKE.fullmatch(text[edit.start:edit.end]) and _WORDLIKE.fullmatch(edit.text))


def _moved(spans: Iterable[Span], edits: Sequence[Edit], lo: int) -> tuple[Span, ...]:
    """``spans`` (offsets from ``lo``) where they are after ``edits`` (absolute, none inside a span)."""
    out = []
    for start, end in spans:
        shift = sum(len(e.text) - (e.end - e.start) for e in edits if e.end <= lo + start and e.start < lo + start)
        out.append((start + shift, end + shift))
    return tuple(out)


def _line_start(text: str, offset: int) -> int:
    return max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1 if offset > 0 else 0


def _previous_line_start(text: str, offset: int) -> int:
    """The start of the line before the one holding ``offset`` (0 on the first line)."""
    start = _line_start(text, offset)
    if start == 0:
        return 0
    brk = start - 2 if text.startswith("\r\n", start - 2) else start - 1
    return _line_start(text, brk)


def _line_end(text: str, offset: int) -> int:
    """The offset after the line break that ends the line holding ``offset`` (or the text's end)."""
    m = _LINE_BREAK.search(text, offset)
    return m.end() if m else len(text)


def _apply(text: str, lo: int, hi: int, edits: Sequence[Edit]) -> str:
    parts, pos = [], lo
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        parts += [text[pos:edit.start], edit.text]
        pos = edit.end
    return "".join([*parts, text[pos:hi]])
