"""Slow and hostile rule packs: a pack may make copydesk slow to lint, never hang it, and never do more than lint.

- catastrophic regexes are stopped by the rule's time budget (reported with its code, the other rules
  still report), in the CLI, the API and the language server, and a rule cannot add up many searches that
  each stay under the budget;
- message templates fill placeholders and evaluate nothing;
- packs and config files are plain YAML data: object-constructing tags execute nothing, alias bombs and
  deep nesting are refused with a clear message;
- a pack of 50,000 terms loads and checks in one pass; zero-width patterns do not loop.

No test here asserts on elapsed time (the machine is shared and its speed varies): a regex stopped by its
budget says so in its finding, and a hang or a blow-up fails by pytest's per-test timeout (pyproject.toml)
or the subprocess's own.
"""

from __future__ import annotations

import asyncio
import json
import math
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
import pytest_lsp
import regex
import yaml
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from linter import check_text, fix_text
from linter.core.config import Settings
from linter.core.engine import Linter, linter_for
from linter.core.fixer import GROWTH_SLACK, RUNAWAY_LIMIT, choose
from linter.core.packs import PackError, load_pack, parse_pack
from linter.kinds.base import cap_regex_time
from linter.model.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from linter.text import phrases
from linter.text.document import Document
from tests.conftest import ROOT, run_cli

ARTICLE = "The embassy in Kiev closed.\n"
SLOW_TEXT = ARTICLE + "a" * 5000 + "!\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def pattern_pack(code: str = "XX001", timeout: float | None = 0.2, **options: object) -> str:
    """A one-rule pack of kind `pattern`; ``options`` are rule keys (``pattern`` at least)."""
    rule = {"code": code, "name": f"hostile-{code.lower()}", "kind": "pattern", "message": "hostile {match}",
            "description": "a rule written to hurt", "examples": {"fail": ["aaa"], "pass": ["b"], "fixed": ["x"]},
            **options}
    if timeout is not None:
        rule["timeout"] = timeout
    return yaml.safe_dump({"pack": "hostile", "rules": [rule]}, allow_unicode=True)


def linter_with(tmp_path: Path, pack_text: str, select: tuple[str, ...] = ("CD101", "XX001")) -> Linter:
    pack = write(tmp_path / "hostile.yaml", pack_text)
    return Linter(Settings(select=select, extend_packs=(str(pack),)))


# ---------------------------------------------------------------------------------------------
# Slow rules


def test_a_catastrophic_regex_is_stopped_reported_with_its_code_and_the_other_rules_still_report(tmp_path: Path):
    linter = linter_with(tmp_path, pattern_pack(pattern="(a+)+$", timeout=0.2))
    diagnostics = linter.check(Document.from_text(SLOW_TEXT)).diagnostics  # a hang fails by pytest's timeout
    [slow] = [d for d in diagnostics if d.code == "XX001"]
    assert "took too long" in slow.message and slow.severity.value == "error" and "XX001" in slow.message
    assert "CD101" in {d.code for d in diagnostics}


def _slow_search(alphabet: str = "y") -> tuple[str, float]:
    """A subject on which '(y|y)+z' takes a measurable, bounded time (some tens of milliseconds) here."""
    probe = regex.compile("(y|y)+z")
    for size in range(12, 30):
        subject = alphabet * size
        began = time.monotonic()
        probe.search(subject)
        cost = time.monotonic() - began
        if cost >= 0.02:
            return subject, cost
    raise AssertionError("could not calibrate a slow search")


def test_many_searches_that_each_stay_under_the_timeout_are_stopped_by_the_rule_budget(tmp_path: Path):
    # Each 'unless' search costs `cost`, well under the rule's timeout, but one runs for every match: the rule
    # would take `matches * cost` (about 20 timeouts) if the timeout were per search rather than per rule and text.
    subject, cost = _slow_search()
    budget = max(0.3, 10 * cost)
    matches = math.ceil(20 * budget / cost)
    text = f"x {subject}\n\n" * matches + ARTICLE
    # anchored at paragraph starts, the rule tries its regex once per paragraph: a fresh search each time
    linter = linter_with(tmp_path, pattern_pack(pattern=r"x\b", at="paragraph-start", timeout=budget,
                                                unless={"pattern": "(y|y)+z", "scope": "paragraph"}))
    diagnostics = linter.check(Document.from_text(text)).diagnostics
    # No single search comes near the timeout, so only a budget for the rule's whole run over the text stops it.
    [slow] = [d for d in diagnostics if d.code == "XX001"]
    assert "took too long" in slow.message
    assert "CD101" in {d.code for d in diagnostics}


