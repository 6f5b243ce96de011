"""Kind `languagetool`: a LanguageTool server's grammar, spelling and style matches as copydesk findings.

Why the wire protocol is spoken here and not through language-tool-python's ``LanguageTool.check``
(checked against language-tool-python 3.4): its request timeout is a fixed private class constant
(``LanguageTool._TIMEOUT = 300`` s) and ``check`` retries once, so a hung server would block a run
for ten minutes per request; its constructor makes a blocking ``/v2/languages`` request with that
same timeout; and ``Match`` converts LanguageTool's UTF-16 offsets through class-level state
(``Match.PREVIOUS_MATCHES_TEXT``), which races between the threads used here, and leaves
``length`` unconverted. So checks are form-encoded POSTs to ``/v2/check`` with ``urllib`` (bounded
by ``timeout``, no retries, no extra import cost), and language-tool-python is used where it works
well: finding a local LanguageTool installation through its own settings (``LTP_PATH``,
``LTP_JAR_DIR_PATH``), starting and stopping that server, and downloading one when the user
allows it (``allow-download: true``). Nothing is downloaded and nothing is imported otherwise.

LanguageTool offsets count UTF-16 code units (Java string offsets); they are turned into code
points here. Only prose is sent (``doc.prose``, one paragraph per part, parts batched into
requests), so masked Markdown never reaches the server and offsets map back by addition.
"""

from __future__ import annotations

import bisect
import functools
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from linter.kinds.base import Finding, Kind, Notice, Option, OptionError
from linter.model.diagnostics import Severity
from linter.model.rules import Rule
from linter.text.document import Document

if TYPE_CHECKING:
    from linter.core.config import Settings

ENV_URL = "COPYDESK_LANGUAGETOOL_URL"
SOURCE = "languagetool"
CODE_PREFIX = "LT:"
DEFAULT_LANGUAGE = "en-US"
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_PARALLEL = 4
BATCH_CHARS = 8_000  # code points per request: LanguageTool is faster on a few big texts than on many small ones
MAX_SUGGESTIONS = 5  # LanguageTool's own compact mode stops at five too
RETRY_AFTER = 30.0  # seconds a server that failed is left alone (the language server checks on every keystroke)
CACHE_SIZE = 4096  # paragraphs
PARAGRAPH_BREAK = "\n\n"  # LanguageTool treats a blank line as a paragraph boundary

# LanguageTool rules that report what a copydesk rule reports already (a problem is reported once),
# or that cannot work on what copydesk sends. Re-enable one with `languagetool.enabled-rules`.
DEFAULT_DISABLED_RULES: dict[str, str] = {
    "WHITESPACE_RULE": "repeated spaces: CD501 double-space, CD502 double-space-after-sentence (and masked "
                       "Markdown code is sent as spaces, so it would fire around every inline code span)",
    "CONSECUTIVE_SPACES": "the same as WHITESPACE_RULE",
    "COMMA_PARENTHESIS_WHITESPACE": "spaces around punctuation and brackets: CD515 space-before-punctuation, "
                                    "CD516 missing-space-after-comma, CD518 space-inside-brackets",
    "DOUBLE_PUNCTUATION": "doubled punctuation: CD512, CD513, CD514, CD517",
    "SENTENCE_WHITESPACE": "no space between sentences: CD302 missing-space-after-period",
    "ENGLISH_WORD_REPEAT_RULE": "doubled words: CD201 doubled-word",
    "PHRASE_REPETITION": "doubled phrases: CD203 doubled-phrase",
    "ENGLISH_WORD_REPEAT_BEGINNING_RULE": "successive sentences opening with one word: CD232 repeated-connective",
    "UPPERCASE_SENTENCE_START": "a sentence starting in lowercase: CD301 lowercase-after-period, "
                                "CD310 lowercase-paragraph-start (and CD102 lowercase-place-name)",
    "EN_UNPAIRED_BRACKETS": "unpaired brackets and quotes: CD305 unbalanced-quote, CD306 unbalanced-bracket",
    "EN_UNPAIRED_QUOTES": "the same as EN_UNPAIRED_BRACKETS",
    "PUNCTUATION_PARAGRAPH_END": "a paragraph without final punctuation: CD307 unterminated-paragraph",
    "PARAGRAPH_REPEAT_BEGINNING_RULE": "compares neighbouring paragraphs, but copydesk checks and caches "
                                       "paragraphs one by one",
}
# Spelling rules whose matches on words that copydesk's term and capitalisation rules know (chiefly the
# place-name gazetteer) are dropped: "kyiv" is CD102's, and a correct "Zaporizhzhia" is no typo.
SPELLING_RULE_PREFIXES = ("MORFOLOGIK_RULE", "HUNSPELL")

