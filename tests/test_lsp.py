"""The language server, driven as a subprocess over stdio by a real LSP client (pytest-lsp)."""

from __future__ import annotations

import asyncio
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from linter import check_text, fix_text
from linter.core.config import resolve
from linter.core.engine import linter_for
from linter.faces.docs import RULES_URL
from linter.faces.lsp import FIX_ALL_KIND
from tests.conftest import SEED_003, run_cli

pytestmark = pytest.mark.asyncio

SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "linter", "lsp"])
TIMEOUT = 15  # seconds; generous for a loaded CI machine, never reached when the server works
PUBLISH = lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
KIEV = "🇺🇦 Привіт. The embassy in Kiev closed.\n"
BREAK = re.compile(r"\r\n|\n|\r")
# The workspace config pins the rules these tests use, so new rules in the packs do not change what they see.
PINNED = "select: [CD101, CD301, CD302, CD303]\n"
HOUSE_PACK = """\
pack: house-style
description: The newsroom's own preferences.
rules:
  - code: CD990
    name: per-cent-spelled-out
    kind: term
    severity: info
    message: "House style writes '{replacement}'"
    description: Our style guide spells out per cent.
    terms: {percent: per cent}
    fix: {applicability: display-only}
    examples:
      fail: ["Prices rose 3 [[percent]]."]
      pass: ["Prices rose 3 per cent."]
"""


# UTF-16 arithmetic done here independently of linter.text.positions, so the server's conversion is checked.

def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def position(text: str, offset: int) -> lsp.Position:
    before = text[:offset]
    starts = [0, *(m.end() for m in BREAK.finditer(before))]
    return lsp.Position(len(starts) - 1, utf16(before[starts[-1]:]))


def offset(text: str, pos: lsp.Position) -> int:
    index = [0, *(m.end() for m in BREAK.finditer(text))][pos.line]
    units = 0
    while units < pos.character:
        units += utf16(text[index])
        index += 1
    return index


def span(text: str, start: int, end: int) -> lsp.Range:
    return lsp.Range(position(text, start), position(text, end))


def replace(text: str, old: str, new: str) -> lsp.TextEdit:
    start = text.index(old)
    return lsp.TextEdit(span(text, start, start + len(old)), new)


def insert(text: str, at: int, new: str) -> lsp.TextEdit:
    return lsp.TextEdit(span(text, at, at), new)


def apply_edits(text: str, edits: list[lsp.TextEdit]) -> str:
    spans = sorted(((offset(text, e.range.start), offset(text, e.range.end), e.new_text) for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def listen(client: LanguageClient, method: str = PUBLISH) -> asyncio.Task[Any]:
    """Start waiting for the next ``method`` notification; call it before sending what triggers it."""
    return asyncio.ensure_future(asyncio.wait_for(client.wait_for_notification(method), TIMEOUT))


async def answer(request: Any) -> Any:
    """A request's result, or a failed test rather than a hung one."""
    return await asyncio.wait_for(request, TIMEOUT)


def uri(path: Path) -> str:
    return path.as_uri()


async def open_article(client: LanguageClient, path: Path, text: str) -> lsp.PublishDiagnosticsParams:
    path.write_bytes(text.encode("utf-8"))
    published = listen(client)
    language = "markdown" if path.suffix == ".md" else "plaintext"
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri(path), language, 1, text)))
    params = await published
    assert params.uri == uri(path)
    return params


async def change(client: LanguageClient, path: Path, version: int, edits: list[lsp.TextEdit]
                 ) -> lsp.PublishDiagnosticsParams:
    published = listen(client)
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        lsp.VersionedTextDocumentIdentifier(version, uri(path)),
        [lsp.TextDocumentContentChangePartial(e.range, e.new_text) for e in edits]))
    return await published


async def actions(client: LanguageClient, path: Path, diagnostics: list[lsp.Diagnostic], rng: lsp.Range,
                  only: list[str] | None = None) -> list[lsp.CodeAction]:
    result = await answer(client.text_document_code_action_async(lsp.CodeActionParams(
        lsp.TextDocumentIdentifier(uri(path)), rng, lsp.CodeActionContext(diagnostics, only=only))))
    assert result is not None
    assert all(isinstance(a, lsp.CodeAction) for a in result)
    return list(result)  # type: ignore[arg-type]


