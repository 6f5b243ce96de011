"""The language server (`copydesk lsp`): the engine's diagnostics, fixes and rule docs over LSP on stdio."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from lsprotocol.converters import get_converter
from pygls.exceptions import JsonRpcException, JsonRpcParseError
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from linter.core.config import CONFIG_FILES, ConfigError, find_config_file, resolve
from linter.core.engine import CheckResult, Linter, linter_for
from linter.core.fixer import fix_until_stable
from linter.core.incremental import IncrementalLinter
from linter.core.packs import PackError, is_builtin
from linter.faces.docs import explain, rule_url
from linter.faces.formats.lsp import SOURCE, lsp_diagnostic
from linter.faces.lsp_protocol import Framing, ServerProtocol
from linter.io import pairs, tmcheck, tmfiles
from linter.io.reading import ArticleError
from linter.io.results import SourceSpan
from linter.kinds.base import Notice, cap_regex_time
from linter.model.diagnostics import Applicability, Diagnostic, Edit, Severity
from linter.text.document import Document
from linter.text.positions import LineIndex
from linter.version import VERSION as __version__

FIX_ALL_KIND = "source.fixAll.copydesk"
DEBOUNCE_SECONDS = 0.25
# Linting runs on the server's event loop: a rule's regexes get at most this long on a document, whatever
# its pack's `timeout`, so a catastrophic pattern costs a keystroke a fraction of a second, not a minute.
REGEX_TIME_CAP = 0.5
_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_CONVERTER = get_converter()  # LSP's JSON to lsprotocol's types (linter/faces/formats/lsp.py speaks the JSON)


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
    packs: tuple[str, ...] = ()  # the extra rule packs its configuration names (extend-packs): reloaded on change
    # the source article of the last lint (front matter ``source:`` or ``source-pattern``), read again at each lint
    pair: pairs.Pair | None = None
    # a translation file (XLIFF, PO, TMX): its units' targets and sources, as the last lint read them
    units: tuple[SourceSpan, ...] = ()
    notices: list[Notice] = field(default_factory=list)  # of the last lint (a source whose language is unknown)
    # each unit's result of the last check of the file, by (target, source, language), and the linter it is of
    unit_results: tuple[Linter | None, dict[tuple[str, str | None, str | None], CheckResult]] = field(
        default=(None, {}), repr=False)

    @property
    def index(self) -> LineIndex:
        return LineIndex(self.text)

    @property
    def translation(self) -> bool:
        """Whether the buffer is a translation file, checked unit by unit (by its name: .xlf, .xliff, .po, .tmx)."""
        return tmfiles.kind_of(self.path) is not None

    def check_units(self, text: str) -> tuple[list[Diagnostic], list[Notice], tuple[SourceSpan, ...]]:
        """The findings of a translation file's units, each target checked with its source and placed in the file,
        as `copydesk check` finds them (tmcheck.check_units, as linter/io/pipeline.py calls it), their notices and the
        units; a file that does not read is one error finding (code ``file-error``, as the ``lsp`` format gives it)
        at the line its parser names."""
        linter, (last, kept) = self.linter, self.unit_results
        known: dict[tuple[str, str | None, str | None], CheckResult] = kept if last is linter else {}
        results: dict[tuple[str, str | None, str | None], CheckResult] = {}

        def check(linter: Linter, target: str, path: str | None, source: str | None, language: str | None
                  ) -> CheckResult:
            # a unit whose target, source and language are as they were keeps its findings: a keystroke in one
            # unit of a long file re-checks that unit alone
            key = (target, source, language)
            result = results[key] if key in results else known.get(key)
            results[key] = result if result is not None else tmcheck.check_pair(linter, target, path, source, language)
            return results[key]

        try:
            checked = tmcheck.check_units(linter, text, self.path or "", linter.settings.source_language, check)
        except ArticleError as exc:
            at = _line_start(text, int(m.group(1))) if (m := re.search(r"\bline (\d+)", exc.message)) else 0
            return [Diagnostic("file-error", "file-error", "copydesk", Severity.ERROR, exc.message, at, at)], [], ()
        self.unit_results = (linter, results)  # those of this text's units only: the memory stays the file's
        return checked.diagnostics, checked.notices, checked.sources

    def read_back(self, fixed: str) -> str | None:
        """``fixed``, the translation file with fixes made, if it reads back through translate-toolkit as the same
        units with nothing changed outside their targets, as `copydesk fix` checks before it writes (tmcheck.verify);
        otherwise None."""
        try:
            tmcheck.verify(self.path or "", self.text, fixed)
        except ArticleError:
            return None
        return fixed

    def document(self, text: str | None = None) -> tuple[Document, Diagnostic | None]:
        """The buffer (or ``text``) as a document, with its source when it names one; and, when the source it names
        cannot be read, a finding that says so (the other rules still run)."""
        text = self.text if text is None else text
        try:
            self.pair = pairs.source_of(self.path, text, self.linter.settings)
        except ArticleError as exc:
            self.pair = None
            return Document.from_text(text, self.path, self.format), Diagnostic(
                "source-error", "source-error", "copydesk", Severity.ERROR, exc.message, 0, 0)
        if self.pair is None:
            return Document.from_text(text, self.path, self.format), None
        return Document.from_text(text, self.path, self.format, source=self.pair.text,
                                  source_language=self.pair.language), None


class CopydeskServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("copydesk", __version__, lsp.TextDocumentSyncKind.Incremental, protocol_cls=ServerProtocol)
        # Our own copy of each buffer: pygls's copy splits lines on U+2028 and friends, LSP does not.
        self.documents: dict[str, OpenDocument] = {}
        self.shut_down = False
        self.watched_packs: set[str] = set()  # pack files the client was asked to watch
        self.example_warnings: set[str] = set()  # warnings shown about extra packs whose examples fail
        self.shown_notices: set[Notice] = set()  # the checks' notices shown so far (linter/kinds/base.py: Notice)

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
            doc.packs = _pack_files(doc.path)
            doc.linted = None
        self.show_new_errors(before, docs)
        self.watch_packs()
        self.warn_about_examples(docs)
        for doc in docs:
            self.publish(doc)

    # extra rule packs (extend-packs): watched, and reloaded when they change

    def pack_files(self) -> set[str]:
        """The extra packs the open documents' configurations name."""
        return {pack for doc in self.documents.values() for pack in doc.packs}

    def is_pack(self, uri: str) -> bool:
        path = to_fs_path(uri)
        return path is not None and os.path.realpath(path) in {os.path.realpath(p) for p in self.pack_files()}

    def warn_about_examples(self, docs: list[OpenDocument]) -> None:
        """One warning for each extra pack whose examples do not hold, as the CLI gives at load (run once per
        pack text: linter/core/examples.py)."""
        from linter.core.examples import pack_failures
        from linter.core.packs import read_pack_text

        for pack in {p.file: p for doc in docs for p in doc.linter.packs if not is_builtin(p.file)}.values():
            try:
                failures = pack_failures(pack, read_pack_text(pack.file))
            except PackError:
                continue  # changed since it loaded: the watcher or a save reloads it
            if not failures:
                continue
            message = (f"copydesk: {len(failures)} example check{'s' * (len(failures) != 1)} of {pack.file} "
                       f"failed, such as {failures[0].describe()} (`copydesk test-pack {pack.file}` runs them)")
            if message not in self.example_warnings:
                self.example_warnings.add(message)
                self.window_show_message(lsp.ShowMessageParams(lsp.MessageType.Warning, message))

    def watch_packs(self) -> None:
        """Ask the client to watch the extra packs not watched yet (when it can watch files for us)."""
        new = sorted(self.pack_files() - self.watched_packs)
        if not new or not _can_watch(self):
            return
        self.watched_packs.update(new)
        watchers = [lsp.FileSystemWatcher(lsp.RelativePattern(Path(os.path.dirname(p)).as_uri(), os.path.basename(p)))
                    for p in new]
        self.client_register_capability(lsp.RegistrationParams([lsp.Registration(
            f"copydesk-packs-{len(self.watched_packs)}", lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            lsp.DidChangeWatchedFilesRegistrationOptions(watchers))]))

    def reload(self) -> None:
        find_config_file.cache_clear()
        linter_for.cache_clear()
        self.reconfigure(list(self.documents.values()))

    # linting

    def lint(self, doc: OpenDocument) -> tuple[LineIndex, list[Diagnostic]]:
        if doc.linted is None or doc.linted[0] != doc.version:
            if doc.translation:
                found, doc.notices, doc.units = doc.check_units(doc.text)
                doc.linted = (doc.version, doc.index, found)
                return doc.linted[1], doc.linted[2]
            if doc.incremental is None or doc.incremental.linter is not doc.linter:
                doc.incremental = IncrementalLinter(doc.linter)
            # equals doc.linter.check(...): only the paragraphs that changed since the last lint are re-linted
            document, problem = doc.document()
            result = doc.incremental.check(document)
            found = result.diagnostics if problem is None else [problem, *result.diagnostics]
            doc.notices = list(result.notices)
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
        for notice in doc.notices:  # as the CLI's warnings: each once per session, not at every keystroke
            if not notice.quiet and notice not in self.shown_notices:
                self.shown_notices.add(notice)
                self.window_show_message(lsp.ShowMessageParams(lsp.MessageType.Warning, (
                    f"copydesk: {os.path.basename(doc.path or doc.uri)}: {notice.message}")))

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
            if doc.translation:
                continue  # a comment in the file is not read by the units' checks: no "disable for this line"
            if doc.linter.find_rule(diag.code):  # not CD001: unused-suppression reports are final
                actions.append(_disable_for_line(doc, index, diag, client_diag))
        if _wanted(FIX_ALL_KIND, only) and any(d.fix and d.fix.applies(False) for d in found):
            linter = doc.linter
            final: str | None
            if doc.translation:  # as `copydesk fix` does it: unit by unit, then read back before it is offered
                final = doc.read_back(fix_until_stable(doc.text, lambda text: doc.check_units(text)[0]).text)
            else:
                final = fix_until_stable(doc.text, lambda text: linter.check(doc.document(text)[0]).diagnostics).text
            if final is not None and final != doc.text:
                whole = lsp.Range(_position(index, 0), _position(index, len(doc.text)))
                actions.append(lsp.CodeAction("Fix all safe problems", kind=FIX_ALL_KIND, edit=lsp.WorkspaceEdit(
                    changes={doc.uri: [lsp.TextEdit(whole, final)]})))
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
        if doc.translation:  # the unit the place is in: its id and its source
            unit = next((u for u in doc.units if u.start <= offset <= u.end), None)
            if unit is not None:
                parts.append(f"**Source** (unit {_escaped(unit.unit or '')}): {_escaped(unit.source)}")
        for diag in under:
            rule = doc.linter.find_rule(diag.code)
            page = f"\n\n{_markdown(explain(rule))}\n\n[Rule documentation]({rule_url(rule)})" if rule else ""
            parts.append(f"**{diag.code}**: {diag.message}{page}")
        if doc.pair is not None:  # a translation: the source sentence the place translates, first
            sentence = pairs.source_sentence(doc.text, doc.pair.text, offset, doc.format or _format_of(doc.path))
            parts.insert(0, f"**Source** ({os.path.basename(doc.pair.path)}): {_escaped(sentence)}")
        return lsp.Hover(lsp.MarkupContent(lsp.MarkupKind.Markdown, "\n\n---\n\n".join(parts)),
                         range=_range(index, under[0].start, under[0].end))


