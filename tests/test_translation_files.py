"""Translation files and paired articles (issue 19, point 3): XLIFF 1.2 and 2.0, PO and TMX read through
translate-toolkit, each unit's target checked with its source; findings name the file, the unit and the line; `fix`
changes only the target text of the units it fixes; bad input is a clear per-file error and the file is untouched."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from linter.core.config import resolve
from linter.core.engine import Linter
from linter.io import tmcheck, tmfiles
from linter.model.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from tests.conftest import run_cli, run_main

FILES = Path(__file__).parent / "translation_files"

# file -> the findings expected: (line, code, unit); the same errors in each format, one unit for each bilingual rule
# (CD2001 numbers, CD2011 untranslated text, CD2021 lost source token, CD2031 omission, CD2041 dates) and CD101
PO_UNITS = ["title | Посольство в Києві закрили", "Евакуювали близько 12 тис. людей.",
            "Мер Києва виступив о 9:00, і це був довгий виступ, який тривав майже годину без перерви.",
            "p3-s1 | Мер Києва виступив у вівторок, Київ.", "p3-s2 | Міністерство написало в Telegram @mod_ukraine.",
            "p4-s1 | Рада зібралася в понеділок і вирішила, що новий бюджет буде ухвалено в березні.",
            "p4-s2 | Переговори відновилися у середу, 5 березня."]
CODES = ["CD101", "CD2001", "CD2001", "CD101", "CD2011", "CD236", "CD2021", "CD2031", "CD2041", "CD2041"]


def _expected(lines: list[int], units: list[str]) -> list[tuple[int, str, str]]:
    """Each finding of CODES on its line, in its unit (the numbers and dates units have two findings each)."""
    twice = [0, 1, 1, 2, 3, 3, 4, 5, 6, 6]
    return [(lines[twice[n]], code, units[twice[n]]) for n, code in enumerate(CODES)]


NEW = ["p3-s1", "p3-s2", "p4-s1", "p4-s2"]
EXPECTED = {
    "news12.xlf": _expected([8, 12, 17, 21, 25, 29, 33], ["title", "p1-s1", "p2-s1", *NEW]),
    "news20.xlf": _expected([7, 13, 25, 31, 37, 43, 49], ["title", "p1/s1", "p3", *NEW]),
    "news.po": _expected([13, 17, 29, 34, 39, 44, 49], PO_UNITS),
    "news.tmx": _expected([7, 11, 19, 23, 27, 31, 35], ["title", "p1-s1", "p2-s1", *NEW]),
}
# file -> {unit: fixed target}; every other unit keeps its target
FIXED = {
    "news12.xlf": {"title": "The embassy in Kyiv closed", "p2-s1": "The mayor of Kyiv spoke at 9:00 & left."},
    "news20.xlf": {"title": "The embassy in Kyiv closed", "p3": "The mayor of Kyiv spoke at 9:00 & left."},
    "news.po": {"title | Посольство в Києві закрили": "The embassy in Kyiv closed",
                PO_UNITS[2]: "The mayor of \"Kyiv\" spoke at 9:00, and it was a long speech that lasted "
                                           "nearly an hour without a break, in Kyiv."},
    "news.tmx": {"title": "The embassy in Kyiv closed", "p2-s1": "The mayor of Kyiv spoke at 9:00 & left."},
}
ARGS = ("--no-cache", "--isolated", "--source-language", "uk")


@pytest.fixture
def copies(tmp_path: Path) -> Path:
    shutil.copytree(FILES, tmp_path / "tm")
    return tmp_path / "tm"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_findings_name_the_unit_and_the_line(copies: Path, name: str):
    result = run_main("check", *ARGS, "--format", "json", str(copies / name))
    assert result.code == 1, result.err
    found = [(d["line"], d["code"], d["unit"]) for d in json.loads(result.out)["diagnostics"]]
    assert found == EXPECTED[name]
    text = run_main("check", *ARGS, str(copies / name)).out
    for line, code, unit in EXPECTED[name]:
        assert f"{name}:{line}:" in text and f"{code} " in text and f"(unit {unit})" in text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_finding_points_at_the_flagged_text_in_the_file(copies: Path, name: str):
    document = json.loads(run_main("check", *ARGS, "--format", "json", str(copies / name)).out)
    text = (copies / name).read_text(encoding="utf-8")
    kiev = [d for d in document["diagnostics"] if d["code"] == "CD101"]
    assert kiev and all(text[d["start"]:d["end"]] == "Kiev" for d in kiev)
    added = [d for d in document["diagnostics"] if d["code"] == "CD2001" and "not in the source" in d["message"]]
    assert [text[d["start"]:d["end"]] for d in added] == ["1,200"]
    assert all(d["source"] == "Евакуювали близько 12 тис. людей." for d in document["diagnostics"]
               if d["code"] == "CD2001")


def _outside_targets(path: Path) -> list[str]:
    """The file's text outside every unit's target, as translate-toolkit and the locator read it."""
    text = path.read_text(encoding="utf-8")
    units = tmfiles.read_units(str(path), text).units
    return tmcheck._outside(text, units)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fix_changes_only_the_targets_it_fixes(copies: Path, name: str):
    path = copies / name
    before = path.read_bytes()
    result = run_main("fix", *ARGS, str(path))
    assert result.code == 1 and "2 fixes applied" in result.out, result.out + result.err  # CD2001 has no fix
    after = path.read_bytes()
    assert after != before
    # byte for byte, the file is the original with the fixed targets' text replaced: nothing else moved
    original = (FILES / name).read_text(encoding="utf-8")
    old_units = tmfiles.read_units(name, original).units
    new_units = tmfiles.read_units(name, after.decode("utf-8")).units
    assert _outside_targets(path) == tmcheck._outside(original, old_units)
    # and read back through translate-toolkit, only those targets changed, to the fixed text
    assert [(u.id, u.source) for u in new_units] == [(u.id, u.source) for u in old_units]
    for old, new in zip(old_units, new_units, strict=True):
        assert new.target == FIXED[name].get(old.id, old.target), old.id
    assert tmfiles.read_units(name, after.decode("utf-8")).source_language == "uk" or name == "news.po"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fix_diff_shows_only_target_lines(copies: Path, name: str):
    result = run_main("fix", *ARGS, "--diff", str(copies / name))
    changed = [line for line in result.out.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed and all("Kiev" in line or "Kyiv" in line for line in changed)
    assert (copies / name).read_bytes() == (FILES / name).read_bytes()  # --diff writes nothing


def test_translate_toolkit_would_rewrite_an_xliff_file_that_splicing_keeps():
    """Why fixes are spliced in: translate-toolkit's own serialisation of an XLIFF 1.2 file changes bytes outside
    the targets (the XML declaration, attribute order, the layout of one-line units)."""
    from translate.storage import xliff

    raw = (FILES / "news12.xlf").read_bytes()
    assert bytes(xliff.xlifffile.parsestring(raw)) != raw


# --- how a fix is written into the file ---------------------------------------------------------------------------


def _unit(name: str, unit_id: str) -> tuple[tmfiles.TranslationFile, tmfiles.Unit]:
    text = (FILES / name).read_text(encoding="utf-8")
    read = tmfiles.read_units(name, text)
    return read, next(u for u in read.units if u.id == unit_id)


def _diag(start: int, end: int, text: str) -> Diagnostic:
    return Diagnostic("CD999", "test", "test", Severity.WARNING, "m", start, end,
                      Fix((Edit(start, end, text),), Applicability.SAFE))


def _placed(name: str, unit_id: str, target_from: str, replacement: str) -> tuple[str, Diagnostic]:
    read, unit = _unit(name, unit_id)
    start = unit.target.index(target_from)
    placed = tmcheck.place(unit, _diag(start, start + len(target_from), replacement), read.kind)
    return (FILES / name).read_text(encoding="utf-8"), placed


@pytest.mark.parametrize(("name", "unit", "old", "new", "written"), [
    ("news12.xlf", "p1-s2", "& more", "and <more>", "and &lt;more&gt;"),  # escaped as XML text
    ("news12.xlf", "p1-s2", "5%", "five percent", "five percent"),         # over a character reference
    ("news20.xlf", "p3", "& left", "& <left>", "& <left>"),                  # inside CDATA: as it is
    ("news.po", "Ціни в Києві зросли на 5%.", "as expected", 'as "expected"\n', 'as \\"expected\\"\\n'),  # PO escapes
])
def test_a_fix_is_written_as_the_format_escapes_it(name: str, unit: str, old: str, new: str, written: str):
    text, placed = _placed(name, unit, old, new)
    assert placed.fix is not None
    (edit,) = placed.fix.edits
    assert edit.text == written
    fixed = text[:edit.start] + edit.text + text[edit.end:]
    tmcheck.verify(name, text, fixed)  # reads back as the same units, nothing changed outside the targets
    assert next(u for u in tmfiles.read_units(name, fixed).units if u.id == unit).target == \
        _unit(name, unit)[1].target.replace(old, new)


def test_a_fix_across_inline_markup_is_dropped_and_the_finding_kept():
    text, placed = _placed("news12.xlf", "p1-s2", "in Kyiv rose", "in Kyiv went up")  # crosses </g>
    assert placed.fix is None
    assert text[placed.start:placed.end] == 'in <g id="1">Kyiv</g> rose'
    _text, inside = _placed("news12.xlf", "p2-s1", "Kiev", "Kyiv")  # inside the <g>: fine
    assert inside.fix is not None and inside.fix.edits[0].text == "Kyiv"


def test_verify_refuses_a_change_outside_the_targets():
    text = (FILES / "news12.xlf").read_text(encoding="utf-8")
    with pytest.raises(tmfiles.ArticleError, match="outside the targets"):
        tmcheck.verify("news12.xlf", text, text.replace('approved="no"', 'approved="yes"'))
    with pytest.raises(tmfiles.ArticleError, match="same units"):
        tmcheck.verify("news12.xlf", text, text.replace("Ціни в Києві", "Ціни у Києві"))


# --- bad input: a clear per-file error, the file untouched, the other files checked -------------------------------


BAD = {
    "broken.xlf": ('<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
                   '<file source-language="uk" target-language="en" datatype="plaintext" original="x">\n<body>\n'
                   '<trans-unit id="1"><source>Київ</source><target>Kiev</target>\n</body></file></xliff>\n',
                   "line 6, column 3: malformed XML: mismatched tag"),
    "nosource.xlf": ('<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
                     '<file source-language="uk" target-language="en" datatype="plaintext" original="x"><body>\n'
                     '<trans-unit id="t9">\n<target>The embassy in Kiev</target></trans-unit>\n'
                     '</body></file></xliff>\n',
                     "line 5: unit 't9' has a target but no source"),
    "nosource.tmx": ('<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="uk" adminlang="en" segtype="sentence"'
                     ' o-tmf="x" creationtool="x" creationtoolversion="1" datatype="plaintext"/><body>\n'
                     '<tu tuid="7"><tuv xml:lang="en"><seg>Kiev</seg></tuv></tu>\n</body></tmx>\n',
                     "line 3: unit '7' has a target but no source"),
    "entities.xlf": ('<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa">]>\n<xliff version="1.2" '
                     'xmlns="urn:oasis:names:tc:xliff:document:1.2"/>\n', "declares an XML entity"),
    "broken.po": ('msgid "Київ"\nmsgstr "Kiev\n', "not a valid PO file"),
}


@pytest.mark.parametrize("name", sorted(BAD))
@pytest.mark.parametrize("command", ["check", "fix"])
def test_a_bad_translation_file_is_a_per_file_error_and_untouched(tmp_path: Path, name: str, command: str):
    text, message = BAD[name]
    bad = tmp_path / name
    bad.write_text(text, encoding="utf-8")
    good = tmp_path / "good.tmx"
    shutil.copy(FILES / "news.tmx", good)
    result = run_main(command, "--no-cache", "--isolated", str(bad), str(good))
    assert result.code == 1 and "Traceback" not in result.out + result.err
    assert f"{bad}: error: " in result.out and message in result.out, result.out
    assert bad.read_text(encoding="utf-8") == text
    assert good.read_bytes() != (FILES / "news.tmx").read_bytes() if command == "fix" else True
    assert "CD101" in result.out or command == "fix"


def test_an_unknown_source_language_is_a_usage_error_before_any_file_is_read(copies: Path):
    before = (copies / "news.po").read_bytes()
    result = run_main("fix", "--no-cache", "--isolated", "--source-language", "xx", str(copies / "news.po"))
    assert result.code == 2 and "unknown language 'xx'" in result.err
    assert (copies / "news.po").read_bytes() == before


def test_a_source_language_that_cannot_be_told_skips_the_bilingual_rules_with_a_warning(tmp_path: Path):
    po = tmp_path / "short.po"
    po.write_text('msgid "12"\nmsgstr "13 in Kiev"\n', encoding="utf-8")  # a source of digits: no language in it
    result = run_main("check", "--no-cache", "--isolated", str(po))
    assert result.code == 1 and "CD101" in result.out and "CD2001" not in result.out
    assert "warning: the source's language could not be detected" in result.err
    told = run_main("check", "--no-cache", "--isolated", "--source-language", "uk", str(po))
    assert "CD2001" in told.out


def test_a_file_declared_language_wins_and_an_unknown_one_is_detected(tmp_path: Path):
    text = (FILES / "news12.xlf").read_text(encoding="utf-8")
    odd = tmp_path / "odd.xlf"
    odd.write_text(text.replace('source-language="uk"', 'source-language="x-klingon"'), encoding="utf-8")
    result = run_main("check", "--no-cache", "--isolated", "--format", "json", str(odd))
    assert result.code == 1, result.err
    codes = [d["code"] for d in json.loads(result.out)["diagnostics"]]
    assert codes.count("CD2001") == 2  # detected from each source: Ukrainian


# --- JSONL corpora with a source field --------------------------------------------------------------------------


def test_jsonl_records_are_checked_against_their_source_field(tmp_path: Path):
    corpus = tmp_path / "mt.jsonl"
    corpus.write_text("\n".join([
        json.dumps({"id": 1, "src": "Ціни зросли на 2,5%.", "mt": "Prices rose by 25 percent in Kiev."},
                   ensure_ascii=False),
        json.dumps({"id": 2, "mt": "No source in this record."}),
        json.dumps({"id": 3, "src": ["not", "a", "string"], "mt": "A source that is a list."}),
    ]) + "\n", encoding="utf-8")
    result = run_main("check", "--no-cache", "--isolated", "--jsonl-field", "mt", "--source-field", "src",
                      "--source-language", "uk", "--annotate", str(corpus))
    assert result.code == 1
    assert f"{corpus}:2: error: field 'src' is missing or not a string" in result.out
    assert f"{corpus}:3: error: field 'src' is missing or not a string" in result.out
    lines = (tmp_path / "mt.copydesk.jsonl").read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])["copydesk"]["diagnostics"]
    assert sorted(d["code"] for d in first) == ["CD101", "CD2001", "CD2001"]
    assert json.loads(lines[1])["copydesk"] == {"error": "field 'src' is missing or not a string"}
    assert corpus.read_text(encoding="utf-8").count("\n") == 3  # the input is never modified


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_jsonl_source_whose_language_cannot_be_told_gives_the_warning(tmp_path: Path, jobs: str):
    """As for files: one warning, the bilingual rules skipped for that record, the others run (and with --jobs 2 the
    warning comes back from the worker)."""
    corpus = tmp_path / "mt.jsonl"
    corpus.write_text(json.dumps({"src": "12:00", "mt": "The embassy in Kiev closed at 13:00."}) + "\n"
                      + json.dumps({"src": "12", "mt": "13 in Kiev."}) + "\n", encoding="utf-8")
    result = run_main("check", "--annotate", "--no-cache", "--isolated", "--jobs", jobs, "--jsonl-field", "mt",
                      "--source-field", "src", str(corpus))
    assert result.code == 1
    assert result.err.count("warning: the source's language could not be detected") == 1, result.err
    codes = [d["code"] for line in (tmp_path / "mt.copydesk.jsonl").read_text(encoding="utf-8").splitlines()
             for d in json.loads(line)["copydesk"]["diagnostics"]]
    assert codes == ["CD101", "CD101"]
    assert "All clean" not in result.out  # a run of corpora only: no line about the 0 files checked


def test_source_field_needs_jsonl_field(tmp_path: Path):
    result = run_main("check", "--isolated", "--source-field", "src", str(tmp_path))
    assert result.code == 2 and "--jsonl-field" in result.err


def test_process_record_takes_a_source_field():
    from linter.io.jsonl import process_record

    out = process_record({"src": "Евакуювали 12 тис. людей.", "mt": "1,200 people were evacuated."}, field="mt",
                         source_field="src", config={"source-language": "uk", "select": ["bilingual"]})
    assert [d["code"] for d in out["copydesk"]["diagnostics"]] == ["CD2001", "CD2001"]
    assert "notices" not in out["copydesk"]


def test_process_record_says_when_the_sources_language_cannot_be_told():
    """The CLI says it once on stderr; a record mapped by an engine (Spark, Dask) carries it, and the other rules
    still ran."""
    from linter.io.jsonl import process_record

    out = process_record({"src": "12:00", "mt": "The embassy in Kiev closed at 13:00."}, field="mt",
                         source_field="src")
    assert [d["code"] for d in out["copydesk"]["diagnostics"]] == ["CD101"]
    assert any("could not be detected" in n for n in out["copydesk"]["notices"]), out["copydesk"]


# --- paired articles ------------------------------------------------------------------------------------------------


def _articles(tmp_path: Path) -> Path:
    (tmp_path / "uk").mkdir()
    (tmp_path / "en").mkdir()
    (tmp_path / "uk" / "shelter.md").write_text("# Укриття\n\nЕвакуювали близько 12 тис. людей.\n", encoding="utf-8")
    return tmp_path


def test_a_paired_article_names_its_source_in_front_matter(tmp_path: Path):
    root = _articles(tmp_path)
    article = root / "en" / "shelter.md"
    article.write_text("---\nsource: ../uk/shelter.md\nsource-language: uk\n---\n# Shelters\n\n"
                       "About 1,200 people were evacuated from Kiev.\n", encoding="utf-8")
    result = run_main("check", "--no-cache", "--isolated", "--format", "json", str(article))
    found = json.loads(result.out)["diagnostics"]
    assert sorted(d["code"] for d in found) == ["CD101", "CD2001", "CD2001"]
    added = next(d for d in found if d["code"] == "CD2001" and "not in the source" in d["message"])
    assert added["line"] == 7 and added["unit"] is None
    assert added["source"] == "Евакуювали близько 12 тис. людей."  # the sentence it translates


def test_a_missing_source_is_a_per_file_error_and_the_article_untouched(tmp_path: Path):
    root = _articles(tmp_path)
    article = root / "en" / "lost.md"
    text = "---\nsource: ../uk/lost.md\n---\nThe embassy in Kiev closed.\n"
    article.write_text(text, encoding="utf-8")
    other = root / "en" / "other.md"
    other.write_text("The embassy in Kiev closed.\n", encoding="utf-8")
    result = run_main("fix", "--no-cache", "--isolated", str(article), str(other))
    assert result.code == 1
    assert f"{article}: error: its source {root / 'uk' / 'lost.md'} (from the front matter key 'source') does not " \
           "exist; not checked" in result.out
    assert article.read_text(encoding="utf-8") == text
    assert other.read_text(encoding="utf-8") == "The embassy in Kyiv closed.\n"  # the others still fixed


def test_a_source_pattern_in_config_pairs_articles_and_skips_the_sources(tmp_path: Path):
    (tmp_path / "shelter.md").write_text("About 1,200 people were evacuated.\n", encoding="utf-8")
    (tmp_path / "shelter.uk.md").write_text("Евакуювали близько 12 тис. людей.\n", encoding="utf-8")
    (tmp_path / ".copydesk.yaml").write_text('source-pattern: "{stem}.{lang}.md"\nsource-language: uk\n',
                                             encoding="utf-8")
    result = run_cli("check", "--no-cache", "--format", "json", ".", cwd=tmp_path)
    found = json.loads(result.out)
    assert not found["errors"], found["errors"]  # shelter.uk.md is a source, not an article without one
    assert [(Path(d["path"]).name, d["code"]) for d in found["diagnostics"]] == \
        [("shelter.md", "CD2001"), ("shelter.md", "CD2001")]
    (tmp_path / "shelter.uk.md").unlink()
    missing = run_cli("check", "--no-cache", "shelter.md", cwd=tmp_path)
    assert missing.code == 1 and "shelter.uk.md (from the source-pattern '{stem}.{lang}.md') does not exist" \
        in missing.out


def test_config_keys_are_validated(tmp_path: Path):
    (tmp_path / ".copydesk.yaml").write_text("source-language: ukrainian\n", encoding="utf-8")
    result = run_cli("check", ".", cwd=tmp_path)
    assert result.code == 2 and "key 'source-language': unknown language 'ukrainian'" in result.err
    (tmp_path / ".copydesk.yaml").write_text("source-pattern: uk.md\n", encoding="utf-8")
    result = run_cli("check", ".", cwd=tmp_path)
    assert result.code == 2 and "key 'source-pattern'" in result.err


def test_the_library_checks_a_unit_as_the_cli_does():
    linter = Linter(resolve(None, discover=False))
    text = (FILES / "news.tmx").read_text(encoding="utf-8")
    checked = tmcheck.check_units(linter, text, "news.tmx")
    assert [(d.code, text[d.start:d.end]) for d in checked.diagnostics if d.code == "CD101"] == \
        [("CD101", "Kiev"), ("CD101", "Kiev")]
    assert [s.unit for s in checked.sources] == ["title", "p1-s1", "p1-s2", "p2-s1", *NEW]


# --- the report ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".html", ".md"])
def test_the_report_shows_each_finding_beside_its_source(copies: Path, tmp_path: Path, suffix: str):
    report = tmp_path / f"report{suffix}"
    run_main("check", *ARGS, "--report", str(report), str(copies / "news12.xlf"))
    text = report.read_text(encoding="utf-8")
    if suffix == ".html":
        pairs = text.split("<table class='pair'>")[1:]
        assert len(pairs) == len(EXPECTED["news12.xlf"])  # one per finding
        assert "<td>Посольство в Києві закрили</td><td>The embassy in <mark>Kiev</mark> closed</td>" in pairs[0]
        # the target as the format reads it, markup and escapes resolved, user text escaped for HTML
        assert "<td>The mayor of <mark>Kiev</mark> spoke at 9:00 &amp; left.</td>" in pairs[3]
        assert "news12.xlf:17 (unit p2-s1)" in text
    else:
        assert "| Евакуювали близько 12 тис. людей. | About **1,200** people were evacuated. |" in text


# --- copydesk explain ---------------------------------------------------------------------------------------------


def _rules_by_code() -> dict:
    from linter.core.config import Settings
    from linter.core.engine import Linter

    return Linter(Settings()).by_code


def test_explain_shows_each_bilingual_case_as_source_and_target():
    result = run_main("explain", "cd2001")
    assert result.code == 0
    assert ("  ✗ source (uk): Евакуювали близько 12 тис. людей.\n    target: About 1,200 people were evacuated.\n"
            "    (case uk-thousands)\n") in result.out
    # "Use instead" shows the right copy (fixed texts, use-instead), no longer the pass examples (issue 16 §5);
    # a bilingual case's right copy is shown beside its source as the fail case is
    assert "  ✓ source (zh): 花了五年时间和百分之二十的预算。" not in result.out
    import dataclasses

    from linter.faces.docs import explain
    from linter.model.rules import FAIL, Case, Examples

    rule = _rules_by_code()["CD2001"]
    case = Case(FAIL, 0, "There are [[25,000]] species.", fixed="There are 250,000 species.", source="有25万种。",
                source_language="zh")
    page = explain(dataclasses.replace(rule, examples=Examples((case,)), use_instead=""))
    assert "Use instead\n  ✓ source (zh): 有25万种。\n    target: There are 250,000 species.\n" in page
    # the rule's own use-instead is the right translation of its first fail case's source, shown beside it
    shown = ("Use instead\n  ✓ source (zh): 有25万种开花植物。\n"
             "    target: There are 250,000 species of flowering plants.\n")
    assert shown in result.out
    plain = run_main("explain", "CD101").out
    assert "source (" not in plain and "  ✗ " in plain  # a monolingual rule's examples as before


def test_a_bilingual_rules_use_instead_is_checked_against_its_source():
    """Without its source a bilingual rule finds nothing, so its right copy is checked as the translation of its
    first fail case's source: a use-instead text that gets the number wrong fails."""
    import dataclasses

    from linter.core.examples import CaseFailed, check_use_instead

    rule = _rules_by_code()["CD2001"]
    check_use_instead(rule)
    wrong = dataclasses.replace(rule, use_instead="There are 25,000 species of flowering plants.")
    with pytest.raises(CaseFailed, match="flags its own use-instead text"):
        check_use_instead(wrong)


