"""The language server under load and under attack: a thousand random edits, malformed JSON-RPC, lying framing.

The random edits go through a real LSP client (pytest-lsp); the malformed messages are written by hand to
the server's standard input, with framing of our own, since a real client cannot be made to send them.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient

from linter import check_text
from linter.text.positions import LineIndex
from tests.test_lsp import PINNED, end_server, initialize_params, uri

pytestmark = pytest.mark.asyncio

SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "linter", "lsp"])
TIMEOUT = 60  # seconds; generous for a loaded machine, never reached when the server works
PUBLISH = lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
CHANGES = 1000
BREAK = re.compile(r"\r\n|\n|\r")
START = ("🇺🇦 Привіт. The embassy in Kiev closed.Shelling hit kyiv overnight.\n\n"
         "Officials said the the talks would resume. Which helped.\n")
SNIPPETS = ["Kiev", "kyiv", " the the ", "🇺🇦", "😀", "Привіт", "Київ", "é", "e\u0301", "\n", "\n\n", "\r\n",
            "\u2028", ".", "morning.Gleb", " ", "“quoted”", "(", "x", "Kharkov ", "U.S. ", "US ", "\t"]


# UTF-16 positions computed here, independently of linter.text.positions, so the server's conversion is checked.

def position(text: str, offset: int) -> lsp.Position:
    before = text[:offset]
    starts = [0, *(m.end() for m in BREAK.finditer(before))]
    return lsp.Position(len(starts) - 1, len(before[starts[-1]:].encode("utf-16-le")) // 2)


def random_offset(rng: random.Random, text: str) -> int:
    at = rng.randint(0, len(text))
    if 0 < at < len(text) and text[at - 1] == "\r" and text[at] == "\n":
        at -= 1  # inside a CRLF there is no LSP position
    return at


def random_change(rng: random.Random, text: str) -> tuple[str, lsp.TextDocumentContentChangePartial]:
    """One insertion, deletion or replacement at random UTF-16-valid positions; the new text and the change."""
    start = random_offset(rng, text)
    end = start
    if rng.random() < (0.7 if len(text) > 4000 else 0.3):
        end = min(len(text), start + rng.randint(1, 12))
        if 0 < end < len(text) and text[end - 1] == "\r" and text[end] == "\n":
            end += 1
    new = "".join(rng.choice(SNIPPETS) for _ in range(rng.randint(0, 4)))
    change = lsp.TextDocumentContentChangePartial(lsp.Range(position(text, start), position(text, end)), new)
    return text[:start] + new + text[end:], change


def record_publishes(client: LanguageClient) -> asyncio.Queue[lsp.PublishDiagnosticsParams]:
    """Every publishDiagnostics in a queue: ``wait_for_notification`` would miss one arriving right after another."""
    queue: asyncio.Queue[lsp.PublishDiagnosticsParams] = asyncio.Queue()
    features = client.protocol.fm.features
    original = features[PUBLISH]

    def handler(params: lsp.PublishDiagnosticsParams) -> None:
        original(params)
        queue.put_nowait(params)

    features[PUBLISH] = handler
    return queue


async def published(queue: asyncio.Queue[lsp.PublishDiagnosticsParams], doc: str, version: int
                    ) -> lsp.PublishDiagnosticsParams:
    while True:
        params = await asyncio.wait_for(queue.get(), TIMEOUT)
        if params.uri == doc and params.version == version:
            return params


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient, tmp_path: Path):
    (tmp_path / ".copydesk.yaml").write_text(PINNED, encoding="utf-8")
    await lsp_client.initialize_session(initialize_params(tmp_path))
    yield
    try:
        await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)
    finally:
        end_server(lsp_client)


async def test_a_thousand_random_changes_end_in_the_diagnostics_of_the_final_text(client: LanguageClient,
                                                                                 tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    doc = uri(path)
    queue = record_publishes(client)
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(doc, "markdown", 1, START)))
    await published(queue, doc, 1)

    rng = random.Random(20241124)
    text, sent, multi = START, 0, 0
    for version in range(2, CHANGES + 2):
        changes = []
        for _ in range(rng.choice([1, 1, 1, 2, 3])):  # several changes in one message: each on the text before it
            text, change = random_change(rng, text)
            changes.append(change)
        multi += len(changes) > 1
        sent += len(changes)
        client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            lsp.VersionedTextDocumentIdentifier(version, doc), changes))
    final = CHANGES + 1
    assert sent > 1500 and multi > 200
    assert len(text) > 2000 and any(ord(ch) > 0xFFFF for ch in text) and "\u2028" in text and "\r\n" in text

    last = await published(queue, doc, final)  # debounced: the final version is published, whatever came before
    index = LineIndex(text)
    # the editor's message ends with why a fix is withheld, as the command line's note says
    expected = [(lsp.Range(lsp.Position(*index.lsp(d.start)), lsp.Position(*index.lsp(d.end))), d.code,
                 f"{d.message} ({d.withheld})" if d.withheld else d.message) for d in check_text(text, path=str(path))]
    assert [(d.range, d.code, d.message) for d in last.diagnostics] == expected
    assert len(expected) > 10

    # still answering: a hover on a finding and the code actions for it
    first = last.diagnostics[0]
    hover = await asyncio.wait_for(client.text_document_hover_async(lsp.HoverParams(
        lsp.TextDocumentIdentifier(doc), first.range.start)), TIMEOUT)
    assert hover is not None and first.code in hover.contents.value  # type: ignore[union-attr]
    actions = await asyncio.wait_for(client.text_document_code_action_async(lsp.CodeActionParams(
        lsp.TextDocumentIdentifier(doc), first.range, lsp.CodeActionContext([first]))), TIMEOUT)
    assert actions and any(f"Disable {first.code}" in a.title for a in actions)  # type: ignore[union-attr]


async def test_an_edit_after_a_unicode_line_separator_lands_where_the_client_put_it(client: LanguageClient,
                                                                                   tmp_path: Path) -> None:
    # LSP lines end at CR and LF only; U+2028 is text. pygls's own copy of the buffer split lines there too and
    # clamped such a position in the params the server read: the edit landed earlier in the line.
    path = tmp_path / "article.txt"
    doc = uri(path)
    queue = record_publishes(client)
    text = "Intro\u2028The embassy in Kyiv closed.\n"
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(doc, "plaintext", 1, text)))
    assert list((await published(queue, doc, 1)).diagnostics) == []
    at = text.index("Kyiv")
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(lsp.VersionedTextDocumentIdentifier(2, doc), [
        lsp.TextDocumentContentChangePartial(lsp.Range(position(text, at), position(text, at + 4)), "Kiev")]))
    (kiev,) = (await published(queue, doc, 2)).diagnostics
    assert kiev.code == "CD101" and kiev.range == lsp.Range(lsp.Position(0, at), lsp.Position(0, at + 4))


async def test_unknown_documents_get_empty_answers(client: LanguageClient, tmp_path: Path) -> None:
    never = lsp.TextDocumentIdentifier(uri(tmp_path / "never-opened.md"))
    queue = record_publishes(client)
    # notifications about a document never opened are ignored (a close clears its diagnostics, if any)
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        lsp.VersionedTextDocumentIdentifier(7, never.uri),
        [lsp.TextDocumentContentChangePartial(lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0)), "Kiev")]))
    client.text_document_did_save(lsp.DidSaveTextDocumentParams(never))
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(never))
    cleared = await published(queue, never.uri, None)  # type: ignore[arg-type]
    assert list(cleared.diagnostics) == []
    assert await asyncio.wait_for(client.text_document_hover_async(lsp.HoverParams(never, lsp.Position(0, 0))),
                                  TIMEOUT) is None
    assert not await asyncio.wait_for(client.text_document_code_action_async(lsp.CodeActionParams(
        never, lsp.Range(lsp.Position(0, 0), lsp.Position(0, 4)), lsp.CodeActionContext([]))), TIMEOUT)
    # a buffer that is not a file (an unsaved editor tab) is linted with the defaults
    untitled = "untitled:Untitled-1"
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(
        untitled, "plaintext", 1, "The embassy in Kiev closed.\n")))
    assert [d.code for d in (await published(queue, untitled, 1)).diagnostics] == ["CD101"]


# --- malformed JSON-RPC over raw stdio ------------------------------------------------------------------

def frame(body: bytes, length: int | None = None) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % (len(body) if length is None else length) + body


def message(payload: Any) -> bytes:
    return frame(json.dumps(payload).encode())


class RawServer:
    """`copydesk lsp` on pipes, with our own framing; every message it sends lands in ``received``."""

    def __init__(self, proc: asyncio.subprocess.Process):
        self.proc = proc
        self.received: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.reader = asyncio.ensure_future(self._read())
        self.next_id = 1000

    @classmethod
    async def start(cls, log: Path) -> RawServer:
        with open(log, "wb") as stderr:
            proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "linter", "lsp",
                                                        stdin=asyncio.subprocess.PIPE,
                                                        stdout=asyncio.subprocess.PIPE, stderr=stderr)
        return cls(proc)

    async def _read(self) -> None:
        assert self.proc.stdout is not None
        while True:
            length = None
            while (line := await self.proc.stdout.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not line or length is None:
                return
            self.received.put_nowait(json.loads(await self.proc.stdout.readexactly(length)))

    async def stop(self) -> None:
        """Kill the server if it is still running (a failed test), and stop reading it."""
        if self.proc.returncode is None:
            self.proc.kill()
            await self.proc.wait()
        self.reader.cancel()

    async def send(self, data: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(data)
        await self.proc.stdin.drain()

    async def request(self, method: str, params: Any = None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """Send a request; its answer, and every other message received before it."""
        self.next_id += 1
        await self.send(message({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}))
        return await self.answer(self.next_id)

    async def answer(self, msg_id: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        before = []
        while True:
            received = await asyncio.wait_for(self.received.get(), TIMEOUT)
            if received.get("id") == msg_id and ("result" in received or "error" in received):
                return received, before
            before.append(received)


HOVER = {"textDocument": {"uri": "file:///never-opened.md"}, "position": {"line": 0, "character": 0}}


def errors(messages: list[dict[str, Any]]) -> list[tuple[Any, int]]:
    return [(m["id"], m["error"]["code"]) for m in messages if "error" in m]


def no_pop_ups(messages: list[dict[str, Any]]) -> bool:
    return not [m for m in messages if m.get("method") == "window/showMessage"]


def hover(msg_id: int) -> bytes:
    return message({"jsonrpc": "2.0", "id": msg_id, "method": "textDocument/hover", "params": HOVER})


def body_of(msg_id: int) -> bytes:
    return json.dumps({"jsonrpc": "2.0", "id": msg_id, "method": "textDocument/hover", "params": HOVER}).encode()


# (what is sent, the (id, error code) answers expected before the next good request is answered)
MALFORMED: list[tuple[str, bytes, list[tuple[Any, int]]]] = [
    ("invalid JSON", frame(b'{"jsonrpc": "2.0", "id": 2, "method": '), [(None, -32700)]),
    ("not UTF-8", frame(b'\xff\xfe{"jsonrpc": "2.0"}'), [(None, -32700)]),
    ("a request for an unknown method", message({"jsonrpc": "2.0", "id": 3, "method": "copydesk/bogus"}),
     [(3, -32601)]),
    ("a notification for an unknown method", message({"jsonrpc": "2.0", "method": "copydesk/bogus"}), []),
    ("a request with params of the wrong types", message(
        {"jsonrpc": "2.0", "id": 4, "method": "textDocument/hover", "params": {"textDocument": 7, "position": "x"}}),
     [(4, -32602)]),
    ("a request with a negative position", message({"jsonrpc": "2.0", "id": 5, "method": "textDocument/hover",
                                                    "params": {**HOVER, "position": {"line": -1, "character": -5}}}),
     [(5, -32602)]),
    ("a notification with params of the wrong types", message({"jsonrpc": "2.0", "method": "textDocument/didChange",
     "params": {"textDocument": {"uri": 5, "version": "x"}, "contentChanges": "nope"}}), []),
    ("a request without 'jsonrpc'", message({"id": 6, "method": "textDocument/hover", "params": HOVER}),
     [(6, -32600)]),
    ("JSON that is not an object", frame(b"42"), [(None, -32600)]),
    ("a batch", frame(b'[{"jsonrpc": "2.0", "method": "initialized"}]'), [(None, -32600)]),
    ("an id without a method or a result", message({"jsonrpc": "2.0", "id": 7}), []),
    ("a response to a request never made", message({"jsonrpc": "2.0", "id": 999, "result": None}), []),
    ("a Content-Length longer than the body, made up by padding",
     frame(b'{"a": 1}', 200) + b" " * 192, [(None, -32600)]),
]

# Framing that cannot be read: each gets a parse error (with the request's id when its body has one), then
# the next message is read. pygls dropped all of these without a word, or waited for bytes that never came.
FRAMING: list[tuple[str, bytes, list[tuple[Any, int]]]] = [
    ("a Content-Length that is not a number", b"Content-Length: many\r\n\r\n{}", [(None, -32700)]),
    ("a negative Content-Length", b"Content-Length: -5\r\n\r\n{}", [(None, -32700)]),
    ("a Content-Length of zero", b"Content-Length: 0\r\n\r\n", [(None, -32700)]),
    ("a header without Content-Length", b"Content-Type: application/vscode-jsonrpc\r\n\r\n{}", [(None, -32700)]),
    ("no header at all", b'{"jsonrpc": "2.0", "id": 8, "method": "shutdown"}\r\n\r\n', [(None, -32700)]),
    ("a Content-Length shorter than the body", frame(b'{"jsonrpc": "2.0", "id": 9, "method": "shutdown"}', 10),
     [(None, -32700)]),
    ("a Content-Length of a terabyte", frame(b'{"jsonrpc": "2.0", "method": "exit"}', 10**12), [(None, -32700)]),
    ("a Content-Length of 5,000 digits", b"Content-Length: " + b"9" * 5000 + b"\r\n\r\n{}", [(None, -32700)]),
    # bytes glued in front of a header (the tail of a body shorter than announced) are skipped, not answered
    ("100 KB with no line break, then a header", b"x" * 100_000, []),
    # longer than the body: the next message's header is inside the announced body, whole or cut
    ("a Content-Length 2 bytes too long", frame(body_of(10), len(body_of(10)) + 2), [(10, -32700)]),
    ("a Content-Length 40 bytes too long", frame(body_of(11), len(body_of(11)) + 40), [(11, -32700)]),
    ("a notification with a Content-Length too long", frame(b'{"jsonrpc": "2.0", "method": "exit"}', 80),
     [(None, -32700)]),
]


async def send_each_then_probe(server: RawServer, cases: list[tuple[str, bytes, list[tuple[Any, int]]]]) -> None:
    for what, data, expected in cases:
        await server.send(data)
        probe, before = await server.request("textDocument/hover", HOVER)
        assert probe["result"] is None, what  # answered: the server is still reading and answering
        assert errors(before) == expected, what
        assert no_pop_ups(before), what  # a malformed message is the client's problem: no error dialog


async def initialized_raw_server(log: Path) -> RawServer:
    server = await RawServer.start(log)
    initialized, _ = await server.request("initialize", {"capabilities": {}, "rootUri": None})
    assert "capabilities" in initialized["result"]
    await server.send(message({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
    return server


async def shut_down(server: RawServer) -> None:
    try:
        shutdown, _ = await server.request("shutdown")
        assert shutdown["result"] is None
        await server.send(message({"jsonrpc": "2.0", "method": "exit"}))
        assert await asyncio.wait_for(server.proc.wait(), TIMEOUT) == 0  # a clean exit, after all that
    finally:
        await server.stop()


async def test_malformed_messages_get_errors_and_the_server_stays_up(tmp_path: Path) -> None:
    server = await initialized_raw_server(tmp_path / "server.log")
    try:
        await send_each_then_probe(server, MALFORMED)
    finally:
        await shut_down(server)


@pytest.mark.parametrize(("what", "data", "expected"), FRAMING, ids=[case[0] for case in FRAMING])
async def test_framing_that_cannot_be_read_is_answered_and_reading_goes_on(
        tmp_path: Path, what: str, data: bytes, expected: list[tuple[Any, int]]) -> None:
    server = await initialized_raw_server(tmp_path / "server.log")
    try:
        await send_each_then_probe(server, [(what, data, expected)])
    finally:
        await shut_down(server)


async def test_a_request_announced_too_long_with_nothing_after_it_is_answered(tmp_path: Path) -> None:
    # The client waits for the answer and sends nothing more: once the stream has stalled on a body that is a
    # whole JSON value, the request gets its error rather than a server waiting forever for the missing bytes.
    server = await initialized_raw_server(tmp_path / "server.log")
    try:
        await server.send(frame(body_of(12), len(body_of(12)) + 100))
        answered, before = await server.answer(12)
        assert answered["error"]["code"] == -32700 and "Content-Length" in answered["error"]["message"]
        assert not before
        probe, before = await server.request("textDocument/hover", HOVER)
        assert probe["result"] is None and not before
    finally:
        await shut_down(server)


# Header fields as LSP's robust readers take them: names in any case, white space around the value, lines
# ending in LF alone, other fields before or after. pygls read only `Content-Length: N\r\n` and dropped the rest.
HEADERS = [
    ("a field name in lower case", b"content-length: %d\r\n\r\n"),
    ("a field name in upper case", b"CONTENT-LENGTH: %d\r\n\r\n"),
    ("no space after the colon", b"Content-Length:%d\r\n\r\n"),
    ("spaces and a tab around the value", b"Content-Length :  %d \t\r\n\r\n"),
    ("lines ending in LF", b"Content-Length: %d\n\n"),
    ("CRLF, then a blank line in LF", b"Content-Length: %d\r\n\n"),
    ("a Content-Type first, lines in LF",
     b"Content-Type: application/vscode-jsonrpc; charset=utf-8\ncontent-length:%d\n\n"),
    ("a Content-Type after", b"Content-Length: %d\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n"),
    ("blank lines before the header", b"\r\n\nContent-Length: %d\r\n\r\n"),
]


async def test_header_variants_are_read_as_robust_readers_read_them(tmp_path: Path) -> None:
    server = await RawServer.start(tmp_path / "server.log")
    try:
        initialize = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                                 "params": {"capabilities": {}, "rootUri": None}}).encode()
        await server.send(b"content-length:%d\n\n" % len(initialize) + initialize)
        initialized, _ = await server.answer(1)
        assert "capabilities" in initialized["result"]
        for number, (what, header) in enumerate(HEADERS, start=100):
            await server.send(header % len(body_of(number)) + body_of(number))
            answered, before = await server.answer(number)
            assert answered.get("result", "no result") is None and not errors(before), what
    finally:
        await shut_down(server)


async def test_requests_before_initialize_and_after_shutdown_are_refused(tmp_path: Path) -> None:
    # LSP: before `initialize` a request is answered ServerNotInitialized (-32002) and a notification dropped,
    # but `exit`; after `shutdown`, a request is answered InvalidRequest (-32600). pygls answered the first
    # as if initialized and never answered the second: the editor waited forever.
    article = tmp_path / "article.md"
    text = "The embassy in Kiev closed.\n"
    article.write_text(text, encoding="utf-8")
    opened = message({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": article.as_uri(), "languageId": "markdown", "version": 1, "text": text}}})
    on_kiev = {"textDocument": {"uri": article.as_uri()}, "position": {"line": 0, "character": text.index("Kiev")}}
    server = await RawServer.start(tmp_path / "server.log")
    try:
        early, _ = await server.request("textDocument/hover", on_kiev)
        misfit, _ = await server.request("textDocument/hover", {"textDocument": 7})  # params that do not fit, too
        assert early["error"]["code"] == -32002 and misfit["error"]["code"] == -32002
        await server.send(opened)  # dropped: nothing is published for it
        initialized, before = await server.request("initialize", {"capabilities": {}, "rootUri": None})
        assert "capabilities" in initialized["result"] and before == []
        await server.send(message({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
        unknown, before = await server.request("textDocument/hover", on_kiev)
        assert unknown["result"] is None and before == []  # the early didOpen never happened

        await server.send(opened)
        hover, before = await server.request("textDocument/hover", on_kiev)
        assert "CD101" in hover["result"]["contents"]["value"]
        assert [m["method"] for m in before] == ["textDocument/publishDiagnostics"]

        shutdown, _ = await server.request("shutdown")
        assert shutdown["result"] is None
        late, _ = await server.request("textDocument/hover", on_kiev)
        again, _ = await server.request("shutdown")
        assert late["error"]["code"] == -32600 and again["error"]["code"] == -32600
        await server.send(opened)  # dropped after shutdown
        await server.send(message({"jsonrpc": "2.0", "method": "exit"}))
        assert await asyncio.wait_for(server.proc.wait(), TIMEOUT) == 0
        assert server.received.empty()  # nothing published for the open after shutdown
    finally:
        await server.stop()


async def test_exit_before_initialize_ends_the_server_with_status_1(tmp_path: Path) -> None:
    server = await RawServer.start(tmp_path / "server.log")
    try:
        await server.send(message({"jsonrpc": "2.0", "method": "exit"}))
        assert await asyncio.wait_for(server.proc.wait(), TIMEOUT) == 1
    finally:
        await server.stop()
