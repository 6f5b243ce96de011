"""The language server on translation files (issue 19, point 4): an XLIFF 1.2/2.0, PO or TMX file open in the editor
gets every unit's findings where the target text is in the file, quick fixes that change that unit's target and
nothing else (the splice `copydesk fix` writes, read back before it is offered), and hover shows the unit's source."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from linter.io import tmcheck, tmfiles
from tests import test_lsp
from tests.conftest import run_main
from tests.test_lsp import FIX_ALL_KIND, actions, answer, apply_edits, edits_of, open_article, position, uri
from tests.test_translation_files import EXPECTED, FILES

client = test_lsp.client  # the fixture: a server started as a subprocess, driven by a real client

pytestmark = pytest.mark.asyncio

# what `copydesk check --isolated --source-language uk` runs (tests/test_translation_files.py): the defaults
CONFIG = "source-language: uk\n"


def _copied(tmp_path: Path, name: str) -> tuple[Path, str]:
    """A copy of the test translation files with the CLI's configuration beside them: file ``name`` and its text."""
    (tmp_path / ".copydesk.yaml").write_text(CONFIG, encoding="utf-8")
    shutil.copytree(FILES, tmp_path / "tm")
    path = tmp_path / "tm" / name
    return path, path.read_text(encoding="utf-8")


def _cli_json(path: Path) -> list[dict]:
    result = run_main("check", "--no-cache", "--isolated", "--source-language", "uk", "--format", "json", str(path))
    return list(json.loads(result.out)["diagnostics"])


@pytest.mark.parametrize("name", sorted(EXPECTED))
async def test_an_open_translation_file_gets_each_units_findings_where_its_target_is(
        client: LanguageClient, tmp_path: Path, name: str) -> None:
    path, text = _copied(tmp_path, name)
    published = await open_article(client, path, text)
    found = sorted((d.range.start.line + 1, str(d.code)) for d in published.diagnostics)
    assert found == sorted((line, code) for line, code, _unit in EXPECTED[name])  # bilingual ones included
    # each at the characters the CLI names, in LSP's positions (UTF-16, 0-based)
    cli = sorted((position(text, d["start"]), position(text, d["end"]), d["code"]) for d in _cli_json(path))
    assert sorted(((d.range.start, d.range.end, str(d.code)) for d in published.diagnostics),
                  key=lambda t: (t[0].line, t[0].character, t[1].line, t[1].character, t[2])) == cli
    kiev = [d for d in published.diagnostics if d.code == "CD101"]
    lines = text.splitlines()
    assert kiev and all(lines[d.range.start.line][d.range.start.character:d.range.end.character] == "Kiev"
                        for d in kiev)


def _targets(name: str, text: str) -> dict[str, str]:
    return {u.id: u.target for u in tmfiles.read_units(name, text).units}


@pytest.mark.parametrize("name", sorted(EXPECTED))
async def test_a_quick_fix_changes_one_units_target_and_nothing_else(
        client: LanguageClient, tmp_path: Path, name: str) -> None:
    path, text = _copied(tmp_path, name)
    published = await open_article(client, path, text)
    units = tmfiles.read_units(name, text).units
    for diag in (d for d in published.diagnostics if d.code == "CD101"):
        (fix,) = [a for a in await actions(client, path, [diag], diag.range) if a.kind == lsp.CodeActionKind.QuickFix]
        assert fix.title == "Replace with 'Kyiv'"  # and no "disable for this line": a comment there is not read
        fixed = apply_edits(text, edits_of(fix, path))
        tmcheck.verify(name, text, fixed)  # the same units; every character outside the targets as it was
        before, after = _targets(name, text), _targets(name, fixed)
        changed = [unit for unit in before if before[unit] != after[unit]]
        assert len(changed) == 1
        assert after[changed[0]] == before[changed[0]].replace("Kiev", "Kyiv", 1)
        unit = next(u for u in units if u.id == changed[0])  # the unit the finding is in
        assert unit.start <= test_lsp.offset(text, diag.range.start) < unit.end


