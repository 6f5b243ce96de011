"""Coverage-guided fuzzing of the document model: masking, segmentation, positions, and a check.

    python bench/fuzz/fuzz_document.py -dict=bench/fuzz/markdown.dict -max_len=2048 -max_total_time=600 \
        /tmp/fuzz-corpus bench/fuzz/corpus                                          # libFuzzer flags
    python bench/fuzz/fuzz_document.py crash-1234abcd                               # replay one input

Needs atheris (``pip install atheris``; wheels for Linux x86_64, CPython 3.11-3.13; elsewhere it builds
from source with clang). The first byte of
each input picks the format (text or Markdown); the rest is decoded as UTF-8 with ``errors="replace"``.
For every input the harness checks:

- masked spans are sorted, disjoint, non-empty and inside the text; ``prose`` has the text's length,
  equals it outside the masks and is blank (spaces, line breaks kept) inside them;
- paragraphs and sentences are inside the text, ordered, disjoint, trimmed, and every sentence lies in
  a paragraph; ``paragraph_at``/``sentence_at`` find them again;
- ``LineIndex``: ``human`` and ``lsp`` positions convert back to the same offset for a sample of offsets
  (every offset of a short text), ``utf16`` agrees with ``lsp``;
- ``check`` with a small selection (one rule kind of each sort) returns sorted diagnostics inside the text
  that touch no masked region, and one fix pass yields exactly the text with the applied edits, in which
  every masked region is unchanged and still masked;
- Markdown against a CommonMark parser's reading (tests/markdown_oracle.py): scrambling every unmasked
  letter changes nothing the parser reads as not prose, every piece it reads as prose is unmasked, in
  order, and the fix pass changes nothing it reads as not prose.

``check_one(data)`` is importable without atheris (tests/test_fuzz_smoke.py drives it with hypothesis too).
See bench/FUZZ.md for the runs and what they found.
"""

from __future__ import annotations

import bisect
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

try:
    import atheris
except ImportError:  # the harness is still importable: check_one runs under hypothesis
    atheris = None

TARGETS = ["linter.text.document", "linter.text.masking", "linter.text.markdown_regions", "linter.text.segment",
           "linter.text.positions", "linter.text.quotes", "linter.core.suppressions", "linter.core.fixer",
           "linter.model.diagnostics"]



def _others() -> list[str]:
    """Every linter module that is not a target (atheris excludes by exact module name)."""
    root = Path(__file__).resolve().parents[2] / "linter"
    names = [f"linter.{p.stem}" for p in root.glob("*.py")]
    names += [f"linter.{p.parent.name}.{p.stem}" for p in root.glob("*/*.py")]
    names += [f"linter.faces.formats.{p.stem}" for p in root.glob("faces/formats/*.py")]
    names += [f"linter.{p.name}" for p in root.iterdir() if (p / "__init__.py").is_file()] + ["linter.faces.formats"]
    return sorted(set(names) - set(TARGETS))


if atheris is not None and __name__ == "__main__":
    # coverage feedback from the document model only: the rule kinds run uninstrumented (at full speed)
    # and from the CommonMark parser, so that inputs which reach new Markdown constructs are kept
    with atheris.instrument_imports(include=["linter", "markdown_it"], exclude=_others()):
        from linter.core.config import Settings
        from linter.core.engine import Linter
        from linter.core.fixer import apply_edits, choose_for_pass
        from linter.text import masking, segment
        from linter.text.document import Document
        from linter.text.markdown_regions import regions
        from linter.text.positions import LineIndex, utf16_length
        from tests.markdown_oracle import masked_prose, nonprose, scramble
else:
    from linter.core.config import Settings
    from linter.core.engine import Linter
    from linter.core.fixer import apply_edits, choose_for_pass
    from linter.text import masking, segment
    from linter.text.document import Document
    from linter.text.markdown_regions import regions
    from linter.text.positions import LineIndex, utf16_length
    from tests.markdown_oracle import masked_prose, nonprose, scramble

# One rule kind of each sort, without the language detector and readability (slow, and not document-model
# code): term, capitalisation, pattern, repetition, sentence, consistency, script.
SELECTION = ("place-names", "segmentation", "normalisation", "CD201", "CD202", "CD236", "CD237", "CD601", "CD605")
_LINTER: Linter | None = None
SAMPLE = 64  # offsets tried per input in the position round trips (all of them for shorter texts)


def linter() -> Linter:
    global _LINTER
    if _LINTER is None:
        _LINTER = Linter(Settings(select=SELECTION))
    return _LINTER


def check_one(data: bytes) -> None:
    """Run every target on one input; an AssertionError (or any exception) is a finding."""
    fmt = "markdown" if data[:1] and data[0] & 1 else "text"
    text = data[1:].decode("utf-8", errors="replace")
    doc = Document.from_text(text, None, fmt)
    _check_masking(doc)
    if fmt == "markdown":
        _check_against_the_parser(doc)
    _check_segments(doc)
    _check_positions(text)
    _check_lint(doc)


