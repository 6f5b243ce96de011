"""Every string of the evaluation set's JSON lines (../shared/eval), for the equivalence tests that read them all."""

from __future__ import annotations

import json
from pathlib import Path


def strings_of(value: object) -> list[str]:
    """The strings in a decoded JSON value, at any depth."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_of(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_of(v)]
    return []


def eval_strings(folder: Path) -> list[str]:
    """Every string of every record of the ``*.jsonl`` files in ``folder``."""
    return [s for path in sorted(folder.glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
            for s in strings_of(json.loads(line))]