def test_a_catastrophic_context_regex_of_a_consistency_rule_is_stopped_too(tmp_path: Path):
    # 'before'/'after' are regexes a pack writes; they ran without any time limit (a hang).
    pack = yaml.safe_dump({"pack": "hostile", "rules": [{
        "code": "XX002", "name": "hostile-consistency", "kind": "consistency", "message": "m", "description": "d",
        "variants": [["aa", "ab"]], "after": "(?=(a|a)+$)",
        "examples": {"fail": ["aa ab ab"], "pass": ["ab ab"]},
    }]})
    linter = linter_with(tmp_path, pack, select=("CD101", "XX002"))
    cap_regex_time(0.2)  # the language server's cap, here to keep the test short
    try:
        diagnostics = linter.check(Document.from_text(ARTICLE + "a" * 40 + "!\n")).diagnostics
    finally:
        cap_regex_time(None)
    [slow] = [d for d in diagnostics if d.code == "XX002"]
    assert "took too long" in slow.message
    assert "CD101" in {d.code for d in diagnostics}


def test_a_slow_rule_through_the_cli_exits_1_with_its_error_and_the_other_findings(tmp_path: Path):
    pack = write(tmp_path / "slow.yaml", pattern_pack(pattern="(a+)+$", timeout=0.2))
    article = write(tmp_path / "a.txt", SLOW_TEXT)
    result = run_cli("check", "--isolated", "--format", "json", "--extend-packs", str(pack), str(article))
    codes = {d["code"]: d for d in json.loads(result.out)["diagnostics"]}
    assert result.code == 1 and "Traceback" not in result.err
    assert "took too long" in codes["XX001"]["message"] and "CD101" in codes


SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "linter", "lsp"])
LSP_TIMEOUT = 15


@pytest_lsp.fixture(config=SERVER)
async def server(lsp_client: LanguageClient):
    yield  # the test initializes the session itself, once its workspace is written


@pytest.mark.asyncio
async def test_the_language_server_stays_responsive_with_a_catastrophic_rule(server: LanguageClient, tmp_path: Path):
    """The pack allows its rule 60 s; on the server's event loop that would freeze the editor for a minute on
    every change. The server caps every rule's regex time (lsp.REGEX_TIME_CAP), reports the rule, and answers."""
    client = server
    write(tmp_path / "slow.yaml", pattern_pack(pattern="(a+)+$", timeout=60))
    write(tmp_path / ".copydesk.yaml", "select: [CD101, XX001]\nextend-packs: [slow.yaml]\n")
    article = tmp_path / "story.txt"
    article.write_text(SLOW_TEXT, encoding="utf-8")
    uri = article.as_uri()
    try:
        await asyncio.wait_for(client.initialize_session(lsp.InitializeParams(
            capabilities=client_capabilities("neovim"), root_uri=tmp_path.as_uri())), LSP_TIMEOUT)
        published = asyncio.ensure_future(asyncio.wait_for(
            client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), LSP_TIMEOUT))
        client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri, "plaintext", 1,
                                                                                         SLOW_TEXT)))
        params = await published
        by_code = {d.code: d for d in params.diagnostics}
        assert "took too long" in by_code["XX001"].message and "CD101" in by_code
        # the server still answers: a hover, and "fix all", which lints the text again on every pass
        hover = await asyncio.wait_for(client.text_document_hover_async(lsp.HoverParams(
            lsp.TextDocumentIdentifier(uri), lsp.Position(0, 16))), LSP_TIMEOUT)
        assert hover is not None and "CD101" in hover.contents.value  # type: ignore[union-attr]
        actions = await asyncio.wait_for(client.text_document_code_action_async(lsp.CodeActionParams(
            lsp.TextDocumentIdentifier(uri), lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0)),
            lsp.CodeActionContext([], only=["source.fixAll.copydesk"]))), LSP_TIMEOUT)
        assert actions and "Kyiv" in actions[0].edit.changes[uri][0].new_text  # type: ignore[union-attr]
        await asyncio.wait_for(client.shutdown_session(), LSP_TIMEOUT)
    finally:
        process = client._server  # pygls keeps the process private; tests/test_lsp.py reads it the same way
        if process is not None and process.returncode is None:
            process.kill()


