"""A cache of lint results keyed by file content, copydesk version and configuration.

A second run over an unchanged archive reads each file, hashes it and finds its diagnostics
here instead of linting it again. Entries are small JSON files written atomically, so two
processes may share the cache; a damaged entry is a miss, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from linter.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity

CACHE_DIR = ".copydesk_cache"
_LAYOUT = "v1"


def content_key(fingerprint: str, ignored: tuple[str, ...], data: bytes) -> str:
    digest = content_hasher(fingerprint, ignored)
    digest.update(data)
    return digest.hexdigest()


def content_hasher(fingerprint: str, ignored: tuple[str, ...]) -> Any:
    """A sha256 to feed a file's bytes to (a block at a time): its ``hexdigest()`` is their ``content_key``."""
    digest = hashlib.sha256()
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
    }


def from_record(record: dict[str, Any]) -> Diagnostic:
    fix = record["fix"]
    return Diagnostic(
        record["code"], record["name"], record["pack"], Severity(record["severity"]), record["message"],
        record["start"], record["end"],
        fix=None if fix is None else Fix(tuple(Edit(*e) for e in fix["edits"]), Applicability(fix["applicability"])),
        suggestions=tuple(record["suggestions"]),
    )


class ResultCache:
    def __init__(self, directory: str | os.PathLike[str] = CACHE_DIR):
        self.root = Path(directory) / _LAYOUT

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> list[Diagnostic] | None:
        try:
            with open(self._path(key), encoding="utf-8") as handle:
                return [from_record(r) for r in json.load(handle)]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, diagnostics: list[Diagnostic]) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _ensure_tag(self.root.parent)
            fd, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump([to_record(d) for d in diagnostics], handle, ensure_ascii=False)
            os.replace(temp, path)
        except OSError:
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(temp)


def _ensure_tag(directory: Path) -> None:
    """Mark the folder as a cache, so backup and VCS tools skip it (as ruff and pytest do)."""
    tag = directory / "CACHEDIR.TAG"
    if not tag.exists():
        with contextlib.suppress(OSError):
            tag.write_text("Signature: 8a477f597d28d172789f06886806bc55\n# created by copydesk\n")
        with contextlib.suppress(OSError):
            (directory / ".gitignore").write_text("*\n")