def edits_of(action: lsp.CodeAction, path: Path) -> list[lsp.TextEdit]:
    assert action.edit is not None and action.edit.changes is not None
    assert list(action.edit.changes) == [uri(path)]
    return list(action.edit.changes[uri(path)])


def initialize_params(root: Path) -> lsp.InitializeParams:
    # Neovim's capabilities offer utf-8 before utf-16: the server must still settle on utf-16.
    return lsp.InitializeParams(capabilities=client_capabilities("neovim"), root_uri=uri(root),
                                workspace_folders=[lsp.WorkspaceFolder(uri(root), "articles")])


def end_server(client: LanguageClient) -> None:
    """Kill a server left running by a failed test: pytest-lsp's teardown would otherwise wait for it forever."""
    server = client._server  # pygls keeps the process handle private; pytest-lsp reads it the same way
    if server is not None and server.returncode is None:
        server.kill()


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient, tmp_path: Path):
    (tmp_path / ".copydesk.yaml").write_text(PINNED, encoding="utf-8")
    await lsp_client.initialize_session(initialize_params(tmp_path))
    yield
    try:
        await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)
    finally:
        end_server(lsp_client)


@pytest_lsp.fixture(config=SERVER)
async def uninitialized(lsp_client: LanguageClient):
    yield  # the test initializes and shuts down itself
    end_server(lsp_client)


async def test_initialize_then_shutdown_and_exit(uninitialized: LanguageClient, tmp_path: Path) -> None:
    result = await uninitialized.initialize_session(initialize_params(tmp_path))
    await asyncio.wait_for(uninitialized.shutdown_session(), TIMEOUT)  # shutdown, exit, wait for the process
    assert uninitialized._server is not None and uninitialized._server.returncode == 0

    caps = result.capabilities
    assert result.server_info is not None and result.server_info.name == "copydesk"
    assert caps.position_encoding == lsp.PositionEncodingKind.Utf16
    assert isinstance(caps.text_document_sync, lsp.TextDocumentSyncOptions)
    assert caps.text_document_sync.change == lsp.TextDocumentSyncKind.Incremental
    assert caps.text_document_sync.open_close and caps.text_document_sync.save
    assert isinstance(caps.code_action_provider, lsp.CodeActionOptions)
    assert set(caps.code_action_provider.code_action_kinds or ()) == {lsp.CodeActionKind.QuickFix, FIX_ALL_KIND}
    assert caps.hover_provider


async def test_asks_the_client_to_watch_config_files(uninitialized: LanguageClient, tmp_path: Path) -> None:
    registered: asyncio.Future[lsp.RegistrationParams] = asyncio.get_running_loop().create_future()

    @uninitialized.feature(lsp.CLIENT_REGISTER_CAPABILITY)
    def register(params: lsp.RegistrationParams) -> None:
        registered.set_result(params)

    # VS Code's capabilities include dynamic registration of file watchers (Neovim's on Linux do not).
    await uninitialized.initialize_session(lsp.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=uri(tmp_path)))
    params = await asyncio.wait_for(registered, TIMEOUT)
    await asyncio.wait_for(uninitialized.shutdown_session(), TIMEOUT)
    (registration,) = params.registrations
    assert registration.method == lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES
    # register_options is typed LSPAny, so the client hands it over as plain JSON
    assert registration.register_options == {"watchers": [
        {"globPattern": f"**/{name}"} for name in (".copydesk.yaml", ".copydesk.yml", "pyproject.toml")]}