# LanguageTool's issue types (ITS 2.0 localization quality issue types) -> severity
ISSUE_SEVERITY: dict[str, Severity] = {
    "misspelling": Severity.WARNING,
    "grammar": Severity.WARNING,
    "duplication": Severity.WARNING,
    "inconsistency": Severity.WARNING,
    "mistranslation": Severity.WARNING,
    "omission": Severity.WARNING,
    "addition": Severity.WARNING,
    "untranslated": Severity.WARNING,
    "terminology": Severity.WARNING,
    "characters": Severity.WARNING,
    "style": Severity.INFO,
    "typographical": Severity.INFO,
    "whitespace": Severity.INFO,
    "register": Severity.INFO,
    "locale-violation": Severity.INFO,
    "formatting": Severity.INFO,
    "uncategorized": Severity.INFO,
}


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


@dataclass(frozen=True)
class LTConfig:
    """The `languagetool` config table, with defaults; hashable, so it keys caches."""

    url: str = ""
    language: str = DEFAULT_LANGUAGE
    enabled_rules: tuple[str, ...] = ()
    disabled_rules: tuple[str, ...] = ()
    enabled_categories: tuple[str, ...] = ()
    disabled_categories: tuple[str, ...] = ()
    picky: bool = False
    timeout: float = DEFAULT_TIMEOUT
    max_parallel: int = DEFAULT_MAX_PARALLEL
    allow_download: bool = False

    @classmethod
    def from_settings(cls, settings: Settings | None) -> LTConfig:
        table = dict(settings.languagetool) if settings is not None else {}
        fields = {key.replace("-", "_"): tuple(v) if isinstance(v, list) else v for key, v in table.items()}
        return cls(**{k: v for k, v in fields.items() if k in cls.__dataclass_fields__})

    @property
    def effective_disabled_rules(self) -> tuple[str, ...]:
        """copydesk's default list, less what the user enabled, plus what the user disabled."""
        defaults = [r for r in DEFAULT_DISABLED_RULES if r not in self.enabled_rules]
        return tuple(dict.fromkeys([*defaults, *self.disabled_rules]))

    def params(self) -> dict[str, str]:
        """The /v2/check form fields other than the text."""
        params = {"language": self.language}
        for field, values in (("enabledRules", self.enabled_rules), ("disabledRules", self.effective_disabled_rules),
                              ("enabledCategories", self.enabled_categories),
                              ("disabledCategories", self.disabled_categories)):
            if values:
                params[field] = ",".join(values)
        if self.picky:
            params["level"] = "picky"
        return params


# ---------------------------------------------------------------------------------------------
# process-wide state: the paragraph cache, servers that failed, local servers started


_cache: OrderedDict[tuple[Any, ...], tuple[LTMatch, ...]] = OrderedDict()
_cache_lock = threading.Lock()
_down: dict[str, tuple[float, str]] = {}  # api base -> (monotonic time to retry, reason)
_local: dict[tuple[Any, ...], str | Notice] = {}  # (language, allow-download, LTP_*) -> api base or why not
_local_tools: list[Any] = []  # language_tool_python.LanguageTool objects that own local servers
_local_lock = threading.Lock()


def reset() -> None:
    """Forget cached answers, failed servers and local-server outcomes (servers started keep running)."""
    with _cache_lock:
        _cache.clear()
        _down.clear()
    with _local_lock:
        _local.clear()


def api_base(url: str) -> str:
    """``http://host:8081``, ``.../v2/`` or ``.../v2/check`` -> ``http://host:8081/v2``."""
    base = url.strip().rstrip("/")
    if base.endswith("/check"):
        base = base[: -len("/check")]
    return base if base.endswith("/v2") else base + "/v2"


