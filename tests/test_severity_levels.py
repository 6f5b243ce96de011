"""`fail-on` and `min-severity` on real seed text: exit codes, every output format, config layers, JSONL, LSP."""

from __future__ import annotations

import json
from pathlib import Path

from linter.core.config import Settings
from linter.core.engine import Linter
from linter.model.diagnostics import Severity
from tests.conftest import SEED_000, SEED_003, run_cli, run_main

# The first paragraph of seed 003: its one finding is CD215 ('a day ago'), an info.
INFO_ONLY = SEED_003.read_text(encoding="utf-8").splitlines()[0] + "\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def codes_in_json(out: str) -> list[tuple[str, str]]:
    return [(d["code"], d["severity"]) for d in json.loads(out)["diagnostics"]]


def test_the_info_only_paragraph_has_exactly_one_info_finding():
    result = Linter(Settings()).check_text(INFO_ONLY)
    assert [(d.code, d.severity) for d in result.diagnostics] == [("CD215", Severity.INFO)]


def test_an_info_finding_is_shown_but_does_not_fail_the_run(tmp_path: Path):
    article = write(tmp_path / "a.txt", INFO_ONLY)
    result = run_main("check", str(article))
    assert result.code == 0
    assert "CD215 (info) 'a day ago'" in result.out


def test_fail_on_info_fails_on_it_from_the_flag_and_from_a_config_file(tmp_path: Path):
    article = write(tmp_path / "a.txt", INFO_ONLY)
    assert run_main("check", "--fail-on", "info", str(article)).code == 1
    write(tmp_path / "configured" / ".copydesk.yaml", "fail-on: info\n")
    article = write(tmp_path / "configured" / "a.txt", INFO_ONLY)
    assert run_main("check", str(article)).code == 1
    # the command line wins over the config file
    assert run_main("check", "--fail-on", "warning", str(article)).code == 0


def test_fail_on_error_passes_warnings_and_fails_on_errors_in_the_seeds(tmp_path: Path):
    seed_000 = write(tmp_path / "000.txt", SEED_000.read_text(encoding="utf-8"))  # 'kyiv': CD102 is an error
    seed_003 = write(tmp_path / "003.txt", SEED_003.read_text(encoding="utf-8"))  # warnings, no error
    passed = run_main("check", "--fail-on", "error", str(seed_003))
    assert passed.code == 0 and "CD101" in passed.out  # shown, but not failing
    assert run_main("check", "--fail-on", "error", str(seed_000)).code == 1
    assert run_main("check", str(seed_003)).code == 1  # default: warning


def test_fail_on_in_pyproject_toml(tmp_path: Path):
    article = write(tmp_path / "a.txt", INFO_ONLY)
    write(tmp_path / "pyproject.toml", "[tool.copydesk]\nfail-on = \"info\"\n")
    assert run_cli("check", str(article)).code == 1


def test_min_severity_hides_findings_below_it_in_every_format(tmp_path: Path):
    seed = write(tmp_path / "000.txt", SEED_000.read_text(encoding="utf-8"))
    everything = codes_in_json(run_main("check", "--format", "json", str(seed)).out)
    assert {severity for _code, severity in everything} == {"error", "warning", "info"}
    errors = [c for c in everything if c[1] == "error"]
    assert codes_in_json(run_main("check", "--min-severity", "error", "--format", "json", str(seed)).out) == errors
    for fmt in ("text", "sarif", "github", "jsonl"):
        out = run_main("check", "--min-severity", "error", "--format", fmt, str(seed)).out
        assert "CD102" in out and "CD302" not in out and "CD503" not in out, fmt
    # without it, the same formats show the warnings and infos
    assert "CD302" in run_main("check", "--format", "sarif", str(seed)).out


def test_min_severity_from_a_config_file_and_what_fix_then_leaves_alone(tmp_path: Path):
    seed = write(tmp_path / "000.txt", SEED_000.read_text(encoding="utf-8"))
    write(tmp_path / ".copydesk.yaml", "min-severity: error\n")
    out = run_main("check", "--format", "json", str(seed)).out
    assert {severity for _code, severity in codes_in_json(out)} == {"error"}
    assert run_main("fix", str(seed)).code == 0
    fixed = seed.read_text(encoding="utf-8")
    assert "kyiv" not in fixed.replace("Kyiv", "")  # the errors are fixed
    assert "morning.Gleb" in fixed  # CD302, a warning below min-severity, is neither shown nor fixed


def test_min_severity_is_part_of_the_cache_key(tmp_path: Path):
    seed = write(tmp_path / "000.txt", SEED_000.read_text(encoding="utf-8"))
    cache = str(tmp_path / "cache")
    first = run_main("check", "--cache-dir", cache, "--format", "json", str(seed)).out
    assert any(s == "info" for _c, s in codes_in_json(first))
    second = run_main("check", "--cache-dir", cache, "--min-severity", "warning", "--format", "json", str(seed)).out
    assert not any(s == "info" for _c, s in codes_in_json(second))


def test_a_suppression_of_a_hidden_finding_is_not_reported_unused():
    text = "<!-- copydesk-disable-next-line CD215 -->\n" + INFO_ONLY
    shown = Linter(Settings(min_severity=Severity.WARNING, report_unused_suppressions=True)).check_text(text)
    assert shown.diagnostics == [] and shown.unused_suppressions == []


def test_bad_values_name_the_file_the_line_and_the_key(tmp_path: Path):
    article = write(tmp_path / "a.txt", INFO_ONLY)
    config = write(tmp_path / ".copydesk.yaml", "select: [CD2]\nfail-on: fatal\n")
    result = run_cli("check", str(article))
    assert result.code == 2 and "Traceback" not in result.err
    assert f"{config}:2: key 'fail-on': must be error, warning or info, not 'fatal'" in result.err
    write(tmp_path / ".copydesk.yaml", "min-severity: [info]\n")
    result = run_cli("check", str(article))
    assert result.code == 2 and "key 'min-severity': must be a str" in result.err
    flag = run_cli("check", "--min-severity", "verbose", str(article))
    assert flag.code == 2 and "invalid choice: 'verbose'" in flag.err


def test_show_config_shows_both_and_where_they_come_from(tmp_path: Path):
    config = write(tmp_path / ".copydesk.yaml", "fail-on: error\n")
    out = run_main("check", "--show-config", "--min-severity", "warning", str(tmp_path)).out
    assert f"fail-on:      error (from {config})" in out
    assert "min-severity: warning (from command line)" in out
    default = run_main("check", "--show-config", "--isolated", str(tmp_path)).out
    assert "fail-on:      warning (default)" in default and "min-severity: info (default)" in default


def test_jsonl_corpus_fail_on_and_min_severity(tmp_path: Path):
    corpus = write(tmp_path / "corpus.jsonl", json.dumps({"id": 1, "text": INFO_ONLY}) + "\n")
    passed = run_main("check", "--jsonl-field", "text", str(corpus))
    assert passed.code == 0 and "Found 1 problem in 1 of 1 record." in passed.out
    assert run_main("check", "--jsonl-field", "text", "--fail-on", "info", str(corpus)).code == 1
    hidden = run_main("check", "--jsonl-field", "text", "--annotate", "--min-severity", "warning", str(corpus))
    assert hidden.code == 0 and "All clean: 1 record checked." in hidden.out
    annotated = json.loads((tmp_path / "corpus.copydesk.jsonl").read_text(encoding="utf-8"))
    assert annotated["copydesk"]["diagnostics"] == []
