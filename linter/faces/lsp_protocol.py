"""The language server's side of the wire: messages framed from standard input as robust LSP readers frame them,
malformed ones answered with JSON-RPC's errors, LSP's lifecycle kept, and positions in UTF-16.

pygls does the rest; linter/faces/lsp.py holds the server's features.
"""

from __future__ import annotations

import json
import logging
import os
import re
import select
from collections.abc import Generator
from typing import Any

import regex
from lsprotocol import types as lsp
from pygls.exceptions import (
    JsonRpcException,
    JsonRpcInvalidRequest,
    JsonRpcParseError,
    JsonRpcServerNotInitialized,
)
from pygls.protocol import LanguageServerProtocol, lsp_method

_DROPPED = object()  # a message that could not be read, already answered (requests) or logged (the rest)
MAX_MESSAGE_BYTES = 1 << 30  # a Content-Length above this is taken for a lie: the header is skipped
# A body that is already a whole JSON value, still short of its Content-Length, and followed by nothing for
# this long was announced too long: it is answered (an error) rather than waited for forever.
STALL_SECONDS = 1.0
FRAMING_ERROR = "copydesk/framingError"  # what the reader hands pygls for input it could not frame
logger = logging.getLogger("linter.faces.lsp")  # the language server's one logger


class ServerProtocol(LanguageServerProtocol):
    """pygls's LSP protocol, held to LSP: positions in UTF-16, every malformed message answered, the lifecycle kept.

    pygls would pick the client's first position encoding (Neovim offers utf-8 first); LineIndex speaks UTF-16."""

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


class Framing:
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
