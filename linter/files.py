"""Read articles safely, find them under paths, and write them back atomically."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import glob
import os
import signal
import stat
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linter.regular_files import NotRegularFile, check_regular, open_regular

try:
    import fcntl
except ImportError:  # not on Windows: writes go on without the advisory lock
    fcntl = None  # type: ignore[assignment]

BOM = "\ufeff"
TEMP_SUFFIX = ".copydesk-tmp"
LOCK_TIMEOUT = 10.0  # seconds to wait for another process's lock on a file before giving up on it
_CHUNK = 1 << 20
# Never walked into: tool folders and caches.
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__",
                       ".copydesk_cache", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".tox"})
_MAGIC = {
    b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
    b"%PDF": "a PDF document", b"PK\x03\x04": "a ZIP archive (or .docx/.odt)", b"\x1f\x8b": "gzip data",
    b"\x7fELF": "an executable",
}


class ArticleError(Exception):
    """A file that cannot be linted; it is left untouched."""

    def __init__(self, path: str, message: str):
        super().__init__(message)
        self.path, self.message = path, message

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


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
    """The file's bytes, ``size`` at a time (a very large file read without holding it; linter/streamed.py)."""
    with _reading(path), _open_article(path) as handle:
        while block := handle.read(size):
            yield block


def _open_article(path: str) -> Any:
    """The regular file ``path`` open for reading; a FIFO, a device or a socket is refused without opening it
    (linter/regular_files.py), so that a named pipe in a folder never blocks a run."""
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


def write_atomic(article: Article, text: str, temp_dir: str | None = None, roots: Sequence[str] = ()) -> None:
    """Replace the file with ``text`` in one rename, keeping mode and BOM; never over someone else's edit.

    The new content goes to a temporary file, is flushed to disk, then renamed over the
    target: a reader or a crash sees the old file or the new one, never half of one. The
    temporary file lives in ``temp_dir`` when that is on the target's filesystem (so a run
    killed mid-write leaves nothing in the article tree), else beside the target.

    Compare and replace, so that no edit made by someone else is lost: the file is opened and
    locked (``flock``: it orders copydesk processes), and on Linux a read lease is taken on it, so
    that a program opening it for writing from then on is made to wait and is noticed (a file
    already open for writing elsewhere is not written). Its content is compared with what was
    read, the new content staged, the lease and content checked again, and the two files swapped
    (``renameat2(RENAME_EXCHANGE)``). If the file swapped out is not the one compared, or a writer
    turned up meanwhile, they are swapped back and nothing is written. Where leases or the swap are
    unavailable, a plain rename follows the last comparison and the old file is read once more
    afterwards: a write that reached it is put back. docs/reliability.md says what remains.
    With ``roots``, a target (after symlinks) outside all of them is refused.
    """
    target = os.path.realpath(article.path)
    if outside_roots(article.path, roots) is not None:
        raise ArticleError(article.path, outside_message(target))
    data = article.encode(text)
    held = _open_unchanged(article, target)
    try:
        if not _writable(target, held.st):
            raise ArticleError(article.path, "read-only (no permission to write it); not written")
        if held.st.st_nlink > 1:
            raise ArticleError(article.path, _hard_links(held.st.st_nlink))
        directory = os.path.dirname(target) or "."
        if temp_dir is not None and not _same_device(temp_dir, held.st.st_dev):
            temp_dir = None
        for staging in dict.fromkeys([temp_dir or directory, directory]):
            temp = _stage(article, data, staging, os.path.basename(target), held.st)
            try:
                _check_unchanged(article, target, held)  # again, right before the swap
                swapped = _exchange(temp, target)
                if not swapped:
                    os.replace(temp, target)
                break
            except BaseException as exc:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                if isinstance(exc, OSError) and exc.errno == errno.EXDEV and staging != directory:
                    continue  # two mounts of one filesystem (same device, no rename between them): stage beside it
                if isinstance(exc, OSError):
                    raise ArticleError(article.path,
                                       f"cannot replace the file: {exc.strerror or exc}; not written") from None
                raise
        if swapped:  # ``temp`` now names the file that was at the target
            if _inode(temp) != (held.st.st_dev, held.st.st_ino) or not held.undisturbed(article.raw):
                try:
                    _exchange(temp, target)  # theirs back in place; ours is at ``temp`` again
                except OSError as exc:
                    raise ArticleError(article.path, f"changed on disk while copydesk was writing it, and the other "
                                                     f"version could not be put back ({exc.strerror}): it is {temp}"
                                       ) from None
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise ArticleError(article.path, RACED)
            with contextlib.suppress(OSError):
                os.unlink(temp)
        elif not held.undisturbed(article.raw):
            _put_back(article, target, held.fd, data, staging, held.st)
    finally:
        os.close(held.fd)  # and so unlock and end the lease