@pytest.mark.parametrize("name", sorted(EXPECTED))
async def test_fix_all_gives_the_file_copydesk_fix_writes(client: LanguageClient, tmp_path: Path, name: str) -> None:
    path, text = _copied(tmp_path, name)
    # 'Kiev' outside every target too, in a comment or processing instruction: not a unit's text, so not fixed
    first = text.index("\n") + 1
    text = text[:first] + ("# From the Kiev bureau\n" if name.endswith(".po") else "<?note From the Kiev bureau?>\n") \
        + text[first:]
    published = await open_article(client, path, text)
    whole = lsp.Range(lsp.Position(0, 0), lsp.Position(len(text.splitlines()), 0))
    (fix_all,) = await actions(client, path, list(published.diagnostics), whole, only=[FIX_ALL_KIND])
    from_editor = apply_edits(text, edits_of(fix_all, path))
    run_main("fix", "--no-cache", "--isolated", "--source-language", "uk", str(path))
    assert from_editor.encode("utf-8") == path.read_bytes() != text.encode("utf-8")
    assert "From the Kiev bureau" in from_editor and from_editor.count("Kyiv") > text.count("Kyiv")


async def test_hover_on_a_finding_shows_its_units_id_and_source(client: LanguageClient, tmp_path: Path) -> None:
    path, text = _copied(tmp_path, "news12.xlf")
    published = await open_article(client, path, text)
    added = next(d for d in published.diagnostics if d.code == "CD2001" and "not in the source" in d.message)
    hover = await answer(client.text_document_hover_async(lsp.HoverParams(
        lsp.TextDocumentIdentifier(uri(path)), added.range.start)))
    assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
    value = hover.contents.value
    assert value.startswith("**Source** (unit p1\\-s1): Евакуювали близько 12 тис\\. людей\\.")
    assert "**CD2001**" in value
    title = next(d for d in published.diagnostics if d.code == "CD101")
    hover = await answer(client.text_document_hover_async(lsp.HoverParams(
        lsp.TextDocumentIdentifier(uri(path)), title.range.start)))
    assert "**Source** (unit title): Посольство в Києві закрили" in hover.contents.value


async def test_a_translation_file_that_does_not_parse_is_one_error_at_its_line(client: LanguageClient,
                                                                                 tmp_path: Path) -> None:
    path, text = _copied(tmp_path, "news12.xlf")
    text = text.replace("</trans-unit>\n      <trans-unit id=\"p1-s1\">", "\n      <trans-unit id=\"p1-s1\">", 1)
    published = await open_article(client, path, text)
    (error,) = published.diagnostics
    assert error.code == "file-error" and error.severity == lsp.DiagnosticSeverity.Error
    assert "malformed XML" in error.message
    assert error.range.start == lsp.Position(int(error.message.split("line ")[1].split(",")[0]) - 1, 0)
    assert not await actions(client, path, [error], error.range)


async def test_a_source_whose_language_cannot_be_told_is_one_warning_and_the_other_rules_run(
        client: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / ".copydesk.yaml").write_text("select: [CD101, bilingual]\n", encoding="utf-8")
    path = tmp_path / "short.po"
    text = 'msgid "12"\nmsgstr "13 in Kiev"\n'  # a source of digits: no language in it, and none declared
    shown = test_lsp.listen(client, lsp.WINDOW_SHOW_MESSAGE)
    published = await open_article(client, path, text)
    message = await shown
    assert message.type == lsp.MessageType.Warning
    assert message.message.startswith("copydesk: short.po: the source's language could not be detected")
    assert [str(d.code) for d in published.diagnostics] == ["CD101"]  # no CD2001 for the 13: skipped, said why


async def test_an_edit_in_one_unit_rechecks_that_unit_alone(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A keystroke in a long file costs one unit's check, not the file's; the findings are still the CLI's."""
    from linter.core.config import resolve
    from linter.core.engine import linter_for
    from linter.faces.lsp import OpenDocument

    path, text = _copied(tmp_path, "news12.xlf")
    doc = OpenDocument(uri(path), str(path), None, 1, text, linter_for(resolve(str(path.parent))))
    checked: list[str] = []
    real = tmcheck.check_pair
    monkeypatch.setattr(tmcheck, "check_pair", lambda linter, target, *rest: checked.append(target) or
                        real(linter, target, *rest))
    doc.check_units(text)
    assert len(checked) == 8  # every unit with a target
    checked.clear()
    edited = text.replace("About 1,200 people", "About 12,000 people")
    found, _notices, _units = doc.check_units(edited)
    assert checked == ["About 12,000 people were evacuated."]
    path.write_text(edited, encoding="utf-8")
    assert sorted((d.start, d.end, d.code) for d in found) == sorted(
        (d["start"], d["end"], d["code"]) for d in _cli_json(path))
    assert "CD2001" not in {d.code for d in found}
