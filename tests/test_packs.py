"""The rule packs as data: valid, unique, compiling, no fix that another rule flags (no ping-pong)."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
import regex

from linter.core.config import Settings
from linter.core.engine import Linter
from linter.core.fixer import fix_until_stable
from linter.core.packs import PackError, builtin_paths, load_packs, parse_pack
from linter.model.diagnostics import Applicability
from linter.model.messages import render
from linter.model.rules import Examples
from tests.rule_cases import case_linter, diagnostics

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
    """Fix each fail example with this rule (with the case's options and format); no default rule may flag what
    the fix wrote."""
    for case in rule.examples.failing:
        if case.source is not None:
            continue  # a bilingual case: runs once check_text takes a source
        single = case_linter(rule, case)
        text, _ = Examples.unmark(case.text)
        for diag in diagnostics(single, case, text):
            for edit in diag.fix.edits if diag.fix else ():
                assert edit.text != text[edit.start:edit.end], f"{rule.code}: a fix that changes nothing"
        result = fix_until_stable(text, lambda t, case=case, single=single: diagnostics(single, case, t), unsafe=True)
        if result.text == text:
            continue
        changed = _changed_spans(text, result.text)
        before = {(d.code, text[d.start:d.end]) for d in diagnostics(DEFAULT, case, text)}
        for diag in diagnostics(DEFAULT, case, result.text):
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


CASE_PACK = """pack: x
rules:
  - code: CD9001
    name: a-rule
    kind: term
    message: m
    description: d
    terms: {Kiev: Kyiv}
    fix: {applicability: safe}
    examples:
      fail:
        - "[[Kiev]] is a city."
        - id: in-markdown
          text: "A [[Kiev]] day."
          fixed: "A Kyiv day."
%s
      pass:
        - Kyiv
      fixed: ["Kyiv is a city."]
"""

# what the second fail case (line 13) says instead, the line and key the error names, and what it says
BROKEN_CASES = {
    "no id": ('        - text: "A [[Kiev]] day."\n          fixed: "A Kyiv day."', 13, "examples.fail[1].id",
              "needs an 'id', a slug"),
    "id not a slug": ('        - id: In Markdown\n          text: "[[Kiev]]"\n          fixed: "Kyiv"', 13,
                      "examples.fail[1].id", "needs an 'id', a slug"),
    "no text": ('        - id: empty\n          fixed: "Kyiv"', 13, "examples.fail[1].text", "'text' is required"),
    "unknown key": ('        - id: a\n          text: "[[Kiev]]"\n          fixed: "Kyiv"\n          expect: fail', 16,
                    "examples.fail[1].expect", "unknown key for an example case"),
    "no fixed": ('        - id: a\n          text: "[[Kiev]]"', 13, "examples.fail[1].fixed",
                 "needs a 'fixed' text for each 'fail' example"),
    "bad format": ('        - id: a\n          text: "[[Kiev]]"\n          fixed: "Kyiv"\n          format: html', 16,
                   "examples.fail[1].format", "choose from text, markdown"),
    "unknown option": ('        - id: a\n          text: "[[Kiev]]"\n          fixed: "Kyiv"\n          options:\n'
                       '            case-sensitiv: true', 17, "examples.fail[1].options.case-sensitiv",
                       "kind 'term' has no option 'case-sensitiv'"),
    "option of the wrong type": ('        - id: a\n          text: "[[Kiev]]"\n          fixed: "Kyiv"\n'
                                 '          options: {quoted: 3}', 16, "examples.fail[1].options.quoted",
                                 "must be a string, not a number"),
    "option out of its choices": ('        - id: a\n          text: "[[Kiev]]"\n          fixed: "Kyiv"\n'
                                  '          options:\n            quoted: maybe', 17,
                                  "examples.fail[1].options.quoted", "choose from fix, flag, skip"),
    "option the kind's validation refuses": ('        - id: a\n          text: "[[Kiev]]"\n          fixed: "Kyiv"\n'
                                             '          options:\n            terms: {Kiev: Kiev}', 17,
                                             "examples.fail[1].options.terms.Kiev", "the replacement equals the term"),
    "options not a mapping": ('        - id: a\n          text: "[[Kiev]]"\n          fixed: "Kyiv"\n'
                              '          options: [quoted]', 16, "examples.fail[1].options", "must be a mapping"),
    "bad source language": ('        - id: a\n          text: "[[Kiev]]"\n          fixed: "Kyiv"\n'
                            '          source: Київ\n          source-language: ukr', 17,
                            "examples.fail[1].source-language", "two-letter ISO 639-1 code"),
    "language without source": ('        - id: a\n          text: "[[Kiev]]"\n          fixed: "Kyiv"\n'
                                '          source-language: uk', 16, "examples.fail[1].source-language",
                                "the case's 'source', which is missing"),
    "empty source": ('        - id: a\n          text: "[[Kiev]]"\n          fixed: "Kyiv"\n          source: ""', 16,
                     "examples.fail[1].source", "must be a text"),
    "id used twice": ('        - id: in-markdown\n          text: "[[Kiev]]"\n          fixed: "Kyiv"', 16,
                      "examples.fail[2].id", "case id 'in-markdown' is used twice in this rule"),
    "fixed on a pass case": ("", 18, "examples.pass[1].fixed", "a pass example is not flagged, so it has no"),
}


@pytest.mark.parametrize("name", list(BROKEN_CASES))
def test_broken_example_cases_name_file_line_rule_and_key(name: str):
    insert, line, key, message = BROKEN_CASES[name]
    source = CASE_PACK % insert
    if name != "id used twice":
        source = source.replace('        - id: in-markdown\n          text: "A [[Kiev]] day."\n'
                                '          fixed: "A Kyiv day."\n', "")
    if name == "fixed on a pass case":
        source = source.replace("        - Kyiv\n", '        - Kyiv\n        - id: p\n          text: Kyiv\n'
                                                   '          fixed: Kyiv\n')
    with pytest.raises(PackError) as info:
        parse_pack(source, "user.yaml")
    error = info.value
    assert (error.file, error.line, error.code, error.key) == ("user.yaml", line, "CD9001", key), str(error)
    assert str(error).startswith(f"user.yaml:{line}: CD9001 key '{key}': ")
    assert regex.search(message, str(error)), str(error)


@pytest.mark.parametrize(("fix", "key", "message"), [
    ("{applicability: safe, because: x}", "fix.because", "'fix' takes 'applicability' and 'why'"),
    ("{applicability: safe, why: ''}", "fix.why", "'fix.why' must be a text"),
    ("{applicability: safe, why: [a, b]}", "fix.why", "'fix.why' must be a text"),
    ("{why: It is safe.}", "fix", "'fix.applicability' must be safe, unsafe or display-only"),
])
def test_a_bad_fix_why_names_its_key(fix: str, key: str, message: str):
    source = (CASE_PACK % "").replace("fix: {applicability: safe}", f"fix: {fix}")
    with pytest.raises(PackError) as info:
        parse_pack(source, "user.yaml")
    assert (info.value.line, info.value.key) == (9, key) and message in str(info.value), str(info.value)


@pytest.mark.parametrize(("key", "value"), [("what-it-flags", "[Kiev]"), ("what-it-flags", "''"),
                                            ("use-instead", "12"), ("use-instead", "{text: Kyiv}")])
def test_a_rule_doc_text_that_is_no_text_names_the_file_rule_and_key(key: str, value: str):
    source = (CASE_PACK % "").replace("    description: d\n", f"    description: d\n    {key}: {value}\n")
    with pytest.raises(PackError) as info:
        parse_pack(source, "user.yaml")
    assert (info.value.file, info.value.line, info.value.code, info.value.key) == ("user.yaml", 8, "CD9001", key)
    assert str(info.value) == f"user.yaml:8: CD9001 key '{key}': '{key}' must be a text"
    texts = (CASE_PACK % "").replace("    description: d\n", "    description: d\n    what-it-flags: >-\n      'Kiev'"
                                     " as a word.\n    use-instead: Kyiv is a city.\n")
    rule = parse_pack(texts, "user.yaml").rules[0]
    assert (rule.what_it_flags, rule.use_instead) == ("'Kiev' as a word.", "Kyiv is a city.")


def test_the_fixed_list_is_for_the_fail_examples_written_as_texts():
    source = (CASE_PACK % "").replace('fixed: ["Kyiv is a city."]', 'fixed: ["Kyiv is a city.", "A Kyiv day."]')
    with pytest.raises(PackError) as info:
        parse_pack(source, "user.yaml")
    assert (info.value.line, info.value.key) == (19, "examples.fixed"), str(info.value)
    assert "one 'fixed' text for each 'fail' example written as a text (a fail case written as a mapping has " \
           "its own 'fixed': 1 here): 1 here, 2 fixed" in str(info.value)
    rule = parse_pack(CASE_PACK % "", "user.yaml").rules[0]
    assert [(c.name, c.fixed) for c in rule.examples.failing] == [("fail-0", "Kyiv is a city."),
                                                                 ("fail-in-markdown", "A Kyiv day.")]


def test_the_errors_a_worker_process_may_raise_cross_its_pipe_whole():
    """Exceptions go back from a --jobs worker pickled: a PackError whose pickle could not be loaded again
    (its __init__ takes more than the message) turned a pack's clear error into BrokenProcessPool."""
    import pickle

    from linter.io.baseline import BaselineError
    from linter.io.reading import ArticleError
    from linter.kinds.base import OptionError

    for error in (PackError("house.yaml", 12, "choose from fix, flag, skip", "HS101", "quoted"),
                  OptionError("terms.Kiev", "the replacement equals the term"),
                  BaselineError("baseline.json", "not a copydesk baseline"), ArticleError("a.png", "binary file")):
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error) and str(again) == str(error) and vars(again) == vars(error)
