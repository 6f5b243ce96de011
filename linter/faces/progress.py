"""Progress of a batch run on stderr: a rich bar on a terminal, plain periodic lines otherwise."""

from __future__ import annotations

import os
import time
from typing import Any, TextIO

# Seconds between plain progress lines; the first comes only once a run has lasted this long.
LINE_EVERY_SECONDS = float(os.environ.get("COPYDESK_PROGRESS_INTERVAL", "2"))


class Progress:
    """Counts files (or records) and findings; ``mode`` is auto, bar, lines or none."""

    def __init__(self, mode: str, total: int, stream: TextIO, unit: str = "files"):
        if mode == "auto":
            mode = "bar" if getattr(stream, "isatty", lambda: False)() else "lines"
        self.mode, self.total, self.stream, self.unit = mode, total, stream, unit
        self.done = self.findings = 0
        self.started = time.monotonic()
        self._last_line = self.started
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
            if now - self._last_line >= LINE_EVERY_SECONDS:
                self._last_line = now
                total = f"/{self.total}" if self.total else ""
                self.stream.write(f"copydesk: {self.done}{total} {self.unit}, {rate:.0f} {self.unit}/s, "
                                  f"{self.findings} findings\n")
                self.stream.flush()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _console(stream: TextIO) -> Any:
    from rich.console import Console

    return Console(file=stream, stderr=True)
