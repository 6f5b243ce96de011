"""Write articles back atomically and never over another edit; create new files whole; remove stale staging files."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import signal
import stat
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from linter.core.regular_files import NotRegularFile, open_regular
from linter.io.paths import outside_message, outside_roots
from linter.io.reading import Article, ArticleError

try:
    import fcntl
except ImportError:  # not on Windows: writes go on without the advisory lock
    fcntl = None  # type: ignore[assignment]

TEMP_SUFFIX = ".copydesk-tmp"
LOCK_TIMEOUT = 10.0  # seconds to wait for another process's lock on a file before giving up on it
_CHUNK = 1 << 20


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
    import ctypes  # only here and in _renameat2: a check that writes nothing never loads it (issue 20)

    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # a filesystem or kernel without the exchange: a plain rename
    raise OSError(code, os.strerror(code), b)


_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


@functools.lru_cache(maxsize=1)
def _renameat2() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

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
        fd, temp = open_temp(directory, name)
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


def open_temp(directory: str, name: str) -> tuple[int, str]:
    """A new temporary file whose name carries our pid, so a later run can tell it is stale."""
    # a name at the length limit must still leave room for the prefix and suffix (NAME_MAX is in bytes)
    short = name.encode("utf-8", "surrogateescape")[:120].decode("utf-8", "ignore")
    import tempfile  # (with shutil, random, bz2 and lzma) only when a file is written: not at start-up (issue 20)

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
    fd, temp = open_temp(directory, os.path.basename(path))
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
