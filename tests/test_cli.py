"""The CLI as a user meets it: exit codes, formats, stdin, config layering, suppressions, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from linter.core.config import find_config_file
from tests.conftest import SEED_000, SEED_003, run_cli, run_main

BAD = "The embassy in Kiev closed.\n"
CLEAN = "The embassy in Kyiv closed.\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_exit_codes_clean_findings_usage(tmp_path: Path):
    assert run_cli("check", str(write(tmp_path / "a.txt", CLEAN))).code == 0
    assert run_cli("check", str(write(tmp_path / "b.txt", BAD))).code == 1
    bad_usage = run_cli("check", "--select", "NOPE999", str(tmp_path / "a.txt"))
    assert bad_usage.code == 2
    assert "unknown rule selector 'NOPE999'" in bad_usage.err and "Traceback" not in bad_usage.err
    assert run_cli().code == 2


def test_text_output_is_path_line_col_code_message(tmp_path: Path):
    path = write(tmp_path / "a.txt", "First line.\nThe embassy in Kiev closed.\n")
    result = run_main("check", str(path))
    assert f"{path}:2:16: CD101 [*] 'Kiev' is the outdated" in result.out
    assert "help: replace 'Kiev' with 'Kyiv'" in result.out
    assert "1 fixable with `copydesk fix`" in result.out


def test_json_output_schema(tmp_path: Path):
    path = write(tmp_path / "a.txt", "First line.\nThe embassy in Kiev closed.\n")
    result = run_main("check", "--format", "json", str(path))
    data = json.loads(result.out)
    assert data["version"] == 1 and data["tool"] == "copydesk"
    [record] = [d for d in data["diagnostics"] if d["code"] == "CD101"]
    assert record == {
        "path": str(path), "code": "CD101", "name": "outdated-ukrainian-place-name", "pack": "place-names",
        "severity": "warning", "message": record["message"], "start": 27, "end": 31,
        "line": 2, "column": 16, "end_line": 2, "end_column": 20, "suggestions": ["Kyiv"],
        "fix": {"applicability": "safe", "edits": [
            {"start": 27, "end": 31, "text": "Kyiv", "line": 2, "column": 16, "end_line": 2, "end_column": 20}]},
        "withheld": None,
    }
    assert data["summary"] == {"files": 1, "diagnostics": 1, "errors": 0, "fixable": 1}


def test_stdin_with_stdin_filename_picks_format_and_config(tmp_path: Path):
    write(tmp_path / ".copydesk.yaml", "ignore: [CD102]\n")
    markdown = b"The embassy in `Kiev` and kyiv.\n"
    result = run_cli("check", "-", "--stdin-filename", str(tmp_path / "story.md"), stdin=markdown)
    # inline code is masked in Markdown; CD102 is ignored by the config next to the named file
    assert result.code == 0, result.out
    result = run_cli("check", "-", stdin=markdown)
    assert result.code == 1 and "-:1:17: CD101" in result.out and "CD102" in result.out


def test_fix_from_stdin_writes_the_fixed_text(tmp_path: Path):
    result = run_cli("fix", "-", stdin=BAD.encode())
    assert result.out == CLEAN and result.code == 0


def test_config_layering_closest_file_then_config_flag_then_cli(tmp_path: Path):
    write(tmp_path / "pyproject.toml", "[tool.copydesk]\nignore = ['CD101']\n")
    article = write(tmp_path / "sub" / "a.txt", BAD + "Staff left kyiv.\n")
    result = run_main("check", "--format", "json", str(article))
    assert {d["code"] for d in json.loads(result.out)["diagnostics"]} == {"CD102"}
    # a closer file wins over the pyproject.toml above it (a new process would not have the
    # discovery cache this in-process run keeps)
    write(tmp_path / "sub" / ".copydesk.yaml", "ignore: [CD102]\n")
    find_config_file.cache_clear()
    result = run_main("check", "--format", "json", str(article))
    assert {d["code"] for d in json.loads(result.out)["diagnostics"]} == {"CD101"}
    # --config is layered on top of the discovered file
    extra = write(tmp_path / "extra.yaml", "select: [CD102]\n")
    result = run_main("check", "--format", "json", "--config", str(extra), str(article))
    assert {d["code"] for d in json.loads(result.out)["diagnostics"]} == set()
    # command-line flags win over everything
    result = run_main("check", "--format", "json", "--config", str(extra), "--ignore", "CD999X",
                      "--select", "place-names", str(article))
    assert result.code == 2  # the unknown selector in --ignore is an error
    result = run_main("check", "--format", "json", "--config", str(extra), "--select", "place-names",
                      "--ignore", "", str(article))
    assert {d["code"] for d in json.loads(result.out)["diagnostics"]} == {"CD101", "CD102"}


def test_isolated_ignores_config_files(tmp_path: Path):
    write(tmp_path / ".copydesk.yaml", "ignore: [CD101]\n")
    article = write(tmp_path / "a.txt", BAD)
    assert run_main("check", str(article)).code == 0
    assert run_main("check", "--isolated", str(article)).code == 1


def test_selectors_accept_code_prefix_name_and_pack(tmp_path: Path):
    article = write(tmp_path / "a.txt", BAD + "Staff left kyiv.\n")
    for selector, expected in (("CD101", {"CD101"}), ("CD1", {"CD101", "CD102"}),
                               ("lowercase-place-name", {"CD102"}), ("place-names", {"CD101", "CD102"})):
        data = json.loads(run_main("check", "--isolated", "--format", "json", "--select", selector,
                                   str(article)).out)
        assert {d["code"] for d in data["diagnostics"]} == expected, selector


def test_severity_override_and_per_file_ignores(tmp_path: Path):
    write(tmp_path / ".copydesk.yaml",
          "severity: {CD101: error}\nper-file-ignores:\n  'archive/**': [place-names]\n")
    article = write(tmp_path / "a.txt", BAD)
    archived = write(tmp_path / "archive" / "2014" / "old.txt", BAD)
    data = json.loads(run_main("check", "--format", "json", str(article), str(archived)).out)
    assert [(d["path"], d["severity"]) for d in data["diagnostics"]] == [(str(article), "error")]


def test_bad_config_is_a_clear_error_with_file_line_and_key(tmp_path: Path):
    config = write(tmp_path / ".copydesk.yaml", "select: [CD101]\nignroe: [CD102]\n")
    article = write(tmp_path / "a.txt", BAD)
    result = run_cli("check", str(article))
    assert result.code == 2
    assert f"{config}:2: key 'ignroe': unknown option" in result.err
    assert "Traceback" not in result.err


def test_inline_suppressions(tmp_path: Path):
    text = (
        "<!-- copydesk-disable-next-line CD101 -->\n"
        "The embassy in Kiev closed.\n"
        "The embassy in Kiev closed.\n"
        "<!-- copydesk-disable outdated-ukrainian-place-name -->\n"
        "Kiev again, and kyiv.\n"
        "<!-- copydesk-enable outdated-ukrainian-place-name -->\n"
        "Kiev at the end.\n"
        "<!-- copydesk-disable-next-line CD601 -->\n"
        "Nothing to suppress here.\n"
    )
    article = write(tmp_path / "a.md", text)
    data = json.loads(run_main("check", "--isolated", "--select", "place-names", "--format", "json",
                               str(article)).out)
    assert [(d["code"], d["line"]) for d in data["diagnostics"]] == [("CD101", 3), ("CD102", 5), ("CD101", 7)]
    data = json.loads(run_main("check", "--isolated", "--select", "place-names", "--format", "json",
                               "--report-unused-suppressions", str(article)).out)
    assert ("CD001", 8) in [(d["code"], d["line"]) for d in data["diagnostics"]]


def test_statistics_rules_and_explain():
    result = run_main("check", "--statistics", str(SEED_000), str(SEED_003))
    assert "CD102" in result.out and "lowercase-place-name" in result.out
    rules = run_main("rules")
    assert rules.code == 0 and "CD101" in rules.out and "outdated-ukrainian-place-name" in rules.out
    explained = run_main("explain", "CD202")
    assert explained.code == 0
    for section in ("What it flags", "Why it matters in translated news", "Example", "Use instead", "Fix safety"):
        assert section in explained.out
    assert run_main("explain", "CD000000").code == 2


def test_statistics_mark_fixes_as_the_findings_lines_do():
    """[*] where `copydesk fix` fixes the rule's findings, [~] where only --unsafe-fixes does (CD205 on seed 003),
    as on each finding's own line; the statistics marked both [*]."""
    lines = {line.split()[1]: line for line in run_main("check", "--statistics", str(SEED_003)).out.splitlines()
             if line[:6].strip().isdigit()}
    assert "[~]" in lines["CD205"] and "[*]" not in lines["CD205"], lines["CD205"]
    assert "[*]" in lines["CD101"], lines["CD101"]
    checked = run_main("check", str(SEED_003)).out
    assert "CD205 [~]" in checked and "CD101 [*]" in checked


