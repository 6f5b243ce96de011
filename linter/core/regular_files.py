"""Open and read only regular files, within a size cap: a FIFO, a device or a huge file never hangs a run."""

from __future__ import annotations

import os
import stat

# Caps on what copydesk reads whole into memory besides articles (a pack or config at /dev/zero, or a
# multi-gigabyte file named by mistake, would otherwise be read until memory runs out).
PACK_LIMIT = 16 * 1024 * 1024
CONFIG_LIMIT = 1024 * 1024

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class NotRegularFile(OSError):
    """``path`` is a FIFO, a device, a socket or a directory: reading it could block or never end."""


class TooLarge(OSError):
    """``path`` is larger than the cap for its use."""


def kind_of(mode: int) -> str:
    """What a file of ``mode`` is, in words ("a FIFO (named pipe)")."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def check_regular(path: str | os.PathLike[str]) -> os.stat_result:
    """The stat of ``path`` (following links), or NotRegularFile when it is not a regular file."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFile(f"{kind_of(st.st_mode)}, not a regular file")
    return st


def open_regular(path: str | os.PathLike[str]) -> int:
    """A read-only descriptor of ``path``, opened without blocking (a FIFO with no writer would block
    ``open`` for ever) and checked to be a regular file on the descriptor itself, so a file swapped for
    a FIFO between a check and the open is caught too. The caller closes it."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(f"{kind_of(st.st_mode)}, not a regular file")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: str | os.PathLike[str], limit: int | None = None) -> bytes:
    """The bytes of the regular file ``path``; TooLarge past ``limit`` bytes (read no further than that)."""
    fd = open_regular(path)
    with os.fdopen(fd, "rb") as handle:
        data = handle.read() if limit is None else handle.read(limit + 1)
    if limit is not None and len(data) > limit:
        raise TooLarge(f"larger than {_size(limit)}, the limit for this file")
    return data


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):g} MiB"
    return f"{n / 1024:g} KiB" if n >= 1024 else f"{n} bytes"