def _line_start(text: str, line: int) -> int:
    """The offset where 1-based ``line`` of ``text`` starts (the text's end for a line past it)."""
    starts = LineIndex(text).line_starts
    return starts[min(max(line, 1), len(starts)) - 1]


def _spliced(text: str, edits: tuple[Edit, ...]) -> str:
    """``text`` with ``edits`` (code-point offsets into it, not overlapping) made."""
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[:edit.start] + edit.text + text[edit.end:]
    return text


def _format_of(path: str | None) -> str:
    from linter.text.document import format_for_path

    return format_for_path(path)


def _escaped(text: str) -> str:
    """Plain text shown in Markdown as itself."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!<>|~])", r"\\\1", text)


def _load(path: str | None, last_good: Linter | None) -> tuple[Linter, str | None]:
    """The linter for a document's configuration; if that is broken, the last good one (or the defaults) and why."""
    directory = os.path.dirname(path) if path else None
    try:
        return linter_for(resolve(directory)), None
    except (ConfigError, PackError) as exc:
        return last_good or linter_for(resolve(directory, discover=False)), str(exc)


def _pack_files(path: str | None) -> tuple[str, ...]:
    """The extra packs (extend-packs) of the configuration of a document at ``path``, those shipped with copydesk
    left out; none when the configuration does not load."""
    directory = os.path.dirname(path) if path else None
    try:
        return tuple(p for p in resolve(directory).extend_packs if not is_builtin(p))
    except ConfigError:
        return ()