# ---------------------------------------------------------------------------------------------
# Message templates


@pytest.mark.parametrize("template", [
    "{match.__class__}", "{match[0]}", "{0}", "{match!r}", "{}", "{match:>99999999}",
    "{replacement.__init__.__globals__}", "{group1.upper}",
])
def test_a_template_that_reaches_past_a_placeholder_is_rejected_at_load_time(template: str):
    with pytest.raises(PackError) as info:
        parse_pack(pattern_pack(pattern="a", message=f"found {template}"), "user.yaml")
    assert "unknown placeholder" in str(info.value) and "XX001" in str(info.value)
    assert str(info.value).startswith("user.yaml:")


def test_escaped_braces_stay_literal_and_matched_text_is_never_expanded_again(tmp_path: Path):
    pack = pattern_pack(pattern=r"\{[^{}]*\}", message="{{match.__class__}} {{0}} found {match} for {replacement}",
                        replacement="X", timeout=None)
    linter = linter_with(tmp_path, pack, select=("XX001",))
    text = "See {replacement} and {match.__class__} and {0}.\n"
    messages = [d.message for d in linter.check(Document.from_text(text)).diagnostics]
    assert messages == [
        "{match.__class__} {0} found {replacement} for X",
        "{match.__class__} {0} found {match.__class__} for X",
        "{match.__class__} {0} found {0} for X",
    ]


# ---------------------------------------------------------------------------------------------
# Packs and config files are data


PAYLOADS = {
    "apply": "!!python/object/apply:os.mkdir [{marker}]",
    "apply-mapping": "!!python/object/apply:os.mkdir {{args: [{marker}]}}",
    "new": "!!python/object/new:pathlib.Path [{marker}]",
    "name": "!!python/name:os.system",
    "module": "!!python/module:os",
}


@pytest.mark.parametrize("where", ["pack", "config"])
@pytest.mark.parametrize("payload", list(PAYLOADS))
def test_yaml_tags_that_construct_objects_are_refused_and_run_nothing(tmp_path: Path, where: str, payload: str):
    marker = tmp_path / "MARKER"
    tag = PAYLOADS[payload].format(marker=json.dumps(str(marker)))
    if payload == "apply":  # the payload is real: a loader that constructs objects runs it
        yaml.unsafe_load(f"pack: {tag}\n")
        assert marker.is_dir()
        marker.rmdir()
    article = write(tmp_path / "a.txt", ARTICLE)
    if where == "pack":
        hostile = write(tmp_path / "hostile.yaml", f"pack: {tag}\nrules: []\n")
        result = run_cli("check", "--isolated", "--extend-packs", str(hostile), str(article))
    else:
        hostile = write(tmp_path / ".copydesk.yaml", f"select: {tag}\n").resolve()  # found by discovery: resolved
        result = run_cli("check", str(article))
    assert not marker.exists()
    assert result.code == 2, result.err
    assert f"{hostile}:1: invalid YAML: the tag 'tag:yaml.org,2002:python/" in result.err
    assert "is not allowed: plain YAML data only" in result.err and "Traceback" not in result.err
    assert result.err.count("\n") == 1


