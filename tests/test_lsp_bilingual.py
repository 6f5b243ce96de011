"""The language server on a translated article (issue 19, point 4): bilingual findings in an open article whose
source is named in its front matter or found by the configured pattern; hover shows the source sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from tests import test_lsp
from tests.test_lsp import answer, open_article, uri

client = test_lsp.client  # the fixture: a server started as a subprocess, driven by a real client

pytestmark = pytest.mark.asyncio

CONFIG = "select: [CD101, bilingual]\n"
SOURCE = "# Укриття\n\nУ місті 1 500 укриттів. Евакуювали близько 12 тис. людей.\n"
ARTICLE = "# Shelters\n\nThe city has 1,500 shelters. About 1,200 people were evacuated from Kiev.\n"


def _codes(published: lsp.PublishDiagnosticsParams) -> list[str]:
    return sorted(str(d.code) for d in published.diagnostics)


async def test_front_matter_source_gives_bilingual_findings_and_hover_shows_the_source_sentence(
        client: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / ".copydesk.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "uk").mkdir()
    (tmp_path / "uk" / "shelters.md").write_text(SOURCE, encoding="utf-8")
    text = "---\nsource: ../uk/shelters.md\nsource-language: uk\n---\n" + ARTICLE
    (tmp_path / "en").mkdir()
    path = tmp_path / "en" / "shelters.md"
    published = await open_article(client, path, text)
    assert _codes(published) == ["CD101", "CD2001", "CD2001"]
    added = next(d for d in published.diagnostics if d.code == "CD2001" and "not in the source" in d.message)
    hover = await answer(client.text_document_hover_async(lsp.HoverParams(
        lsp.TextDocumentIdentifier(uri(path)), added.range.start)))
    assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
    assert "**Source** (shelters.md): Евакуювали близько 12 тис\\. людей\\." in hover.contents.value
    assert "**CD2001**" in hover.contents.value


async def test_a_source_pattern_pairs_an_open_article(client: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / ".copydesk.yaml").write_text(CONFIG + 'source-pattern: "{stem}.{lang}.md"\nsource-language: uk\n',
                                             encoding="utf-8")
    (tmp_path / "shelters.uk.md").write_text(SOURCE, encoding="utf-8")
    published = await open_article(client, tmp_path / "shelters.md", ARTICLE)
    assert _codes(published) == ["CD101", "CD2001", "CD2001"]


async def test_a_missing_source_is_one_error_and_the_other_rules_still_run(client: LanguageClient, tmp_path: Path
                                                                            ) -> None:
    (tmp_path / ".copydesk.yaml").write_text(CONFIG, encoding="utf-8")
    text = "---\nsource: ../uk/missing.md\n---\n" + ARTICLE
    published = await open_article(client, tmp_path / "shelters.md", text)
    assert _codes(published) == ["CD101", "source-error"]
    error = next(d for d in published.diagnostics if d.code == "source-error")
    assert "missing.md (from the front matter key 'source') does not exist" in error.message
    assert error.range.start == lsp.Position(0, 0)
