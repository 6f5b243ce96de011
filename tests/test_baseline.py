"""The baseline (`check --baseline FILE`, `--update-baseline FILE`, the `baseline` config key): old findings
recorded once are not reported again, wherever edits move them; new ones are; gone ones are listed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from linter.io import baseline as baselines
from tests.conftest import run_cli, run_main

PINNED = "select: [CD101, CD302]\n"
ARTICLE = "The embassy in Kiev closed.\n\nShelling continued.The city was quiet.\n"


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A newsroom repository: a config pinning two rules and one old article with two findings."""
    (tmp_path / ".copydesk.yaml").write_text(PINNED, encoding="utf-8")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "old.md").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(*args: str):
    return run_main("check", "--no-cache", *args)


def recorded(path: Path) -> list[tuple[str, str, str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [(f["rule"], f["path"], f["match"]) for f in data["findings"]]


def test_update_baseline_records_todays_findings_and_then_nothing_is_reported(desk: Path):
    assert check("articles").code == 1
    update = check("--update-baseline", "base.json", "articles")
    assert update.code == 0 and "2 findings of the files checked recorded" in update.err
    assert recorded(desk / "base.json") == [("CD101", "articles/old.md", "Kiev"),
                                            ("CD302", "articles/old.md", ".The")]
    again = check("--baseline", "base.json", "articles")
    assert again.code == 0 and "All clean" in again.out and "2 recorded findings not shown" in again.err


def test_edits_above_a_recorded_finding_keep_it_suppressed_and_new_occurrences_are_reported(desk: Path):
    check("--update-baseline", "base.json", "articles")
    article = desk / "articles" / "old.md"
    # three paragraphs added above (the findings move down six lines), one more Kiev in other words below,
    # and the same words again (the second occurrence of an identical key is new too)
    article.write_text("A new lede.\n\nA second paragraph.\n\nAnd a third one.\n\n" + ARTICLE
                       + "\nLater, talks in Kiev resumed.\n\nThe embassy in Kiev closed.\n", encoding="utf-8")
    result = check("--baseline", "base.json", "--format", "json", "articles")
    assert result.code == 1
    found = [(d["code"], d["line"]) for d in json.loads(result.out)["diagnostics"]]
    assert found == [("CD101", 11), ("CD101", 13)]  # not the recorded ones at lines 7 and 9
    assert "2 recorded findings not shown" in result.err and "no longer" not in result.err


def test_a_finding_that_is_gone_is_listed_and_update_drops_it(desk: Path):
    check("--update-baseline", "base.json", "articles")
    article = desk / "articles" / "old.md"
    article.write_text(ARTICLE.replace("continued.The", "continued. The"), encoding="utf-8")
    result = check("--baseline", "base.json", "articles")
    assert result.code == 0
    assert "1 recorded finding not shown; 1 recorded finding no longer occurs" in result.err
    assert 'articles/old.md: CD302 ".The" (in "Shelling continued .The city was quiet.")' in result.err
    before = (desk / "base.json").read_bytes()
    update = check("--update-baseline", "base.json", "articles")
    assert "1 no longer occurs, dropped" in update.err
    assert recorded(desk / "base.json") == [("CD101", "articles/old.md", "Kiev")]
    assert len((desk / "base.json").read_bytes()) < len(before)


def test_files_not_checked_keep_their_entries_and_a_deleted_file_s_are_gone(desk: Path):
    (desk / "articles" / "other.md").write_text("Talks in Kiev resumed.\n", encoding="utf-8")
    check("--update-baseline", "base.json", "articles")
    # the hook checks only the staged file: the other file's recorded findings are not "gone"
    one = check("--baseline", "base.json", "articles/other.md")
    assert one.code == 0 and "no longer" not in one.err
    check("--update-baseline", "base.json", "articles/other.md")
    assert len(recorded(desk / "base.json")) == 3  # old.md's two were kept
    (desk / "articles" / "old.md").unlink()
    gone = check("--baseline", "base.json", "articles/other.md")
    assert "2 recorded findings no longer occur" in gone.err and "articles/old.md: CD101" in gone.err


def test_the_file_is_sorted_one_finding_a_line_and_stable_across_runs(desk: Path):
    (desk / "articles" / "a.md").write_text("Kiev. Kiev. Talks in Kiev.\n", encoding="utf-8")
    check("--update-baseline", "base.json", "articles")
    first = (desk / "base.json").read_bytes()
    (desk / "base.json").chmod(0o640)
    check("--update-baseline", "base.json", "articles")
    assert (desk / "base.json").read_bytes() == first
    assert oct((desk / "base.json").stat().st_mode & 0o777) == oct(0o640)
    lines = first.decode().splitlines()
    assert lines[:3] == ["{", '  "version": 1,', '  "findings": [']
    entries = [json.loads(line.strip().rstrip(",")) for line in lines[3:-2]]
    assert len(entries) == 5
    keys = [(e["path"], e["rule"], e["match"], e["before"], e["after"], e["occurrence"]) for e in entries]
    assert keys == sorted(keys)
    assert [e["occurrence"] for e in entries if e["path"] == "articles/a.md"] == [0, 0, 0]  # each in other words


def test_json_and_sarif_are_unchanged_except_for_what_is_suppressed(desk: Path):
    (desk / "articles" / "new.md").write_text("Talks in Kiev resumed.\n", encoding="utf-8")
    check("--update-baseline", "base.json", "articles/old.md")
    for fmt in ("json", "sarif"):
        plain = json.loads(check("--format", fmt, "articles").out)
        based = json.loads(check("--format", fmt, "--baseline", "base.json", "articles").out)
        if fmt == "json":
            assert [d for d in plain["diagnostics"] if d["path"] != "articles/old.md"] == based["diagnostics"]
            assert plain["summary"]["files"] == based["summary"]["files"] == 2
        else:
            results = plain["runs"][0]["results"]
            new = [r for r in results if "new.md" in json.dumps(r["locations"])]
            assert len(new) == 1 and len(results) == 3
            assert based["runs"][0]["results"] == new
            # the rules a log describes are those its results use: the suppressed ones' rules drop out
            plain_rules = plain["runs"][0]["tool"]["driver"].pop("rules")
            based_rules = based["runs"][0]["tool"]["driver"].pop("rules")
            assert [r["id"] for r in based_rules] == ["CD101"] and based_rules[0] in plain_rules
            assert {k: v for k, v in plain["runs"][0].items() if k != "results"} == \
                {k: v for k, v in based["runs"][0].items() if k != "results"}


def test_the_config_key_is_relative_to_the_config_file_and_no_baseline_turns_it_off(desk: Path,
                                                                                    monkeypatch: pytest.MonkeyPatch):
    assert "meta/base.json: cannot write the baseline: No such file" in check("--update-baseline", "meta/base.json",
                                                                               "articles").err
    (desk / "meta").mkdir()
    assert check("--update-baseline", "meta/base.json", "articles").code == 0
    (desk / ".copydesk.yaml").write_text(PINNED + "baseline: meta/base.json\n", encoding="utf-8")
    monkeypatch.chdir(desk / "articles")
    assert check("old.md").code == 0
    assert check("--no-baseline", "old.md").code == 1
    assert run_cli("check", "--no-cache", "old.md", cwd=desk / "articles").code == 0  # as the hook runs it


def test_fix_with_a_baseline_applies_every_safe_fix_and_reports_only_new_findings(desk: Path):
    """Decided: a baseline hides recorded findings from the report; it does not stop a safe fix, which never
    makes the copy worse. What fix repaired is listed as gone, and --update-baseline drops it."""
    check("--update-baseline", "base.json", "articles")
    article = desk / "articles" / "old.md"
    article.write_text(ARTICLE + "\nAn unfixable new problem: Kiev-born.\n", encoding="utf-8")
    result = run_main("fix", "--no-cache", "--baseline", "base.json", "articles")
    assert article.read_text(encoding="utf-8").startswith("The embassy in Kyiv closed.\n\nShelling continued. The")
    assert "2 recorded findings no longer occur" in result.err


@pytest.mark.parametrize(("content", "says"), [
    ("{not json", "not a baseline: invalid JSON at line 1"),
    ('{"version": 2, "findings": []}', "baseline version 2, but this copydesk reads version 1"),
    ('{"version": 1, "findings": [{"rule": "CD101"}]}', "finding 1: expected the keys"),
    ("[1, 2]", "not a baseline: expected a JSON object with 'version' and 'findings'"),
    (b"\xff\xfe{}", "not a baseline: not UTF-8 text"),
])
def test_a_bad_baseline_is_a_clear_error_naming_the_file(desk: Path, content: str | bytes, says: str):
    path = desk / "base.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    for args in (("--baseline", "base.json"), ("--update-baseline", "base.json")):
        result = check(*args, "articles")
        assert result.code == 2 and "Traceback" not in result.err
        assert f"{path}: {says}" in result.err
    assert path.read_bytes() == (content if isinstance(content, bytes) else content.encode())  # left untouched


def test_a_missing_or_unwritable_baseline_is_a_clear_error(desk: Path):
    missing = check("--baseline", "nope.json", "articles")
    assert missing.code == 2 and "nope.json: baseline file not found" in missing.err
    (desk / "folder.json").mkdir()
    folder = check("--update-baseline", "folder.json", "articles")
    assert folder.code == 2 and "folder.json: cannot read the baseline" in folder.err
    both = check("--baseline", "a.json", "--update-baseline", "b.json", "articles")
    assert both.code == 2 and "different files" in both.err


def test_keys_survive_moves_but_not_changed_words():
    text = "Intro.\n\nThe embassy in Kiev closed.\n"
    diag = type("D", (), {"start": text.index("Kiev"), "end": text.index("Kiev") + 4, "code": "CD101",
                          "sort_key": lambda self: (self.start,)})()
    ((entry, _),) = baselines.keyed(text, [diag], "a.md")
    assert (entry.match, entry.before, entry.after) == ("Kiev", "The embassy in", "closed.")
    moved = "More.\n\n" + text
    diag2 = type(diag)()
    diag2.start, diag2.end = moved.index("Kiev"), moved.index("Kiev") + 4
    ((entry2, _),) = baselines.keyed(moved, [diag2], "a.md")
    assert entry2 == entry