RACED = "changed on disk while copydesk was writing it; the other edit was kept, the fix not written"


def _hard_links(links: int) -> str:
    return (f"has {links} hard links: a fix would split them, the other names keeping the old text; not written "
            "(copy the file to break the link, then fix it)")


def _writable(target: str, st: os.stat_result) -> bool:
    """Whether the file may be written: the system allows it, and its mode gives someone write permission.
    Root may write any file, but a file with no write bit at all (0444) was made read-only on purpose."""
    return os.access(target, os.W_OK) and bool(st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


@dataclass(frozen=True)
class _Held:
    """The target, open: locked, and leased where the system allows."""

    fd: int
    st: os.stat_result
    leased: bool

    def undisturbed(self, raw: bytes) -> bool:
        """No program has opened the file for writing since the lease was taken, and it still holds ``raw``."""
        if self.leased and fcntl is not None:
            with contextlib.suppress(OSError):
                if fcntl.fcntl(self.fd, fcntl.F_GETLEASE) != fcntl.F_RDLCK:
                    return False  # the lease is being broken: a writer is waiting to open the file
        return _same_content(self.fd, raw)


def _open_unchanged(article: Article, target: str) -> _Held:
    """The target opened, locked and leased, after checking it still holds what was read."""
    for _attempt in range(3):
        try:
            fd = open_regular(target)  # never blocks, should the file have been swapped for a FIFO
        except FileNotFoundError:
            raise ArticleError(article.path, "disappeared while copydesk was fixing it; not written") from None
        except NotRegularFile as exc:
            raise ArticleError(article.path, f"is now {exc}; not written") from None
        except PermissionError:
            raise ArticleError(article.path, "permission denied; not written") from None
        except OSError as exc:
            raise ArticleError(article.path, f"cannot open it again: {exc.strerror or exc}; not written") from None
        try:
            _lock(article, fd)
            st = os.fstat(fd)
            if _inode(target) == (st.st_dev, st.st_ino):
                leased = _lease(fd)
                if leased is None:
                    raise ArticleError(article.path, "open for writing in another program; not written")
                held = _Held(fd, st, leased)
                _check_unchanged(article, target, held)
                return held
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # replaced while we waited for the lock: look at the new file
    raise ArticleError(article.path, "keeps being replaced while copydesk is fixing it; not written")


def _lock(article: Article, fd: int) -> None:
    if fcntl is None:
        return
    deadline = time.monotonic() + LOCK_TIMEOUT
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise ArticleError(article.path, "locked by another process; not written") from None
            time.sleep(0.005)
        except OSError:
            return  # a filesystem without locks: the comparisons still guard the write


def _lease(fd: int) -> bool | None:
    """Take a read lease (Linux): True if taken, False if unavailable here, None if the file is open for writing.

    While the lease is held, a program opening the file for writing waits (up to the kernel's
    lease-break-time) until the lease is let go, and the lease shows it is being broken. The
    kernel signals the break with SIGURG, ignored by default, instead of SIGIO, which would end
    the process.
    """
    if fcntl is None or not hasattr(fcntl, "F_SETLEASE"):
        return False
    try:
        fcntl.fcntl(fd, fcntl.F_SETSIG, signal.SIGURG)
        fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_RDLCK)
    except BlockingIOError:
        return None
    except OSError:
        return False  # not the file's owner (and no CAP_LEASE), or a filesystem without leases
    return True


