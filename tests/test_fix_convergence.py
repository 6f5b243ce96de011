"""Fixing settles with every rule together: the fail examples of every shipped pack, fixed with that pack selected
beside the default ones, leave no finding that a safe fix would still change. Two rules whose safe fixes undo each
other, or a rule whose fix another rule's safe fix changes back, would make `copydesk fix` (and the pre-commit fix
hook) rewrite an article on every run. Issue 16 §1(d) checks the default selection on real text; this checks every
pack's own examples with the pack switched on, where the style profiles meet the default rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter import check_text, fix_text
from linter.core.config import Settings
from linter.core.packs import builtin_paths, load_packs, parse_pack
from linter.model.diagnostics import Applicability
from linter.model.rules import Examples, Pack

PACKS = load_packs(builtin_paths())


def unsettled(pack: Pack, config: Settings) -> list[tuple[str, str, str, list[tuple[str, str]]]]:
    """Each fail example of ``pack`` whose fixed text still has a finding with a safe fix under ``config``."""
    found = []
    for rule in pack.rules:
        for case in rule.examples.failing:
            if case.source is not None or case.options:
                continue  # a translation's case needs its source; a case's own options are not the pack's
            text, _ = Examples.unmark(case.text)
            fixed = fix_text(text, config=config, format=case.format).text
            left = [d for d in check_text(fixed, config=config, format=case.format)
                    if d.fix is not None and d.fix.applicability is Applicability.SAFE]
            if left:
                found.append((rule.code, case.name, fixed, [(d.code, d.message) for d in left]))
    return found


@pytest.mark.parametrize("pack", PACKS, ids=[p.name for p in PACKS])
def test_fixing_each_packs_fail_examples_with_the_default_rules_settles(pack: Pack):
    assert unsettled(pack, Settings(extend_select=(pack.name,))) == []


FIGHTING = """\
pack: fighting
rules:
  - {code: XX101, name: to-grey, kind: term, message: m, description: d, terms: {gray: grey},
     fix: {applicability: safe}, examples: {fail: ["A [[gray]] day."], pass: ["A grey day."], fixed: ["A grey day."]}}
  - {code: XX102, name: to-gray, kind: term, message: m, description: d, terms: {grey: gray},
     fix: {applicability: safe}, examples: {fail: ["A [[grey]] day."], pass: ["A gray day."], fixed: ["A gray day."]}}
"""


def test_two_rules_whose_fixes_undo_each_other_are_found(tmp_path: Path):
    path = tmp_path / "fighting.yaml"
    path.write_text(FIGHTING, encoding="utf-8")
    pack = parse_pack(FIGHTING, str(path))
    found = unsettled(pack, Settings(select=("XX101", "XX102"), extend_packs=(str(path),)))
    assert [(code, case) for code, case, _fixed, _left in found] == [("XX101", "fail-0"), ("XX102", "fail-0")]