def configured_url(config: LTConfig) -> tuple[str, str] | None:
    """The server URL and where it came from (the environment wins over config files)."""
    env = os.environ.get(ENV_URL, "").strip()
    if env:
        return env, ENV_URL
    if config.url:
        return config.url, "languagetool.url"
    return None


# ---------------------------------------------------------------------------------------------
# HTTP


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


def _utf16_to_code_points(text: str):
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


# ---------------------------------------------------------------------------------------------
# where the server is


def _ltp_settings() -> tuple[str | None, str | None]:
    return os.environ.get("LTP_PATH") or None, os.environ.get("LTP_JAR_DIR_PATH") or None


def is_configured(settings: Settings | None) -> bool:
    """Whether checks would go to a server: a URL, language-tool-python's settings, or allowed downloads."""
    return _uses_server(LTConfig.from_settings(settings))


def _uses_server(config: LTConfig) -> bool:
    """A URL, language-tool-python's settings or allowed downloads: what ``endpoint`` starts from."""
    return configured_url(config) is not None or config.allow_download or _ltp_settings() != (None, None)


def endpoint(config: LTConfig) -> str | Notice | None:
    """The API base to send checks to; a Notice when one is configured but unusable; None: not configured."""
    found = configured_url(config)
    if found is not None:
        url, where = found
        if not url.startswith(("http://", "https://")):
            return Notice(SOURCE, f"LanguageTool URL {url!r} (from {where}) is not an http:// or https:// address; "
                                  "LanguageTool checks were skipped")
        return api_base(url)
    if _uses_server(config):
        return _local_server(config)
    return None


def _local_server(config: LTConfig) -> str | Notice:
    """Start (once per process) the local LanguageTool that language-tool-python's settings point to."""
    key = (config.language, config.allow_download, *_ltp_settings())
    with _local_lock:
        if key not in _local:
            _local[key] = _start_local_server(config)
        return _local[key]


def _start_local_server(config: LTConfig) -> str | Notice:
    try:
        import language_tool_python
        from language_tool_python.download_lt import LTP_DOWNLOAD_VERSION, LocalLanguageTool
    except ImportError:
        return Notice(SOURCE, "a local LanguageTool needs language-tool-python: pip install 'copydesk[languagetool]'; "
                              "LanguageTool checks were skipped")
    if os.environ.get("LTP_JAR_DIR_PATH"):
        # the library skips its download when this is set (3.4 still looks for the jar under LTP_PATH too;
        # if it is not there, starting fails and the notice says why)
        version: str | None = LTP_DOWNLOAD_VERSION
    else:
        installed = LocalLanguageTool.get_latest_installed_version()
        version = installed.version_name if installed is not None else None
    if version is None and not config.allow_download:
        where = os.environ.get("LTP_PATH") or "language-tool-python's download folder"
        return Notice(SOURCE, f"no LanguageTool installation in {where} and downloads are off (set languagetool.url, "
                              "or languagetool.allow-download: true); LanguageTool checks were skipped")
    try:
        tool = language_tool_python.LanguageTool(config.language,
                                                 language_tool_download_version=version or LTP_DOWNLOAD_VERSION)
    except Exception as exc:  # the library raises many kinds (Java missing, server exited, download failed)
        return Notice(SOURCE, f"language-tool-python could not start LanguageTool: {type(exc).__name__}: {exc}; "
                              "LanguageTool checks were skipped")
    _local_tools.append(tool)  # keeps its server alive; the library stops it at exit
    return api_base(tool.url)


# ---------------------------------------------------------------------------------------------
# the checker


def gazetteer(settings: Settings | None, extra: Iterable[str] = ()) -> frozenset[str]:
    """Casefolded words of the place names copydesk knows (term and capitalisation rules), plus ``extra``."""
    from linter.core.packs import PackError, builtin_paths, load_packs

    words = {w.casefold() for w in extra}
    try:
        packs = load_packs([*builtin_paths(), *(settings.extend_packs if settings is not None else ())])
    except PackError:
        packs = []
    for rule in (r for p in packs for r in p.rules):
        if rule.kind == "term":
            entries: list[Any] = [*rule.options["terms"], *rule.options["terms"].values()]
        elif rule.kind == "capitalisation":
            entries = list(rule.options["words"])
        else:
            continue
        for entry in entries:
            for text in entry if isinstance(entry, list) else [entry]:
                words.update(w.casefold() for w in str(text).split())
    return frozenset(words)


