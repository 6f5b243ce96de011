"""`copydesk check` on a very large file reads it a block at a time and keeps its text compressed
(linter/io/streamed.py): it must report exactly what checking the whole text reports, in every format.

Sizes are made small here (a window of 3,000 characters, blocks of 97 bytes that split characters), so the
seeds, repeated, stand for a corpus dump.
"""

from __future__ import annotations

import dataclasses
import itertools
import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.core.config import Settings
from linter.core.engine import Linter
from linter.faces.formats import FORMATTERS
from linter.faces.formats.base import RunInfo
from linter.io import streamed
from linter.io.pipeline import Job, lint_file
from linter.io.reading import ArticleError, decode
from linter.io.results import FileResult
from linter.model.diagnostics import Applicability, Diagnostic, Edit, Fix, Reason, Severity
from linter.text import windows
from linter.text.positions import LineIndex

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
SEED_TEXT = "\n\n".join(p.read_text(encoding="utf-8") for p in SEEDS)
MARKDOWN = "---\ntitle: x\n---\n\n" + SEED_TEXT.replace("\n\n", "\n\n```\ncode -- here\n```\n\n", 3) \
    + "\n\n<!-- a comment\n\nover paragraphs -->\n\nThe embassy in Kiev closed.\n"


@pytest.fixture
def small(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(windows, "LARGE_TEXT", 6_000)
    monkeypatch.setattr(windows, "WINDOW", 3_000)
    monkeypatch.setattr(windows, "REACH", 1_500)
    monkeypatch.setattr(streamed, "_BLOCK", 97)


def _pieces(text: str, sizes: list[int]) -> list[str]:
    out, at = [], 0
    for size in itertools.cycle(sizes):
        if at >= len(text):
            return out
        out.append(text[at:at + size])
        at += size
    return out


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([(SEED_TEXT * 3, "text"), (MARKDOWN * 2, "markdown"), (SEED_TEXT.replace("\n", "\r\n"), "text"),
                        ("word " * 3_000, "text"), ("x" * 9_000, "text"),
                        (("It rained.\nThen it stopped.\nsaid he\n" * 25 + "\n") * 12, "text"),
                        (("```\n" + "code\n" * 130 + "```\nIt rained.\nThen it stopped.\n" * 9 + "\n") * 6, "markdown"),
                        (("<!--" + " x" * 400 + " -->\nIt rained.\nThen it stopped.\n" * 9 + "\n") * 6, "text")]),
       st.lists(st.integers(1, 5_000), min_size=1, max_size=6))
def test_windows_of_a_text_read_in_pieces_are_those_of_the_whole(monkeypatch_case: None, case: tuple[str, str],
                                                                 sizes: list[int]):
    text, fmt = case
    expected = [(start, text[start:end]) for start, end in windows.cuts(text, fmt, 600)]
    assert list(windows.stream(_pieces(text, sizes), fmt, 600)) == expected


@pytest.fixture(scope="module")
def monkeypatch_case() -> object:
    """windows.REACH for the property above (hypothesis runs it many times: no function-scoped monkeypatch)."""
    saved = windows.REACH
    windows.REACH = 300
    yield
    windows.REACH = saved


def _write(path: Path, text: str, bom: bool = False) -> Path:
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def _whole(path: Path) -> FileResult:
    text = decode(str(path), path.read_bytes()).text
    return FileResult(str(path), text, Linter(Settings()).check_text(text, str(path)).diagnostics)


@pytest.mark.parametrize(("name", "text", "bom"), [
    ("dump.txt", (SEED_TEXT + "\n\nThe embassy in Kiev closed.  Prices rose 5 %.\n\n") * 3, False),
    ("dump.md", MARKDOWN * 2, True),
    ("crlf.txt", (SEED_TEXT * 2).replace("\n", "\r\n"), False),
    ("cr.txt", (SEED_TEXT * 2).replace("\n", "\r"), False),
])
def test_a_large_file_is_reported_as_checking_its_whole_text_reports(small: None, tmp_path: Path, name: str,
                                                                    text: str, bom: bool):
    path = _write(tmp_path / name, text, bom)
    result = lint_file(Job(), str(path))
    assert isinstance(result.text, streamed.CompressedText)
    whole = _whole(path)
    assert len(result.diagnostics) > 20
    assert list(result.diagnostics) == list(whole.diagnostics)
    assert result.text == whole.text
    assert list(LineIndex(result.text).line_starts) == list(LineIndex(whole.text).line_starts)
    for name in ("text", "json", "sarif", "github", "lsp"):
        assert FORMATTERS[name]([result], RunInfo()) == FORMATTERS[name]([whole], RunInfo()), name