def _exchange(a: str, b: str) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where that is unavailable."""
    call = _renameat2()
    if call is None:
        return False
    if call(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # a filesystem or kernel without the exchange: a plain rename
    raise OSError(code, os.strerror(code), b)


_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


@functools.lru_cache(maxsize=1)
def _renameat2() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        call = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28+, musl 1.2.2+
    except (OSError, AttributeError):
        return None
    call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    call.restype = ctypes.c_int
    return call


def _inode(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _check_unchanged(article: Article, target: str, held: _Held) -> None:
    if _inode(target) != (held.st.st_dev, held.st.st_ino) or not held.undisturbed(article.raw):
        raise ArticleError(article.path, "changed on disk while copydesk was fixing it; not written")


def _same_content(fd: int, expected: bytes) -> bool:
    """Whether the open file holds exactly ``expected``; read in chunks, so no second copy of a big file."""
    view = memoryview(expected)
    position = 0
    while True:
        chunk = os.pread(fd, _CHUNK, position)
        if not chunk:
            return position == len(expected)
        if view[position:position + len(chunk)] != chunk:
            return False
        position += len(chunk)


def _stage(article: Article, data: bytes, directory: str, name: str, st: os.stat_result) -> str:
    """Write ``data`` to a new temporary file with the target's mode and owner; return its path."""
    try:
        fd, temp = _open_temp(directory, name)
    except OSError as exc:
        raise ArticleError(article.path, f"cannot write beside the file: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            with contextlib.suppress(OSError):  # not permitted for non-root users; the mode is what matters
                os.fchown(handle.fileno(), st.st_uid, st.st_gid)
            os.fchmod(handle.fileno(), stat.S_IMODE(st.st_mode))  # after chown, which clears setuid and setgid
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise ArticleError(article.path, f"cannot write: {exc.strerror or exc}") from None
        raise
    return temp


def _put_back(article: Article, target: str, fd: int, ours: bytes, directory: str, st: os.stat_result) -> None:
    """Someone wrote to the file as it was being renamed over: give them their version back, if ours is still there."""
    size = os.fstat(fd).st_size
    theirs = os.pread(fd, size + _CHUNK, 0)
    with contextlib.suppress(OSError):
        current = os.open(target, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            if _same_content(current, ours):
                temp = _stage(article, theirs, directory, os.path.basename(target), st)
                os.replace(temp, target)
        finally:
            os.close(current)
    raise ArticleError(article.path, RACED)


def _same_device(directory: str, device: int) -> bool:
    try:
        return os.stat(directory).st_dev == device
    except OSError:
        return False


def _open_temp(directory: str, name: str) -> tuple[int, str]:
    """A new temporary file whose name carries our pid, so a later run can tell it is stale."""
    # a name at the length limit must still leave room for the prefix and suffix (NAME_MAX is in bytes)
    short = name.encode("utf-8", "surrogateescape")[:120].decode("utf-8", "ignore")
    return tempfile.mkstemp(prefix=f".{short}.", suffix=f".{os.getpid()}{TEMP_SUFFIX}", dir=directory)


def create_new(path: str, data: bytes, mode: int = 0o644) -> tuple[int, int]:
    """Write ``data`` to a new file at ``path``, complete or not at all, and never over an existing file
    (FileExistsError); return its (device, inode). On Linux the file is written unnamed (``O_TMPFILE``) and
    linked in when complete, so a run killed meanwhile leaves nothing; elsewhere a temporary file is linked."""
    directory = os.path.dirname(path) or "."
    if getattr(os, "O_TMPFILE", 0) and os.path.isdir("/proc/self/fd"):
        try:
            fd = os.open(directory, os.O_TMPFILE | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), 0o600)
        except OSError as exc:
            if exc.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
                raise
        else:
            try:
                _fill(fd, data, mode)
                os.link(f"/proc/self/fd/{fd}", path, follow_symlinks=True)
                st = os.fstat(fd)
                return st.st_dev, st.st_ino
            except FileExistsError:
                raise
            except OSError:
                pass  # no linking from /proc here (some sandboxes): the named way below
            finally:
                os.close(fd)
    fd, temp = _open_temp(directory, os.path.basename(path))
    try:
        _fill(fd, data, mode)
        os.link(temp, path, follow_symlinks=False)
        st = os.fstat(fd)
        return st.st_dev, st.st_ino
    finally:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _fill(fd: int, data: bytes, mode: int) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    os.fsync(fd)
    os.fchmod(fd, mode)


def remove_stale_temp_files(directory: str) -> int:
    """Delete temp files left by a copydesk process that was killed mid-write (its pid is gone)."""
    removed = 0
    try:
        names = os.listdir(directory)
    except OSError:
        return 0
    for name in names:
        if not (name.startswith(".") and name.endswith(TEMP_SUFFIX)):
            continue
        pid = name[: -len(TEMP_SUFFIX)].rsplit(".", 1)[-1]
        if pid.isdigit() and _alive(int(pid)):
            continue
        with contextlib.suppress(OSError):
            os.unlink(os.path.join(directory, name))
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs. A zombie does not: a worker killed with its run stays one until it is
    reaped (seconds, in some containers), and its staged file would outlive the next run's clean-up."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            state = handle.read().rpartition(b")")[2].split()[:1]
    except OSError:
        return True  # no /proc (macOS): kill(0) said it is there
    return state not in ([b"Z"], [b"X"])


def expand_paths(paths: Iterable[str], exclude: Iterable[tuple[str, str]] = (),
                 skip_suffixes: Sequence[str] = ()) -> Iterator[str]:
    """Files named, found under directories (hidden and tool folders skipped), or matched by globs.

    A file named explicitly is always returned; ``exclude`` holds (root, glob) pairs, globs in
    gitignore syntax relative to their root, which prune what directory walks and globs find, as do
    ``skip_suffixes`` (the names copydesk writes beside the articles: ``--backup`` copies; a file named
    with such a suffix is left out too when the file it is the copy of is beside it).
    ``-`` (standard input) is passed through. A file reached under several names (symlinks, hard
    links) is returned once, at its first place, under its own name when that is among them.
    """
    skip_suffixes = tuple(s for s in skip_suffixes if s)
    exclude = tuple(exclude)
    specs: list[tuple[Path, Any]] = []
    if exclude:
        from linter.globs import Glob  # here: runs without exclude globs need none of it

        specs = [(Path(root).resolve(), Glob(glob, "exclude")) for root, glob in exclude]

    def excluded(path: str) -> bool:
        if not specs:
            return False
        resolved = Path(os.path.realpath(path))  # never raises on a symlink loop
        for base, spec in specs:
            try:
                relative = resolved.relative_to(base).as_posix()
            except ValueError:
                relative = Path(path).as_posix()
            if spec.matches(relative):
                return True
        return False

    def skipped(path: str) -> bool:  # a file found by a walk or a glob
        return (bool(skip_suffixes) and path.endswith(skip_suffixes)) or excluded(path)

    found: list[str] = []
    where: dict[object, int] = {}  # file identity -> index in found
    for given in paths:
        if given == "-":
            found.append(given)
            continue
        if os.path.isdir(given):
            candidates: Iterable[str] = _walk(given, excluded, skipped)
        elif os.path.exists(given) or os.path.islink(given):
            candidates = [] if _backup_of_a_file(given, skip_suffixes) else [given]
        elif glob.has_magic(given):
            candidates = sorted(p for p in glob.glob(given, recursive=True) if os.path.isfile(p) and not skipped(p))
        else:
            candidates = [given]  # reported as missing when read
        for path in candidates:
            key = _identity(path)
            if key not in where:
                where[key] = len(found)
                found.append(path)
            elif os.path.islink(found[where[key]]) and not os.path.islink(path):
                found[where[key]] = path
    yield from found


def _backup_of_a_file(path: str, suffixes: Sequence[str]) -> bool:
    """Whether ``path`` ends in one of ``suffixes`` and the file it would be the backup of is beside it (a
    shell glob names backups one by one: ``copydesk fix --backup .orig docs/*``)."""
    return any(path.endswith(s) and os.path.lexists(path[:-len(s)]) for s in suffixes)


def _identity(path: str) -> object:
    """What names one file: its device and inode (so hard links are one file), else its real path."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return os.path.realpath(path)
    return st.st_dev, st.st_ino


def roots_of(paths: Iterable[str]) -> tuple[str, ...]:
    """Where ``fix`` may write, as real paths: each folder given, each file given (for a symlink, its
    target: the user named it), and for a glob the folder before its first wildcard."""
    roots: list[str] = []
    for given in paths:
        if given == "-":
            continue
        if not os.path.lexists(given) and glob.has_magic(given):
            fixed = []
            for part in Path(given).parts:
                if glob.has_magic(part):
                    break
                fixed.append(part)
            given = os.path.join(*fixed) if fixed else "."
        roots.append(os.path.realpath(given))
    return tuple(dict.fromkeys(roots))


def outside_roots(path: str, roots: Sequence[str]) -> str | None:
    """The real path of ``path`` if it is under none of ``roots``; None if it is under one, or no roots are given."""
    if not roots:
        return None
    real = os.path.realpath(path)
    for root in roots:
        if real == root or real.startswith(root.rstrip(os.sep) + os.sep):
            return None
    return real


def outside_message(real: str) -> str:
    return f"a symlink to {real}, outside the paths given; not fixed (name that file itself to fix it)"


def _walk(top: str, excluded: Any, skipped: Any) -> Iterator[str]:
    visited: set[tuple[int, int]] = set()
    for directory, dirs, files in os.walk(top, followlinks=True):
        try:
            st = os.stat(directory)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) in visited:
            dirs[:] = []  # a symlink loop
            continue
        visited.add((st.st_dev, st.st_ino))
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith(".")
                         and not excluded(os.path.join(directory, d))
                         and not _leads_back(os.path.join(directory, d)))
        for name in sorted(files):
            path = os.path.join(directory, name)
            if name.startswith(".") or skipped(path):
                continue
            yield path


def _leads_back(path: str) -> bool:
    """A symlink to a folder that contains it (``up -> ..``): following it would walk the folders above."""
    if not os.path.islink(path):
        return False
    target = os.path.realpath(path)
    here = os.path.realpath(os.path.dirname(path))
    return here == target or here.startswith(target.rstrip(os.sep) + os.sep)
