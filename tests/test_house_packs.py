"""House packs a user can trust: `copydesk test-pack` runs a pack's examples as the suite runs the shipped packs';
an extra pack (`extend-packs`) whose examples do not hold is a warning at load, checked once per pack text; the
rules of an extra pack that the selection leaves out are said once per run."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter.core import examples
from linter.core.engine import linter_for
from linter.kept import store
from tests.conftest import ROOT, run_cli, run_main

GOOD = (Path(__file__).parent / "packs" / "house-style.yaml").read_text(encoding="utf-8")


def line_of(code: str, offset: int = 0) -> int:
    """The line of the pack where rule ``code`` starts (plus ``offset``): where its findings are located."""
    return GOOD.splitlines().index(f"  - code: {code}") + 1 + offset


HS101, HS102 = line_of("HS101"), line_of("HS102")
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
    assert f"{tmp_path / 'house.yaml'}:{HS101}: HS101 fail-markdown-link passed" in lines
    assert f"{tmp_path / 'house.yaml'}:{HS101}: HS101 fail-in-quotes (fixed) passed" in lines
    assert f"{tmp_path / 'house.yaml'}:{HS101}: HS101 pass-from-ukrainian passed" in lines  # checked with its source
    assert lines[-1] == f"{tmp_path / 'house.yaml'}: 2 rules, 11 checks: 11 passed, 0 failed, 0 skipped"


def test_test_pack_fails_with_the_rule_the_case_and_what_happened(tmp_path: Path):
    result = run_cli("test-pack", "house.yaml", cwd=pack(tmp_path, WRONG).parent)
    assert result.code == 1
    assert result.out.splitlines() == [
        f"house.yaml:{HS101}: HS101 fail-0 (fixed) failed: fixing 'A gray day.' gave 'A grey day.', "
        "expected 'A grey day!'",
        f"house.yaml:{HS102}: HS102 fail-1 failed: did not flag: 'Prices rose.'",
        "house.yaml: 2 rules, 12 checks: 10 passed, 2 failed, 0 skipped",
    ]


def test_test_pack_on_a_broken_pack_is_exit_2_naming_file_and_line(tmp_path: Path):
    result = run_cli("test-pack", str(pack(tmp_path, GOOD.replace("kind: term\n    message", "kind: tern\n    message",
                                                                    1))), cwd=tmp_path)
    assert result.code == 2 and "Traceback" not in result.err
    assert f"house.yaml:{line_of('HS101', 2)}: HS101 key 'kind'" in result.err


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
        f"copydesk: warning: house.yaml:{HS101}: HS101 fail-0 (fixed) failed: fixing 'A gray day.' gave 'A grey day.', "
        "expected 'A grey day!'",
        f"copydesk: warning: house.yaml:{HS102}: HS102 fail-1 failed: did not flag: 'Prices rose.'",
        "copydesk: warning: house.yaml: 2 example checks of this pack failed (`copydesk test-pack house.yaml` "
        "runs them)",
    ]

    def not_again(_pack: object) -> None:
        raise AssertionError("the examples of a pack already checked ran again")

    monkeypatch.setattr(examples, "run_pack", not_again)
    store.package_stamp.cache_clear()
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


def test_test_pack_runs_the_cases_of_kinds_with_configuration_and_skips_only_what_needs_a_server(tmp_path: Path):
    """Spelling and glossary rules are compiled with their configuration (a lexicon, a glossary): test-pack runs
    their cases as the suite does. Only LanguageTool's need something test-pack cannot give, a server."""
    packs = [str(ROOT / "rules" / f"{name}.yaml") for name in ("spelling", "bilingual", "languagetool")]
    result = run_cli("test-pack", *packs, cwd=tmp_path)
    assert result.code == 0, result.out + result.err
    summaries = {line.split(":")[0]: line for line in result.out.splitlines() if " checks: " in line}
    assert summaries[packs[0]].endswith(" 0 failed, 0 skipped") and summaries[packs[1]].endswith(" 0 skipped")
    assert " 0 passed, 0 failed, " in summaries[packs[2]]
    assert "need a LanguageTool server" in result.out


def test_a_bbc_relative_day_after_a_straight_quotation_is_flagged_and_one_inside_it_is_not():
    from linter import check_text

    text = '"We will win today," the minister said yesterday.'
    found = [text[d.start:d.end] for d in check_text(text, config={"select": ["CD767"]})]
    assert found == ["yesterday"]


def test_an_ordinal_date_under_the_bbc_profile_is_fixed_to_its_form_and_nothing_is_left():
    from linter import check_text, fix_text

    config = {"extend-select": ["style-bbc"]}
    fixed = fix_text("The talks began on March 5th in Geneva.", config=config).text
    assert fixed == "The talks began on 5 March in Geneva."
    assert check_text(fixed, config=config) == []  # not 'five March' (CD763 read the day as a lone figure)