def test_a_file_that_could_not_be_checked_leads_the_summary(tmp_path: Path):
    """A missing or binary file: the failure comes first, and no "All clean" line says otherwise."""
    write(tmp_path / "good.txt", "The embassy in Kyiv closed.\n")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    result = run_cli("check", str(tmp_path / "good.txt"), str(tmp_path / "photo.png"), str(tmp_path / "gone.txt"))
    assert result.code == 1, result.out + result.err
    summary = [line for line in result.out.splitlines() if "checked" in line]
    assert summary == ["2 files could not be checked.", "No problems in the 1 file checked."], result.out
    assert "All clean" not in result.out


def test_diff_prints_and_writes_nothing(tmp_path: Path):
    article = write(tmp_path / "a.txt", BAD)
    result = run_cli("fix", "--diff", str(article))
    assert result.code == 1
    assert "-The embassy in Kiev closed." in result.out and "+The embassy in Kyiv closed." in result.out
    assert article.read_text() == BAD


def test_globs_and_directories(tmp_path: Path):
    write(tmp_path / "a.txt", BAD)
    write(tmp_path / "b.md", BAD)
    write(tmp_path / ".hidden" / "c.txt", BAD)
    write(tmp_path / "node_modules" / "d.txt", BAD)
    data = json.loads(run_main("check", "--format", "json", str(tmp_path)).out)
    assert sorted(Path(d["path"]).name for d in data["diagnostics"]) == ["a.txt", "b.md"]
    data = json.loads(run_main("check", "--format", "json", str(tmp_path / "*.md")).out)
    assert [Path(d["path"]).name for d in data["diagnostics"]] == ["b.md"]
    data = json.loads(run_main("check", "--format", "json", "--exclude", "b.md", str(tmp_path)).out)
    assert [Path(d["path"]).name for d in data["diagnostics"]] == ["a.txt"]


