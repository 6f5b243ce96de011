"""Every output format on real articles: the seeds, and short texts with emoji and odd file names."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from linter.core.config import Settings
from linter.core.engine import linter_for
from linter.faces.docs import explain, rule_url
from linter.faces.formats import FORMAT_CHOICES, FORMATTERS, RunInfo, choose_format
from linter.faces.formats.github import escape_data, escape_property, format_github
from linter.io.results import FileResult
from linter.model.diagnostics import Diagnostic, Severity
from linter.text.positions import LineIndex
from tests.conftest import ROOT, SEED_000, SEED_003, run_cli, run_main

SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
# Emoji before the flagged word: a flag (two regional-indicator code points) and a face, all three
# outside the Basic Multilingual Plane, so two UTF-16 code units each.
EMOJI = "🇺🇦 Breaking 😀: the embassy in Kiev closed.\n"
KIEV = EMOJI.index("Kiev")  # in code points
KIEV_UTF16 = KIEV + 3  # in UTF-16 code units


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def seed_json(seeds: Path) -> dict:
    result = run_main("check", "--isolated", "--format", "json", str(seeds))
    assert result.code == 1
    return json.loads(result.out)


def utf16_slice(line: str, start: int, end: int) -> str:
    """The text between two UTF-16 code-unit positions of a line."""
    units = line.encode("utf-16-le")
    return units[start * 2:end * 2].decode("utf-16-le")


def test_the_emoji_test_text_is_what_the_tests_assume():
    assert len(EMOJI[:KIEV].encode("utf-16-le")) // 2 == KIEV_UTF16 == 33
    assert utf16_slice(EMOJI, KIEV_UTF16, KIEV_UTF16 + 4) == "Kiev"


def test_every_format_is_registered_and_offered():
    assert set(FORMATTERS) == {"text", "json", "jsonl", "sarif", "github", "lsp", "diff"}
    assert set(FORMAT_CHOICES) == {*FORMATTERS, "auto"}
    assert "auto" not in FORMATTERS  # auto names another formatter; it is not one


# json ------------------------------------------------------------------------------------------

def test_json_has_the_versioned_schema_fields(seeds_copy: Path):
    data = seed_json(seeds_copy)
    assert data["version"] == 1 and data["tool"] == "copydesk"
    assert set(data) == {"version", "tool", "copydesk_version", "diagnostics", "errors", "summary"}
    record = data["diagnostics"][0]
    assert set(record) == {"path", "code", "name", "pack", "severity", "message", "start", "end", "line",
                           "column", "end_line", "end_column", "suggestions", "fix", "withheld"}
    assert data["summary"]["files"] == 2 and data["summary"]["diagnostics"] == len(data["diagnostics"])
    texts = {str(p): p.read_text(encoding="utf-8") for p in seeds_copy.iterdir()}
    for record in data["diagnostics"]:
        text = texts[record["path"]]
        line_start = LineIndex(text).line_starts[record["line"] - 1]
        assert record["start"] == line_start + record["column"] - 1  # 1-based code-point columns
    kiev = next(r for r in data["diagnostics"] if r["code"] == "CD101")
    assert texts[kiev["path"]][kiev["start"]:kiev["end"]] == "Kiev"
    assert kiev["fix"] == {"applicability": "safe", "edits": [
        {"start": kiev["start"], "end": kiev["end"], "text": "Kyiv", "line": kiev["line"], "column": kiev["column"],
         "end_line": kiev["end_line"], "end_column": kiev["end_column"]}]}


# jsonl -----------------------------------------------------------------------------------------

def test_jsonl_is_one_json_record_per_line_plus_one_per_file_error(seeds_copy: Path):
    (seeds_copy / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    expected = seed_json(seeds_copy)
    result = run_main("check", "--isolated", "--format", "jsonl", str(seeds_copy))
    assert result.code == 1
    lines = result.out.splitlines()
    assert len(lines) == len(expected["diagnostics"]) + 1
    records = [json.loads(line) for line in lines]
    errors = [r for r in records if "error" in r]
    assert errors == [{"path": str(seeds_copy / "photo.txt"), "error": expected["errors"][0]["message"]}]
    assert "binary file" in errors[0]["error"]
    assert [r for r in records if "error" not in r] == expected["diagnostics"]


# sarif -----------------------------------------------------------------------------------------

def sarif_of(*args: str) -> dict:
    result = run_main("check", "--isolated", "--format", "sarif", *args)
    return json.loads(result.out)


@pytest.fixture(scope="module")
def sarif_validator():
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"the SARIF 2.1.0 schema is not at {SARIF_SCHEMA}")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_sarif_on_the_seeds_validates_against_the_official_schema(seeds_copy: Path, sarif_validator):
    (seeds_copy / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    log = sarif_of(str(seeds_copy))
    expected = seed_json(seeds_copy)
    errors = [f"{list(e.path)}: {e.message}" for e in sarif_validator.iter_errors(log)]
    assert not errors
    run = log["runs"][0]
    assert log["version"] == "2.1.0" and run["columnKind"] == "utf16CodeUnits"
    assert len(run["results"]) == len(expected["diagnostics"]) > 10
    notifications = run["invocations"][0]["toolExecutionNotifications"]
    assert len(notifications) == 1 and "binary file" in notifications[0]["message"]["text"]
    assert notifications[0]["level"] == "error"


def test_sarif_rules_carry_the_rule_docs_and_results_point_at_them(seeds_copy: Path):
    run = sarif_of(str(seeds_copy))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted({r["ruleId"] for r in run["results"]})
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    linter = linter_for(Settings())
    cd101 = next(r for r in rules if r["id"] == "CD101")
    rule = linter.by_code["CD101"]
    assert cd101["name"] == "outdated-ukrainian-place-name"
    assert cd101["fullDescription"]["text"] == " ".join(rule.description.split())
    assert cd101["help"]["text"] == explain(rule)
    assert "### CD101" not in cd101["help"]["markdown"] and cd101["help"]["markdown"].startswith("## CD101")
    assert cd101["helpUri"] == rule_url(rule) and cd101["helpUri"].endswith("#cd101")
    assert cd101["defaultConfiguration"]["level"] == "warning"
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["CD102"] == "error" and levels["CD101"] == "warning"


def test_sarif_regions_and_fixes_use_utf16_columns(tmp_path: Path, sarif_validator):
    article = write(tmp_path / "news" / "emoji story.md", "Intro line.\n" + EMOJI)
    log = sarif_of(str(article))
    assert not list(sarif_validator.iter_errors(log))
    (result,) = log["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": article.as_uri()}  # absolute path: a file URI
    region = location["region"]
    line = EMOJI.rstrip("\n")
    assert region["startLine"] == region["endLine"] == 2
    assert region["startColumn"] == KIEV_UTF16 + 1  # 1-based
    assert utf16_slice(line, region["startColumn"] - 1, region["endColumn"] - 1) == "Kiev"
    assert region["snippet"]["text"] == "Kiev"
    (fix,) = result["fixes"]
    (change,) = fix["artifactChanges"]
    (replacement,) = change["replacements"]
    deleted = replacement["deletedRegion"]
    assert utf16_slice(line, deleted["startColumn"] - 1, deleted["endColumn"] - 1) == "Kiev"
    assert replacement["insertedContent"]["text"] == "Kyiv"
    assert fix["properties"]["applicability"] == "safe"


def test_sarif_uris_of_relative_paths_are_relative_and_encoded(tmp_path: Path):
    write(tmp_path / "news" / "emoji story.md", EMOJI)
    result = run_cli("check", "--isolated", "--format", "sarif", "news", cwd=tmp_path)
    location = json.loads(result.out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "news/emoji%20story.md", "uriBaseId": "%SRCROOT%"}


def test_sarif_gives_no_fix_for_display_only_suggestions(seeds_copy: Path):
    results = sarif_of(str(seeds_copy))["runs"][0]["results"]
    display_only = next(r for r in results if r["ruleId"] == "CD301")
    assert "fixes" not in display_only
    assert display_only["properties"]["suggestions"] == [" that", ". That"]
    unsafe = next(r for r in results if r["ruleId"] == "CD202")
    assert unsafe["fixes"][0]["properties"]["applicability"] == "unsafe"
    assert unsafe["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == ""


# github ----------------------------------------------------------------------------------------

def unescape(value: str) -> str:
    for escaped, raw in (("%2C", ","), ("%3A", ":"), ("%0A", "\n"), ("%0D", "\r"), ("%25", "%")):
        value = value.replace(escaped, raw)
    return value


def test_github_annotations_on_the_seeds(seeds_copy: Path):
    data = seed_json(seeds_copy)
    result = run_main("check", "--isolated", "--format", "github", str(seeds_copy))
    assert result.code == 1
    lines = result.out.splitlines()
    assert len(lines) == len(data["diagnostics"])
    kyiv = next(d for d in data["diagnostics"] if d["code"] == "CD102")
    assert (f"::error file={kyiv['path']},line={kyiv['line']},col={kyiv['column']},"
            f"endLine={kyiv['end_line']},endColumn={kyiv['end_column']},"
            "title=CD102 lowercase-place-name::'kyiv' is a proper noun: write 'Kyiv'") in lines
    assert sum(line.startswith("::warning ") for line in lines) == sum(
        d["severity"] == "warning" for d in data["diagnostics"])


def test_github_escapes_percent_newlines_and_property_separators():
    assert escape_data("50% of\r\nthem: a, b") == "50%25 of%0D%0Athem: a, b"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    text = "Kiev\n"
    diag = Diagnostic("CD999", "odd-rule", "test", Severity.INFO, "100% sure:\nline two, really", 0, 4)
    (line,) = format_github([FileResult("news, 2024: 50%.md", text, [diag])], RunInfo()).splitlines()
    assert line.startswith("::notice file=news%2C 2024%3A 50%25.md,line=1,col=1,endLine=1,endColumn=5,")
    properties, message = line[len("::notice "):].split("::", 1)
    assert unescape(message) == "100% sure:\nline two, really"
    assert dict(p.split("=", 1) for p in properties.split(","))["file"] == "news%2C 2024%3A 50%25.md"
    assert unescape("news%2C 2024%3A 50%25.md") == "news, 2024: 50%.md"


def test_github_reports_unreadable_files_as_errors(tmp_path: Path):
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = run_main("check", "--isolated", "--format", "github", str(tmp_path / "photo.txt"))
    assert result.code == 1
    assert result.out.startswith(f"::error file={tmp_path}/photo.txt,title=copydesk::binary file")


# lsp -------------------------------------------------------------------------------------------

def test_lsp_positions_are_utf16_and_keyed_by_file_uri(tmp_path: Path):
    article = write(tmp_path / "emoji.md", "Intro line.\n" + EMOJI)
    result = run_main("check", "--isolated", "--format", "lsp", str(article))
    data = json.loads(result.out)
    assert list(data) == [article.as_uri()]
    (diag,) = data[article.as_uri()]
    assert diag["range"] == {"start": {"line": 1, "character": KIEV_UTF16},
                             "end": {"line": 1, "character": KIEV_UTF16 + 4}}
    line = EMOJI.rstrip("\n")
    assert utf16_slice(line, diag["range"]["start"]["character"], diag["range"]["end"]["character"]) == "Kiev"
    assert diag["severity"] == 2 and diag["code"] == "CD101" and diag["source"] == "copydesk"
    assert diag["codeDescription"]["href"].endswith("#cd101")
    assert diag["message"].startswith("'Kiev' is the outdated")


def test_lsp_on_the_seeds_has_an_entry_per_file_and_severities(seeds_copy: Path):
    write(seeds_copy / "clean.md", "The embassy in Kyiv closed.\n")
    data = json.loads(run_main("check", "--isolated", "--format", "lsp", str(seeds_copy)).out)
    assert data[(seeds_copy / "clean.md").as_uri()] == []
    seed_003 = data[(seeds_copy / SEED_003.name).as_uri()]
    text = SEED_003.read_text(encoding="utf-8")
    index = LineIndex(text)
    kiev = next(d for d in seed_003 if d["code"] == "CD101")
    start = index.offset_from_lsp(kiev["range"]["start"]["line"], kiev["range"]["start"]["character"])
    assert text[start:start + 4] == "Kiev"
    seed_000 = data[(seeds_copy / SEED_000.name).as_uri()]
    assert {d["severity"] for d in seed_000 if d["code"] == "CD102"} == {1}


# diff ------------------------------------------------------------------------------------------

def test_check_format_diff_writes_nothing_and_its_patch_gives_what_fix_writes(seeds_copy: Path, tmp_path: Path):
    originals = {p.name: p.read_bytes() for p in seeds_copy.iterdir()}
    result = run_cli("check", "--isolated", "--format", "diff", ".", cwd=seeds_copy)
    assert result.code == 1  # check's exit code: problems were found
    assert {p.name: p.read_bytes() for p in seeds_copy.iterdir()} == originals
    assert sum(line.startswith("--- a/") for line in result.out.splitlines()) == 2
    assert "-Searchlights search for Russian drones in the skies over kyiv in the early hours" in result.out
    fixed = tmp_path / "fixed"
    shutil.copytree(seeds_copy, fixed)
    assert run_cli("fix", "--isolated", ".", cwd=fixed).code == 1  # unfixable problems remain
    if shutil.which("patch") is None:
        pytest.skip("needs patch")
    patched = tmp_path / "patched"
    shutil.copytree(seeds_copy, patched)
    subprocess.run(["patch", "-p1", "--quiet"], input=result.out.encode("utf-8"), cwd=patched, check=True)
    for name in originals:
        assert (patched / name).read_bytes() == (fixed / name).read_bytes()
        assert (patched / name).read_bytes() != originals[name]


def test_fix_diff_and_check_format_diff_print_the_same_diff(seeds_copy: Path):
    check = run_main("check", "--isolated", "--format", "diff", str(seeds_copy))
    fix_diff = run_main("fix", "--isolated", "--diff", str(seeds_copy))
    assert check.out == fix_diff.out and check.out
    assert fix_diff.code == 1 and "fixes would be applied" in fix_diff.err


def test_diff_includes_unsafe_fixes_only_when_asked(seeds_copy: Path):
    safe = run_main("check", "--isolated", "--format", "diff", str(seeds_copy)).out
    unsafe = run_main("check", "--isolated", "--format", "diff", "--unsafe-fixes", str(seeds_copy)).out
    assert any(line.startswith("+") and "take shelter." in line for line in unsafe.splitlines())
    assert not any(line.startswith("+") and "take shelter." in line for line in safe.splitlines())


def test_diff_of_a_last_line_without_a_line_break_applies(tmp_path: Path):
    article = write(tmp_path / "a.txt", "First line.\nThe embassy in Kiev closed.")
    result = run_cli("check", "--isolated", "--format", "diff", "a.txt", cwd=tmp_path)
    assert result.out.endswith("+The embassy in Kyiv closed.\n\\ No newline at end of file\n")
    if shutil.which("patch") is None:
        pytest.skip("needs patch")
    subprocess.run(["patch", "-p1", "--quiet"], input=result.out.encode(), cwd=tmp_path, check=True)
    assert article.read_text(encoding="utf-8") == "First line.\nThe embassy in Kyiv closed."


def test_diff_is_empty_for_a_clean_file(tmp_path: Path):
    write(tmp_path / "a.txt", "The embassy in Kyiv closed.\n")
    result = run_main("check", "--isolated", "--format", "diff", str(tmp_path / "a.txt"))
    assert result.code == 0 and result.out == ""


def test_fix_with_format_diff_writes_and_prints_what_it_changed(tmp_path: Path):
    text = "The embassy in Kiev closed. the minister said more.\n"  # CD301 has no safe fix: it stays
    article = write(tmp_path / "a.txt", text)
    result = run_main("fix", "--isolated", "--no-cache", "--format", "diff", str(article))
    fixed = "The embassy in Kyiv closed. the minister said more.\n"
    assert article.read_text(encoding="utf-8") == fixed
    assert f"-{text}+{fixed}" in result.out
    assert result.code == 1  # a problem is left


def test_fix_with_format_diff_prints_the_change_of_a_file_it_made_clean(tmp_path: Path):
    article = write(tmp_path / "a.txt", "The embassy in Kiev closed.\n")
    result = run_main("fix", "--isolated", "--no-cache", "--format", "diff", str(article))
    assert article.read_text(encoding="utf-8") == "The embassy in Kyiv closed.\n"
    assert "-The embassy in Kiev closed.\n+The embassy in Kyiv closed.\n" in result.out


# auto ------------------------------------------------------------------------------------------

def test_auto_picks_github_under_github_actions(seeds_copy: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run_main("check", "--isolated", "--format", "auto", str(seeds_copy))
    lines = result.out.splitlines()
    assert lines and all(line.startswith(("::error file=", "::warning file=", "::notice file=")) for line in lines)
    assert result.code == 1
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    result = run_main("check", "--isolated", "--format", "auto", str(seeds_copy))
    assert f"{seeds_copy / SEED_000.name}:5:1: CD102" in result.out
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert choose_format("auto") == "text" and choose_format("sarif") == "sarif"
    assert choose_format("auto", {"GITHUB_ACTIONS": "true"}) == "github"


def test_auto_is_a_valid_config_value(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    write(tmp_path / ".copydesk.yaml", "format: auto\n")
    article = write(tmp_path / "a.md", "The embassy in Kiev closed.\n")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run_main("check", "--config", str(tmp_path / ".copydesk.yaml"), str(article))
    assert result.out.startswith(f"::warning file={article},line=1,col=16,") and result.code == 1
    write(tmp_path / ".copydesk.yaml", "format: nonsense\n")
    bad = run_main("check", "--config", str(tmp_path / ".copydesk.yaml"), str(article))
    assert bad.code == 2 and "auto" in bad.err and "sarif" in bad.err
