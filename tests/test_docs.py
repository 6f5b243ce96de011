"""Rule docs: docs/rules.md is generated from the packs and must be up to date; explain shares its source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from linter.core.config import Settings
from linter.core.engine import Linter
from linter.faces.docs import explain, markdown_prose, rule_doc, rule_markdown, rules_markdown, visible
from linter.kinds import KINDS
from linter.model.diagnostics import Applicability
from linter.model.rules import Examples, Rule
from tests.conftest import ROOT, run_cli, run_main
from tests.test_rule_examples import named_rule

RULES_MD = ROOT / "docs" / "rules.md"
LINTER = Linter(Settings())
ALL_RULES: list[Rule] = sorted(LINTER.all_rules, key=lambda r: r.code)


def generated() -> str:
    return rules_markdown(LINTER.all_rules, {p.name: p.description for p in LINTER.packs})


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")  # no newline translation: a stray CR must show


def test_docs_rules_md_is_up_to_date_with_the_rule_packs():
    assert RULES_MD.is_file(), "docs/rules.md is missing: run `copydesk docs --output docs/rules.md`"
    assert read(RULES_MD) == generated(), \
        "docs/rules.md is stale (a rule pack changed): run `copydesk docs --output docs/rules.md`"


def test_docs_command_prints_what_it_writes_and_check_catches_staleness(tmp_path: Path):
    printed = run_main("docs")
    assert printed.code == 0 and printed.out == generated()
    target = tmp_path / "rules.md"
    missing = run_main("docs", "--output", str(target), "--check")
    assert missing.code == 1 and "missing" in missing.err and not target.exists()
    assert run_main("docs", "--output", str(target)).code == 0
    assert read(target) == generated()
    assert run_main("docs", "--output", str(target), "--check").code == 0
    target.write_text(generated().replace("### CD101", "### CD101 (edited)"), encoding="utf-8")
    stale = run_cli("docs", "--output", str(target), "--check")
    assert stale.code == 1
    assert f"run `copydesk docs --output {target}`" in stale.err
    assert "(edited)" in target.read_text(encoding="utf-8")  # --check writes nothing
    assert run_main("docs", "--check").code == 2  # nothing to compare with


HOUSE_PACK = """\
pack: house-style
description: Our own spellings.
rules:
  - code: HS101
    name: house-grey
    kind: term
    severity: info
    message: "write '{replacement}'"
    description: The house style spells it grey.
    terms: {gray: grey}
    fix: {applicability: safe}
    examples:
      fail: ["A [[gray]] day."]
      pass: ["A grey day."]
      fixed: ["A grey day."]