async def test_open_publishes_utf16_positions(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    text = "# 🇺🇦 Новини\n\n" + KIEV
    published = await open_article(client, path, text)
    assert published.version == 1
    assert sorted(d.code for d in published.diagnostics) == sorted(d.code for d in check_text(text, path=str(path)))
    (kiev,) = [d for d in published.diagnostics if d.code == "CD101"]
    prefix = "🇺🇦 Привіт. The embassy in "
    assert utf16(prefix) == 28 and len(prefix) == 26  # two astral code points: UTF-16 and code points differ
    assert kiev.range == lsp.Range(lsp.Position(2, 28), lsp.Position(2, 32))
    assert text[offset(text, kiev.range.start):offset(text, kiev.range.end)] == "Kiev"
    assert kiev.source == "copydesk"
    assert kiev.severity == lsp.DiagnosticSeverity.Warning
    assert kiev.code_description is not None and kiev.code_description.href == RULES_URL + "#cd101"
    assert "Kyiv" in kiev.message


async def test_incremental_changes_publish_only_the_latest_version(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    text = KIEV
    await open_article(client, path, text)
    messages: list[list[lsp.TextEdit]] = []
    edit = replace(text, "Kiev", "Kyiv")
    text = apply_edits(text, [edit])
    messages.append([edit])
    edit = insert(text, len(text) - 1, " Kiev too.")
    text = apply_edits(text, [edit])
    messages.append([edit])
    first = insert(text, 3, "Шановні 🙂 ")  # after the flag: astral code points before every later edit
    text = apply_edits(text, [first])
    second = replace(text, "too", "as well 🙂")  # positions in the text after `first`, as LSP orders them
    text = apply_edits(text, [second])
    messages.append([first, second])

    published = listen(client)
    for version, edits in enumerate(messages, start=2):
        client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            lsp.VersionedTextDocumentIdentifier(version, uri(path)),
            [lsp.TextDocumentContentChangePartial(e.range, e.new_text) for e in edits]))
    result = await published

    assert text == "🇺🇦 Шановні 🙂 Привіт. The embassy in Kyiv closed. Kiev as well 🙂.\n"
    assert result.version == 4  # the changes were debounced: no diagnostics for versions 2 and 3
    expected = [span(text, d.start, d.end) for d in check_text(text, path=str(path))]
    assert [d.range for d in result.diagnostics] == expected
    (kiev,) = [d for d in result.diagnostics if d.code == "CD101"]
    assert kiev.range.start == lsp.Position(0, utf16("🇺🇦 Шановні 🙂 Привіт. The embassy in Kyiv closed. "))
    assert text[offset(text, kiev.range.start):offset(text, kiev.range.end)] == "Kiev"