def test_sarif_names_the_unit_and_validates_against_the_official_schema(copies: Path):
    from tests.test_formats import SARIF_SCHEMA

    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"the SARIF 2.1.0 schema is not at {SARIF_SCHEMA}")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    log = json.loads(run_main("check", *ARGS, "--format", "sarif", str(copies / "news.tmx")).out)
    assert not [e.message for e in validator.iter_errors(log)]
    results = log["runs"][0]["results"]
    assert [(r["locations"][0]["physicalLocation"]["region"]["startLine"], r["ruleId"],
             r["locations"][0]["logicalLocations"][0]["name"]) for r in results] == EXPECTED["news.tmx"]
    assert all(r["properties"]["unit"] == r["locations"][0]["logicalLocations"][0]["name"] for r in results)
    assert results[0]["properties"]["source"] == "Посольство в Києві закрили"


def test_the_source_sentence_of_a_place_in_the_target():
    from linter.io.pairs import source_sentence

    source = "Перше речення. Друге речення про 12 тис. людей. Третє."
    target = "First sentence. Second, about 1,200 people. Third."
    assert source_sentence(target, source, target.index("1,200")) == "Друге речення про 12 тис. людей."
    # not as many sentences: the one at the same relative place
    merged = "First sentence, and a second about 1,200 people. Third."
    assert source_sentence(merged, source, merged.index("Third")) == "Третє."


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_glossary_term_is_checked_unit_by_unit(copies: Path, name: str):
    (copies / "terms.csv").write_text("uk,en\nміністерство,Ministry of Defence\n", encoding="utf-8")
    (copies / ".copydesk.yaml").write_text("glossary: terms.csv\nsource-language: uk\n", encoding="utf-8")
    result = run_main("check", "--no-cache", "--format", "json", str(copies / name))
    found = [(d["line"], d["unit"]) for d in json.loads(result.out)["diagnostics"] if d["code"] == "CD2051"]
    lost_token = next((line, unit) for line, code, unit in EXPECTED[name] if code == "CD2021")
    assert found == [lost_token]  # the unit whose source says 'Міністерство' and whose target has no such term
