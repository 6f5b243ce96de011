"""The language server (`copydesk lsp`): the engine's diagnostics, fixes and rule docs over LSP on stdio."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import select
import sys
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any

import regex
from lsprotocol import types as lsp
from pygls.exceptions import (
    JsonRpcException,
    JsonRpcInvalidRequest,
    JsonRpcParseError,
    JsonRpcServerNotInitialized,
)
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.uris import to_fs_path

from linter import __version__
from linter.config import CONFIG_FILES, ConfigError, find_config_file, resolve
from linter.diagnostics import Applicability, Diagnostic, Severity
from linter.docs import RULES_URL, explain
from linter.document import Document
from linter.engine import Linter, linter_for
from linter.fixer import fix_until_stable
from linter.incremental import IncrementalLinter
from linter.kinds.base import cap_regex_time
from linter.packs import PackError
from linter.positions import LineIndex

SOURCE = "copydesk"
FIX_ALL_KIND = "source.fixAll.copydesk"
DEBOUNCE_SECONDS = 0.25
# Linting runs on the server's event loop: a rule's regexes get at most this long on a document, whatever
# its pack's `timeout`, so a catastrophic pattern costs a keystroke a fraction of a second, not a minute.
REGEX_TIME_CAP = 0.5
SEVERITIES = {Severity.ERROR: lsp.DiagnosticSeverity.Error, Severity.WARNING: lsp.DiagnosticSeverity.Warning,
              Severity.INFO: lsp.DiagnosticSeverity.Information}
_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_DROPPED = object()  # a message that could not be read, already answered (requests) or logged (the rest)
MAX_MESSAGE_BYTES = 1 << 30  # a Content-Length above this is taken for a lie: the header is skipped
# A body that is already a whole JSON value, still short of its Content-Length, and followed by nothing for
# this long was announced too long: it is answered (an error) rather than waited for forever.
STALL_SECONDS = 1.0
FRAMING_ERROR = "copydesk/framingError"  # what the reader hands pygls for input it could not frame
logger = logging.getLogger(__name__)


@dataclass
class OpenDocument:
    """An open editor buffer. ``linted`` holds the diagnostics of one version and the index they were mapped with."""

    uri: str
    path: str | None
    format: str | None
    version: int
    text: str
    linter: Linter  # from the last configuration that loaded for this document
    config_error: str | None = None  # why the current configuration did not load
    linted: tuple[int, LineIndex, list[Diagnostic]] | None = None
    pending: asyncio.TimerHandle | None = field(default=None, repr=False)
    # findings of unchanged paragraphs kept from the last lint (rebuilt when the linter changes)
    incremental: IncrementalLinter | None = field(default=None, repr=False)

    @property
    def index(self) -> LineIndex:
        return LineIndex(self.text)


class _Utf16Protocol(LanguageServerProtocol):
    """pygls would pick the client's first position encoding (Neovim offers utf-8 first); LineIndex speaks UTF-16."""

    @lsp_method(lsp.INITIALIZE)
    def lsp_initialize(self, params: lsp.InitializeParams) -> Generator[Any, Any, lsp.InitializeResult]:
        if params.capabilities.general is not None:
            params.capabilities.general.position_encodings = None
        return (yield from super().lsp_initialize(params))

    @lsp_method(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: lsp.DidChangeTextDocumentParams) -> Generator[Any, Any, None]:
        # Not pygls's copy of the buffer: it splits lines on U+2028 and the like, and clamps an LSP position
        # past such a "line" *in place*, in the very params our handler then reads (its text and ours part).
        if (handler := self.fm.features.get(lsp.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    # Malformed messages. pygls answers none of them: a request whose params do not fit its method would
    # leave the editor waiting forever. Each gets its JSON-RPC error; a notification is logged and dropped.

    def structure_message(self, data: dict[str, Any]) -> Any:
        if "jsonrpc" in data and "method" in data and "params" not in data:
            data = {**data, "params": None}  # JSON-RPC lets a message leave out params; pygls would choke on it
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if "id" in data and "method" in data:
                refusal = self._refusal(data["method"])
                self._send_response(data["id"], None, (refusal or exc).to_response_error())
            logger.warning("dropped a message that does not fit its method: %.200r", data)
            return _DROPPED

    def handle_message(self, message: Any) -> None:
        if message is _DROPPED:
            return
        if not hasattr(message, "jsonrpc"):  # valid JSON, but no JSON-RPC message: 42, [], {"id": 1}
            if isinstance(message, dict) and isinstance(problem := message.get(FRAMING_ERROR), dict):
                logger.warning("could not frame a message: %s", problem.get("message"))
                self.send_error(problem.get("id"), JsonRpcParseError(f"Parse error: {problem.get('message')}"))
                return
            if isinstance(message, dict) and "method" in message and "id" not in message:
                logger.warning("dropped a notification without 'jsonrpc': %.200r", message)
                return
            self.send_error(message.get("id") if isinstance(message, dict) else None, JsonRpcInvalidRequest())
            return
        method = getattr(message, "method", None)
        if isinstance(method, str):
            refusal = self._refusal(method)
            if refusal is not None:
                if hasattr(message, "id"):  # a request
                    self.send_error(message.id, refusal)
                else:
                    logger.warning("dropped the notification %r: %s", method, refusal.message)
                return
            self.initialize_received = self.initialize_received or method == lsp.INITIALIZE
        super().handle_message(message)

    # The lifecycle, as LSP has it: before `initialize`, a request is answered ServerNotInitialized and a
    # notification dropped, but `exit`; after `shutdown`, a request is answered InvalidRequest (pygls
    # answered neither, and the editor waited forever), and a notification dropped, but `exit`.

    initialize_received = False

    def _refusal(self, method: str) -> JsonRpcException | None:
        if method == lsp.EXIT:
            return None
        if not self.initialize_received and method != lsp.INITIALIZE:
            return JsonRpcServerNotInitialized(f"the server is not initialized: '{method}' before 'initialize'")
        if self._shutdown:
            return JsonRpcInvalidRequest(f"the server is shut down: '{method}' after 'shutdown' (only 'exit' is left)")
        return None

    def send_error(self, msg_id: Any, error: JsonRpcException) -> None:
        """An error response, with ``"id": null`` when the id is unknown as JSON-RPC asks (lsprotocol drops it)."""
        self._send_data({"jsonrpc": "2.0", "id": msg_id, "error": {"code": error.code, "message": error.message}})


class CopydeskServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("copydesk", __version__, lsp.TextDocumentSyncKind.Incremental, protocol_cls=_Utf16Protocol)
        # Our own copy of each buffer: pygls's copy splits lines on U+2028 and friends, LSP does not.
        self.documents: dict[str, OpenDocument] = {}
        self.shut_down = False

    def report_server_error(self, error: Exception, source: Any) -> None:
        """A body that is not JSON (or not UTF-8) gets JSON-RPC's parse error, not a pop-up in the editor."""
        if isinstance(error, ValueError) and source is JsonRpcException:
            self.protocol.send_error(None, JsonRpcParseError())  # type: ignore[attr-defined]
            return
        super().report_server_error(error, source)

    # configuration

    def active_errors(self) -> set[str]:
        return {doc.config_error for doc in self.documents.values() if doc.config_error}

    def show_new_errors(self, before: set[str], docs: list[OpenDocument]) -> None:
        # One message per problem: documents sharing a broken file, or a second event for it, add none.
        for message in sorted({doc.config_error for doc in docs if doc.config_error} - before):
            self.window_show_message(lsp.ShowMessageParams(lsp.MessageType.Error, (
                f"copydesk: {message} (linting goes on with the last configuration that loaded, or the defaults)")))

    def reconfigure(self, docs: list[OpenDocument]) -> None:
        before = self.active_errors()
        for doc in docs:
            doc.linter, doc.config_error = _load(doc.path, doc.linter)
            doc.linted = None
        self.show_new_errors(before, docs)
        for doc in docs:
            self.publish(doc)

    def reload(self) -> None:
        find_config_file.cache_clear()
        linter_for.cache_clear()
        self.reconfigure(list(self.documents.values()))

    # linting

    def lint(self, doc: OpenDocument) -> tuple[LineIndex, list[Diagnostic]]:
        if doc.linted is None or doc.linted[0] != doc.version:
            if doc.incremental is None or doc.incremental.linter is not doc.linter:
                doc.incremental = IncrementalLinter(doc.linter)
            # equals doc.linter.check(...): only the paragraphs that changed since the last lint are re-linted
            result = doc.incremental.check(Document.from_text(doc.text, doc.path, doc.format))
            found = result.diagnostics
            if doc.linter.settings.report_unused_suppressions:
                found = sorted([*found, *result.unused_suppressions], key=Diagnostic.sort_key)
            doc.linted = (doc.version, doc.index, found)
        return doc.linted[1], doc.linted[2]

    def publish(self, doc: OpenDocument, version: int | None = None) -> None:
        if self.documents.get(doc.uri) is not doc or (version is not None and version != doc.version):
            return  # closed, or a newer change has its own publish scheduled: never publish stale results
        if doc.pending is not None:
            doc.pending.cancel()
            doc.pending = None
        index, found = self.lint(doc)
        self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
            doc.uri, [_to_lsp(index, doc.version, d, doc.linter) for d in found], version=doc.version))

    def schedule(self, doc: OpenDocument) -> None:
        if doc.pending is not None:
            doc.pending.cancel()
        doc.pending = asyncio.get_running_loop().call_later(DEBOUNCE_SECONDS, self.publish, doc, doc.version)

    # code actions and hover

    def code_actions(self, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        doc = self.documents.get(params.text_document.uri)
        if doc is None:
            return []
        only = params.context.only
        index, found = self.lint(doc)
        actions: list[lsp.CodeAction] = []
        for client_diag in params.context.diagnostics if _wanted(lsp.CodeActionKind.QuickFix, only) else ():
            diag = _find(client_diag, doc.version, index, found) if client_diag.source == SOURCE else None
            if diag is None:
                continue
            if (fix := _quick_fix(doc, index, diag, client_diag)) is not None:
                actions.append(fix)
            if doc.linter.find_rule(diag.code):  # not CD001: unused-suppression reports are final
                actions.append(_disable_for_line(doc, index, diag, client_diag))
        if _wanted(FIX_ALL_KIND, only) and any(d.fix and d.fix.applies(False) for d in found):
            linter = doc.linter
            fixed = fix_until_stable(
                doc.text, lambda text: linter.check(Document.from_text(text, doc.path, doc.format)).diagnostics)
            if fixed.text != doc.text:
                whole = lsp.Range(_position(index, 0), _position(index, len(doc.text)))
                actions.append(lsp.CodeAction("Fix all safe problems", kind=FIX_ALL_KIND, edit=lsp.WorkspaceEdit(
                    changes={doc.uri: [lsp.TextEdit(whole, fixed.text)]})))
        return actions

    def hover(self, params: lsp.HoverParams) -> lsp.Hover | None:
        doc = self.documents.get(params.text_document.uri)
        if doc is None:
            return None
        index, found = self.lint(doc)
        offset = index.offset_from_lsp(params.position.line, params.position.character)
        under = [d for d in found if d.start <= offset <= d.end]
        if not under:
            return None
        parts = []
        for diag in under:
            rule = doc.linter.find_rule(diag.code)
            page = f"\n\n{_markdown(explain(rule))}\n\n[Rule documentation]({_docs_url(diag.code)})" if rule else ""
            parts.append(f"**{diag.code}**: {diag.message}{page}")
        return lsp.Hover(lsp.MarkupContent(lsp.MarkupKind.Markdown, "\n\n---\n\n".join(parts)),
                         range=_range(index, under[0].start, under[0].end))


def _load(path: str | None, last_good: Linter | None) -> tuple[Linter, str | None]:
    """The linter for a document's configuration; if that is broken, the last good one (or the defaults) and why."""
    directory = os.path.dirname(path) if path else None
    try:
        return linter_for(resolve(directory)), None
    except (ConfigError, PackError) as exc:
        return last_good or linter_for(resolve(directory, discover=False)), str(exc)


def _docs_url(code: str) -> str:
    return f"{RULES_URL}#{code.lower()}"


def _position(index: LineIndex, offset: int) -> lsp.Position:
    return lsp.Position(*index.lsp(offset))


def _range(index: LineIndex, start: int, end: int) -> lsp.Range:
    return lsp.Range(_position(index, start), _position(index, end))


def _to_lsp(index: LineIndex, version: int, diag: Diagnostic, linter: Linter) -> lsp.Diagnostic:
    # copydesk's own codes (CD001 unused suppression) have no rule page to link to
    documented = linter.find_rule(diag.code) is not None
    return lsp.Diagnostic(
        _range(index, diag.start, diag.end), diag.message, severity=SEVERITIES[diag.severity], code=diag.code,
        code_description=lsp.CodeDescription(_docs_url(diag.code)) if documented else None, source=SOURCE,
        # Code actions find the core diagnostic again by these; an older version means an older text.
        data={"version": version, "start": diag.start, "end": diag.end})


def _find(client_diag: lsp.Diagnostic, version: int, index: LineIndex, found: list[Diagnostic]) -> Diagnostic | None:
    data = client_diag.data if isinstance(client_diag.data, dict) else {}
    if data.get("version", version) != version:
        return None
    for diag in found:
        if diag.code != client_diag.code:
            continue
        if "start" in data and (diag.start, diag.end) == (data.get("start"), data.get("end")):
            return diag
        if "start" not in data and _range(index, diag.start, diag.end) == client_diag.range:
            return diag  # a client that drops `data`: match on the range instead
    return None


def _wanted(kind: str, only: list[str] | None) -> bool:
    return not only or any(kind == k or kind.startswith(k + ".") for k in only)


def _quick_fix(doc: OpenDocument, index: LineIndex, diag: Diagnostic, client_diag: lsp.Diagnostic
               ) -> lsp.CodeAction | None:
    fix = diag.fix
    if fix is None or (fix.applicability is Applicability.DISPLAY_ONLY and len(diag.suggestions) != 1):
        return None  # several candidates: the editor cannot choose for the writer
    if diag.suggestions and diag.suggestions[0]:
        title = f"Replace with '{diag.suggestions[0]}'"
    elif not any(e.text for e in fix.edits):
        title = f"Remove '{doc.text[diag.start:diag.end]}'"
    else:
        title = f"Fix {diag.code}"
    if fix.applicability is Applicability.UNSAFE:
        title += " (unsafe)"
    edits = [lsp.TextEdit(_range(index, e.start, e.end), e.text) for e in fix.edits]
    return lsp.CodeAction(title, kind=lsp.CodeActionKind.QuickFix, diagnostics=[client_diag],
                          is_preferred=fix.applicability is Applicability.SAFE,
                          edit=lsp.WorkspaceEdit(changes={doc.uri: edits}))


def _disable_for_line(doc: OpenDocument, index: LineIndex, diag: Diagnostic, client_diag: lsp.Diagnostic
                      ) -> lsp.CodeAction:
    line = index.line_of(diag.start)
    text = index.line_text(line)
    indent = text[:len(text) - len(text.lstrip(" \t"))]
    eol = m.group() if (m := _LINE_BREAK.search(doc.text)) else "\n"
    start = _position(index, index.line_starts[line])
    comment = f"{indent}<!-- copydesk-disable-next-line {diag.code} -->{eol}"
    return lsp.CodeAction(f"Disable {diag.code} for this line", kind=lsp.CodeActionKind.QuickFix,
                          diagnostics=[client_diag],
                          edit=lsp.WorkspaceEdit(changes={doc.uri: [lsp.TextEdit(lsp.Range(start, start), comment)]}))


def _markdown(page: str) -> str:
    """An `explain` page as markdown: title as heading, section names bold, indented lines kept apart."""
    title, *rest = page.rstrip("\n").splitlines()
    lines = [f"### {title}"]
    for line in rest:
        if line.startswith("  "):
            lines.append(line.strip() + "  ")  # two trailing spaces: a markdown line break
        else:
            lines.append(f"**{line}**" if line else "")
    return "\n".join(lines)


def _is_config(uri: str) -> bool:
    return os.path.basename(to_fs_path(uri) or uri) in CONFIG_FILES


def build_server() -> CopydeskServer:
    server = CopydeskServer()

    @server.feature(lsp.INITIALIZED)
    def initialized(params: lsp.InitializedParams) -> None:
        watched = server.client_capabilities.workspace and server.client_capabilities.workspace.did_change_watched_files
        if watched and watched.dynamic_registration:  # otherwise the client has no watchers for us to set up
            watchers = [lsp.FileSystemWatcher(f"**/{name}") for name in CONFIG_FILES]
            server.client_register_capability(lsp.RegistrationParams([lsp.Registration(
                "copydesk-config-files", lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                lsp.DidChangeWatchedFilesRegistrationOptions(watchers))]))

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: lsp.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        previous = server.documents.pop(item.uri, None)
        if previous is not None and previous.pending is not None:
            previous.pending.cancel()
        before = server.active_errors()
        path = to_fs_path(item.uri)
        linter, error = _load(path, None)
        doc = OpenDocument(item.uri, path, "markdown" if item.language_id == "markdown" else None, item.version,
                           item.text, linter, error)
        server.documents[item.uri] = doc
        server.show_new_errors(before, [doc])
        server.publish(doc)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: lsp.DidChangeTextDocumentParams) -> None:
        doc = server.documents.get(params.text_document.uri)
        if doc is None:
            return
        for change in params.content_changes:
            if isinstance(change, lsp.TextDocumentContentChangePartial):
                index = doc.index
                start = index.offset_from_lsp(change.range.start.line, change.range.start.character)
                end = max(start, index.offset_from_lsp(change.range.end.line, change.range.end.character))
                doc.text = doc.text[:start] + change.text + doc.text[end:]
            else:
                doc.text = change.text
        doc.version = params.text_document.version
        server.schedule(doc)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: lsp.DidSaveTextDocumentParams) -> None:
        if _is_config(params.text_document.uri):
            server.reload()
        elif (doc := server.documents.get(params.text_document.uri)) is not None:
            # Editors that attach copydesk to articles only never report config edits: a save re-reads the config.
            find_config_file.cache_clear()
            server.reconfigure([doc])

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: lsp.DidCloseTextDocumentParams) -> None:
        doc = server.documents.pop(params.text_document.uri, None)
        if doc is not None and doc.pending is not None:
            doc.pending.cancel()
        server.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(params.text_document.uri, []))

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(params: lsp.DidChangeWatchedFilesParams) -> None:
        if any(_is_config(change.uri) for change in params.changes):
            server.reload()

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(
        code_action_kinds=[lsp.CodeActionKind.QuickFix, FIX_ALL_KIND]))
    def code_action(params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        return server.code_actions(params)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(params: lsp.HoverParams) -> lsp.Hover | None:
        return server.hover(params)

    @server.feature(lsp.SHUTDOWN)
    def shutdown(params: None) -> None:
        server.shut_down = True

    return server


def serve() -> int:
    """Run the server on stdin/stdout until the client says exit; 0 after a proper shutdown, else 1 (per LSP)."""
    cap_regex_time(REGEX_TIME_CAP)
    server = build_server()
    server.start_io(stdin=_Framing(sys.stdin.buffer))  # type: ignore[arg-type]
    return 0 if server.shut_down else 1


class _Framing:
    """Standard input as pygls reads it: every message re-framed as exactly ``Content-Length: N`` and a blank line.

    pygls takes a header line only when it is exactly ``Content-Length: N\\r\\n``, and drops whatever else
    without a word: ``content-length: N``, ``Content-Length:N`` or LF-only lines, which robust readers
    accept, left the editor waiting forever. This reader parses the header itself, as LSP's robust readers
    do: field names in any case, white space around the value, lines ending in CRLF or LF, other fields
    ignored. What cannot be framed is handed on as a ``copydesk/framingError`` message, answered with a
    parse error by the protocol, and reading goes on:

    - a Content-Length that is not a number of bytes, zero, or over ``MAX_MESSAGE_BYTES``; a header with no
      Content-Length. The bytes that follow are read as header lines, up to the next Content-Length;
    - a Content-Length longer than the body: the next message's header inside the announced body, or a
      body that is a whole JSON value, still short, after which nothing comes for ``STALL_SECONDS``
      (answered with the request's id when the body has one);
    - bytes glued in front of a header, the tail of a body shorter than announced (already answered), are
      logged and skipped. A line is read at most ``_LINE_LIMIT`` bytes at a time.
    """

    _FIELD = re.compile(rb"([!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]*:[ \t]*(.*?)[ \t]*")
    _GLUED = re.compile(rb"content-length[ \t]*:[ \t]*([^ \t]*)[ \t]*\Z", re.IGNORECASE)
    # a Content-Length header line, which no JSON text can hold (a string holds no raw line break)
    _NEXT_HEADER = regex.compile(rb"content-length[ \t]*:[ \t]*[0-9]+[ \t]*\r?\n", regex.IGNORECASE)
    _LINE_LIMIT = 1 << 16
    _CHUNK = 1 << 16

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.buffer = bytearray()
        self.lines: list[bytes] = []  # header lines still to hand to pygls
        self.body = b""  # the body pygls reads next
        self.eof = False

    # pygls's side: readline() until a blank line, then read(N)

    def readline(self) -> bytes:
        if not self.lines:
            self._next_message()
        return self.lines.pop(0) if self.lines else b""

    def read(self, size: int) -> bytes:
        body, self.body = self.body, b""
        return body

    # the stream's side

    def _next_message(self) -> None:
        header = self._header()
        if header is None:
            return  # the end of the stream: pygls stops reading
        length, problem = header
        body, msg_id = None, None
        if problem is None:
            body, problem, msg_id = self._body(length)
        if body is not None:
            self._hand(body)
        elif problem is not None:
            self._hand(json.dumps({FRAMING_ERROR: {"message": problem, "id": msg_id}}).encode())
        # else the stream ended inside a body: the client is gone

    def _hand(self, body: bytes) -> None:
        self.lines = [b"Content-Length: %d\r\n" % len(body), b"\r\n"]
        self.body = body

    def _header(self) -> tuple[int, str | None] | None:
        """The next header's Content-Length, or why there is none; None at the end of the stream."""
        length: bytes | None = None
        junk = bytearray()
        seen = False
        while True:
            line = self._line()
            if line is None:
                return None
            text = line[:-1] if line.endswith(b"\n") else line
            text = text[:-1] if text.endswith(b"\r") else text
            if not text.strip():
                if seen:
                    break
                continue  # blank lines between messages carry nothing
            seen = True
            field = self._FIELD.fullmatch(text)
            if field is not None and field[1].lower() == b"content-length":
                length = field[2]
            elif (glued := self._GLUED.search(text, max(0, len(text) - 256))) is not None:  # a body's tail, a header
                junk += text[:glued.start()]
                length = glued[1]
            elif field is None:
                junk += text
        if junk:
            logger.warning("skipped %d bytes that are no header: %.200r", len(junk), bytes(junk))
        if length is None:
            return 0, "a message header without Content-Length"
        shown = length[:40].decode("ascii", "replace") + ("…" if len(length) > 40 else "")
        if not length.isdigit():
            return 0, f"Content-Length '{shown}' is not a number of bytes"
        size = int(length) if len(length) <= 12 else MAX_MESSAGE_BYTES + 1  # int() refuses over 4,300 digits
        if size == 0:
            return 0, "Content-Length 0: an empty body is no JSON-RPC message"
        if size > MAX_MESSAGE_BYTES:
            return 0, f"Content-Length {shown} is over the limit of {MAX_MESSAGE_BYTES} bytes; the message is skipped"
        return size, None

    def _line(self) -> bytes | None:
        while (end := self.buffer.find(b"\n")) < 0:
            if len(self.buffer) > self._LINE_LIMIT:  # no header line is this long: keep the tail, a header may end it
                logger.warning("skipped %d bytes of a line that is no header", len(self.buffer) - 256)
                del self.buffer[:-256]
            if not self._fill():
                if not self.buffer:
                    return None
                line = bytes(self.buffer)
                self.buffer.clear()
                return line
        line = bytes(self.buffer[:end + 1])
        del self.buffer[:end + 1]
        return line

    def _body(self, length: int) -> tuple[bytes | None, str | None, Any]:
        """The body, or why it cannot be taken as one and the id of the request in it if any."""
        while len(self.buffer) < length:
            if self._fill(STALL_SECONDS):
                continue
            if self.eof:
                return None, None, None
            if self._complete(self.buffer):  # nothing more is coming, and what came is a whole message
                return None, *self._cut(len(self.buffer), f"Content-Length {length} but the body ended at "
                                                          f"{len(self.buffer)} bytes")
            if not self._fill():  # a body on its way: wait for the rest
                return None, None, None
        while True:  # the next message's header inside the announced body: the Content-Length was too long
            found = self._NEXT_HEADER.search(self.buffer, 0, length + 256, partial=True)
            if found is None or found.start() >= length:
                break
            if not found.partial:
                return None, *self._cut(found.start(), f"Content-Length {length} runs into the next message, "
                                                       f"whose header starts at byte {found.start()}")
            if not self._fill(STALL_SECONDS):
                break  # the start of a header at the very end, and nothing more: not a header after all
        body = bytes(self.buffer[:length])
        del self.buffer[:length]
        return body, None, None

    def _cut(self, end: int, problem: str) -> tuple[str, Any]:
        """Take the first ``end`` bytes as a message that could not be framed; the request's id if it has one."""
        taken = bytes(self.buffer[:end])
        del self.buffer[:end]
        try:
            message = json.loads(taken)
        except ValueError:
            return problem, None
        msg_id = message.get("id") if isinstance(message, dict) else None
        return problem, msg_id if isinstance(msg_id, (int, str)) and not isinstance(msg_id, bool) else None

    @staticmethod
    def _complete(data: bytearray) -> bool:
        """Whether ``data`` is a whole JSON value (asked only when the stream has stalled)."""
        try:
            json.loads(data)
        except ValueError:
            return False
        return True

    def _fill(self, timeout: float | None = None) -> bool:
        """Read what the stream has; False at its end, or when nothing came within ``timeout`` seconds."""
        if self.eof:
            return False
        if timeout is not None:
            try:
                ready, _, _ = select.select([self.stream], [], [], timeout)
            except (OSError, ValueError):  # not a descriptor select can wait on (Windows pipes): wait for data
                ready = [self.stream]
            if not ready:
                return False
        try:
            data = os.read(self.stream.fileno(), self._CHUNK)
        except OSError as exc:
            logger.error("cannot read standard input: %s", exc)
            data = b""
        if not data:
            self.eof = True
            return False
        self.buffer += data
        return True