async def test_save_publishes_and_rereads_config(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    await open_article(client, path, "Shelling hit Kiev.\n")
    saved = lsp.DidSaveTextDocumentParams(lsp.TextDocumentIdentifier(uri(path)))
    published = listen(client)
    client.text_document_did_save(saved)
    assert [d.code for d in (await published).diagnostics] == ["CD101"]

    # Saving an article also re-reads its config: editors rarely tell an article server about config edits.
    (tmp_path / ".copydesk.yaml").write_text("select: [CD302]\n", encoding="utf-8")
    published = listen(client)
    client.text_document_did_save(saved)
    assert list((await published).diagnostics) == []


async def test_quick_fix_edit_lints_clean(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    text = KIEV
    published = await open_article(client, path, text)
    (kiev,) = [d for d in published.diagnostics if d.code == "CD101"]
    found = await actions(client, path, [kiev], kiev.range)
    titles = [a.title for a in found]
    assert titles == ["Replace with 'Kyiv'", "Disable CD101 for this line", "Fix all safe problems"]
    fix = found[0]
    assert fix.kind == lsp.CodeActionKind.QuickFix and fix.is_preferred
    edits = edits_of(fix, path)
    fixed = apply_edits(text, edits)
    assert fixed == KIEV.replace("Kiev", "Kyiv")
    assert not [d for d in check_text(fixed, path=str(path)) if d.code == "CD101"]

    # The same edit sent back to the server as an incremental change: it agrees.
    after = await change(client, path, 2, edits)
    assert after.version == 2 and not [d for d in after.diagnostics if d.code == "CD101"]
    # A diagnostic from version 1 no longer resolves to a fix (its text is gone).
    stale = await actions(client, path, [kiev], kiev.range, only=[lsp.CodeActionKind.QuickFix])
    assert stale == []


async def test_unsafe_and_display_only_fixes(client: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / "house.yaml").write_text(HOUSE_PACK, encoding="utf-8")
    (tmp_path / ".copydesk.yaml").write_text("select: [CD301, CD303, CD990]\nextend-packs: [house.yaml]\n",
                                             encoding="utf-8")
    path = tmp_path / "article.md"
    text = ("It is a major step for the administration. Which strengthened Ukraine before the change.\n\n"
            "It was used with other ammunition. that the United States provides.\n\n"
            "Prices rose 3 percent.\n")
    published = await open_article(client, path, text)
    by_code = {d.code: d for d in published.diagnostics}
    assert set(by_code) == {"CD301", "CD303", "CD990"}
    assert by_code["CD990"].severity == lsp.DiagnosticSeverity.Information

    quick = [lsp.CodeActionKind.QuickFix]
    titles = {code: [a.title for a in await actions(client, path, [d], d.range, quick)] for code, d in by_code.items()}
    assert titles["CD303"] == ["Replace with 'which' (unsafe)", "Disable CD303 for this line"]
    assert titles["CD301"] == ["Disable CD301 for this line"]  # display-only with two candidates: no replace
    assert titles["CD990"] == ["Replace with 'per cent'", "Disable CD990 for this line"]  # one candidate

    (unsafe,) = [a for a in await actions(client, path, [by_code["CD303"]], by_code["CD303"].range)
                 if "(unsafe)" in a.title]
    assert not unsafe.is_preferred
    assert "administration, which strengthened" in apply_edits(text, edits_of(unsafe, path))


async def test_fix_all_safe_problems(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    text = "🇺🇦 The embassy in Kiev closed.Shelling hit Kiev overnight.\n\nIt is a step. Which helped.\n"
    published = await open_article(client, path, text)
    assert sorted(d.code for d in published.diagnostics) == ["CD101", "CD101", "CD302", "CD303"]
    whole = lsp.Range(lsp.Position(0, 0), lsp.Position(3, 0))

    (fix_all,) = await actions(client, path, [], whole, only=[lsp.CodeActionKind.SourceFixAll])
    assert fix_all.title == "Fix all safe problems" and fix_all.kind == FIX_ALL_KIND
    (edit,) = edits_of(fix_all, path)
    fixed = apply_edits(text, [edit])
    assert fixed == fix_text(text, path=str(path)).text
    assert "Kyiv closed. Shelling hit Kyiv overnight" in fixed
    assert "step. Which" in fixed  # the unsafe fix is not part of "safe problems"
    assert not [d for d in check_text(fixed, path=str(path)) if d.fixable and d.fix.applicability == "safe"]

    assert await actions(client, path, [], whole, only=[lsp.CodeActionKind.QuickFix]) == []


async def test_disable_for_line_keeps_indent_and_line_ending(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    text = "Intro line.\r\n   The embassy in Kiev closed.\r\nEnd.\r\n"
    published = await open_article(client, path, text)
    (kiev,) = [d for d in published.diagnostics if d.code == "CD101"]
    (disable,) = [a for a in await actions(client, path, [kiev], kiev.range) if a.title.startswith("Disable")]
    assert disable.title == "Disable CD101 for this line"
    disabled = apply_edits(text, edits_of(disable, path))
    assert disabled == ("Intro line.\r\n   <!-- copydesk-disable-next-line CD101 -->\r\n"
                        "   The embassy in Kiev closed.\r\nEnd.\r\n")
    assert not [d for d in check_text(disabled, path=str(path)) if d.code == "CD101"]


async def test_unused_suppression_is_reported_and_removable(client: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / ".copydesk.yaml").write_text(PINNED + "report-unused-suppressions: true\n", encoding="utf-8")
    path = tmp_path / "article.md"
    comment = "<!-- copydesk-disable-next-line CD101 -->"
    text = f"{comment}\nAll quiet in Kyiv.\n"
    published = await open_article(client, path, text)
    (unused,) = published.diagnostics
    assert unused.code == "CD001" and unused.range == span(text, 0, len(comment))
    assert unused.code_description is None  # copydesk's own code has no rule page to link to
    # No "Disable CD001" action: a suppression comment cannot silence the report about suppression comments.
    (remove,) = await actions(client, path, [unused], unused.range, only=[lsp.CodeActionKind.QuickFix])
    assert remove.title == f"Remove '{comment}' (unsafe)"
    assert apply_edits(text, edits_of(remove, path)) == "\nAll quiet in Kyiv.\n"


async def test_hover_shows_the_rule_explanation(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    await open_article(client, path, KIEV)
    rule = linter_for(resolve(discover=False)).find_rule("CD101")
    assert rule is not None

    hover = await answer(client.text_document_hover_async(lsp.HoverParams(
        lsp.TextDocumentIdentifier(uri(path)), lsp.Position(0, 30))))
    assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
    assert hover.contents.kind == lsp.MarkupKind.Markdown
    assert rule.description.splitlines()[0] in hover.contents.value
    assert "CD101" in hover.contents.value and RULES_URL + "#cd101" in hover.contents.value
    assert hover.range == lsp.Range(lsp.Position(0, 28), lsp.Position(0, 32))

    nothing_here = await answer(client.text_document_hover_async(lsp.HoverParams(
        lsp.TextDocumentIdentifier(uri(path)), lsp.Position(0, 5))))
    assert nothing_here is None


async def test_hover_says_why_the_rules_fix_is_as_safe_as_it_is(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    await open_article(client, path, "The embassy closed on Wednesday morning.Staff were told to stay home.\n")
    rule = linter_for(resolve(discover=False)).find_rule("CD302")
    assert rule is not None and rule.fix_why
    hover = await answer(client.text_document_hover_async(lsp.HoverParams(
        lsp.TextDocumentIdentifier(uri(path)), lsp.Position(0, 42))))
    assert hover is not None and "**CD302**" in hover.contents.value
    assert f"**Fix safety**\nSafe: `copydesk fix` applies it, and so does the pre-commit fix hook.  \n{rule.fix_why}" \
        in hover.contents.value
    # what this rule flags, in its own words (its pack's what-it-flags), not its kind's one line (issue 16 §5)
    assert rule.what_it_flags and f"**What it flags**\n{rule.what_it_flags}  \n" in hover.contents.value


async def test_close_clears_diagnostics(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    published = await open_article(client, path, KIEV)
    assert published.diagnostics
    cleared = listen(client)
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(lsp.TextDocumentIdentifier(uri(path))))
    result = await cleared
    assert result.uri == uri(path) and list(result.diagnostics) == []
    assert list(client.diagnostics[uri(path)]) == []  # the client's own store agrees


async def test_broken_config_shows_one_error_and_keeps_the_last_good_one(client: LanguageClient, tmp_path: Path
                                                                          ) -> None:
    config = tmp_path / ".copydesk.yaml"
    config.write_text("select: [CD101, CD302]\nignore: [CD101]\n", encoding="utf-8")
    path = tmp_path / "article.md"
    text = "The embassy in Kiev closed.Shelling continued.\n"
    published = await open_article(client, path, text)
    assert [d.code for d in published.diagnostics] == ["CD302"]

    config.write_text("select: [CD101, CD302]\nignore: [CD101]\nbogus-option: true\n", encoding="utf-8")
    shown, republished = listen(client, lsp.WINDOW_SHOW_MESSAGE), listen(client)
    client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(
        [lsp.FileEvent(uri(config), lsp.FileChangeType.Changed)]))
    message, result = await shown, await republished
    assert message.type == lsp.MessageType.Error
    assert ".copydesk.yaml:3" in message.message and "bogus-option" in message.message  # file, line, key
    assert [d.code for d in result.diagnostics] == ["CD302"]  # still the last good config, still serving

    # The editor saving the same broken file reports nothing new: one message per problem.
    republished = listen(client)
    client.text_document_did_save(lsp.DidSaveTextDocumentParams(lsp.TextDocumentIdentifier(uri(config))))
    await republished
    assert [m.message for m in client.messages] == [message.message]

    config.write_text("select: [CD101]\n", encoding="utf-8")
    republished = listen(client)
    client.text_document_did_save(lsp.DidSaveTextDocumentParams(lsp.TextDocumentIdentifier(uri(config))))
    result = await republished
    assert [d.code for d in result.diagnostics] == ["CD101"]
    assert len(client.messages) == 1

    # Broken again: a problem that had gone away is news again.
    config.write_text("select: [CD101]\nbogus-option: true\n", encoding="utf-8")
    shown, republished = listen(client, lsp.WINDOW_SHOW_MESSAGE), listen(client)
    client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(
        [lsp.FileEvent(uri(config), lsp.FileChangeType.Changed)]))
    assert ".copydesk.yaml:2" in (await shown).message
    assert [d.code for d in (await republished).diagnostics] == ["CD101"]

    # A document opened under a broken config (here a broken pack) gets the message and built-in defaults.
    sub = tmp_path / "desk"
    sub.mkdir()
    (sub / "bad.yaml").write_text("pack: bad\nrules: 3\n", encoding="utf-8")
    (sub / ".copydesk.yaml").write_text("extend-packs: [bad.yaml]\n", encoding="utf-8")
    shown = listen(client, lsp.WINDOW_SHOW_MESSAGE)
    opened = await open_article(client, sub / "other.md", text)
    assert "bad.yaml" in (await shown).message
    assert {"CD101", "CD302"} <= {d.code for d in opened.diagnostics}


async def test_bad_requests_do_not_kill_the_server(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    published = await open_article(client, path, KIEV)
    (kiev,) = [d for d in published.diagnostics if d.code == "CD101"]
    unknown = lsp.TextDocumentIdentifier(uri(tmp_path / "never-opened.md"))
    far = lsp.Range(lsp.Position(500, 0), lsp.Position(900, 7))

    assert not await answer(client.text_document_code_action_async(lsp.CodeActionParams(
        unknown, kiev.range, lsp.CodeActionContext([kiev]))))
    assert await answer(client.text_document_hover_async(lsp.HoverParams(unknown, lsp.Position(0, 0)))) is None
    assert await answer(client.text_document_hover_async(lsp.HoverParams(
        lsp.TextDocumentIdentifier(uri(path)), lsp.Position(10_000, 10_000)))) is None
    garbage = [
        lsp.Diagnostic(far, "made up", code="CD101", source="copydesk", data="not a mapping"),
        lsp.Diagnostic(far, "made up", code="CD101", source="copydesk", data={"version": 99, "start": 0, "end": 4}),
        lsp.Diagnostic(kiev.range, "made up", code="CD101", source="copydesk", data={"start": "x"}),
    ]
    assert await actions(client, path, garbage, far, only=[lsp.CodeActionKind.QuickFix]) == []

    # An edit whose range runs past the end is clamped, and the server goes on publishing.
    after = await change(client, path, 2, [lsp.TextEdit(far, "Kiev.")])
    assert after.version == 2 and [d.code for d in after.diagnostics] == ["CD101", "CD101"]
    hover = await answer(client.text_document_hover_async(lsp.HoverParams(
        lsp.TextDocumentIdentifier(uri(path)), lsp.Position(0, 30))))
    assert hover is not None


async def test_min_severity_in_the_config_hides_info_findings(client: LanguageClient, tmp_path: Path) -> None:
    # the first paragraph of seed 003 has one info finding (CD215, 'a day ago'); a Kiev line adds a warning
    text = SEED_003.read_text(encoding="utf-8").splitlines()[0] + "\n\nShelling hit Kiev.\n"
    for folder, extra in (("all", ""), ("quiet", "min-severity: warning\n")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / ".copydesk.yaml").write_text("select: [CD101, CD215]\n" + extra, encoding="utf-8")
    shown = await open_article(client, tmp_path / "all" / "article.md", text)
    assert sorted(d.code for d in shown.diagnostics) == ["CD101", "CD215"]
    published = await open_article(client, tmp_path / "quiet" / "article.md", text)
    assert [d.code for d in published.diagnostics] == ["CD101"]
HOUSE_CONFIG = "select: [CD101, CD990]\nextend-packs: [house.yaml]\n"
PERCENT = "Prices rose 3 percent in Kiev.\n"


async def test_an_extra_pack_is_watched_and_reloaded_when_it_changes(uninitialized: LanguageClient, tmp_path: Path
                                                                      ) -> None:
    registrations: list[lsp.Registration] = []
    second = asyncio.get_running_loop().create_future()

    @uninitialized.feature(lsp.CLIENT_REGISTER_CAPABILITY)
    def register(params: lsp.RegistrationParams) -> None:
        registrations.extend(params.registrations)
        if len(registrations) == 2 and not second.done():
            second.set_result(None)

    (tmp_path / ".copydesk.yaml").write_text(HOUSE_CONFIG, encoding="utf-8")
    pack = tmp_path / "house.yaml"
    pack.write_text(HOUSE_PACK, encoding="utf-8")
    await uninitialized.initialize_session(lsp.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=uri(tmp_path)))
    try:
        published = await open_article(uninitialized, tmp_path / "article.md", PERCENT)
        assert sorted(d.code for d in published.diagnostics) == ["CD101", "CD990"]
        await asyncio.wait_for(second, TIMEOUT)
        assert registrations[1].method == lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES
        assert registrations[1].register_options == {"watchers": [
            {"globPattern": {"baseUri": uri(tmp_path), "pattern": "house.yaml"}}]}

        # the pack now also spells "rose" its own way: the editor reports the change, the server relints
        pack.write_text(HOUSE_PACK.replace("{percent: per cent}", "{percent: per cent, rose: climbed}")
                        .replace('"Prices rose 3 [[percent]]."', '"Prices climbed 3 [[percent]]."')
                        .replace('"Prices rose 3 per cent."', '"Prices climbed 3 per cent."'), encoding="utf-8")
        republished = listen(uninitialized)
        uninitialized.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(
            [lsp.FileEvent(uri(pack), lsp.FileChangeType.Changed)]))
        result = await republished
        assert sorted((d.code, d.range.start.character) for d in result.diagnostics) == \
            [("CD101", 25), ("CD990", 7), ("CD990", 14)]

        # broken: one error naming the file, line and key, as the CLI gives it; the last good pack goes on
        pack.write_text(HOUSE_PACK.replace("kind: term", "kind: tern"), encoding="utf-8")
        shown, republished = listen(uninitialized, lsp.WINDOW_SHOW_MESSAGE), listen(uninitialized)
        uninitialized.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(
            [lsp.FileEvent(uri(pack), lsp.FileChangeType.Changed)]))
        message = await shown
        assert message.type == lsp.MessageType.Error and f"{pack}:6: CD990 key 'kind'" in message.message
        error = message.message.removeprefix("copydesk: ").split(" (linting goes on")[0]
        cli = run_cli("check", "article.md", cwd=tmp_path)
        assert cli.code == 2 and cli.err == f"copydesk: error: {error}\n"  # the words the CLI gives
        assert len((await republished).diagnostics) == 3
    finally:
        await asyncio.wait_for(uninitialized.shutdown_session(), TIMEOUT)


async def test_saving_an_extra_pack_reloads_it(client: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / ".copydesk.yaml").write_text(HOUSE_CONFIG, encoding="utf-8")
    pack = tmp_path / "house.yaml"
    pack.write_text(HOUSE_PACK, encoding="utf-8")
    published = await open_article(client, tmp_path / "article.md", PERCENT)
    assert sorted(d.code for d in published.diagnostics) == ["CD101", "CD990"]
    pack.write_text(HOUSE_PACK.replace("severity: info", "severity: error"), encoding="utf-8")
    republished = listen(client)
    client.text_document_did_save(lsp.DidSaveTextDocumentParams(lsp.TextDocumentIdentifier(uri(pack))))
    result = await republished
    (house,) = [d for d in result.diagnostics if d.code == "CD990"]
    assert house.severity == lsp.DiagnosticSeverity.Error


async def test_an_extra_pack_whose_examples_fail_is_a_warning_as_on_the_command_line(client: LanguageClient,
                                                                                     tmp_path: Path) -> None:
    (tmp_path / ".copydesk.yaml").write_text(HOUSE_CONFIG, encoding="utf-8")
    pack = tmp_path / "house.yaml"
    pack.write_text(HOUSE_PACK.replace('pass: ["Prices rose 3 per cent."]', 'pass: ["Prices rose 3 percent."]'),
                    encoding="utf-8")
    shown = listen(client, lsp.WINDOW_SHOW_MESSAGE)
    published = await open_article(client, tmp_path / "article.md", PERCENT)
    message = await shown
    assert message.type == lsp.MessageType.Warning
    assert f"1 example check of {pack} failed, such as {pack}:4: CD990 pass-0 failed: flagged a pass example " \
           "'Prices rose 3 percent.'" in message.message
    assert sorted(d.code for d in published.diagnostics) == ["CD101", "CD990"]  # the pack is used all the same


async def test_a_finding_whose_fix_is_withheld_says_why(client: LanguageClient, tmp_path: Path) -> None:
    """A quoted Kiev is flagged without a fix: the message says why, as `check` does (issue 16: 6)."""
    path = tmp_path / "article.md"
    text = 'The embassy in Kiev closed.\n\nThe paper "Kiev Times" said so.\n'
    published = await open_article(client, path, text)
    messages = sorted((d.range.start.line, d.message) for d in published.diagnostics if d.code == "CD101")
    assert len(messages) == 2
    assert not messages[0][1].endswith(")")  # fixed as usual: nothing to explain
    assert messages[1][1].endswith(" (inside a quotation: not changed)")
