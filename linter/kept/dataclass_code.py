"""The methods `dataclasses` writes for copydesk's classes, compiled once and kept between runs.

``@dataclass`` writes each class's ``__init__``, ``__repr__``, ``__eq__`` (and more) as Python source and compiles
it: for the 56 classes a one-file check imports, about a third of its import time (bench/PERF.md, "Issue 20:
start-up"). While copydesk's modules import (``start``/``stop``), the compiling step is done by ``_create_fn``
below, which builds the same source text as the standard library's and compiles it only when no earlier run kept
the code object for that exact text; everything else (the globals, the closure, the class) is what
`dataclasses` does. The code objects are kept in one file (a ``store.Memo``) keyed by this Python's bytecode
magic number: the same text always compiles to the same code there. Used only on the Pythons whose
``dataclasses._create_fn`` this mirrors (3.11 and 3.12, checked by its constants); anywhere else, and outside
the import, `dataclasses` runs untouched.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
from collections.abc import Callable, Iterable
from typing import Any

from linter.kept import store

# The string constants of the standard library's ``_create_fn`` on 3.11 and 3.12, whose text this mirrors.
_CONSTANTS = ('', '_return_type', '->_return_type', ',', '\n', ' def ', '(', ')', ':\n', ', ', 'def __create_fn__(',
              '):\n', '\n return ', '__create_fn__')


def _file_name() -> str:
    return f"dataclass-code-{sys.implementation.cache_tag}-{importlib.util.MAGIC_NUMBER.hex()}.marshal"


MEMO = store.Memo("dataclass methods' code", "derived", "dataclass-code-*.marshal", _file_name, max_entries=5_000)

_original: Callable[..., Any] | None = None


def mirrors_this_python() -> bool:
    """Whether ``_create_fn`` below builds the same text as this Python's ``dataclasses._create_fn``."""
    fn = getattr(dataclasses, "_create_fn", None)
    code = getattr(fn, "__code__", None)
    if sys.version_info[:2] not in ((3, 11), (3, 12)) or code is None:
        return False
    return tuple(c for c in code.co_consts if isinstance(c, str)) == _CONSTANTS


def _create_fn(name: str, args: Iterable[str], body: Iterable[str], *, globals: dict[str, Any] | None = None,
               locals: dict[str, Any] | None = None, return_type: Any = dataclasses.MISSING) -> Any:
    # The standard library's ``_create_fn`` (3.11, 3.12), line for line, but for where the code object comes from.
    if locals is None:
        locals = {}
    return_annotation = ""
    if return_type is not dataclasses.MISSING:
        locals["_return_type"] = return_type
        return_annotation = "->_return_type"
    args = ",".join(args)
    body = "\n".join(f"  {b}" for b in body)
    txt = f" def {name}({args}){return_annotation}:\n{body}"
    local_vars = ", ".join(locals.keys())
    txt = f"def __create_fn__({local_vars}):\n{txt}\n return {name}"
    code = MEMO.get(txt)
    if type(code) is not type(_create_fn.__code__):
        code = compile(txt, "<string>", "exec", dont_inherit=True)  # not this module's __future__ annotations
        MEMO.put(txt, code)
    ns: dict[str, Any] = {}
    exec(code, globals, ns)
    return ns["__create_fn__"](**locals)


def start() -> None:
    """Kept code for the dataclasses defined from now until ``stop`` (copydesk's modules importing)."""
    global _original
    if _original is None and mirrors_this_python():
        _original = dataclasses._create_fn  # type: ignore[attr-defined]
        dataclasses._create_fn = _create_fn  # type: ignore[attr-defined]


def stop() -> None:
    """`dataclasses` as it was: every later class is made by the standard library alone."""
    global _original
    if _original is not None:
        dataclasses._create_fn = _original  # type: ignore[attr-defined]
        _original = None


start()  # on the first import of this module, which linter/__init__.py makes first
