"""House packs a user can trust: `copydesk test-pack` runs a pack's examples as the suite runs the shipped packs';
an extra pack (`extend-packs`) whose examples do not hold is a warning at load, checked once per pack text; the
rules of an extra pack that the selection leaves out are said once per run."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter.core import examples
from linter.core.engine import linter_for
from tests.conftest import run_cli, run_main

GOOD = """\
pack: house-style
description: The newsroom's own preferences.
rules:
  - code: HS101
    name: house-grey
    kind: term
    message: "write '{replacement}'"
    description: The house style spells it grey.
    terms: {gray: grey}
    quoted: skip
    fix: {applicability: safe, why: "One spelling for another, whole words only."}
    examples:
      fail:
        - "A [[gray]] day."
        - id: markdown-link
          format: markdown
          text: "A [[gray]] day: see [the gray file](https://example.com/gray)."
          fixed: "A grey day: see [the grey file](https://example.com/gray)."
        - id: in-quotes
          options: {quoted: fix}
          text: 'He said: "a [[gray]] day".'
          fixed: 'He said: "a grey day".'
      pass:
        - 'He said: "a gray day".'
        - id: from-ukrainian
          text: "A grey day."
          source: "Сірий день."
          source-language: uk
      fixed: ["A grey day."]
  - code: HS102
    name: house-per-cent
    kind: term
    severity: info
    message: "write '{replacement}'"
    description: Our style guide spells out per cent.
    terms: {percent: per cent}
    fix: {applicability: display-only}
    examples:
      fail: ["Prices rose 3 [[percent]]."]
      pass: ["Prices rose 3 per cent."]
"""
# the two mistakes a pack loaded silently before: a fail example the rule does not flag, a wrong `fixed`
WRONG = GOOD.replace('fail: ["Prices rose 3 [[percent]]."]', 'fail: ["Prices rose 3 [[percent]].", "Prices rose."]') \
            .replace('fixed: ["A grey day."]', 'fixed: ["A grey day!"]')


def pack(folder: Path, text: str, name: str = "house.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("COPYDESK_NO_PACK_CACHE", raising=False)


def test_test_pack_passes_a_good_pack_honouring_named_cases_and_a_source_case(tmp_path: Path):
    result = run_cli("test-pack", "-v", str(pack(tmp_path, GOOD)), cwd=tmp_path)
    assert result.code == 0, result.out + result.err
    lines = result.out.splitlines()
    assert f"{tmp_path / 'house.yaml'}:4: HS101 fail-markdown-link passed" in lines
    assert f"{tmp_path / 'house.yaml'}:4: HS101 fail-in-quotes (fixed) passed" in lines
    assert f"{tmp_path / 'house.yaml'}:4: HS101 pass-from-ukrainian passed" in lines  # checked with its source
    assert lines[-1] == f"{tmp_path / 'house.yaml'}: 2 rules, 10 checks: 10 passed, 0 failed, 0 skipped"


def test_test_pack_fails_with_the_rule_the_case_and_what_happened(tmp_path: Path):
    result = run_cli("test-pack", "house.yaml", cwd=pack(tmp_path, WRONG).parent)
    assert result.code == 1
    assert result.out.splitlines() == [
        "house.yaml:4: HS101 fail-0 (fixed) failed: fixing 'A gray day.' gave 'A grey day.', expected 'A grey day!'",
        "house.yaml:30: HS102 fail-1 failed: did not flag: 'Prices rose.'",
        "house.yaml: 2 rules, 11 checks: 9 passed, 2 failed, 0 skipped",
    ]


def test_test_pack_on_a_broken_pack_is_exit_2_naming_file_and_line(tmp_path: Path):
    result = run_cli("test-pack", str(pack(tmp_path, GOOD.replace("kind: term\n    message", "kind: tern\n    message",
                                                                    1))), cwd=tmp_path)
    assert result.code == 2 and "house.yaml:6: HS101 key 'kind'" in result.err and "Traceback" not in result.err


def test_an_extra_pack_whose_examples_fail_is_a_warning_at_load_and_is_run_once(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch):
    pack(tmp_path, WRONG)
    article = tmp_path / "a.md"
    article.write_text("Prices rose 3 percent.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    first = run_main("check", "--no-cache", "--select", "HS", "--extend-packs", "house.yaml", "a.md")
    assert first.code == 0 and "HS102" in first.out  # the pack still loads and lints (an info finding: exit 0)
    warnings = [line for line in first.err.splitlines() if line.startswith("copydesk: warning: house.yaml")]
    assert warnings == [
        "copydesk: warning: house.yaml:4: HS101 fail-0 (fixed) failed: fixing 'A gray day.' gave 'A grey day.', "
        "expected 'A grey day!'",
        "copydesk: warning: house.yaml:30: HS102 fail-1 failed: did not flag: 'Prices rose.'",
        "copydesk: warning: house.yaml: 2 example checks of this pack failed (`copydesk test-pack house.yaml` "
        "runs them)",
    ]

    def not_again(_pack: object) -> None:
        raise AssertionError("the examples of a pack already checked ran again")

    monkeypatch.setattr(examples, "run_pack", not_again)
    examples._package_stamp.cache_clear()
    second = run_main("check", "--no-cache", "--select", "HS", "--extend-packs", "house.yaml", "a.md")
    assert [line for line in second.err.splitlines() if line.startswith("copydesk: warning: house.yaml")] == warnings
    pack(tmp_path, GOOD)  # the pack's text changed: its examples run again, and hold
    linter_for.cache_clear()  # a new process would compile the new pack (the language server clears it too)
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    third = run_main("check", "--no-cache", "--select", "HS", "--extend-packs", "house.yaml", "a.md")
    assert "warning" not in third.err


def test_rules_of_an_extra_pack_left_out_by_select_are_said_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    pack(tmp_path, GOOD, "house-rules.yaml")
    (tmp_path / ".copydesk.yaml").write_text("select: [CD101]\nextend-packs: [house-rules.yaml]\n", encoding="utf-8")
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text("The embassy in Kiev closed.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_main("check", "--no-cache", "a.md", "b.md")
    assert result.err.splitlines() == ["copydesk: warning: house-rules.yaml: 2 rules not selected (HS101, HS102)"]
    selected = run_main("check", "--no-cache", "--extend-select", "HS101", "a.md")
    assert selected.err.splitlines() == ["copydesk: warning: house-rules.yaml: 1 rule not selected (HS102)"]
    # shipped opt-in packs (off unless selected) are never reported
    (tmp_path / ".copydesk.yaml").write_text("select: [CD101]\n", encoding="utf-8")
    assert run_main("check", "--no-cache", "a.md").err == ""
