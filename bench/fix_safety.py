"""Safe fixes on real articles (the shared eval folder): what they change, and whether any makes the copy worse.

    python bench/fix_safety.py ../shared/eval                     # properties and counts, every document
    python bench/fix_safety.py ../shared/eval --sample 100        # also print 100 applied safe fixes to read
    python bench/fix_safety.py ../shared/eval --findings out.tsv  # every default finding (compare two runs)

Documents are built as an editor sees them: the segments of one article joined by blank lines (a headline,
then its paragraphs), for each MT system's output, each human reference and each clean English news article.
Every document is fixed with the default safe fixes, and every applied fix is held to four properties
(tests/test_fix_safety.py runs them on a fixed sample in CI):

(a) no digit, URL or word outside the fix's finding changes: each edit lies inside its finding's span, does
    not cut a word that reaches outside it, and keeps the digits and URLs it touches;
(b) quotation marks stay paired where they were paired, and no pair is left mixed (“…");
(c) no sentence or paragraph boundary is removed: every line break stays, and every sentence start of the
    text before a pass is a sentence start after it;
(d) a second check finds nothing new at the fixed places.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from linter.core import fixer  # noqa: E402
from linter.core.config import Settings  # noqa: E402
from linter.core.engine import Linter  # noqa: E402
from linter.model.diagnostics import Diagnostic, Edit  # noqa: E402
from linter.text import quotes  # noqa: E402
from linter.text.document import Document  # noqa: E402

_DIGITS = regex.compile(r"\p{N}")
_URL = regex.compile(r"(?:https?://|www\.)\S+")
_WORD_CHAR = regex.compile(r"[\p{L}\p{N}_]")
_LINE_BREAK = regex.compile(r"\r\n|\r|\n|\u2028|\u2029")


def documents(eval_dir: Path) -> Iterator[tuple[str, str]]:
    """(id, text) of every document: MT outputs and references per article and system, then clean news."""
    for doc_id, records in _articles(eval_dir / "wmt22_ruen_mt_outputs.jsonl"):
        for field in ("hyps", "references"):
            for name in sorted({name for r in records for name in r[field]}):
                text = "\n\n".join(r[field][name] for r in records if name in r[field])
                yield f"{doc_id}/{'ref-' if field == 'references' else ''}{name}", text
    for doc_id, records in _articles(eval_dir / "clean_en_news.jsonl"):
        yield f"clean/{doc_id}", "\n\n".join(r["text"] for r in records)


def _articles(path: Path) -> Iterator[tuple[str, list[dict]]]:
    """The records of a JSONL file grouped by article (``doc_id``), each article's in segment order."""
    articles: dict[str, list[dict]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            articles.setdefault(record["doc_id"], []).append(record)
    for doc_id, records in articles.items():
        yield doc_id, sorted(records, key=lambda r: int(r["seg_id"]))


def sample_documents(eval_dir: Path, every: int) -> list[tuple[str, str]]:
    """Every ``every``-th document: a fixed, spread-out sample (no randomness)."""
    return [doc for i, doc in enumerate(documents(eval_dir)) if i % every == 0]


@dataclass(frozen=True)
class Applied:
    """One safe fix applied in one pass: the finding, the text before the pass and the text after it."""

    doc: str
    diagnostic: Diagnostic
    before: str
    after: str
    shift: int  # what the pass's earlier edits moved this fix's place by

    def excerpt(self, width: int = 60) -> tuple[str, str]:
        d = self.diagnostic
        end = d.end + self.shift + sum(len(e.text) - (e.end - e.start) for e in d.fix.edits)  # type: ignore[union-attr]
        lo = max(0, d.start - width)
        return self.before[lo:d.end + width], self.after[lo + self.shift:end + width]


@dataclass(frozen=True)
class Violation:
    doc: str
    prop: str
    what: str


def map_offset(pos: int, edits: Sequence[Edit]) -> int | None:
    """Where ``pos`` of the text before ``edits`` is after them; None when an edit removed or rewrote it
    (one character replaced by one character, a quotation mark's style, keeps its place)."""
    shift = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.end <= pos:  # before it, or inserted right before it (the character moves on)
            shift += len(edit.text) - (edit.end - edit.start)
        elif edit.start <= pos:
            return pos + shift if pos == edit.start and edit.text else None
        else:
            break
    return pos + shift


class Checker:
    """Fix documents with the default configuration, pass by pass, and hold each pass to the properties."""

    def __init__(self, settings: Settings | None = None):
        self.linter = Linter(settings or Settings())

    def check(self, text: str) -> list[Diagnostic]:
        return self.linter.check(Document.from_text(text)).diagnostics

    def fix(self, doc_id: str, text: str) -> tuple[list[Applied], list[Violation]]:
        applied: list[Applied] = []
        violations: list[Violation] = []
        found_first = diagnostics = self.check(text)
        passes: list[list[Edit]] = []
        for _pass in range(fixer.RUNAWAY_LIMIT):
            chosen = fixer.choose(diagnostics, unsafe=False)
            if not chosen:
                break
            edits = [e for d in chosen for e in d.fix.edits]  # type: ignore[union-attr]
            after = fixer.apply_edits(text, edits)
            if after == text:
                break
            for d in chosen:
                first = min(e.start for e in d.fix.edits)  # type: ignore[union-attr]
                shift = sum(len(e.text) - (e.end - e.start) for e in edits if e.end <= first and e.start < first)
                applied.append(Applied(doc_id, d, text, after, shift))
            violations += self.properties(doc_id, text, after, chosen, edits)
            passes.append(edits)
            text, diagnostics = after, self.check(after)
        violations += [Violation(doc_id, "d", w) for w in _nothing_new(text, passes, found_first, diagnostics)]
        return applied, violations

    def properties(self, doc_id: str, before: str, after: str, chosen: list[Diagnostic],
                   edits: list[Edit]) -> list[Violation]:
        """(a), (b) and (c) for one pass; (d) is judged on the text the last pass left (``_nothing_new``)."""
        out: list[Violation] = []
        for d in chosen:
            for e in d.fix.edits:  # type: ignore[union-attr]
                what = _outside_span(before, d, e)
                if what:
                    out.append(Violation(doc_id, "a", f"{d.code} {what}: {_show(before, e)}"))
        out += [Violation(doc_id, "b", w) for w in _quote_pairs_kept(before, after, edits)]
        out += [Violation(doc_id, "c", w) for w in _boundaries_kept(before, after, edits)]
        return out


def _show(text: str, e: Edit, width: int = 40) -> str:
    return f"{text[max(0, e.start - width):e.end + width]!r} -> {e.text!r}"


def _outside_span(text: str, d: Diagnostic, e: Edit) -> str:
    if e.start < d.start or e.end > d.end:
        if not _restyles_a_quotation_mark(text[e.start:e.end], e.text):
            return "edit outside its finding's span"
        return ""  # the other mark of a quotation whose mark the finding fixes
    removed, inserted = text[e.start:e.end], e.text
    if sorted(_DIGITS.findall(removed)) != sorted(_DIGITS.findall(inserted)):
        return "changes a digit"
    if _URL.search(text, max(0, e.start - 200), min(len(text), e.end + 200)) and any(
            m.start() < e.end and e.start < m.end() for m in _URL.finditer(text, max(0, e.start - 200),
                                                                             min(len(text), e.end + 200))):
        return "edits a URL"
    # a word the edit cuts into must lie inside the span: the edit may not eat into a word beyond it
    lo, hi = e.start, e.end
    if 0 < lo < len(text) and _WORD_CHAR.match(text[lo - 1]) and _WORD_CHAR.match(text[lo]):
        while lo > 0 and _WORD_CHAR.match(text[lo - 1]):
            lo -= 1
    if 0 < hi < len(text) and _WORD_CHAR.match(text[hi - 1]) and _WORD_CHAR.match(text[hi]):
        while hi < len(text) and _WORD_CHAR.match(text[hi]):
            hi += 1
    if lo < d.start or hi > d.end:
        return "edit cuts a word outside its finding's span"
    return ""


def _restyles_a_quotation_mark(old: str, new: str) -> bool:
    return len(old) == len(new) == 1 and None not in (quotes.style(old), quotes.style(new)) \
        and quotes.family(old) == quotes.family(new)


def quote_pairs(text: str) -> list[tuple[int, int]]:
    doc = Document.from_text(text)
    return [p for span in doc.paragraphs for p in quotes.pairs(doc.prose, span)]


def _mixed(text: str, pair: tuple[int, int]) -> bool:
    return quotes.style(text[pair[0]]) != quotes.style(text[pair[1] - 1])


def _quote_pairs_kept(before: str, after: str, edits: list[Edit]) -> list[str]:
    out = []
    pairs_after = set(quote_pairs(after))
    for pair in quote_pairs(before):
        if _mixed(before, pair):
            continue
        opening, closing = map_offset(pair[0], edits), map_offset(pair[1] - 1, edits)
        if opening is None or closing is None:
            continue  # the marks themselves were removed: not a style change
        moved = (opening, closing + 1)
        if moved not in pairs_after:
            out.append(f"quotation no longer paired: {before[pair[0]:pair[1]][:60]!r}")
        elif _mixed(after, moved):
            out.append(f"quotation left mixed: {after[moved[0]:moved[1]][:60]!r}")
    return out


_SENTENCE_LIKE = regex.compile(r"[\"'“‘«(\[]*[\p{Lu}\p{N}]")


def _starts(text: str) -> tuple[set[int], set[int], int]:
    """Where sentences start, where those start that start like one (not the ", - he added" a stray period
    leaves), and how many line breaks there are."""
    doc = Document.from_text(text)
    starts = {s for s, _ in doc.sentences}
    return starts, {s for s in starts if _SENTENCE_LIKE.match(doc.prose, s)}, len(_LINE_BREAK.findall(text))


def _boundaries_kept(before: str, after: str, edits: list[Edit]) -> list[str]:
    out = []
    _, sentences_before, breaks_before = _starts(before)
    sentences_after, _, breaks_after = _starts(after)
    if breaks_before != breaks_after:
        out.append(f"{breaks_before} line breaks became {breaks_after}")
    for start in sorted(sentences_before):
        moved = map_offset(start, edits)
        if moved is None or moved not in sentences_after:
            out.append(f"sentence boundary removed before {before[start:start + 40]!r}: "
                       f"{after[max(0, (moved or start) - 40):(moved or start) + 40]!r}")
    return out


def map_back(pos: int, edits: Sequence[Edit]) -> int:
    """Where ``pos`` of the text after ``edits`` was before them (inside a replacement: where that edit began)."""
    shift = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        new_start = edit.start + shift
        if pos < new_start:
            break
        if pos < new_start + len(edit.text):
            return edit.start
        shift += len(edit.text) - (edit.end - edit.start)
    return pos - shift


def _nothing_new(final: str, passes: list[list[Edit]], found_first: list[Diagnostic],
                 found_last: list[Diagnostic]) -> list[str]:
    """(d): every finding of the fixed text at a place a fix changed was there, under the same rule, before
    the first fix. Judged once fixing has stopped, so a chain that ends well (a typewriter dash made an em
    dash, then the article's dash) is not held against the first step."""
    places: list[tuple[int, int]] = []
    for i, edits in enumerate(passes):
        shift = 0
        for e in sorted(edits, key=lambda e: (e.start, e.end)):
            lo, hi = e.start + shift, e.start + shift + len(e.text)
            shift += len(e.text) - (e.end - e.start)
            for later in passes[i + 1:]:
                moved_lo, moved_hi = map_offset(lo, later), map_offset(hi, later)
                if moved_lo is None or moved_hi is None:
                    break  # rewritten by a later pass: that edit is a place of its own
                lo, hi = moved_lo, moved_hi
            else:
                places.append((lo, hi))
    out = []
    for d in found_last:
        if not any(d.start <= hi and lo <= d.end for lo, hi in places):
            continue
        start, end = d.start, d.end
        for edits in reversed(passes):
            start, end = map_back(start, edits), map_back(end, edits)
        if not any(b.code == d.code and b.start <= end + 1 and start - 1 <= b.end for b in found_first):
            out.append(f"{d.code} new after the fix: {final[max(0, d.start - 40):d.end + 40]!r}")
    return out


def run(docs: Sequence[tuple[str, str]], checker: Checker | None = None) -> tuple[list[Applied], list[Violation]]:
    checker = checker or Checker()
    applied: list[Applied] = []
    violations: list[Violation] = []
    for doc_id, text in docs:
        a, v = checker.fix(doc_id, text)
        applied += a
        violations += v
    return applied, violations


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("eval_dir", type=Path)
    parser.add_argument("--every", type=int, default=1, help="take every N-th document")
    parser.add_argument("--sample", type=int, default=0, help="print this many applied safe fixes, chosen at random")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--findings", type=Path, help="write every default finding here (doc, code, start, end, text)")
    args = parser.parse_args(argv)
    docs = sample_documents(args.eval_dir, args.every)
    checker = Checker()
    if args.findings:
        with args.findings.open("w", encoding="utf-8") as out:
            for doc_id, text in docs:
                for d in checker.check(text):
                    out.write(f"{doc_id}\t{d.code}\t{d.start}\t{d.end}\t{text[d.start:d.end]!r}\t"
                              f"{d.fix.applicability if d.fix else '-'}\n")
    applied, violations = run(docs, checker)
    print(f"{len(docs)} documents, {len(applied)} safe fixes applied")
    print("by rule:", ", ".join(f"{c} {n}" for c, n in Counter(a.diagnostic.code for a in applied).most_common()))
    print(f"{len(violations)} property violations")
    for v in violations:
        print(f"  ({v.prop}) {v.doc}: {v.what}")
    if args.sample:
        rng = random.Random(args.seed)
        for a in rng.sample(applied, min(args.sample, len(applied))):
            old, new = a.excerpt()
            print(f"\n{a.diagnostic.code} {a.doc}\n  - {old!r}\n  + {new!r}")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
