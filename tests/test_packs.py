"""The rule packs as data: valid, unique, compiling, no fix that another rule flags (no ping-pong)."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from linter.core.config import Settings
from linter.core.engine import Linter
from linter.core.fixer import fix_until_stable
from linter.core.packs import PackError, builtin_paths, load_packs, parse_pack
from linter.model.diagnostics import Applicability
from linter.model.messages import render
from linter.model.rules import Examples
from linter.text.document import Document

PACKS = load_packs(builtin_paths())
RULES = [r for p in PACKS for r in p.rules]
DEFAULT = Linter(Settings(select=None))


def test_builtin_packs_load_and_codes_and_names_are_unique():
    assert builtin_paths(), "no packs found"
    codes = [r.code for r in RULES]
    names = [r.name for r in RULES]
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)


def test_every_rule_has_description_message_and_examples():
    for rule in RULES:
        assert rule.description and rule.message, rule.code
        assert rule.examples.fail and rule.examples.passing, rule.code


@pytest.mark.parametrize("rule", [r for r in RULES if r.enabled], ids=lambda r: r.code)
def test_no_fix_equals_its_match_and_no_other_rule_flags_the_fix(rule):
    """Fix each fail example with this rule; no default rule may flag what the fix wrote."""
    single = Linter(Settings(select=(rule.code,)))
    for example in rule.examples.fail:
        text, _ = Examples.unmark(example)
        for diag in single.check(Document.from_text(text)).diagnostics:
            for edit in diag.fix.edits if diag.fix else ():
                assert edit.text != text[edit.start:edit.end], f"{rule.code}: a fix that changes nothing"
        result = fix_until_stable(text, lambda t: single.check(Document.from_text(t)).diagnostics, unsafe=True)
        if result.text == text:
            continue
        changed = _changed_spans(text, result.text)
        before = {(d.code, text[d.start:d.end]) for d in DEFAULT.check(Document.from_text(text)).diagnostics}
        for diag in DEFAULT.check(Document.from_text(result.text)).diagnostics:
            touches = any(diag.start <= end and start <= diag.end for start, end in changed)
            fixable = diag.fix is not None and diag.fix.applicability is not Applicability.DISPLAY_ONLY
            new = (diag.code, result.text[diag.start:diag.end]) not in before
            assert not (touches and fixable and new and diag.code != rule.code), (
                f"{rule.code}'s fix of {text!r} gives {result.text!r}, which {diag.code} flags: {diag.message}")


def _changed_spans(old: str, new: str) -> list[tuple[int, int]]:
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return [(j1, j2) for tag, _i1, _i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


BROKEN = {
    "bad yaml": ("pack: x\nrules: [\n", 3, None, "invalid YAML"),
    "unknown pack key": ("pack: x\nrulez: []\n", 2, None, "unknown key"),
    "unknown rule key": ("""pack: x
rules:
  - code: CD9001
    name: a-rule
    kind: term
    terms: {Kiev: Kyiv}
    colour: red
""", 7, "CD9001", "key 'colour': unknown key"),
    "missing examples": ("""pack: x
rules:
  - code: CD9001
    name: a-rule
    kind: term
    message: m
    description: d
    terms: {Kiev: Kyiv}
""", 3, "CD9001", "'examples' with 'fail' and 'pass' texts is required"),
    "bad regex": ("""pack: x
rules:
  - code: CD9001
    name: a-rule
    kind: pattern
    message: m
    description: d
    pattern: "(unclosed"
    examples: {fail: [a], pass: [b]}
""", 8, "CD9001", "regular expression does not compile"),
    "duplicate code": ("""pack: x
rules:
  - code: CD9001
    name: a-rule
    kind: pattern
    message: m
    description: d
    pattern: "a"
    examples: {fail: [a], pass: [b]}
  - code: CD9001
    name: b-rule
    kind: pattern
    message: m
    description: d
    pattern: "b"
    examples: {fail: [b], pass: [a]}
""", 10, "CD9001", "defined twice"),
    "attribute in template": ("""pack: x
rules:
  - code: CD9001
    name: a-rule
    kind: pattern
    message: "{match.__class__}"
    description: d
    pattern: "a"
    examples: {fail: [a], pass: [b]}
""", 6, "CD9001", "unknown placeholder {match.__class__}"),
    "wrong type": ("""pack: x
rules:
  - code: CD9001
    name: a-rule
    kind: term
    message: m
    description: d
    terms: [Kiev]
    examples: {fail: [Kiev], pass: [Kyiv]}
""", 8, "CD9001", "must be a mapping"),
    "fixable without fixed": ("""pack: x
rules:
  - code: CD9001
    name: a-rule
    kind: term
    message: m
    description: d
    terms: {Kiev: Kyiv}
    fix: {applicability: safe}
    examples: {fail: [Kiev], pass: [Kyiv]}
""", 10, "CD9001", "one 'fixed' text for each 'fail'"),
    "python tag": ("pack: !!python/object:os.system x\nrules: []\n", 1, None, "invalid YAML"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_packs_give_one_clear_error(name: str):
    source, line, code, message = BROKEN[name]
    with pytest.raises(PackError) as info:
        parse_pack(source, "user.yaml")
    error = info.value
    assert message in str(error), str(error)
    assert error.file == "user.yaml" and error.line == line, str(error)
    assert error.code == code
    assert str(error).startswith(f"user.yaml:{line}: ")


def test_duplicate_code_across_packs_names_both_places(tmp_path: Path):
    pack = tmp_path / "mine.yaml"
    pack.write_text("""pack: mine
rules:
  - code: CD101
    name: my-rule
    kind: pattern
    message: m
    description: d
    pattern: "a"
    examples: {fail: [a], pass: [b]}
""")
    with pytest.raises(PackError, match=r"'CD101' is already defined at .*place-names.yaml"):
        load_packs([*builtin_paths(), pack])


def test_templates_fill_placeholders_and_nothing_else():
    assert render("{match} -> {replacement} {{literal}}", {"match": "a", "replacement": "b"}) == "a -> b {literal}"
    assert render("{unknown}", {}) == "{unknown}"

