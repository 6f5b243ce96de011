"""The cyclic garbage collector at start-up: paused while the package imports, set for a short run by the command.

Start-up makes tens of thousands of long-lived objects (modules, rules, compiled regexes, the spelling lexicon)
and almost no garbage, yet CPython's collector, run every 700 net allocations, traverses them again and again:
about 20 ms of a one-article ``copydesk check``, and a further 20-30 ms in the collection at the interpreter's
exit (bench/PERF.md, "Issue 20: start-up"). Objects are still freed by reference counting as always; only the
search for reference cycles is put off, and never for more than ``SHORT_RUN_THRESHOLD`` net allocations.
"""

from __future__ import annotations

import gc
import os
import sys

# A generation-0 collection after this many net allocations (CPython's default is 700): a one-article check
# makes about 63,000, so it runs none; a long run collects as before, in larger steps.
SHORT_RUN_THRESHOLD = 100_000

_before: tuple[int, ...] | None = None  # the thresholds the pause replaced; None: not paused


def _raised(threshold: tuple[int, ...]) -> tuple[int, ...]:
    if not threshold[0]:  # 0: collection is off (set by whoever embeds us); leave it so
        return threshold
    return (max(SHORT_RUN_THRESHOLD, threshold[0]), *threshold[1:])


def pause_for_import() -> None:
    """Put off cycle collection while ``linter`` imports (``resume_after_import`` restores the thresholds)."""
    global _before
    if _before is None:
        _before = gc.get_threshold()
        gc.set_threshold(*_raised(_before))


def started_as_the_command() -> bool:
    """Whether this process is the `copydesk` command: the `copydesk` script, or `python -m linter` (the package
    imports while Python locates ``linter.__main__``, when ``sys.argv[0]`` is ``-m``)."""
    argv = getattr(sys, "argv", None) or [""]
    name = os.path.basename(argv[0]).lower().removesuffix(".exe").removesuffix("-script.py")
    return name in ("-m", "copydesk")


def resume_after_import() -> None:
    """The thresholds as they were before ``pause_for_import``: importing the library changes nothing lasting.
    In the command's own process the pause goes on into the run (``for_a_short_run``): resuming would collect
    at once, over every object the imports made (about 10 ms)."""
    if not started_as_the_command():
        for_a_long_run()


def for_a_short_run() -> None:
    """For a command that checks and exits: collect cycles every ``SHORT_RUN_THRESHOLD`` net allocations."""
    gc.set_threshold(*_raised(_before or gc.get_threshold()))


def for_a_long_run() -> None:
    """For a process that stays (the language server) or a library: the thresholds the pause replaced."""
    global _before
    if _before is not None:
        gc.set_threshold(*_before)
        _before = None


def before_exit() -> None:
    """Move every object to the permanent generation so the interpreter's final collection does not traverse
    them: only for a process about to exit (what it frees at exit is freed by reference counting)."""
    gc.freeze()


pause_for_import()  # on the first import of this module, which linter/__init__.py makes before any other
