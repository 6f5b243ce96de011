"""A cache of lint results keyed by file content, copydesk version and configuration.

A second run over an unchanged archive reads each file, hashes it and finds its diagnostics
here instead of linting it again. Entries are small JSON files written atomically, so two
processes of one user may share the cache. An entry is used only if it is whole and plausible: a
regular file within ``ENTRY_LIMIT``, owned by this user and writable by no one else, written by
this copydesk version for this rule fingerprint and this content (it names all three), every
diagnostic of the right shape with its span and edits inside the text. Anything else (damaged,
planted, from another version, a FIFO, a link to a device) is a miss, never an error and never
trusted.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linter.core.regular_files import open_regular
from linter.io.writing import open_temp  # pid-named staging files, which a later run can tell are stale
from linter.kept import store
from linter.kept.hashing import key_hash
from linter.model.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from linter.version import VERSION

CACHE_DIR = ".copydesk_cache"
TEMP_DIR = "tmp"  # staged files of the cache and of atomic writes; a run removes those of dead processes
# v1 entries were bare lists, trusted as they were; v2 entries lack a finding's note (why its fix is withheld), and
# would show it without one: neither is read
_LAYOUT = "v3"
# An entry larger than this is neither written nor read (about 200,000 findings); a planted huge file
# or a link to /dev/zero costs nothing.
ENTRY_LIMIT = 64 * 1024 * 1024


def content_key(fingerprint: str, ignored: tuple[str, ...], data: bytes) -> str:
    digest = content_hasher(fingerprint, ignored)
    digest.update(data)
    return digest.hexdigest()


def content_hasher(fingerprint: str, ignored: tuple[str, ...]) -> Any:
    """A hash (BLAKE2b, linter/kept/hashing.py) to feed a file's bytes to (a block at a time): its ``hexdigest()``
    is their ``content_key``. The key holds the package's own stamp: an editable install whose code changed keeps
    no findings of before."""
    digest = key_hash()
    digest.update(store.package_stamp().encode())
    digest.update(fingerprint.encode())
    digest.update("\0".join(ignored).encode())
    digest.update(b"\0")
    return digest


def to_record(diag: Diagnostic) -> dict[str, Any]:
    return {
        "code": diag.code, "name": diag.name, "pack": diag.pack, "severity": diag.severity.value,
        "message": diag.message, "start": diag.start, "end": diag.end, "suggestions": list(diag.suggestions),
        "fix": None if diag.fix is None else {
            "applicability": diag.fix.applicability.value,
            "edits": [[e.start, e.end, e.text] for e in diag.fix.edits],
        },
        **({"note": diag.note} if diag.note else {}),
    }


class BadEntry(ValueError):
    """A cache entry of the wrong shape, or that does not fit the text it is for."""


def from_record(record: Any, length: int) -> Diagnostic:
    """The diagnostic ``to_record`` wrote, checked field by field against a text of ``length`` code points;
    BadEntry for anything else."""
    if not isinstance(record, dict):
        raise BadEntry("a diagnostic is not an object")
    code, name, pack, message = (_string(record, key) for key in ("code", "name", "pack", "message"))
    severity = _choice(Severity, record.get("severity"))
    start, end = _span(record.get("start"), record.get("end"), length)
    suggestions = record.get("suggestions")
    if not isinstance(suggestions, list) or not all(isinstance(s, str) for s in suggestions):
        raise BadEntry("suggestions are not a list of strings")
    fix = record.get("fix")
    if fix is not None:
        if not isinstance(fix, dict) or not isinstance(fix.get("edits"), list) or not fix["edits"]:
            raise BadEntry("a fix without edits")
        edits = []
        for edit in fix["edits"]:
            if not isinstance(edit, list) or len(edit) != 3 or not isinstance(edit[2], str):
                raise BadEntry("an edit is not [start, end, text]")
            edits.append(Edit(*_span(edit[0], edit[1], length), edit[2]))
        fix = Fix(tuple(edits), _choice(Applicability, fix.get("applicability")))
    note = record.get("note", "")
    if not isinstance(note, str):
        raise BadEntry("a note is not a string")
    return Diagnostic(code, name, pack, severity, message, start, end, fix=fix, suggestions=tuple(suggestions),
                      note=sys.intern(note))


def _string(record: dict[str, Any], key: str) -> str:
    value = record.get(key)
    if not isinstance(value, str):
        raise BadEntry(f"{key} is not a string")
    return value


def _choice(enum: Any, value: Any) -> Any:
    try:
        return enum(value)
    except ValueError:
        raise BadEntry(f"not a {enum.__name__}: {value!r}") from None


def _span(start: Any, end: Any, length: int) -> tuple[int, int]:
    if type(start) is not int or type(end) is not int or not 0 <= start <= end <= length:  # bool is not an offset
        raise BadEntry(f"a span that is not inside the text: {start!r}, {end!r}")
    return start, end


@dataclass(frozen=True)
class Cached:
    """A cache hit: the length in code points of the text it was made for, and its diagnostics."""

    length: int
    diagnostics: list[Diagnostic]


class ResultCache:
    def __init__(self, directory: str | os.PathLike[str] = CACHE_DIR):
        self.base = Path(directory)
        self.root = self.base / _LAYOUT

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str, fingerprint: str, length: int | None = None) -> Cached | None:
        """The entry for ``key`` (a ``content_key`` made with ``fingerprint``) if it is whole and fits a text of
        ``length`` code points (when given; else the length it names, which the caller must compare); None
        otherwise."""
        try:
            entry = json.loads(_read_own(self._path(key)))
            if not isinstance(entry, dict) or (entry.get("copydesk"), entry.get("fingerprint"), entry.get("key")) \
                    != (VERSION, fingerprint, key):
                return None
            stored = entry.get("length")
            if type(stored) is not int or stored < 0 or (length is not None and stored != length):
                return None
            records = entry.get("diagnostics")
            if not isinstance(records, list):
                return None
            return Cached(stored, [from_record(r, stored) for r in records])
        except (OSError, ValueError, RecursionError):  # 100,000 nested brackets are a RecursionError
            return None

    def put(self, key: str, fingerprint: str, length: int, diagnostics: Sequence[Diagnostic]) -> None:
        """Keep ``diagnostics`` of a text of ``length`` code points under ``key``; never raises."""
        entry = {"copydesk": VERSION, "fingerprint": fingerprint, "key": key, "length": length,
                 "diagnostics": [to_record(d) for d in diagnostics]}
        data = json.dumps(entry).encode("ascii")  # escaped: any text, even a lone surrogate, is valid JSON
        if len(data) > ENTRY_LIMIT:
            return
        path = self._path(key)
        temp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            staging = self.base / TEMP_DIR
            staging.mkdir(exist_ok=True)
            _ensure_tag(self.base)
            fd, temp = open_temp(str(staging), path.name)  # in the folder each run cleans, not beside the entry
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temp, path)
        except OSError:
            if temp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temp)


def _read_own(path: Path) -> bytes:
    """The bytes of the entry at ``path``, if it is a regular file within ENTRY_LIMIT that this user owns and
    no one else may write (a cache in a shared folder is not a way for another user to plant findings);
    OSError otherwise."""
    fd = open_regular(path)
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(fd)
        if st.st_uid != os.geteuid() or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            raise PermissionError(f"{path}: another user's or a shared entry")
        data = handle.read(ENTRY_LIMIT + 1)
    if len(data) > ENTRY_LIMIT:
        raise OSError(f"{path}: larger than the limit")
    return data


def _ensure_tag(directory: Path) -> None:
    """Mark the folder as a cache, so backup and VCS tools skip it (as ruff and pytest do)."""
    tag = directory / "CACHEDIR.TAG"
    if not tag.exists():
        with contextlib.suppress(OSError):
            tag.write_text("Signature: 8a477f597d28d172789f06886806bc55\n# created by copydesk\n")
        with contextlib.suppress(OSError):
            (directory / ".gitignore").write_text("*\n")