def test_missing_file_is_an_error_not_a_crash(tmp_path: Path):
    result = run_main("check", str(tmp_path / "nope.txt"))
    assert result.code == 1 and "nope.txt: error: no such file" in result.out


@pytest.mark.parametrize("pack_text, message", [
    ("pack: x\nrules:\n  - code: CD9001\n    name: a\n    kind: nosuch\n", "unknown kind 'nosuch'"),
    ("pack: x\nrules: [\n", "invalid YAML"),
])
def test_bad_user_pack_exits_2_with_file_and_line(tmp_path: Path, pack_text: str, message: str):
    pack = write(tmp_path / "pack.yaml", pack_text)
    article = write(tmp_path / "a.txt", CLEAN)
    result = run_cli("check", "--extend-packs", str(pack), str(article))
    assert result.code == 2 and message in result.err and str(pack) in result.err
    assert "Traceback" not in result.err


def test_python_m_linter_works():
    result = run_cli("--version")
    assert result.code == 0 and result.out.startswith("copydesk ")


def test_a_catastrophic_user_regex_is_stopped_and_the_other_rules_still_report(tmp_path: Path):
    pack = write(tmp_path / "slow.yaml", """pack: slow
rules:
  - code: XX001
    name: catastrophic
    kind: pattern
    pattern: "(a+)+$"
    timeout: 0.2
    message: "a run of a"
    description: a regex with nested quantifiers, which backtracks exponentially
    examples: {fail: ["aaa"], pass: ["b"]}
""")
    article = write(tmp_path / "a.txt", "The embassy in Kiev closed.\n" + "a" * 5000 + "!\n")
    result = run_cli("check", "--format", "json", "--extend-packs", str(pack), str(article))
    data = json.loads(result.out)
    [slow] = [d for d in data["diagnostics"] if d["code"] == "XX001"]
    assert "took too long" in slow["message"] and slow["severity"] == "error"
    assert "CD101" in {d["code"] for d in data["diagnostics"]}
    assert result.code == 1