def _check_masking(doc: Document) -> None:
    text, prose = doc.text, doc.prose
    assert len(prose) == len(text)
    previous_end = -1
    for start, end in doc.masked:
        assert 0 <= start < end <= len(text), (start, end)
        assert start > previous_end, "mask spans overlap or touch"
        previous_end = end
    assert masking.merge(doc.masked) == doc.masked
    inside = bytearray(len(text))
    for start, end in doc.masked:
        inside[start:end] = b"\1" * (end - start)
    for i, (a, b) in enumerate(zip(text, prose, strict=True)):
        if inside[i]:
            assert b == (a if a in "\r\n" else " "), (i, a, b)
        else:
            assert a == b, (i, a, b)
    step = max(1, len(text) // SAMPLE)
    for offset in range(0, len(text) + 1, step):
        assert doc.mask_index.touches(offset, offset) == bool(offset < len(text) and inside[offset]), offset
        end = min(len(text), offset + 3)
        assert doc.mask_index.touches(offset, end) == any(inside[offset:end]), (offset, end)


def _check_against_the_parser(doc: Document) -> None:
    """The masks against a CommonMark parser's reading (tests/markdown_oracle.py): scrambling every unmasked
    letter changes nothing it reads as not prose, and every piece it reads as prose is unmasked, in order."""
    text = doc.text
    assert nonprose(scramble(text, doc.masked)) == nonprose(text), "an unmasked letter belongs to non-prose"
    piece = masked_prose(text, regions(text))
    assert piece is None, f"prose {piece!r} is masked"


def _check_segments(doc: Document) -> None:
    prose = doc.prose
    previous_end = 0
    for start, end in doc.paragraphs:
        assert previous_end <= start < end <= len(prose), (start, end)
        assert not prose[start].isspace() and not prose[end - 1].isspace()
        assert doc.paragraph_at(start) == (start, end)
        previous_end = end
    previous_end = 0
    for start, end in doc.sentences:
        assert previous_end <= start < end <= len(prose), (start, end)
        paragraph = doc.paragraph_at(start)
        assert paragraph is not None and paragraph[0] <= start and end <= paragraph[1], (start, end, paragraph)
        assert doc.sentence_at(start) == (start, end)
        previous_end = end
    assert [s for p in doc.paragraphs for s in segment.sentences(prose, p)] == list(doc.sentences)


def _check_positions(text: str) -> None:
    index = LineIndex(text)
    starts = index.line_starts
    assert starts[0] == 0 and list(starts) == sorted(set(starts)) and starts[-1] <= len(text)
    step = max(1, len(text) // SAMPLE)
    for offset in {*range(0, len(text) + 1, step), len(text), *starts}:
        line, column = index.human(offset)
        assert starts[line - 1] + column - 1 == offset
        lsp_line, character = index.lsp(offset)
        assert lsp_line == line - 1
        assert index.utf16(offset) == (lsp_line + 1, character + 1)
        assert character == utf16_length(text[starts[lsp_line]:offset])
        if offset and text[offset - 1] == "\r" and text[offset:offset + 1] == "\n":
            # between the two halves of a CRLF there is no LSP position: it maps to the line's end
            assert index.offset_from_lsp(lsp_line, character) == offset - 1
            continue
        assert index.offset_from_lsp(lsp_line, character) == offset, (offset, lsp_line, character)
        line_text = index.line_text(lsp_line)
        assert "\r" not in line_text and "\n" not in line_text and text.startswith(line_text, starts[lsp_line])
    last = len(starts) - 1
    assert index.offset_from_lsp(last + 5, 3) == len(text)
    assert index.offset_from_lsp(-1, 0) == 0
    assert index.offset_from_lsp(0, 10**9) <= (starts[1] if len(starts) > 1 else len(text))


def _check_lint(doc: Document) -> None:
    text = doc.text
    diagnostics = linter().check(doc).diagnostics
    assert diagnostics == sorted(diagnostics, key=lambda d: d.sort_key())
    for diag in diagnostics:
        assert 0 <= diag.start <= diag.end <= len(text), diag
        assert "took too long" not in diag.message and "failed on this text" not in diag.message, diag.message
        assert not doc.mask_index.touches(diag.start, diag.end), diag
        for edit in diag.fix.edits if diag.fix else ():
            assert 0 <= edit.start <= edit.end <= len(text), diag
            assert not doc.mask_index.touches(edit.start, edit.end), diag
    chosen = choose_for_pass(text, diagnostics, unsafe=True)  # what one fix pass applies
    edits = sorted((e for d in chosen for e in d.fix.edits), key=lambda e: (e.start, e.end))  # type: ignore[union-attr]
    pieces, pos = [], 0
    for edit in edits:
        assert edit.start >= pos, "chosen edits overlap"
        pieces += [text[pos:edit.start], edit.text]
        pos = edit.end
    fixed = apply_edits(text, edits)
    assert fixed == "".join([*pieces, text[pos:]])
    # every masked region is still masked after the pass (else the next pass could edit what was code)
    after = masking.MaskIndex(masking.mask_spans(fixed, doc.format))
    for start, end in doc.masked:
        shift = sum(len(e.text) - (e.end - e.start) for e in edits if e.end <= start and e.start < start)
        new_start, new_end = start + shift, end + shift
        assert fixed[new_start:new_end] == text[start:end], (start, end)
        i = bisect.bisect_right(after._starts, new_start) - 1
        assert i >= 0 and after.spans[i][1] >= new_end, f"masked region {text[start:end]!r} is no longer masked"
    if doc.format == "markdown":
        assert nonprose(fixed) == nonprose(text), "a fix pass changed what the parser reads as not prose"


def main() -> None:
    if atheris is None:
        sys.exit("atheris is not installed: pip install atheris (or run tests/test_fuzz_smoke.py, which falls back "
                 "to hypothesis)")
    linter()  # compile the packs once, before fuzzing starts
    atheris.Setup(sys.argv, lambda data: check_one(data))
    atheris.Fuzz()


if __name__ == "__main__":
    main()
