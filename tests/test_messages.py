"""A finding's message is one line (issue 16 §5): a match that spans lines, or a pack's multi-line message
template, never puts a raw line break into the text, JSON, GitHub or editor output."""

from __future__ import annotations

import json
from pathlib import Path

from linter import check_text
from linter.core.packs import parse_pack
from tests.conftest import run_main

ACROSS_LINES = "Officials from the\nUkraine said the talks would resume.\n"


def test_a_match_across_a_line_break_is_shown_escaped_in_the_message():
    (finding,) = [d for d in check_text(ACROSS_LINES) if d.code == "CD103"]
    assert finding.message.startswith("'the\\nUkraine': ")
    assert "\n" not in finding.message


def test_crlf_and_unicode_line_separators_are_escaped_too():
    for text, shown in (("Officials from the\r\nUkraine said so.\r\n", "the\\r\\nUkraine"),
                        ("Officials from the\u2028Ukraine said so.", "the\\u2028Ukraine")):
        (finding,) = [d for d in check_text(text) if d.code == "CD103"]
        assert finding.message.startswith(f"'{shown}'"), finding.message


PACK = """\
pack: house
rules:
  - code: HS201
    name: line-end-hyphen
    kind: pattern
    pattern: "\\\\w+-\\n\\\\w+"
    message: |
      '{match}' is a word broken
      at a line end
    description: A word hyphenated at the end of a printed line was kept broken by the conversion.
    examples:
      fail: ["The govern-\\nment said so."]
      pass: ["The government said so."]
"""


def test_a_multi_line_template_and_its_value_make_one_line(tmp_path: Path):
    pack = tmp_path / "house.yaml"
    pack.write_text(PACK, encoding="utf-8")
    rule = parse_pack(PACK, "house.yaml").rules[0]
    assert "\n" in rule.message  # the pack's template has line breaks of its own
    article = tmp_path / "article.txt"
    article.write_text("The govern-\nment said so.\n", encoding="utf-8")
    text = run_main("check", "--no-cache", "--extend-packs", str(pack), "--select", "HS201", str(article))
    assert text.code == 1
    (line,) = [line for line in text.out.splitlines() if "HS201" in line]
    assert line.endswith("'govern-\\nment' is a word broken at a line end")
    result = run_main("check", "--no-cache", "--extend-packs", str(pack), "--select", "HS201", "--format", "json",
                      str(article))
    (finding,) = json.loads(result.out)["diagnostics"]
    assert finding["message"] == "'govern-\\nment' is a word broken at a line end"


def _scripts(text: str) -> set[str]:
    import unicodedata

    return {unicodedata.name(ch).split()[0] for ch in text if ch.isalpha()} - {"LATIN"}


def test_shipped_messages_quote_no_source_language_words():
    """A message names the article's source language or none: copydesk does not know which language an English
    article was translated from, so no shipped message quotes Russian, Bengali or Chinese words at it (CD207 told a
    Russian desk about Bengali 'অর্থাৎ'). The words a rule's calque comes from are in its documentation."""
    from linter.core.config import Settings
    from linter.core.engine import Linter

    quoting = {rule.code: sorted(_scripts(rule.message)) for rule in Linter(Settings()).all_rules
               if _scripts(rule.message)}
    assert quoting == {}
