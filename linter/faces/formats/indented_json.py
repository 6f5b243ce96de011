"""``json.dumps(value, ensure_ascii=False, indent=N)`` in one pass into a list, for the json, sarif and lsp formats.

With an indent, the standard library cannot use its C encoder and walks the value with nested generators, a yield
per piece of output: for a large run's findings that took most of the format's time (SARIF: 0.5 s for 6,849
findings, issue 20). This walk writes exactly the same text (strings still escaped by the standard library's C
function); a value with anything but plain dicts with string keys, lists, tuples, strings (str enums included),
ints, floats, booleans and None is handed to ``json.dumps`` whole, which gives the standard library's text or error.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any


class _Unhandled(Exception):
    """A value this walk does not write: ``json.dumps`` takes the whole value instead."""


def dumps(value: Any, indent: int = 2) -> str:
    """What ``json.dumps(value, ensure_ascii=False, indent=indent)`` returns."""
    out: list[str] = []
    try:
        _write(value, out, "\n", " " * indent)
    except (_Unhandled, RecursionError):
        return json.dumps(value, ensure_ascii=False, indent=indent)
    return "".join(out)


def _scalar(value: Any) -> str:
    """A leaf as json writes it; _Unhandled for a container or another type."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value == float("inf"):
            return "Infinity"
        if value == -float("inf"):
            return "-Infinity"
        return float.__repr__(value)
    raise _Unhandled


def _write(value: Any, out: list[str], newline: str, step: str) -> None:
    kind = type(value)
    keys: list[str] | None = None
    if kind is dict:
        if not value:
            out.append("{}")
            return
        if any(type(key) is not str for key in value):
            raise _Unhandled  # json turns numbers, booleans and None into keys its own way
        keys = [encode_basestring(key) + ": " for key in value]
        items: Any = value.values()
        brackets = "{}"
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        items = value
        brackets = "[]"
    else:
        out.append(_scalar(value))
        return
    inner = newline + step
    separator = "," + inner
    out.append(brackets[0] + inner)
    for number, item in enumerate(items):
        if number:
            out.append(separator)
        if keys is not None:
            out.append(keys[number])
        kind = type(item)
        if kind is str:
            out.append(encode_basestring(item))
        elif kind is dict or kind is list or kind is tuple:
            _write(item, out, inner, step)
        else:
            out.append(_scalar(item))
    out.append(newline + brackets[1])