"""


def test_docs_include_extra_packs(tmp_path: Path):
    extra = tmp_path / "house.yaml"
    extra.write_text(HOUSE_PACK, encoding="utf-8")
    result = run_main("docs", "--extend-packs", str(extra))
    assert result.code == 0, result.err
    assert "## The house-style pack\n\nOur own spellings.\n\n### HS101\n" in result.out
    assert "| [HS101](#hs101) | house-grey | house-style | info | safe |" in result.out
    assert "- ✗ `A gray day.` (flags `gray`)" in result.out
    assert "### CD101" in result.out


@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.code for r in ALL_RULES])
def test_each_rule_has_a_section_anchored_at_its_lowercase_code(rule: Rule):
    text = read(RULES_MD)
    assert f"| [{rule.code}](#{rule.code.lower()}) | {rule.name}" in text
    section = text.split(f"\n### {rule.code}\n", 1)[1].split("\n### ", 1)[0]
    assert section.startswith(f"\n**{rule.name}** · {rule.pack} pack, {rule.kind} kind, {rule.severity.value}")
    for label in ("**What it flags.**", "**Why it matters in translated news.**", "**Example**", "**Fix safety.**"):
        assert label in section
    assert ("**Use instead**" in section) == bool(rule_doc(rule).instead)
    assert markdown_prose(" ".join(rule.description.split())) in section


@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.code for r in ALL_RULES])
def test_explain_and_the_markdown_say_the_same_things(rule: Rule):
    doc = rule_doc(rule)
    page, section = explain(rule), rule_markdown(rule)
    for text in (doc.flags, doc.fix_safety, doc.fix_why):
        assert text.replace("`", "") in page.replace("`", "")
        shown = markdown_prose(text) if text is doc.flags else text  # '<' escaped in the Markdown prose
        assert shown.replace("`", "") in section.replace("`", "")
    for fail in rule.examples.fail:
        plain, spans = Examples.unmark(fail)
        for line in visible(plain).split("\n"):
            assert line in page and line in section
        for start, end in spans:
            assert visible(plain[start:end]).replace("\n", "\\n") in section
    for text, _ in doc.instead:
        for line in visible(text).split("\n"):
            assert line in page and line in section
    assert page.count("✗") == len(rule.examples.fail) and section.count("- ✗") == len(rule.examples.fail)
    assert page.startswith(f"{rule.code} {rule.name} ({rule.pack} pack")


def test_examples_with_backticks_line_breaks_and_invisible_characters_stay_readable_code():
    rule = ALL_RULES[0]
    examples = Examples.of(fail=("Use `Kiev` here", "Two\n```\nlines", "Kiev\u200b\tcity\u202e "), passing=("ok",))
    odd = Rule(**{**{f: getattr(rule, f) for f in rule.__dataclass_fields__}, "examples": examples})
    section = rule_markdown(odd)
    assert "- ✗ ``Use `Kiev` here``" in section
    assert "- ✗\n\n  ````text\n  Two\n  ```\n  lines\n  ````" in section  # a fence longer than any run
    assert "- ✗ `Kiev\\u200b\\tcity\\u202e\\u0020`" in section
    page = explain(odd)
    assert "  ✗ Two\n    ```\n    lines\n" in page
    assert "\u202e" not in page and "\t" not in page  # nothing that garbles a terminal


def test_explain_command_prints_the_shared_page():
    result = run_main("explain", "CD101")
    assert result.code == 0 and result.out == explain(LINTER.by_code["CD101"])


FIXABLE = [r for r in ALL_RULES if r.fix is not None]


@pytest.mark.parametrize("rule", FIXABLE, ids=[r.code for r in FIXABLE])
def test_a_rule_says_why_its_fix_is_as_safe_as_it_is(rule: Rule):
    """A shipped rule whose fix is unsafe or display-only, or whose findings may lower their own fix, says why in
    its own words (`fix: {why: ...}`); any other fix is explained by its kind. The docs print that, not a
    generic text."""
    kind = KINDS[rule.kind]
    own = rule.fix is not Applicability.SAFE or kind.lowers_fix(rule.options)
    if own:
        assert rule.fix_why, f"{rule.code} ({rule.fix.value}) needs its own fix.why: what could go wrong, and when"
    why = rule.fix_why or kind.fix_safety
    assert why, f"{rule.code}: neither the rule nor its kind '{rule.kind}' says why the fix is {rule.fix.value}"
    assert rule_doc(rule).fix_why == why
    assert f"\nFix safety\n  {rule_doc(rule).fix_safety}\n  {why}\n" in explain(rule)
    assert f"**Fix safety.** {rule_doc(rule).fix_safety} {why}" in rule_markdown(rule)


def test_explain_takes_a_code_in_any_case_and_prints_the_rules_own_fix_why():
    rule = LINTER.by_code["CD201"]
    for name in ("CD201", "cd201", "Cd201", "doubled-word", "Doubled-Word"):
        result = run_main("explain", name)
        assert result.code == 0 and result.out == explain(rule), name
    assert "inside a quotation" in rule.fix_why and rule.fix_why in result.out
    assert KINDS["repetition"].fix_safety not in result.out  # the rule's own words, not the kind's
    assert run_main("explain", "cd2010").code == 2


def test_the_docs_name_an_example_case_and_say_how_it_runs():
    rule = named_rule()  # tests/test_rule_examples.py: a user's pack with cases that set a format and options
    section, page = rule_markdown(rule), explain(rule)
    assert "- ✗ `A gray day.` (flags `gray`)\n" in section  # a plain example says nothing more
    assert ("- ✗ ``A gray day: see [the gray file](https://example.com/gray) and `gray`.`` (flags `gray`; case "
            "`markdown-link`: read as Markdown)\n") in section
    assert "- ✗ `He said: \"a gray day\".` (flags `gray`; case `in-quotes`: with `quoted: fix`)\n" in section
    assert "- ✓ `He said: \"a grey day\".` (case `in-quotes`: with `quoted: fix`)\n" in section
    assert "  ✗ He said: \"a gray day\".\n    (case in-quotes: with quoted: fix)\n" in page
    assert "**Fix safety.** Safe: `copydesk fix` applies it, and so does the pre-commit fix hook. One spelling for " \
           "another, whole words only." in section


# Issue 16 §5: every shipped rule says in its pack what it flags (`what-it-flags`), why it matters (`description`,
# its own words, not its kind's) and shows the right copy ("Use instead": its fail examples' `fixed` texts, or its
# `use-instead`). The packs are documented in two halves; a pack listed here is not documented yet, and its
# rules' tests below are expected failures that only list what is missing. Once every pack is documented, empty
# this set: the tests are then strict for every shipped rule.
def _words(text: str) -> str:
    return " ".join(text.casefold().replace("`", "").split()).strip(" .")


def near_identical(text: str, boilerplate: str) -> bool:
    """Whether ``text`` says no more than ``boilerplate`` (its kind's summary): the same words, or nearly."""
    import difflib

    ours, theirs = _words(text), _words(boilerplate)
    return ours == theirs or difflib.SequenceMatcher(None, ours, theirs).ratio() >= 0.8


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.code)
def test_a_shipped_rule_says_what_it_flags_in_its_own_words(rule: Rule):
    summary = KINDS[rule.kind].summary
    assert rule.what_it_flags, f"{rule.code} ({rule.pack} pack): 'what-it-flags' is missing"
    assert not near_identical(rule.what_it_flags, summary), \
        f"{rule.code}: 'what-it-flags' repeats its kind's text ({summary!r}); say what this rule flags"
    said = re.sub(r'"[^"]*"|\([^()]*\)', "", rule.what_it_flags)  # quoted examples and asides: not sentences
    sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", said) if s.strip()]
    assert len(sentences) <= 3, f"{rule.code}: 'what-it-flags' is one to three sentences: {sentences}"
    assert rule_doc(rule).flags == rule.what_it_flags
    assert f"What it flags\n  {rule.what_it_flags}\n" in explain(rule)
    assert f"**What it flags.** {markdown_prose(rule.what_it_flags)}\n" in rule_markdown(rule)