class LanguageToolChecker:
    def __init__(self, rules: list[Rule], config: LTConfig, known_words: Callable[[], frozenset[str]]):
        self.rules = tuple(rules)
        self.rule = rules[0]
        self.config = config
        self._known_words = known_words
        self.disabled = frozenset(config.effective_disabled_rules)
        self.key = (config.language, tuple(sorted(config.params().items())))

    @functools.cached_property
    def known_words(self) -> frozenset[str]:
        """Words the spelling rules must not flag; read from the packs when LanguageTool is used, not at start-up."""
        return self._known_words()

    @property
    def fingerprint(self) -> str:
        """What, besides the rules, decides this checker's findings: where the server is and what it is asked.

        Cached results (linter/io/cache.py) are keyed on it; the server's own version is not known here.
        """
        known = sorted(self.known_words) if _uses_server(self.config) else ()
        return repr((configured_url(self.config), _ltp_settings(), self.config, known))

    def check(self, doc: Document) -> Iterable[Finding | Notice]:
        base = endpoint(self.config)
        if base is None:
            return  # not configured: the rule does nothing (`--require-languagetool` checks before the run)
        if isinstance(base, Notice):
            yield base
            return
        spans = [(start, doc.prose[start:end]) for start, end in doc.paragraphs]
        results, notice = self.matches(base, [text for _, text in spans])
        for (offset, text), matches in zip(spans, results, strict=True):
            for m in matches or ():
                if m.rule_id in self.disabled:
                    continue  # a server that ignores disabledRules (old versions) still does not duplicate
                if m.rule_id.startswith(SPELLING_RULE_PREFIXES) and text[m.start:m.end].casefold() in self.known_words:
                    continue
                yield Finding(
                    self.rule, offset + m.start, offset + m.end, suggestions=m.replacements[:MAX_SUGGESTIONS],
                    values={"message": m.message or m.description, "short_message": m.short_message,
                            "lt_rule": m.rule_id, "category": m.category, "description": m.description},
                    code=CODE_PREFIX + m.rule_id, name=m.rule_id.lower().replace("_", "-"),
                    severity=ISSUE_SEVERITY.get(m.issue_type, Severity.INFO),
                )
        if notice is not None:
            yield notice

    def matches(self, base: str, texts: Sequence[str]) -> tuple[list[tuple[LTMatch, ...] | None], Notice | None]:
        """Matches per paragraph (None where the server failed): cached ones, the rest asked in batches."""
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
            return out, self._notice(base, down[1])
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
        return out, self._notice(base, reason)

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

    def _notice(self, base: str, reason: str) -> Notice:
        found = configured_url(self.config)
        url = found[0] if found is not None else base
        return Notice(SOURCE, f"LanguageTool at {url} did not answer: {reason}; LanguageTool checks were skipped "
                              "(the other rules ran)")


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


def _validate(options: Mapping[str, Any]) -> None:
    for word in options["known-words"] or ():
        if not isinstance(word, str) or not word.strip():
            raise OptionError("known-words", f"{word!r}: each entry must be a non-empty word")


def compile_configured(rules: list[Rule], settings: Settings | None) -> list[LanguageToolChecker]:
    config = LTConfig.from_settings(settings)
    extra = [w for r in rules for w in r.options.get("known-words") or ()]
    return [LanguageToolChecker(rules, config, lambda: gazetteer(settings, extra))]


KIND = Kind(
    name="languagetool",
    summary="grammar, spelling and style matches of a LanguageTool server (reported as LT:RULE_ID)",
    options={
        "known-words": Option(list, "words LanguageTool's spelling rules must not flag (copydesk's place names "
                                    "are never flagged)", default=()),
    },
    compile=lambda rules: compile_configured(rules, None),
    validate=_validate,
    placeholders=("match", "replacement", "message", "short_message", "lt_rule", "category", "description"),
    compile_configured=compile_configured,
    code_prefix=CODE_PREFIX,
)
