"""LanguageTool's HTTP API: /v2/check requests in batches, a bounded number in flight, answers cached per paragraph.

LanguageTool offsets count UTF-16 code units (Java string offsets); they are turned into code points here.
Texts are paragraphs, batched into requests joined by PARAGRAPH_BREAK, so offsets map back by addition.
"""

from __future__ import annotations

import bisect
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from linter.backends.languagetool.config import LTConfig

BATCH_CHARS = 8_000  # code points per request: LanguageTool is faster on a few big texts than on many small ones
RETRY_AFTER = 30.0  # seconds a server that failed is left alone (the language server checks on every keystroke)
CACHE_SIZE = 4096  # paragraphs
PARAGRAPH_BREAK = "\n\n"  # LanguageTool treats a blank line as a paragraph boundary


class BackendError(Exception):
    """LanguageTool could not be used; ``str()`` is the reason a user reads."""


class LTMatch(NamedTuple):
    """One LanguageTool match, offsets in code points relative to its paragraph."""

    start: int
    end: int
    rule_id: str
    message: str
    short_message: str
    replacements: tuple[str, ...]
    issue_type: str
    category: str
    description: str


# process-wide: the answers per paragraph, and the servers that failed
_cache: OrderedDict[tuple[Any, ...], tuple[LTMatch, ...]] = OrderedDict()
_cache_lock = threading.Lock()
_down: dict[str, tuple[float, str]] = {}  # api base -> (monotonic time to retry, reason)


def reset() -> None:
    """Forget cached answers and servers that failed."""
    with _cache_lock:
        _cache.clear()
        _down.clear()


class Client:
    """Asks the server at an API base for the matches of paragraphs, as one config says."""

    def __init__(self, config: LTConfig):
        self.config = config
        self.key = (config.language, tuple(sorted(config.params().items())))

    def matches(self, base: str, texts: Sequence[str]) -> tuple[list[tuple[LTMatch, ...] | None], str | None]:
        """Matches per paragraph (None where the server failed): cached ones, the rest asked in batches; and why
        the server failed (None if it did not). A server that failed is not asked again for RETRY_AFTER."""
        out: list[tuple[LTMatch, ...] | None] = [None] * len(texts)
        todo: dict[str, list[int]] = {}
        with _cache_lock:
            for i, text in enumerate(texts):
                cached = _cache.get((base, self.key, text))
                if cached is None:
                    todo.setdefault(text, []).append(i)
                else:
                    _cache.move_to_end((base, self.key, text))
                    out[i] = cached
            down = _down.get(base)
        if not todo:
            return out, None
        if down is not None and down[0] > time.monotonic():
            return out, down[1]
        batches = _batches(list(todo))
        reason = None
        for batch, result in zip(batches, self._run(base, batches), strict=True):
            if isinstance(result, BackendError):
                reason = reason or str(result)
                continue
            with _cache_lock:
                for text, found in zip(batch, result, strict=True):
                    _cache[(base, self.key, text)] = matches = tuple(found)
                    for i in todo[text]:
                        out[i] = matches
                while len(_cache) > CACHE_SIZE:
                    _cache.popitem(last=False)
        if reason is None:
            return out, None
        with _cache_lock:
            _down[base] = (time.monotonic() + RETRY_AFTER, reason)
        return out, reason

    def _run(self, base: str, batches: list[list[str]]) -> list[list[list[LTMatch]] | BackendError]:
        if len(batches) == 1 or self.config.max_parallel == 1:
            return [self._ask(base, batch) for batch in batches]
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=min(self.config.max_parallel, len(batches))) as pool:
            return list(pool.map(lambda batch: self._ask(base, batch), batches))

    def _ask(self, base: str, texts: list[str]) -> list[list[LTMatch]] | BackendError:
        try:
            answer = request_json(base + "/check", self.config.timeout,
                                  {**self.config.params(), "text": PARAGRAPH_BREAK.join(texts)})
            return parse_matches(answer, texts)
        except BackendError as exc:
            return exc