def test_a_large_file_keeps_its_findings_packed_and_gives_them_back_as_they_were(small: None, tmp_path: Path):
    # issue 20 (memory): the findings of a very large file are held packed a window at a time, not as objects
    path = _write(tmp_path / "dump.txt", (SEED_TEXT + "\n\nThe embassy in Kiev closed.  Prices rose 5 %.\n\n") * 3)
    result = lint_file(Job(), str(path))
    packed = result.diagnostics
    assert isinstance(packed, streamed.PackedDiagnostics)
    whole = list(_whole(path).diagnostics)
    assert len(packed) == len(whole) > 20
    assert packed == whole and list(packed) == whole
    # the same values and the same types: enum members, a Reason as the note, tuples of edits and suggestions
    for got, want in zip(packed, whole, strict=True):
        assert [(type(getattr(got, f)), getattr(got, f)) for f in got.__slots__] == \
            [(type(getattr(want, f)), getattr(want, f)) for f in want.__slots__]
    assert any(d.fix is not None for d in whole) and any(d.note for d in whole) and any(d.suggestions for d in whole)
    for at in (0, 1, len(whole) // 2, len(whole) - 1, -1, -len(whole)):
        assert packed[at] == whole[at]
    assert packed[5:40:3] == whole[5:40:3] and packed[-7:] == whole[-7:]
    with pytest.raises(IndexError):
        packed[len(whole)]
    assert pickle.loads(pickle.dumps(packed)) == whole  # sent back from a worker process
    assert sum(isinstance(p, bytes) for p in packed._packs) == len(packed._packs) > 1  # packed, window by window


def test_packed_findings_keep_a_window_marshal_cannot_write_as_it_came():
    class Text(str):  # a rule kind's own str type
        pass

    findings = [Diagnostic("CD1", "a", "p", Severity.INFO, Text("odd"), 0, 1),
                Diagnostic("CD2", "b", "p", Severity.ERROR, "plain", 3, 4, note=Reason.QUOTATION)]
    packed = streamed.PackedDiagnostics()
    packed.add(findings[:1], 10)
    packed.add([], 20)
    packed.add(findings[1:], 30)
    assert list(packed) == [findings[0].shifted(10), findings[1].shifted(30)]
    assert len(packed) == 2 and packed[-1].note is Reason.QUOTATION
    assert type(packed[0].message) is Text  # kept as it was, not marshalled
    assert not streamed.PackedDiagnostics() and list(streamed.PackedDiagnostics()) == []


def test_packed_findings_keep_every_field_of_a_diagnostic():
    # every field set to something other than its default: a field added to Diagnostic that the rows leave out fails
    full = Diagnostic("CD9", "name", "pack", Severity.WARNING, "message", 4, 9,
                      Fix((Edit(4, 5, "a"), Edit(7, 9, "")), Applicability.UNSAFE), ("a", "b"), Reason.DOUBT)
    assert all(getattr(full, f.name) != f.default for f in dataclasses.fields(Diagnostic))
    plain = dataclasses.replace(full, note="a plain note", fix=None)
    packed = streamed.PackedDiagnostics()
    packed.add([full, plain])
    packed.add([full], 1000)  # a later window's, at its offset
    assert isinstance(packed._packs[0], bytes) and isinstance(packed._packs[1], bytes)
    assert list(packed) == [full, plain, full.shifted(1000)]
    assert packed[2].fix is not None and packed[2].fix.edits == (Edit(1004, 1005, "a"), Edit(1007, 1009, ""))
    assert packed[0].fix is not None and packed[0].fix.applicability is Applicability.UNSAFE
    assert packed[0].note is Reason.DOUBT and type(packed[1].note) is str


def test_the_cache_answers_for_a_large_file(small: None, tmp_path: Path):
    path = _write(tmp_path / "dump.txt", SEED_TEXT * 3)
    job = Job(cache_dir=str(tmp_path / "cache"))
    first = lint_file(job, str(path))
    assert list((tmp_path / "cache").rglob("*.json"))
    again = lint_file(job, str(path))
    assert isinstance(again.text, streamed.CompressedText)
    assert list(again.diagnostics) == list(first.diagnostics) == list(_whole(path).diagnostics)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab\r\né€😀", max_size=300), st.lists(st.integers(1, 40), min_size=1, max_size=5),
       st.integers(-320, 320), st.integers(-320, 320))
