"""The language server's kept views: a plain-text document's masking and paragraphs from each line's and each
block's kept ones (linter/text/chunks.py: KeptViews) are those the whole text gives, version after version."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.text.chunks import KeptViews
from linter.text.document import Document
from tests.test_incremental_edits import ARTICLES, one_character_edit
from tests.test_mask_recheck_lines import PIECES

SEPARATORS = [" ", " ", "\n", "\n\n", "\n \n", "\r\n", "\r\n\r\n", "\r", "\t", "\x0b", "", ". ", ".\n", "”\n"]
TEXTS = st.lists(st.tuples(st.sampled_from([*PIECES, "The", "he said", "Kyiv."]), st.sampled_from(SEPARATORS)),
                 min_size=1, max_size=40).map(lambda parts: "".join(piece + sep for piece, sep in parts))


def _views(doc: Document) -> tuple:
    return doc.masked, doc.prose, doc.paragraphs


def test_a_line_is_masked_and_a_block_segmented_as_in_the_whole_text() -> None:
    """One address, entity and path per line, and paragraphs of one line each and of blank-line blocks."""
    text = ("Read www.bbc.co.uk/news now.\nWrite to desk@example.org &amp; C:\\Users\\Kiev.\nHe said so.\n"
            "She left.\n\n\nThe end of the report.pdf\n")
    kept = KeptViews()
    doc = kept.document(Document.from_text(text))
    assert _views(doc) == _views(Document.from_text(text))
    assert len(doc.masked) == 5 and len(doc.paragraphs) == 4


def test_a_comment_or_markdown_is_read_whole() -> None:
    kept = KeptViews()
    for doc in (Document.from_text("a <!-- b\n\nc --> d\n"), Document.from_text("`a`\n", "x.md")):
        assert kept.document(doc) is doc


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(TEXTS, min_size=1, max_size=4))
def test_kept_views_equal_the_whole_texts(texts: list[str]) -> None:
    kept = KeptViews()
    for text in texts:
        assert _views(kept.document(Document.from_text(text))) == _views(Document.from_text(text))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article=st.sampled_from(range(len(ARTICLES))),
       edits=st.lists(st.tuples(st.sampled_from(["insert", "delete", "replace"]), st.integers(0, 10**6),
                                st.booleans(), st.sampled_from(["x", " ", "\n", "\n", ".", "/", "@", "&", "\r"])),
                      min_size=1, max_size=8))
def test_kept_views_of_edited_articles(article: int, edits: list[tuple[str, int, bool, str]]) -> None:
    kept = KeptViews()
    text = ARTICLES[article]
    for edit in edits:
        text = one_character_edit(text, *edit)
        assert _views(kept.document(Document.from_text(text))) == _views(Document.from_text(text))