def billion_laughs(key: str) -> str:
    """Nine levels of nine aliases: 9**9 (387 million) strings once expanded, in 11 lines."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + f"\n{key}: *a8\n"


def run_bounded(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The CLI with at most 1 GiB of address space and 60 s: an expansion would fail the test, not the machine."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run([sys.executable, "-m", "linter", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=60, preexec_fn=limit)


@pytest.mark.parametrize("where", ["pack", "config"])
def test_a_billion_laughs_alias_bomb_is_refused_within_bounded_memory_and_time(tmp_path: Path, where: str):
    article = write(tmp_path / "a.txt", ARTICLE)
    if where == "pack":
        bomb = write(tmp_path / "bomb.yaml", "pack: bomb\n" + billion_laughs("rules"))
        args = ["check", "--isolated", "--extend-packs", str(bomb), str(article)]
    else:
        bomb = write(tmp_path / ".copydesk.yaml", billion_laughs("select")).resolve()
        args = ["check", str(article)]
    result = run_bounded(*args, cwd=tmp_path)  # a 60 s subprocess timeout and a memory limit: a blow-up fails
    assert result.returncode == 2, result.stderr
    line = 3 if where == "pack" else 2  # the first alias
    assert f"{bomb}:{line}: invalid YAML: aliases (*a0) are not allowed here" in result.stderr
    assert "Traceback" not in result.stderr


def test_aliases_are_refused_even_when_harmless_packs_and_configs_are_plain_data(tmp_path: Path):
    """The decision: no aliases at all (a bound on expansion would be a second thing to get right)."""
    config = write(tmp_path / ".copydesk.yaml", "select: &mine [CD101]\nextend-select: *mine\n").resolve()
    result = run_cli("check", str(write(tmp_path / "a.txt", ARTICLE)))
    assert result.code == 2 and f"{config}:2: invalid YAML: aliases (*mine) are not allowed here" in result.err


DEEP = "[" * 5000 + "]" * 5000  # PyYAML and tomllib recurse once per level: a RecursionError at ~400


@pytest.mark.parametrize("name, text, message", [
    ("pack.yaml", f"pack: deep\nrules: {DEEP}\n", "nested more than 64 levels deep"),
    (".copydesk.yaml", f"select: {DEEP}\n", "nested more than 64 levels deep"),
    ("pyproject.toml", f"[tool.copydesk]\nselect = {DEEP}\n", "invalid TOML: nested too deeply"),
])
def test_deep_nesting_is_refused_not_a_stack_overflow(tmp_path: Path, name: str, text: str, message: str):
    hostile = write(tmp_path / name, text).resolve()
    article = write(tmp_path / "a.txt", ARTICLE)
    args = ["--isolated", "--extend-packs", str(hostile)] if name == "pack.yaml" else []
    result = run_bounded("check", *args, str(article), cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr and str(hostile) in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr


# ---------------------------------------------------------------------------------------------
# Size and degenerate patterns


def test_a_pack_of_50000_terms_loads_and_is_checked_in_one_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A huge term list costs one automaton pass per text, however long the list (no timing asserted: the
    machine is shared; bench/term_scaling.py measures the cost)."""
    monkeypatch.setenv("COPYDESK_NO_PACK_CACHE", "1")  # the YAML parse, not the cache
    entries = "".join(f"      Zq{i:05d}term: ZQ{i:05d}TERM\n" for i in range(50_000))
    pack = write(tmp_path / "big.yaml", f"""pack: big
rules:
  - code: BG001
    name: big-terms
    kind: term
    message: "'{{match}}': write '{{replacement}}'"
    description: fifty thousand entries
    terms:
      Kiev: Kyiv
{entries}    examples: {{fail: [Kiev], pass: [Kyiv]}}
""")
    assert len(load_pack(pack).rules[0].options["terms"]) == 50_001
    linter = Linter(Settings(select=("BG001",), extend_packs=(str(pack),)))
    text = (ROOT / "seeds" / "000_9af475860e0d48a8.txt").read_text(encoding="utf-8") + "\nZq04999term and Kiev.\n"
    passes = []
    finditer = phrases.PhraseMatcher.finditer

    def counted(self, *args, **kwargs):
        passes.append(len(self._index._automaton))  # phrases in the automaton this pass reads
        return finditer(self, *args, **kwargs)

    monkeypatch.setattr(phrases.PhraseMatcher, "finditer", counted)
    found = {text[d.start:d.end] for d in linter.check(Document.from_text(text)).diagnostics}
    assert found == {"Zq04999term", "Kiev"}
    assert len(linter.checkers) == 1 and passes.count(50_001) == 1, passes  # every term in one automaton, one pass


