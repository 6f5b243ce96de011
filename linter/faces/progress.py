"""Progress of a batch run on stderr: a rich bar on a terminal, plain periodic lines otherwise."""

from __future__ import annotations

import os
import time
from typing import Any, TextIO

# Seconds between plain progress lines; the first comes only once a run has lasted this long.
LINE_EVERY_SECONDS = float(os.environ.get("COPYDESK_PROGRESS_INTERVAL", "2"))


class Progress:
    """Counts files (or records) and findings; ``mode`` is auto, bar, lines or none.

    ``lines`` (asked for by name) writes a line per file and a last line when the run ends, whatever the number of
    jobs; ``auto`` away from a terminal writes a line every LINE_EVERY_SECONDS, and the last line only after such
    a line (a short run, a pre-commit hook's, stays quiet)."""

    def __init__(self, mode: str, total: int, stream: TextIO, unit: str = "files"):
        self.every = 0.0 if mode == "lines" else LINE_EVERY_SECONDS
        if mode == "auto":
            mode = "bar" if getattr(stream, "isatty", lambda: False)() else "lines"
        self.mode, self.total, self.stream, self.unit = mode, total, stream, unit
        self.done = self.findings = 0
        self.started = time.monotonic()
        self._last_line = self.started
        self._lines_written = 0
        self._bar: Any = None
        self._task: Any = None
        if mode == "bar" and total > 1:
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(
                TextColumn("copydesk"), BarColumn(), MofNCompleteColumn(), TextColumn(unit),
                TextColumn("{task.fields[rate]}"), TextColumn("{task.fields[findings]} findings"),
                TimeElapsedColumn(), transient=True, console=_console(stream),
            )
            self._task = self._bar.add_task("lint", total=total, rate="", findings=0)
            self._bar.start()

    def advance(self, count: int = 1, findings: int = 0) -> None:
        self.done += count
        self.findings += findings
        rate = self.done / max(time.monotonic() - self.started, 1e-9)
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done, rate=f"{rate:.0f} {self.unit}/s",
                             findings=self.findings)
        elif self.mode == "lines":
            now = time.monotonic()
            if now - self._last_line >= self.every:
                self._last_line = now
                self._write(f"{rate:.0f} {self.unit}/s, {self.findings} finding{'s' * (self.findings != 1)}")

    def _write(self, what: str) -> None:
        total = f"/{self.total}" if self.total else ""
        self.stream.write(f"copydesk: {self.done}{total} {self.unit}, {what}\n")
        self.stream.flush()
        self._lines_written += 1

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
        elif self.mode == "lines" and (self.every == 0 or self._lines_written):
            self.every = float("inf")  # closed: no line after this one
            seconds = time.monotonic() - self.started
            self._write(f"done in {seconds:.1f} s, {self.findings} finding{'s' * (self.findings != 1)}")


def _console(stream: TextIO) -> Any:
    from rich.console import Console

    return Console(file=stream, stderr=True)