def _batches(texts: list[str]) -> list[list[str]]:
    batches: list[list[str]] = []
    size = 0
    for text in texts:
        if not batches or size + len(text) > BATCH_CHARS:
            batches.append([])
            size = 0
        batches[-1].append(text)
        size += len(text) + len(PARAGRAPH_BREAK)
    return batches


def request_json(url: str, timeout: float, form: Mapping[str, str] | None = None) -> Any:
    """GET (or, with ``form``, POST form-encoded) ``url`` and decode its JSON; BackendError says why not."""
    import http.client
    import json
    import urllib.error
    import urllib.parse
    import urllib.request

    data = urllib.parse.urlencode(form).encode("utf-8") if form is not None else None
    request = urllib.request.Request(url, data=data, headers={"Accept": "application/json"})
    host = urllib.parse.urlsplit(url).hostname or ""
    # a server on this machine is reached directly, whatever proxy the environment sets
    handlers = [urllib.request.ProxyHandler({})] if host in ("localhost", "127.0.0.1", "::1") else []
    try:
        with urllib.request.build_opener(*handlers).open(request, timeout=timeout) as response:
            raw = response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read(500).decode("utf-8", "replace").strip().splitlines()
        raise BackendError(f"HTTP {exc.code} {exc.reason}" + (f" ({detail[0][:200]})" if detail else "")) from None
    except urllib.error.URLError as exc:
        raise BackendError(_connection_reason(exc.reason, timeout)) from None
    except (OSError, http.client.HTTPException) as exc:
        raise BackendError(_connection_reason(exc, timeout)) from None
    try:
        return json.loads(raw)
    except ValueError:
        snippet = raw[:80].decode("utf-8", "replace").strip()
        raise BackendError(f"the answer is not JSON ({snippet!r})") from None


def _connection_reason(reason: object, timeout: float) -> str:
    if isinstance(reason, TimeoutError):
        return f"no answer within {timeout:g} s (timeout)"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    return f"cannot connect ({reason})"


def _utf16_to_code_points(text: str) -> Callable[[int], int]:
    """A function mapping UTF-16 offsets into ``text`` to code-point offsets."""
    astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
    if not astral:
        return lambda units: units
    unit_starts = [i + k for k, i in enumerate(astral)]  # UTF-16 offset of each astral character

    def convert(units: int) -> int:
        return units - bisect.bisect_left(unit_starts, units)

    return convert


def parse_matches(answer: Any, texts: Sequence[str]) -> list[list[LTMatch]]:
    """Split a /v2/check answer for ``PARAGRAPH_BREAK.join(texts)`` into matches per text."""
    if not isinstance(answer, dict) or not isinstance(answer.get("matches"), list):
        raise BackendError("the answer is not a LanguageTool check result (no 'matches' list)")
    joined = PARAGRAPH_BREAK.join(texts)
    starts: list[int] = []
    position = 0
    for text in texts:
        starts.append(position)
        position += len(text) + len(PARAGRAPH_BREAK)
    to_code_points = _utf16_to_code_points(joined)
    out: list[list[LTMatch]] = [[] for _ in texts]
    for raw in answer["matches"]:
        try:
            offset, length, rule = raw["offset"], raw["length"], raw["rule"]
            rule_id = rule["id"]
            if not (isinstance(offset, int) and isinstance(length, int) and isinstance(rule_id, str)
                    and offset >= 0 and length >= 0):
                raise TypeError
            category = rule.get("category") or {}
            replacements = tuple(r["value"] for r in raw.get("replacements") or () if isinstance(r.get("value"), str))
            match = (str(raw.get("message") or ""), str(raw.get("shortMessage") or ""), replacements,
                     str(rule.get("issueType") or "uncategorized"), str(category.get("id") or ""),
                     str(rule.get("description") or ""))
        except (KeyError, TypeError, AttributeError):
            raise BackendError(f"the answer is not a LanguageTool check result (bad match {str(raw)[:80]})") from None
        start, end = to_code_points(offset), to_code_points(offset + length)
        index = bisect.bisect_right(starts, start) - 1
        if index < 0 or end > starts[index] + len(texts[index]):
            continue  # across a paragraph break: not a match of one paragraph
        base = starts[index]
        out[index].append(LTMatch(start - base, end - base, rule_id, *match))
    return out