@pytest.mark.parametrize("rule", ALL_RULES, ids=[r.code for r in ALL_RULES])
def test_a_shipped_rules_description_is_its_own(rule: Rule):
    assert rule.description.strip(), f"{rule.code}: 'description' is missing"
    assert not near_identical(rule.description, KINDS[rule.kind].summary), \
        f"{rule.code}: 'description' repeats its kind's text; say why this rule matters in translated news"


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.code)
def test_a_shipped_rule_shows_the_right_copy(rule: Rule):
    """Use instead: the fixed texts of the fail examples, or the rule's `use-instead` where none has one."""
    fixed = [c.fixed for c in rule.examples.failing if c.fixed is not None]
    assert fixed or rule.use_instead, f"{rule.code}: no fail example has 'fixed': give 'use-instead' (the right copy)"
    shown = [text for text, _ in rule_doc(rule).instead]
    assert shown == list(dict.fromkeys(([rule.use_instead] if rule.use_instead else []) + fixed))
    passing = set(rule.examples.passing) - set(shown)
    page = explain(rule).split("\nUse instead\n", 1)[1]
    assert not any(f"✓ {visible(text)}\n" in page for text in passing if "\n" not in text)


DOCUMENTED_PACK = """\
pack: house-style
rules:
  - code: HS101
    name: house-grey
    kind: term
    message: "write '{replacement}'"
    description: The house style spells it grey; readers notice two spellings in one paper.
    what-it-flags: The American spelling 'gray' as a whole word, in any case; 'Gray' as a surname is flagged too.
    terms: {gray: grey}
    examples:
      fail: ["A [[gray]] day."]
      pass: ["A greyhound ran.", "Graybar Electric"]
  - code: HS102
    name: house-colour
    kind: term
    message: "write '{replacement}'"
    description: The house style spells it colour.
    terms: {color: colour}
    fix: {applicability: safe}
    examples:
      fail: ["A [[color]] photo."]
      pass: ["A colourful scene."]
      fixed: ["A colour photo."]
"""


