"""Markdown masking against a CommonMark parser's reading of generated documents (tests/markdown_oracle.py).

Three properties over generated Markdown (every construct copydesk masks, nested in blockquotes and
lists, with every kind of line break, tabs and indentation):

- scrambling every unmasked letter changes nothing the parser reads as not prose (code, tags, link
  destinations, reference labels and definitions, raw elements, entities, front matter): the masks cover
  all of it;
- every piece of text the parser reads as prose is unmasked, in order: the masks cover no more;
- a full safe ``fix`` leaves everything the parser reads as not prose as it was.

CI runs them derandomized (HYPOTHESIS_PROFILE=ci) with ``COPYDESK_DIFFERENTIAL_EXAMPLES`` examples (300 by
default; the fix property a third of them). docs/reliability.md has the figures of the long runs.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from linter import fix_text
from linter.core.config import Settings
from linter.text.document import Document
from linter.text.markdown_regions import regions
from tests.markdown_oracle import masked_prose, nonprose, scramble

EXAMPLES = int(os.environ.get("COPYDESK_DIFFERENTIAL_EXAMPLES", "300"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FIX_SETTINGS = settings(SETTINGS, max_examples=max(1, EXAMPLES // 3))

WORDS = st.sampled_from([
    "Kiev", "kyiv", "the the", "Kharkov", "color", "U.S.", "a.m.", "morning.Gleb", "Zelensky", "said", "talks",
    "ammunition. that", "Mr.", "  ", "Chicken Kiev", "kiev.ua", "Gazeta.Ru", "/home/kiev/docs", "&lt;", "&amp;",
    "&#8212;", "&foo;", "x@kiev.ua", "https://kiev.ua/Kiev", "—", "“Kiev”", "'", '"', "\u200b", "é", "Київ", "\t",
])
INLINE = st.one_of(
    WORDS, WORDS, WORDS,
    st.builds(lambda w, n: f"{'`' * n}{w}{'`' * n}", WORDS, st.integers(1, 3)),
    st.builds(lambda w: f"`{w}", WORDS),
    st.builds(lambda a, b: f"[{a}]({b})", WORDS, st.sampled_from([
        "https://kiev.ua/Kiev", "Kiev.md", "<Kiev page>", 'x "Kiev title"', "x 'Kiev\ntitle'", "(Kiev)", ""])),
    st.builds(lambda a, b: f"[{a}][{b}]", WORDS, st.sampled_from(["Kiev", "kiev", "ref", "", "missing"])),
    st.builds(lambda a: f"[{a}]", st.sampled_from(["Kiev", "kiev", "ref", "Kharkov", "missing"])),
    st.builds(lambda a, b: f"![{a}]({b})", WORDS, st.sampled_from(["kiev.png", "Kiev.png 'Kiev'"])),
    st.builds(lambda a: f"*{a}*", WORDS), st.builds(lambda a: f"**{a}**", WORDS),
    st.builds(lambda tag, w: f"<{tag}>{w}</{tag}>", st.sampled_from(["code", "b", "pre", "script", "kbd", "CODE"]),
              WORDS),
    st.sampled_from([
        '<img title="Kiev  city" src="kiev.png">', "<https://kiev.ua/Kiev>", "<editor@kiev.ua>",
        "<span class='Kiev'>", "</span>", "<br/>", "<!-- Kiev -->", "<!-- unclosed Kiev", "<?php Kiev ?>",
        "<code>", "</code>", "\\`", "\\[Kiev]", "\\<b>", "|", "<", ">", "[", "]", "](", "&", "\\",
        '<a href="https://kiev.ua" title="Kiev\nKiev">',
    ]),
)
LINE = st.lists(INLINE, min_size=1, max_size=6).map(" ".join)
EOL = st.sampled_from(["\n", "\n", "\r\n", "\r"])
PREFIX = st.sampled_from(["", "", "", "> ", "- ", "1. ", "  ", "   ", ">     ", "- > ", "\t", "  - ", "> > "])


@st.composite
def block(draw: st.DrawFn) -> str:
    eol = draw(EOL)
    lines = draw(st.lists(LINE, min_size=1, max_size=3))
    choice = draw(st.integers(0, 15))
    if choice == 0:
        return "#" * draw(st.integers(1, 6)) + " " + lines[0] + draw(st.sampled_from(["", " #", " ##  "]))
    if choice == 1:
        return lines[0] + eol + draw(st.sampled_from(["===", "---", "  ==="]))
    if choice == 2:
        fence = draw(st.sampled_from(["```", "~~~", "````", "```python", "~~~ Kiev", "  ```"]))
        closing = draw(st.sampled_from([fence.strip().split()[0], "", "``", "~~~~~"]))
        return eol.join([fence, *lines, closing])
    if choice == 3:
        return eol.join("    " + line for line in lines)
    if choice == 4:
        return eol.join(["| " + lines[0] + " | `Kiev` |", "|---|:---:|", "| the the \\| Kiev | [Kiev] |"])
    if choice == 5:
        tag = draw(st.sampled_from(["div", "pre", "script", "style", "textarea", "table", "p", "custom-tag"]))
        return eol.join([f'<{tag} class="kiev">', *lines, f"</{tag}>"])
    if choice == 6:
        return eol.join(["<!--", *lines, "-->"])
    if choice == 7:
        target = draw(st.sampled_from(["https://kiev.ua/Kiev", "<https://kiev.ua/Kiev page>", "/kiev"]))
        title = draw(st.sampled_from(["", ' "Kiev title"', " 'Kiev" + eol + "title'", " (Kiev)"]))
        label = draw(st.sampled_from(["Kiev", "kiev", "ref", "Kharkov"]))
        return f"[{label}]: {target}{title}"
    if choice == 8:
        prefix = draw(PREFIX)
        return eol.join(prefix + line for line in lines)
    if choice == 9:  # a fence opened on a list marker's line
        marker = draw(st.sampled_from(["- ", "1. ", "* ", "> "]))
        indent = " " * len(marker) if marker != "> " else "> "
        return eol.join([marker + "```", *(indent + line for line in lines), indent + "```"])
    if choice == 10:  # an indented block after a heading, or in a blockquote
        lead = draw(st.sampled_from(["# Kiev heading", "> Kiev", ">"]))
        indent = draw(st.sampled_from(["    ", ">     ", "\t", ">\t"]))
        return eol.join([lead, *(indent + line for line in lines)])
    if choice == 11:
        return "***" if draw(st.booleans()) else "- - -"
    if choice == 12:
        return draw(st.sampled_from(["- ", "1) ", "> ", "+ "])) + eol.join(lines)
    return eol.join(lines)


@st.composite
def documents(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(block(), min_size=1, max_size=7))
    gaps = draw(st.lists(st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\r\r", "\n \n", "\n\n\n"]),
                         min_size=len(blocks), max_size=len(blocks)))
    text = "".join(b + g for b, g in zip(blocks, gaps, strict=True))
    if draw(st.booleans()):
        eol = draw(EOL)
        text = draw(st.sampled_from([
            f"---{eol}title: Kiev{eol}tags: [kiev]{eol}---{eol}", f"---{eol}a: Kiev{eol}...{eol}",
            f"\ufeff---{eol}a: kiev{eol}---{eol}",
        ])) + text
    return text


HAND = [
    "See [Kiev] for more.\n\n[Kiev]: https://example.com/kiev\n",
    '<img title="Kiev  city" src="kiev.png">\n',
    "# Heading\n    Kiev  code\n",
    ">     Kiev  code\n",
    "- ```\n  Kiev  code\n  ```\n",
    "<!--\n```\n-->\n```\nKiev code\n```\nKiev\n",
    "<script>\nvar Kiev = 1;\n\nKiev\n</script>\n",
    "<pre>\nKiev  x\n\nKiev\n</pre>\n",
    "A <code>Kiev  x</code> b.\n",
    "---\rtitle: Kiev\r---\rKiev body\r",
    "[a]: /url 'Kiev\ntitle'\n\nKiev text [a].\n",
]


def _masks(text: str) -> tuple[tuple[int, int], ...]:
    return Document.from_text(text, "story.md").masked


@SETTINGS
@given(documents())
@example(HAND[0])
@example(HAND[1])
@example(HAND[5])
@example(HAND[9])
@example(HAND[10])
def test_scrambling_every_unmasked_letter_changes_nothing_the_parser_reads_as_not_prose(text: str):
    assert nonprose(scramble(text, _masks(text))) == nonprose(text)


@SETTINGS
@given(documents())
@example(HAND[2])
@example(HAND[8])
def test_every_piece_the_parser_reads_as_prose_is_unmasked_in_order(text: str):
    assert masked_prose(text, regions(text)) is None


@FIX_SETTINGS
@given(documents(), st.booleans())
@example(HAND[0], False)
@example(HAND[1], False)
@example(HAND[3], False)
@example(HAND[4], False)
def test_a_full_fix_leaves_everything_the_parser_reads_as_not_prose_as_it_was(text: str, unsafe: bool):
    fixed = fix_text(text, path="story.md", config=Settings(), unsafe=unsafe).text
    assert nonprose(fixed) == nonprose(text)
