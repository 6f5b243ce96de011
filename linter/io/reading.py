"""Read articles: UTF-8 with or without a byte order mark, refusing binary files and other encodings with a reason."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from linter.core.regular_files import NotRegularFile, check_regular, open_regular

BOM = "\ufeff"
_CHUNK = 1 << 20
_MAGIC = {
    b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
    b"%PDF": "a PDF document", b"PK\x03\x04": "a ZIP archive (or .docx/.odt)", b"\x1f\x8b": "gzip data",
    b"\x7fELF": "an executable",
}



class FileError(Exception):
    """A file that cannot be read or written as asked; ``str()`` names it (``path: message``)."""

    def __init__(self, path: str, message: str):
        super().__init__(message)
        self.path, self.message = path, message

    def __reduce__(self) -> tuple[type, tuple]:  # whole across a worker process's pipe
        return (type(self), (self.path, self.message))

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ArticleError(FileError):
    """A file that cannot be linted; it is left untouched."""


@dataclass(frozen=True)
class Article:
    path: str
    text: str
    bom: bool
    raw: bytes

    def encode(self, text: str) -> bytes:
        return ((BOM if self.bom else "") + text).encode("utf-8")


def decode(path: str, raw: bytes) -> Article:
    refuse_binary(path, raw)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise not_utf8(path, raw[exc.start], raw.count(b"\n", 0, exc.start) + 1, exc.start) from None
    bom = text.startswith(BOM)
    return Article(path, text[1:] if bom else text, bom, raw)


def refuse_binary(path: str, head: bytes) -> None:
    """ArticleError for a file whose first bytes show it is not UTF-8 text (an image, an archive, UTF-16, NUL
    bytes)."""
    problem = not_text(head)
    if problem is not None:
        convert = problem.startswith("UTF-")
        raise ArticleError(path, f"{problem}; skipped, convert it to UTF-8 first" if convert
                           else f"{problem}, not an article; skipped")


def not_text(head: bytes, nul: bool = True) -> str | None:
    """What the first bytes of a file show it to be when that is not UTF-8 text ("UTF-16 text, not UTF-8",
    "binary file (a PNG image)"); None when they may be text. ``nul``: a NUL byte makes it binary."""
    encoding = wide_encoding(head)
    if encoding is not None:
        return f"{encoding} text, not UTF-8"
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            return f"binary file ({what})"
    if nul and b"\x00" in head[:8192]:
        return "binary file (contains NUL bytes)"
    return None


_WIDE_BOMS = (  # UTF-32 first: its little-endian mark begins with UTF-16's
    (b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"),
)


def wide_encoding(head: bytes) -> str | None:
    """"UTF-16" or "UTF-32" when the first bytes of a file are text in that encoding: by its byte order mark,
    or, without one, by the NUL bytes of UTF-16 text (spaces and Latin letters have a NUL byte): every NUL on
    one side of the pairs of bytes, and the pairs read in that byte order are text. None otherwise."""
    for bom, name in _WIDE_BOMS:
        if head.startswith(bom):
            return name
    sample = head[:8192]
    sample = sample[:len(sample) - len(sample) % 2]
    if b"\x00" not in sample:
        return None
    even, odd = sample[0::2], sample[1::2]
    for other, codec in ((even, "utf-16-le"), (odd, "utf-16-be")):
        if b"\x00" in other:
            continue
        text = sample.decode(codec, "replace")
        printable = sum(c.isprintable() or c in "\n\r\t" for c in text)
        if printable >= 0.95 * len(text):  # binary data read as UTF-16 has control characters and U+FFFD
            return "UTF-16"
    return None


def not_utf8(path: str, byte: int, line: int, offset: int) -> ArticleError:
    return ArticleError(path, f"not valid UTF-8 (byte 0x{byte:02x} at line {line}, byte offset {offset}); "
                              "skipped, convert it to UTF-8 first")


def read_article(path: str) -> Article:
    with _reading(path), _open_article(path) as handle:
        raw = handle.read()
    return decode(path, raw)


def read_blocks(path: str, size: int = _CHUNK) -> Iterator[bytes]:
    """The file's bytes, ``size`` at a time (a very large file read without holding it; linter/io/streamed.py)."""
    with _reading(path), _open_article(path) as handle:
        while block := handle.read(size):
            yield block


def _open_article(path: str) -> Any:
    """The regular file ``path`` open for reading; a FIFO, a device or a socket is refused without opening it
    (linter/core/regular_files.py), so that a named pipe in a folder never blocks a run."""
    check_regular(path)
    return os.fdopen(open_regular(path), "rb")


@contextlib.contextmanager
def _reading(path: str) -> Iterator[None]:
    """Turn the errors of opening and reading ``path`` into ArticleErrors that say what is wrong."""
    try:
        yield
    except IsADirectoryError:
        raise ArticleError(path, "is a directory") from None
    except NotRegularFile as exc:
        if os.path.isdir(path):
            raise ArticleError(path, "is a directory") from None
        raise ArticleError(path, f"{exc}; skipped") from None
    except FileNotFoundError:
        if os.path.islink(path):
            raise ArticleError(path, f"broken symlink (to {_link_target(path)}, which does not exist); "
                                     "skipped") from None
        raise ArticleError(path, "no such file") from None
    except PermissionError:
        raise ArticleError(path, "permission denied; skipped") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ArticleError(path, "symlink loop (the link leads back to itself); skipped") from None
        raise ArticleError(path, f"cannot read: {exc.strerror or exc}") from None


def _link_target(path: str) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"
