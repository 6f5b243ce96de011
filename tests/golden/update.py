"""Regenerate the golden files of the seed articles; review the diff by eye before committing.

    python tests/golden/update.py
"""

from __future__ import annotations

from pathlib import Path

from linter import check_text, fix_text
from linter.core.config import Settings
from linter.text.positions import LineIndex

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent.parent / "seeds"


def expected_diagnostics(text: str) -> str:
    index = LineIndex(text)
    lines = []
    for diag in check_text(text, config=Settings()):
        line, column = index.human(diag.start)
        lines.append(f"{line}:{column} {diag.code} {diag.name}")
    return "\n".join(lines) + "\n"


def safe_fixed(text: str) -> str:
    return fix_text(text, config=Settings()).text


def main() -> None:
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        (HERE / f"{seed.stem}.diagnostics.txt").write_text(expected_diagnostics(text), encoding="utf-8")
        (HERE / f"{seed.stem}.fixed.txt").write_text(safe_fixed(text), encoding="utf-8")
        print(f"wrote golden files for {seed.name}")


if __name__ == "__main__":
    main()
