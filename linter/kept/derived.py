"""Values derived from rule options that take longer to compute than to read back, kept between runs.

Every process needs, for each pattern rule, the literal words its regex cannot match without
(``linter.kinds.prefilter.required_literals``, which parses the regex with ``re``'s parser: about
0.2 ms a rule, a sixth of a one-file run's start-up). They are kept in one JSON file, keyed by
copydesk version and the prefilter's code, beside the pack cache. A missing or damaged file is
an empty one; ``COPYDESK_NO_PACK_CACHE`` turns it off like the pack cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import threading
import time
import zlib
from pathlib import Path
from typing import Any

from linter.version import VERSION

MAX_ENTRIES = 20_000  # more (packs edited over months): start again from the entries this process used
STALE_AFTER = 30 * 24 * 3600  # seconds: a kept file not written for this long is removed (see prune)

_lock = threading.Lock()
_values: dict[str, Any] | None = None
_used: set[str] = set()
_dirty = False


def required_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """``prefilter.required_literals(pattern, flags)``, read back when an earlier run derived it."""
    global _dirty
    key = f"{int(flags)}:{pattern}"
    values = _load()
    known = values.get(key, False)
    _used.add(key)
    if known is None:
        return None
    if isinstance(known, list) and all(isinstance(word, str) for word in known):
        return frozenset(known)
    from linter.kinds import prefilter  # here: the pattern kind imports this module

    result = prefilter.required_literals(pattern, flags)
    with _lock:
        values[key] = None if result is None else sorted(result)
        _dirty = True
    return result


def flush() -> None:
    """Write what this process derived (the engine calls it once its checkers are built)."""
    global _dirty
    if not _dirty:
        return
    path = _path()
    on_disk = _read(path)  # what other processes (a --jobs run's workers) kept since this one read the file
    with _lock:
        if not _dirty or _values is None or path is None:
            return
        for key, value in on_disk.items():
            _values.setdefault(key, value)
        values = dict(_values) if len(_values) <= MAX_ENTRIES else {k: _values[k] for k in _used if k in _values}
        _dirty = False
    with contextlib.suppress(TypeError, ValueError):
        write_kept(path, json.dumps(values, ensure_ascii=False).encode("utf-8"), "literals-*.json")


def kept_folder(name: str) -> Path | None:
    """The folder of the user's cache where copydesk keeps ``name`` (validated packs, derived values) between
    runs; None when ``COPYDESK_NO_PACK_CACHE`` turns keeping off."""
    if os.environ.get("COPYDESK_NO_PACK_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "copydesk", name)


def write_kept(path: Path, data: bytes, siblings: str) -> None:
    """Write a kept file whole or not at all (another process may be reading it), then prune the files
    matching ``siblings`` beside it. A folder that cannot be written to only means nothing is kept."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        temp.write_bytes(data)
        os.replace(temp, path)
    prune(path.parent, siblings)


def write_marshalled(path: Path, value: Any, siblings: str) -> None:
    """Keep ``value`` (plain data: marshal's types) in ``path`` with a checksum; see ``read_marshalled``."""
    data = marshal.dumps(value)
    write_kept(path, zlib.crc32(data).to_bytes(4, "big") + data, siblings)


def read_marshalled(path: Path | None) -> Any:
    """What ``write_marshalled`` kept in ``path``; None for no file, a damaged one or one of another Python."""
    if path is None:
        return None
    with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
        raw = path.read_bytes()
        if zlib.crc32(raw[4:]).to_bytes(4, "big") == raw[:4]:
            return marshal.loads(raw[4:])
    return None


def prune(folder: Path, pattern: str) -> None:
    """Remove the files matching ``pattern`` in ``folder`` not written for STALE_AFTER: those of other
    copydesk versions and other pack texts pile up otherwise. Called when a file is written, so rarely;
    a file removed while still in use is only derived again."""
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in folder.glob(pattern):
            with contextlib.suppress(OSError):
                if now - entry.stat().st_mtime > STALE_AFTER:
                    entry.unlink()


def _load() -> dict[str, Any]:
    global _values
    if _values is None:
        _values = _read(_path())
    return _values


def _read(path: Path | None) -> dict[str, Any]:
    values: Any = {}
    if path is not None:
        with contextlib.suppress(OSError, ValueError):
            values = json.loads(path.read_text(encoding="utf-8"))
    return values if isinstance(values, dict) else {}


def _path() -> Path | None:
    folder = kept_folder("derived")
    if folder is None:
        return None
    from linter.kinds import prefilter

    source = Path(prefilter.__file__)
    try:
        stat = source.stat()
        stamp = f"{stat.st_size}:{stat.st_mtime_ns}"
    except OSError:
        stamp = ""
    digest = hashlib.sha256(f"{VERSION}\0{stamp}".encode()).hexdigest()[:32]
    return folder / f"literals-{digest}.json"
