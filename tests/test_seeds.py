"""The seed articles: every problem the core issue lists is found, at the right line, by the CLI."""

from __future__ import annotations

import json

import regex

from tests.conftest import SEED_000, SEED_003, run_cli, run_main


def findings(path) -> list[dict]:
    return json.loads(run_main("check", "--format", "json", str(path)).out)["diagnostics"]


def flagged_at(diagnostics: list[dict], text: str, needle: str, occurrence: int = 0) -> list[dict]:
    """Diagnostics whose span overlaps the occurrence of ``needle`` in ``text``."""
    start = [m.start() for m in regex.finditer(regex.escape(needle), text)][occurrence]
    end = start + len(needle)
    return [d for d in diagnostics if d["start"] < end and start < d["end"]]


def test_seed_000_problems_are_found():
    text = SEED_000.read_text(encoding="utf-8")
    diagnostics = findings(SEED_000)
    lowercase = [m.start() for m in regex.finditer(r"\bkyiv\b", text)]
    assert len(lowercase) == 6
    for i in range(len(lowercase)):
        assert flagged_at(diagnostics, text, "kyiv", i), f"lowercase kyiv #{i} not flagged"
    for needle in ("ammunition. that", "morning.Gleb", "told the Urging"):
        assert flagged_at(diagnostics, text, needle), needle
    # U.S. four times, US once: the minority is flagged
    [us] = [d for d in flagged_at(diagnostics, text, "US restrictions") if d["code"] == "CD601"]
    assert us["line"] == 33 and us["suggestions"] == ["U.S."]


def test_seed_003_problems_are_found():
    text = SEED_003.read_text(encoding="utf-8")
    diagnostics = findings(SEED_003)
    [kiev] = [d for d in flagged_at(diagnostics, text, "Kiev") if d["code"] == "CD101"]
    assert (kiev["line"], kiev["suggestions"]) == (4, ["Kyiv"])
    assert flagged_at(diagnostics, text, "shelter in the shelter")
    assert [d for d in flagged_at(diagnostics, text, "Which strengthened") if d["line"] == 8]
    quote = [d for d in flagged_at(diagnostics, text, "'The embassy will") if "quotation" in d["message"]]
    assert quote and quote[0]["line"] == 5


def test_first_readme_command_output_shows_the_seed_findings():
    result = run_cli("check", "seeds/", cwd=SEED_000.parent.parent)
    assert result.code == 1
    for expected in ("000_9af475860e0d48a8.txt:5:1: CD102", "000_9af475860e0d48a8.txt:13:102: CD302",
                     "003_602bf7b3579f9ba5.txt:4:87: CD101", "003_602bf7b3579f9ba5.txt:5:186: CD202"):
        assert expected in result.out, expected


def test_fix_on_a_copy_of_the_seeds_then_nothing_left_to_change(seeds_copy):
    first = run_cli("fix", str(seeds_copy))
    assert "2 files changed" in first.out
    second = run_cli("fix", str(seeds_copy))
    assert "0 files changed" in second.out
    fixed = (seeds_copy / SEED_000.name).read_text(encoding="utf-8")
    assert "kyiv" not in fixed and "morning. Gleb" in fixed and "US restrictions" not in fixed