def test_compressed_text_slices_and_counts_lines_as_a_str_does(text: str, sizes: list[int], lo: int, hi: int):
    collected = streamed._Collector()
    at = 0
    for piece in _pieces(text, sizes):
        collected.add(at, piece)
        at += len(piece)
    compressed = collected.text()
    assert len(compressed) == len(text)
    assert compressed[lo:hi] == text[lo:hi]
    if -len(text) <= lo < len(text):
        assert compressed[lo] == text[lo]
    assert list(LineIndex(compressed).line_starts) == list(LineIndex(text).line_starts)
    offsets = range(0, len(text) + 1, 7)
    assert [LineIndex(compressed).lsp(o) for o in offsets] == [LineIndex(text).lsp(o) for o in offsets]


def test_invalid_utf8_deep_in_a_large_file_is_reported_as_for_a_small_one(small: None, tmp_path: Path):
    raw = (SEED_TEXT * 3).encode("utf-8")
    at = raw.index(b"\n", 12_000) + 1  # deep in the file, in a block of its own
    raw = raw[:at] + b"\xff" + raw[at:]
    path = tmp_path / "bad.txt"
    path.write_bytes(raw)
    with pytest.raises(ArticleError) as whole:
        decode(str(path), raw)
    result = lint_file(Job(), str(path))
    assert result.error == whole.value.message
    line = raw.count(b"\n", 0, at) + 1
    assert f"at line {line}, byte offset {at})" in result.error
    assert path.read_bytes() == raw


def test_a_large_binary_file_is_refused(small: None, tmp_path: Path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20_000)
    assert "binary file (a PNG image)" in lint_file(Job(), str(path)).error


def test_a_large_file_with_suppression_comments_is_read_whole(small: None, tmp_path: Path):
    text = (SEED_TEXT + "\n\n<!-- copydesk-disable-next-line CD101 -->\nThe embassy in Kiev closed.\n\n") * 3
    path = _write(tmp_path / "dump.txt", text)
    result = lint_file(Job(), str(path))
    assert isinstance(result.text, str)
    assert list(result.diagnostics) == list(_whole(path).diagnostics)
    plain = Linter(Settings()).check_text(text.replace("copydesk-disable-next-line", "a remark"), "dump.txt")
    assert [d.code for d in plain.diagnostics].count("CD101") == [d.code for d in result.diagnostics].count("CD101") + 3


def test_a_file_of_many_bytes_but_few_characters_is_checked_as_one_document(small: None, tmp_path: Path):
    path = _write(tmp_path / "emoji.txt", "The embassy in Kiev closed. " + "😀" * 2_000)  # 8,000 bytes, 2,028 chars
    result = lint_file(Job(), str(path))
    assert isinstance(result.text, str)
    assert [d.code for d in result.diagnostics] == [d.code for d in _whole(path).diagnostics]


def test_fixing_a_large_file_reads_it_whole(small: None, tmp_path: Path):
    text = (SEED_TEXT + "\n\nThe embassy in Kiev closed.\n\n") * 3
    path = _write(tmp_path / "dump.txt", text)
    result = lint_file(Job(fixing=True), str(path))
    assert result.changed and "Kiev" not in path.read_text(encoding="utf-8")
