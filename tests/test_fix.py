"""Fixing: overlap, idempotence, line endings, BOM, atomic writes, files left untouched."""

from __future__ import annotations

import stat
from pathlib import Path

from linter import check_text, fix_text
from linter.core.fixer import apply_edits, choose, fix_until_stable
from linter.io.reading import ArticleError, read_article
from linter.io.writing import write_atomic
from linter.model.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from tests.conftest import SEED_000, SEED_003, run_cli, run_main


def diag(start: int, end: int, text: str, code: str = "CD999",
         applicability: Applicability = Applicability.SAFE) -> Diagnostic:
    return Diagnostic(code, "x", "p", Severity.WARNING, "m", start, end,
                      Fix((Edit(start, end, text),), applicability))


def test_overlapping_fixes_keep_the_earlier_and_drop_the_later():
    chosen = choose([diag(5, 9, "b"), diag(0, 6, "a"), diag(9, 12, "c")], unsafe=False)
    assert [d.start for d in chosen] == [0, 9]


def test_unsafe_and_display_only_fixes_are_chosen_only_when_asked():
    items = [diag(0, 1, "a", applicability=Applicability.UNSAFE),
             diag(2, 3, "b", applicability=Applicability.DISPLAY_ONLY)]
    assert choose(items, unsafe=False) == []
    assert [d.start for d in choose(items, unsafe=True)] == [0]


def test_insertions_at_one_point_conflict_but_adjacent_edits_do_not():
    assert Edit(3, 3, "x").overlaps(Edit(3, 3, "y"))
    assert not Edit(0, 3, "x").overlaps(Edit(3, 5, "y"))
    assert Edit(0, 5, "x").overlaps(Edit(3, 3, "y"))
    assert apply_edits("abcdef", [Edit(4, 6, "Z"), Edit(0, 1, "")]) == "bcdZ"


def test_fixing_the_seeds_is_idempotent():
    for seed in (SEED_000, SEED_003):
        text = seed.read_text(encoding="utf-8")
        once = fix_text(text, unsafe=True)
        assert once.changed and once.converged
        twice = fix_text(once.text, unsafe=True)
        assert twice.text == once.text and not twice.applied


def test_fixed_text_has_no_safe_fix_left():
    text = SEED_000.read_text(encoding="utf-8")
    result = fix_text(text)
    assert not [d for d in check_text(result.text) if d.fix and d.fix.applicability is Applicability.SAFE]


def test_a_runaway_fixer_stops_at_the_cap():
    def grows(text: str) -> list[Diagnostic]:
        return [diag(0, 0, "x")]  # always one more insertion

    result = fix_until_stable("", grows, limit=4)
    assert result.text == "xxxx" and not result.converged and result.passes == 4


def test_crlf_and_bom_survive_a_fix(tmp_path: Path):
    path = tmp_path / "crlf.txt"
    original = "\ufeffThe embassy in Kiev closed.\r\nStaff left kyiv.\r\n"
    path.write_bytes(original.encode("utf-8"))
    path.chmod(0o640)
    result = run_cli("fix", str(path))
    assert result.code == 0, result.out + result.err
    data = path.read_bytes()
    assert data == "\ufeffThe embassy in Kyiv closed.\r\nStaff left Kyiv.\r\n".encode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["crlf.txt"]  # no temp file left behind


def test_check_reports_offsets_of_crlf_text_without_normalising():
    text = "One.\r\nThe embassy in Kiev closed.\r\n"
    [d] = [d for d in check_text(text) if d.code == "CD101"]
    assert text[d.start:d.end] == "Kiev"


def test_write_refuses_a_file_that_changed_on_disk(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text("The embassy in Kiev closed.\n")
    article = read_article(str(path))
    path.write_text("Someone else edited this.\n")
    try:
        write_atomic(article, "The embassy in Kyiv closed.\n")
    except ArticleError as exc:
        assert "changed on disk" in str(exc)
    else:
        raise AssertionError("write_atomic overwrote a concurrent edit")
    assert path.read_text() == "Someone else edited this.\n"


def test_fix_writes_through_a_symlink_to_its_target(tmp_path: Path):
    target = tmp_path / "real.txt"
    target.write_text("The embassy in Kiev closed.\n")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert run_cli("fix", str(link)).code == 0
    assert link.is_symlink()
    assert target.read_text() == "The embassy in Kyiv closed.\n"


def test_bad_files_are_reported_and_left_untouched(tmp_path: Path):
    png = tmp_path / "photo.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Caf\xe9 in Kiev.\n".encode("latin-1"))
    good = tmp_path / "good.txt"
    good.write_text("The embassy in Kiev closed.\n")
    before = {p: p.read_bytes() for p in (png, latin1)}
    result = run_cli("fix", str(tmp_path))
    assert result.code == 1
    assert "photo.png: error: binary file (a PNG image)" in result.out
    assert "latin1.txt: error: not valid UTF-8" in result.out
    assert "Traceback" not in result.out + result.err
    assert {p: p.read_bytes() for p in (png, latin1)} == before
    assert good.read_text() == "The embassy in Kyiv closed.\n"


def test_a_file_that_cannot_be_written_back_gets_a_clear_error(tmp_path: Path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text("The embassy in Kiev closed.\n")
    other = tmp_path / "b.txt"
    other.write_text("Staff left kyiv.\n")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    # root ignores file modes, so simulate a folder where no temporary file can be created
    monkeypatch.setattr("linter.io.writing.open_temp", refuse)
    result = run_main("fix", str(path))
    assert result.code == 1
    assert f"{path}: error: cannot write beside the file: Permission denied" in result.out
    assert path.read_text() == "The embassy in Kiev closed.\n"