def _can_watch(server: LanguageServer) -> bool:
    """Whether the client lets the server register file watchers (VS Code does; Neovim on Linux does not)."""
    workspace = server.client_capabilities.workspace
    watched = workspace and workspace.did_change_watched_files
    return bool(watched and watched.dynamic_registration)


def _position(index: LineIndex, offset: int) -> lsp.Position:
    return lsp.Position(*index.lsp(offset))


def _range(index: LineIndex, start: int, end: int) -> lsp.Range:
    return lsp.Range(_position(index, start), _position(index, end))


def _to_lsp(index: LineIndex, version: int, diag: Diagnostic, linter: Linter) -> lsp.Diagnostic:
    record = lsp_diagnostic(index, diag, linter.find_rule(diag.code))
    # Code actions find the core diagnostic again by these; an older version means an older text.
    record["data"] = {"version": version, "start": diag.start, "end": diag.end}
    return _CONVERTER.structure(record, lsp.Diagnostic)


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
    if doc.translation and doc.read_back(_spliced(doc.text, fix.edits)) is None:
        return None  # the edit would not read back as the same units, only this unit's target changed
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
        if _can_watch(server):  # otherwise the client has no watchers for us to set up
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
                           item.text, linter, error, packs=_pack_files(path))
        server.documents[item.uri] = doc
        server.show_new_errors(before, [doc])
        server.watch_packs()
        server.warn_about_examples([doc])
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
        if _is_config(params.text_document.uri) or server.is_pack(params.text_document.uri):
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
        if any(_is_config(change.uri) or server.is_pack(change.uri) for change in params.changes):
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
    server.start_io(stdin=Framing(sys.stdin.buffer))  # type: ignore[arg-type]
    return 0 if server.shut_down else 1