@pytest.mark.parametrize("pattern, replacement", [
    ("", "x"), ("(?=Kiev)", "the "), (r"\b", ""), ("x*", ""), ("(?=a)", None), ("^", "> "), ("$", "."),
])
def test_a_zero_width_pattern_neither_loops_nor_grows_the_text_without_bound(tmp_path: Path, pattern: str,
                                                                            replacement: str | None):
    options: dict[str, object] = {"pattern": pattern, "flags": ["multiline"]}
    if replacement is not None:
        options |= {"replacement": replacement, "fix": {"applicability": "safe"}}
    pack = write(tmp_path / "hostile.yaml", pattern_pack(**options, timeout=None))
    config = Settings(select=("XX001",), extend_packs=(str(pack),))
    text = "Kiev and a Kiev.\nSecond line.\n" * 50
    diagnostics = check_text(text, config=config)
    assert all(d.start == d.end for d in diagnostics)
    if replacement is None:
        assert diagnostics == []  # an empty span with nothing to insert says nothing
    result = fix_text(text, config=config)
    assert result.passes <= RUNAWAY_LIMIT
    # an insertion at every offset doubles the text on every pass: the fixer stops before it passes 2x + slack
    assert len(result.text) <= 2 * len(text) + GROWTH_SLACK


def test_fifty_thousand_fixes_are_chosen_in_bounded_time():
    """Choosing non-overlapping fixes compared each with every fix chosen before: minutes for 50,000."""
    def diag(start: int, end: int) -> Diagnostic:
        return Diagnostic("XX001", "x", "p", Severity.WARNING, "m", start, end,
                          Fix((Edit(start, end, "y"),), Applicability.SAFE))

    diagnostics = [diag(4 * i, 4 * i + 1) for i in range(50_000)] + [diag(4 * i + 2, 4 * i + 2) for i in range(50_000)]
    chosen = choose(diagnostics, unsafe=False)  # quadratic would be hours: pytest's timeout (300 s) fails it
    assert len(chosen) == 100_000
    overlapping = [diag(i, i + 2) for i in range(50_000)]  # each overlaps the next and touches the one after
    assert [d.start for d in choose(overlapping, unsafe=False)] == list(range(0, 50_000, 3))


def test_a_slow_rule_does_not_stop_fix_from_applying_the_other_rules_fixes(tmp_path: Path):
    pack = write(tmp_path / "slow.yaml", pattern_pack(pattern="(a+)+$", timeout=0.2))
    article = write(tmp_path / "a.txt", SLOW_TEXT)
    result = run_cli("fix", "--isolated", "--no-cache", "--extend-packs", str(pack), "--select", "CD101,XX001",
                     str(article), cwd=tmp_path)
    assert result.code == 1 and "Traceback" not in result.err  # the slow rule's error remains
    assert "XX001" in result.out and "took too long" in result.out
    assert article.read_text(encoding="utf-8") == SLOW_TEXT.replace("Kiev", "Kyiv")


# ---------------------------------------------------------------------------------------------
# The shipped packs run their regexes without `regex`'s timeout (linter/kinds/pattern.py: bounded), so
# each of them is tried here, under its timeout, on input built to make backtracking regexes blow up.
# ---------------------------------------------------------------------------------------------

PATHOLOGICAL = [
    "a" * 20_000 + "!",
    " " * 20_000 + "x",
    "\t \u00a0" * 6_000 + ".",
    "." * 20_000,
    "Aa " * 6_000 + "/",
    "Word, " * 4_000 + "Word",
    "The quick brown fox jumps over the lazy dog. " * 400,
    "The quick brown fox jumps over the lazy dog " * 400,
    "“" * 5_000 + "”" * 5_000,
    "(" * 5_000 + ")" * 5_000,
    "Kyiv, Ukraine " * 2_000,
    "\n" * 10_000 + "x",
    "a\n" * 10_000,
    "Click " * 5_000 + "here",
    "-" * 20_000,
    "U.S." * 5_000,
    "www." * 5_000,
    "a@" * 5_000,
]


def test_every_shipped_pattern_rule_finishes_under_its_timeout_on_pathological_input():
    from linter.kinds.base import RegexBudget
    from linter.kinds.pattern import PatternChecker

    checkers = [c for c in linter_for(Settings()).checkers if isinstance(c, PatternChecker)]
    assert checkers and not any(c.bounded for c in checkers)  # the shipped packs: unbounded in normal runs
    for checker in checkers:
        for text in PATHOLOGICAL:
            doc = Document.from_text(text)
            budget = RegexBudget(checker.timeout)
            try:
                for _ in checker.pattern.finditer(doc.prose, timeout=budget.left()):
                    pass
            except TimeoutError:
                pytest.fail(f"{checker.rule.code} ran past its {checker.timeout} s timeout on {text[:20]!r}...")
