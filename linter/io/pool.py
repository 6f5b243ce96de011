"""Run per-document work in worker processes: results in input order, a hook as each one comes in.

Workers ignore Ctrl-C (it goes to the whole process group: a worker finishes the file in hand, whose write is
atomic, while the parent stops handing out work) and die with the parent. ``concurrent.futures`` is imported
only when a run has work for more than one process.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from linter.io.pipeline import Job, lint_file
from linter.io.results import FileResult

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

Key = TypeVar("Key")
Value = TypeVar("Value")


def run_files(
    paths: Sequence[str], job: Job, jobs: int = 1, on_result: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Lint files with ``jobs`` processes; results come back in input order, as a serial run gives.
    ``on_result`` is called with each result as it comes in (in the order the workers finish)."""
    if jobs <= 1 or len(paths) < 2:
        results = []
        for path in paths:
            result = lint_file(job, path)
            results.append(result)
            if on_result:
                on_result(result)
        return results
    # small chunks (about 32 a worker): the last ones to finish leave the other workers idle for less time
    chunk = max(1, min(32, len(paths) // (jobs * 32) or 1))
    chunks = [list(paths[i:i + chunk]) for i in range(0, len(paths), chunk)]
    slots: list[list[FileResult] | None] = [None] * len(chunks)
    with _workers(jobs) as pool:
        futures: dict[Future, int] = {pool.submit(_lint_chunk, job, c): i for i, c in enumerate(chunks)}
        for future in _as_completed(futures):
            slots[futures[future]] = future.result()
            if on_result:
                for result in slots[futures[future]] or []:
                    on_result(result)
    return [r for part in slots for r in part or []]


def in_order(function: Callable[..., Value], calls: Iterable[tuple[Key, tuple[Any, ...]]], jobs: int
             ) -> Iterator[tuple[Key, Value]]:
    """``function(*args)`` for each ``(key, args)`` of ``calls``, in ``jobs`` processes, each yielded with its key
    in the order of ``calls``. ``calls`` is read as the work goes, at most ``2 * jobs`` calls ahead of what was
    yielded, so that memory stays bounded however many there are. With one job, all in this process."""
    if jobs <= 1:
        for key, args in calls:
            yield key, function(*args)
        return
    with _workers(jobs) as pool:
        pending: list[tuple[Key, Future]] = []
        for key, args in calls:
            pending.append((key, pool.submit(function, *args)))
            while len(pending) >= 2 * jobs:
                key, future = pending.pop(0)
                yield key, future.result()
        while pending:
            key, future = pending.pop(0)
            yield key, future.result()


@contextlib.contextmanager
def _workers(jobs: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``jobs`` worker processes; on any error (Ctrl-C too), work not started is dropped."""
    from concurrent.futures import ProcessPoolExecutor  # here: a one-file run needs no process pool

    with ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_sigint) as pool:
        try:
            yield pool
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def _lint_chunk(job: Job, paths: list[str]) -> list[FileResult]:
    return [lint_file(job, p) for p in paths]


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()


def _die_with_parent() -> None:
    """On Linux, a worker whose parent is killed (even by SIGKILL) is killed too, not left running."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(1)


def _as_completed(futures: Iterable[Future]) -> Iterator[Future]:
    from concurrent.futures import as_completed

    return as_completed(futures)