def test_what_it_flags_and_use_instead_are_shown_and_the_kinds_text_is_the_fallback(tmp_path: Path):
    from linter.core.examples import run_rule
    from linter.core.packs import parse_pack

    grey, colour = parse_pack(DOCUMENTED_PACK.replace(
        "    terms: {gray: grey}\n", "    use-instead: A grey day.\n    terms: {gray: grey}\n"), "house.yaml").rules
    page, section = explain(grey), rule_markdown(grey)
    assert "What it flags\n  The American spelling 'gray' as a whole word" in page
    assert KINDS["term"].summary not in page and KINDS["term"].summary not in section
    assert "**What it flags.** The American spelling 'gray' as a whole word" in section
    assert "Use instead\n  ✓ A grey day.\n" in page and "**Use instead**\n\n- ✓ `A grey day.`\n" in section
    assert "Graybar" not in page and "greyhound" not in section  # pass examples are not advice
    assert [r.check for r in run_rule(grey)] == ["fail", "pass", "pass", "use-instead"]
    # a user's pack that does not say: its kind's text, and the fixed texts only
    page = explain(colour)
    assert f"What it flags\n  {KINDS['term'].summary}\n" in page
    assert "Use instead\n  ✓ A colour photo.\n" in page and "colourful" not in page
    # nothing to show: no "Use instead" at all, rather than unrelated pass examples
    plain = parse_pack(DOCUMENTED_PACK, "house.yaml").rules[0]
    assert "Use instead" not in explain(plain) and "**Use instead**" not in rule_markdown(plain)
    assert "greyhound" not in explain(plain)


def test_a_use_instead_text_the_rule_flags_fails_its_check():
    from linter.core.examples import run_rule
    from linter.core.packs import parse_pack

    rule = parse_pack(DOCUMENTED_PACK.replace(
        "    terms: {gray: grey}\n", "    use-instead: A gray day.\n    terms: {gray: grey}\n"), "house.yaml").rules[0]
    (result,) = [r for r in run_rule(rule) if r.check == "use-instead"]
    assert result.outcome == "failed" and "flags its own use-instead text 'A gray day.'" in result.message
    assert result.describe("house.yaml") == ("house.yaml:3: HS101 use-instead failed: the rule flags its own "
                                             "use-instead text 'A gray day.': [(2, 6)]")


def test_test_pack_runs_use_instead(tmp_path: Path):
    pack = tmp_path / "house.yaml"
    pack.write_text(DOCUMENTED_PACK.replace("    terms: {gray: grey}\n",
                                            "    use-instead: A gray day.\n    terms: {gray: grey}\n"),
                    encoding="utf-8")
    result = run_main("test-pack", str(pack))
    assert result.code == 1 and "HS101 use-instead failed" in result.out + result.err


def test_a_token_a_rule_quotes_is_shown_in_the_markdown_not_read_as_html():
    """CD235 quotes "<unk>" and "</s>": a Markdown renderer read them as HTML tags and showed nothing."""
    from markdown_it import MarkdownIt

    [rule] = [r for r in ALL_RULES if "<unk>" in r.what_it_flags]
    html = MarkdownIt("commonmark").render(rule_markdown(rule))
    assert "&lt;unk&gt;" in html and "&lt;/s&gt;" in html and "<unk>" not in html
    assert markdown_prose("a <b> and `<c>` & d") == "a &lt;b> and `<c>` &amp; d"  # code spans as written
