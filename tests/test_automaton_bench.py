"""bench/automaton.py, issue 20's measurement: what it gathers, how it writes patterns for RE2 and Hyperscan, and
that it runs without them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from linter.core.config import Settings
from linter.core.engine import Linter
from linter.text.document import Document
from tests.conftest import bench_module

ROOT = Path(__file__).resolve().parent.parent
automaton = bench_module("automaton")


def test_inline_writes_python_escapes_and_flags_the_engines_read() -> None:
    pat = automaton.Pat(r"(?<=\d)[ \u00a0]+(?:am|pm)\Z", re.I | re.M)
    assert automaton.inline(pat) == r"(?im)(?<=\d)[ \x{00a0}]+(?:am|pm)\z"
    # an escaped backslash before u or Z is a literal backslash: left alone
    assert automaton.inline(automaton.Pat(r"C:\\users\\Zed", 0)) == r"C:\\users\\Zed"


def test_features_name_what_an_automaton_refuses() -> None:
    assert automaton.features(r"(?<![\p{L}])word") == ["lookbehind", "\\p{...} class"]
    assert automaton.features(r"(\w+) \1") == ["backreference"]
    assert automaton.features(r"a++b") == ["possessive quantifier"]
    assert automaton.features(r"\p{Lu}\p{Ll}+ x{2}+") == ["possessive quantifier", "\\p{...} class"]
    assert automaton.features(r"\p{Lu}\p{Ll}+ \++") == ["\\p{...} class"]  # a class's brace, an escaped plus
    assert automaton.features(r"(?r)\w+$") == ["reverse search (?r)"]
    assert automaton.features(r"<!--[ \t]*copydesk") == []  # a comment opener, not a set operation


def test_collect_gathers_every_shipped_regex() -> None:
    with automaton.recording() as recorded:
        linter = Linter(Settings())
        linter.check(Document.from_text((ROOT / "seeds").glob("*.txt").__next__().read_text(), "a.txt"))
    pats = automaton.collect(linter, recorded)
    found = {(p.pattern, p.flags) for p in pats}
    rules = [r for r in linter.all_rules if r.kind == "pattern"]
    assert rules
    for rule in rules:
        assert any(p.pattern == rule.options["pattern"] for p in pats), rule.code
    before = [r.options["before"] for r in linter.all_rules if r.kind == "consistency" and r.options["before"]]
    assert before and all((b, 0) in found for b in before)
    from linter.text import segment

    module_level = [v for v in vars(segment).values() if isinstance(v, re.Pattern | type(pats[0].compiled))]
    assert any((v.pattern, v.flags & (re.I | re.M | re.S | re.X)) in found for v in module_level)
    assert all("module:linter.text.segment" not in p.sources or p.default for p in pats)
    assert len(found) == len(pats)  # deduplicated


def test_runs_without_the_engines(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(automaton, "re2", None)
    monkeypatch.setattr(automaton, "hyperscan", None)
    monkeypatch.setattr("sys.argv", ["automaton.py", "--articles", "2"])
    automaton.main()
    out = capsys.readouterr().out
    assert "not installed: google-re2, hyperscan" in out
    assert re.search(r"\| today: the default `pattern` checkers \(\d+ rules", out)


def test_re2_triggers_agree_with_regex() -> None:
    """Where google-re2 is installed: a lookaround is refused with its reason, and the set's answer "matches in
    this text" is `regex`'s for the regexes it accepts."""
    pytest.importorskip("re2")
    pats = [automaton.Pat(p, f) for p, f in ((r"\bKiev\b", 0), (r"(?<=\d) per cent", 0), (r"\bsaid\b", re.I))]
    for p in pats:
        p.compiled = __import__("regex").compile(p.pattern, p.flags)
    texts = ["Kiev said 5 per cent.", "SAID nothing", "Kyiv"]
    set_result = automaton.try_re2(pats, [t.encode() for t in texts])[0]
    assert set_result.accepted == [0, 2]
    assert set_result.refused == {1: "lookbehind"}
    missed, extra, pairs, which = automaton.agreement(pats, set_result, texts)
    assert (missed, extra, pairs, which) == (0, 0, 6, set())
