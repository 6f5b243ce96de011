"""The document model: segmentation, Markdown masking and positions, on real news text."""

from __future__ import annotations

import pytest

from linter import check_text
from linter.text.document import Document
from linter.text.positions import LineIndex
from tests.conftest import SEED_000, SEED_003


def sentences_of(text: str) -> list[str]:
    doc = Document.from_text(text)
    return [text[s:e] for s, e in doc.sentences]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A U.S. official confirmed it. The news was first reported by the Post.",
         ["A U.S. official confirmed it.", "The news was first reported by the Post."]),
        ("Mr. Peskov responded on Dec. 3. He said nothing had changed.",
         ["Mr. Peskov responded on Dec. 3.", "He said nothing had changed."]),
        ("John F. Kennedy spoke. Inflation rose to 3.5 percent.",
         ["John F. Kennedy spoke.", "Inflation rose to 3.5 percent."]),
        ("He waited... Then he left.", ["He waited...", "Then he left."]),
        ("“There is no change in that.” The Kremlin said so.",
         ["“There is no change in that.”", "The Kremlin said so."]),
        ("Supplies came from the U.S. The ministry said so.",
         ["Supplies came from the U.S.", "The ministry said so."]),
        ("Is it over? Nobody knows!", ["Is it over?", "Nobody knows!"]),
        ("Read more at bbc.com today. Then stop.", ["Read more at bbc.com today.", "Then stop."]),
    ],
)
def test_sentence_segmentation_handles_news_abbreviations(text, expected):
    assert sentences_of(text) == expected


def test_paragraphs_of_the_seeds():
    text = SEED_003.read_text(encoding="utf-8")
    doc = Document.from_text(text)
    # 003 stores one paragraph per line with no blank lines in between
    assert len(doc.paragraphs) == len(text.strip().splitlines())
    text = SEED_000.read_text(encoding="utf-8")
    doc = Document.from_text(text)
    assert text[slice(*doc.paragraphs[0])] == "date 2024-11-20"
    assert len(doc.paragraphs) == 23  # every non-blank line


def test_soft_wrapped_lines_stay_in_one_paragraph():
    text = "The International Campaign to Ban Landmines said\nthe decision was wrong.\n\nNext one."
    doc = Document.from_text(text)
    assert [text[s:e] for s, e in doc.paragraphs] == [
        "The International Campaign to Ban Landmines said\nthe decision was wrong.", "Next one."]


MARKDOWN = """---
title: Kiev embassy closes
tags: [kiev]
---
# Embassy in Kiev closes

The embassy in Kiev closed. See `Kiev` and <span class="Kiev">x</span>.

```
Kiev in a code block
```

    Kiev in an indented block

A [link to Kiev](https://example.com/Kiev) and https://kiev.example.org/Kiev and ![Kiev](kiev.png).

[ref]: https://example.com/Kiev
"""


def test_markdown_masks_code_urls_markup_and_front_matter():
    diagnostics = [d for d in check_text(MARKDOWN, path="a.md") if d.code == "CD101"]
    flagged = [(MARKDOWN[d.start:d.end], LineIndex(MARKDOWN).human(d.start)[0]) for d in diagnostics]
    # only prose: the heading, the first sentence, and the link text
    assert flagged == [("Kiev", 5), ("Kiev", 7), ("Kiev", 15)]


def test_masking_keeps_offsets_of_the_original_file():
    doc = Document.from_text(MARKDOWN, "a.md")
    assert len(doc.prose) == len(MARKDOWN)
    assert doc.prose.count("\n") == MARKDOWN.count("\n")
    assert "`Kiev`" not in doc.prose and "https://" not in doc.prose


def test_plain_text_is_not_markdown_but_urls_are_masked():
    text = "See `Kiev` at https://example.com/Kiev today."
    flagged = [text[d.start:d.end] for d in check_text(text, path="a.txt") if d.code == "CD101"]
    assert flagged == ["Kiev"]  # the backticks are prose in a .txt file; the URL is not


def test_positions_human_and_lsp_with_emoji_and_cyrillic():
    text = "Привіт 🇺🇦\r\nThe embassy in Kiev 😀 closed in Kiev."
    index = LineIndex(text)
    first = text.index("Kiev")
    second = text.rindex("Kiev")
    assert index.human(first) == (2, 16)
    assert index.lsp(first) == (1, 15)
    # 😀 is one code point but two UTF-16 units
    assert index.lsp(second) == (1, text[text.index("\n") + 1:second].__len__() + 1)
    assert index.offset_from_lsp(*index.lsp(second)) == second
    # LSP character in the middle of the flag emoji on line 0 maps back inside the line
    assert index.offset_from_lsp(0, 100) == text.index("\r")
    assert index.offset_from_lsp(9, 0) == len(text)


def test_lone_carriage_return_is_a_line_break():
    index = LineIndex("one\rtwo\nthree")
    assert index.human(4) == (2, 1)
    assert index.human(8) == (3, 1)
