"""Load rule packs from YAML and validate them; every error names file, line, rule code and key."""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex

from linter.core import pack_cache
from linter.core.regular_files import PACK_LIMIT, NotRegularFile, TooLarge, read_regular
from linter.kept import regexes
from linter.kinds import KINDS
from linter.kinds.base import OptionError
from linter.model.diagnostics import Applicability, Severity
from linter.model.messages import PLACEHOLDER
from linter.model.rules import FAIL, PASS, Case, Examples, Pack, Rule

if TYPE_CHECKING:
    import yaml

# matched with fullmatch: "$" also matches before a final newline, and "CD101\n" would pass as a new code
CODE = regexes.compile(r"[A-Z]{1,4}[0-9]{3,4}")
SLUG = regexes.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_PACK_KEYS = {"pack", "description", "enabled", "rules"}
_RULE_KEYS = {"code", "name", "kind", "severity", "message", "description", "what-it-flags", "use-instead", "fix",
              "examples", "enabled"}
_EXAMPLE_KEYS = {"fail", "pass", "fixed"}
_CASE_KEYS = {"id", "text", "fixed", "options", "format", "source", "source-language"}
_CASE_FORMATS = ("text", "markdown")
_LANGUAGE = regexes.compile(r"[a-z]{2}")  # ISO 639-1
# The top-level "rules:" key, and the first list item after it (whose indent all rules share).
_RULES_KEY = regexes.compile(r"^rules:[ \t]*(?:#.*)?$", regex.M)
_RULE_ITEM = regexes.compile(r"^([ ]*)-[ ]", regex.M)


class PackError(Exception):
    """A pack that cannot be used. ``str()`` is the one line a user sees."""

    def __init__(self, file: str, line: int, message: str, code: str | None = None, key: str | None = None):
        super().__init__(message)
        self.file, self.line, self.message, self.code, self.key = file, line, message, code, key

    def __reduce__(self) -> tuple[type, tuple]:  # whole across a worker process's pipe, not a BrokenProcessPool
        return (type(self), (self.file, self.line, self.message, self.code, self.key))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        subject = " ".join(p for p in (self.code, f"key '{self.key}'" if self.key else None) if p)
        return f"{where}: {subject + ': ' if subject else ''}{self.message}"


@functools.cache  # (resolving the package's path is system calls: every pack loaded asks)
def builtin_dir() -> Path:
    """The packs shipped with copydesk: inside the package when installed, at the repo root otherwise."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "rules"
    return installed if installed.is_dir() else package.parent / "rules"


def builtin_paths() -> list[Path]:
    return sorted(builtin_dir().glob("*.yaml"))


@functools.lru_cache(maxsize=256)
def is_builtin(file: str) -> bool:
    """Whether the pack at ``file`` is one shipped with copydesk (``Rule.builtin`` of its rules)."""
    try:
        return bool(file) and Path(file).resolve().parent == builtin_dir()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL in the name: not a shipped pack
        return False


def load_pack(path: str | os.PathLike[str]) -> Pack:
    path = Path(path)
    try:
        stat = path.stat()
    except OSError as exc:
        raise PackError(str(path), 0, f"cannot read rule pack: {exc.strerror or exc}") from None
    return _load_pack_cached(str(path), stat.st_mtime_ns, stat.st_size)


def read_pack_text(path: str) -> str:
    """A pack's text: a regular file of at most ``PACK_LIMIT`` bytes (a FIFO, a device such as /dev/zero or
    a huge file is a PackError, never a hang or a read until memory runs out)."""
    return _pack_text(path, _read_pack_bytes(path))


def _read_pack_bytes(path: str) -> bytes:
    """A pack's bytes, as ``read_pack_text`` reads them."""
    try:
        return read_regular(path, PACK_LIMIT)
    except NotRegularFile as exc:
        raise PackError(path, 0, f"cannot read rule pack: {exc}") from None
    except TooLarge:
        raise PackError(path, 0, f"rule pack is larger than {PACK_LIMIT // (1024 * 1024)} MiB, "
                                 "the limit for a rule pack") from None
    except OSError as exc:
        raise PackError(path, 0, f"cannot read rule pack: {exc.strerror or exc}") from None


def _pack_text(path: str, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PackError(path, 0, f"cannot read rule pack: {exc}") from None


@functools.lru_cache(maxsize=256)
def _load_pack_cached(path: str, mtime_ns: int, size: int) -> Pack:
    raw = _read_pack_bytes(path)
    cache = pack_cache.path(raw)  # of the bytes: a pack kept was valid UTF-8, and its text is not decoded again
    if cache is not None:
        pack = pack_cache.read(cache, path, is_builtin(path))
        if pack is not None:
            return pack
    source = _pack_text(path, raw)
    pack, data = _parse(source, path)
    if cache is not None:
        pack_cache.write(cache, pack, data)
    return pack


def load_packs(paths: Iterable[str | os.PathLike[str]]) -> list[Pack]:
    """Load packs in order; a code or name used twice across them is an error."""
    packs: list[Pack] = []
    seen: dict[str, Rule] = {}
    seen_files: set[str] = set()
    for path in paths:
        key = os.path.realpath(path)  # unlike Path.resolve, no RuntimeError on a symlink loop (load_pack reports it)
        if key in seen_files:
            continue
        seen_files.add(key)
        pack = load_pack(path)
        for rule in pack.rules:
            for ident in (rule.code, rule.name):
                if ident in seen:
                    other = seen[ident]
                    raise PackError(rule.file, rule.line, f"'{ident}' is already defined at {other.location}",
                                    code=rule.code, key="code" if ident == rule.code else "name")
                seen[ident] = rule
        packs.append(pack)
    return packs


def parse_pack(source: str, file: str) -> Pack:
    """Parse and validate a pack's text (no cache): a Pack, or a PackError naming file, line, code and key."""
    return _parse(source, file)[0]


def _parse(source: str, file: str) -> tuple[Pack, Any]:
    """The validated pack and the YAML data it came from."""
    data = _load_yaml(source, file)
    lines = _LineMap(source)
    if not isinstance(data, dict):
        raise PackError(file, 1, "a rule pack is a mapping with 'pack' and 'rules'")
    for key in data:
        if key not in _PACK_KEYS:
            raise PackError(file, lines.of((key,)), f"unknown key (expected {', '.join(sorted(_PACK_KEYS))})",
                            key=str(key))
    name = data.get("pack")
    if not isinstance(name, str) or not SLUG.fullmatch(name):
        raise PackError(file, lines.of(("pack",)), "'pack' must be a slug such as 'place-names'", key="pack")
    enabled = data.get("enabled", True)
    if not isinstance(enabled, bool):
        raise PackError(file, lines.of(("enabled",)), "must be true or false", key="enabled")
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise PackError(file, lines.of(("rules",)), "'rules' must be a non-empty list", key="rules")
    rules: list[Rule] = []
    codes: dict[str, int] = {}
    builtin = is_builtin(file)
    for index, raw in enumerate(raw_rules):
        rule = _parse_rule(raw, name, enabled, file, lines, ("rules", index), builtin)
        if rule.code in codes or rule.name in codes:
            ident = rule.code if rule.code in codes else rule.name
            raise PackError(file, rule.line, f"'{ident}' is defined twice in this pack (line {codes[ident]})",
                            code=rule.code, key="code" if ident == rule.code else "name")
        codes[rule.code] = codes[rule.name] = rule.line
        rules.append(rule)
    return Pack(name=name, description=str(data.get("description", "")), enabled=enabled, file=file,
                rules=tuple(rules)), data


def _parse_rule(raw: Any, pack: str, pack_enabled: bool, file: str, lines: _LineMap, at: tuple,
                builtin: bool = False) -> Rule:
    line = lines.rule_line(at[-1])
    if not isinstance(raw, dict):
        raise PackError(file, line, "each rule is a mapping")
    code = raw.get("code")

    def fail(message: str, key: str | None = None, where: tuple = ()) -> PackError:
        return PackError(file, lines.of(at + where) if where else line, message,
                         code=code if isinstance(code, str) else None, key=key)

    if not isinstance(code, str) or not CODE.fullmatch(code):
        raise fail("'code' must look like CD101 (letters, then 3 or 4 digits)", "code", ("code",))
    name = raw.get("name")
    if not isinstance(name, str) or not SLUG.fullmatch(name):
        raise fail("'name' must be a slug such as 'outdated-place-name'", "name", ("name",))
    kind_name = raw.get("kind")
    if kind_name not in KINDS:
        raise fail(f"unknown kind {kind_name!r} (choose from {', '.join(KINDS)})", "kind", ("kind",))
    kind = KINDS[kind_name]
    allowed = _RULE_KEYS | set(kind.options)
    for key in raw:
        if key not in allowed:
            raise fail(f"unknown key for kind '{kind_name}' (allowed: {', '.join(sorted(allowed))})",
                       str(key), (key,))
    severity = raw.get("severity", "warning")
    if severity not in {s.value for s in Severity}:
        raise fail("'severity' must be error, warning or info", "severity", ("severity",))
    message = raw.get("message")
    if not isinstance(message, str) or not message.strip():
        raise fail("'message' is required", "message", ("message",) if "message" in raw else ())
    for m in PLACEHOLDER.finditer(message):
        if m.group(1) is not None and m.group(1) not in kind.placeholders:
            raise fail(f"unknown placeholder {{{m.group(1)}}} (kind '{kind_name}' offers "
                       f"{', '.join('{' + p + '}' for p in kind.placeholders)})", "message", ("message",))
    description = raw.get("description")
    if not isinstance(description, str) or not description.strip():
        raise fail("'description' is required: why this matters in translated news", "description",
                   ("description",) if "description" in raw else ())
    texts = {}
    for key in ("what-it-flags", "use-instead"):
        value = raw.get(key, "")
        if not isinstance(value, str) or (key in raw and not value.strip()):
            raise fail(f"'{key}' must be a text", key, (key,))
        texts[key] = " ".join(value.split())
    fix, fix_why = _parse_fix(raw.get("fix"), fail)
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        raise fail("must be true or false", "enabled", ("enabled",))
    options = _parse_options(raw, kind, fail)
    examples = _parse_examples(raw.get("examples"), fix, raw, kind, fail)
    return Rule(code=code, name=name, pack=pack, kind=kind_name, severity=Severity(severity),
                message=message, description=description.strip(), fix=fix, options=options,
                examples=examples, enabled=enabled and pack_enabled, file=file, line=line, builtin=builtin,
                fix_why=fix_why, what_it_flags=texts["what-it-flags"], use_instead=texts["use-instead"])


def _parse_fix(raw: Any, fail: Any) -> tuple[Applicability | None, str]:
    """``fix: {applicability: safe|unsafe|display-only, why: "..."}`` (or ``fix: safe``): the applicability,
    and why the fix is as safe as it is (what could go wrong, when a finding lowers it; "" when not said)."""
    if raw is None:
        return None, ""
    value = raw.get("applicability") if isinstance(raw, dict) else raw
    if isinstance(raw, dict):
        for key in raw:
            if key not in ("applicability", "why"):
                raise fail("'fix' takes 'applicability' and 'why'", f"fix.{key}", ("fix", key))
    try:
        applicability = Applicability(value)
    except ValueError:
        raise fail("'fix.applicability' must be safe, unsafe or display-only", "fix", ("fix",)) from None
    why = raw.get("why", "") if isinstance(raw, dict) else ""
    if not isinstance(why, str) or ("why" in raw and not why.strip()):
        raise fail("'fix.why' must be a text: what could go wrong with the fix, and when a finding lowers it",
                   "fix.why", ("fix", "why"))
    return applicability, " ".join(why.split())


def _parse_options(raw: Mapping[str, Any], kind: Any, fail: Any) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for key, option in kind.options.items():
        if key not in raw:
            if option.required:
                raise fail(f"kind '{kind.name}' requires '{key}': {option.doc}", key)
            options[key] = option.default
            continue
        value = raw[key]
        types = option.types if isinstance(option.types, tuple) else (option.types,)
        if value is not None and (not isinstance(value, types) or (isinstance(value, bool) and bool not in types)):
            names = " or ".join(dict.fromkeys(_type_name(t) for t in types))  # int, float: "a number" once
            raise fail(f"must be {names}, not {_type_name(type(value))}", key, (key,))
        if option.choices and value not in option.choices:
            raise fail(f"choose from {', '.join(option.choices)}", key, (key,))
        options[key] = value
    try:
        kind.validate(options)
    except OptionError as exc:
        top = exc.key.split(".")[0].split("[")[0]
        raise fail(str(exc), exc.key, (top,)) from None
    return options


def _parse_examples(raw: Any, fix: Applicability | None, rule_raw: Mapping[str, Any], kind: Any,
                    fail: Any) -> Examples:
    """The rule's example cases. A fail or pass example is a text or a mapping (``id``, ``text``, ``fixed``,
    ``options``, ``format``, ``source``, ``source-language``); the ``fixed`` list gives one text for each fail
    example written as a text, in order, and a mapping gives its own."""
    if not isinstance(raw, dict):
        raise fail("'examples' with 'fail' and 'pass' texts is required: they are the rule's tests",
                   "examples", ("examples",) if raw is not None else ())
    for key in raw:
        if key not in _EXAMPLE_KEYS:
            raise fail("examples take 'fail', 'pass' and 'fixed'", f"examples.{key}", ("examples",))
    lists = {}
    for key in _EXAMPLE_KEYS:
        value = raw.get(key, [])
        if isinstance(value, (str, dict)):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) or (key != "fixed" and isinstance(v, dict))
                                                  for v in value):
            what = "a list of texts" + ("" if key == "fixed" else " or of cases (mappings with 'id' and 'text')")
            raise fail(f"must be {what}", f"examples.{key}", ("examples", key) if key in raw else ("examples",))
        lists[key] = value
    if not lists["fail"] or not lists["pass"]:
        raise fail("needs at least one 'fail' and one 'pass' example", "examples", ("examples",))
    fixable = fix in (Applicability.SAFE, Applicability.UNSAFE)
    plain_fails = sum(isinstance(v, str) for v in lists["fail"])
    fixed_texts = lists["fixed"]
    if (fixable or fixed_texts) and len(fixed_texts) != plain_fails:
        named = len(lists["fail"]) - plain_fails
        also = f" (a fail case written as a mapping has its own 'fixed': {named} here)" if named else ""
        raise fail(f"{'a fixable rule needs' if fixable else 'give'} one 'fixed' text for each 'fail' example "
                   f"written as a text{also}: {plain_fails} here, {len(fixed_texts)} fixed",
                   "examples.fixed", ("examples", "fixed") if "fixed" in raw else ("examples",))
    cases: list[Case] = []
    ids: dict[str, str] = {}
    plain = iter(fixed_texts)
    for expect in (FAIL, PASS):
        for index, item in enumerate(lists[expect]):
            if isinstance(item, str):
                cases.append(Case(expect, index, item, fixed=next(plain) if expect == FAIL and fixed_texts else None))
                continue
            case = _parse_case(item, expect, index, fixable, rule_raw, kind, fail)
            if case.id in ids:
                raise fail(f"case id '{case.id}' is used twice in this rule (also {ids[case.id]})",
                           f"examples.{expect}[{index}].id", ("examples", expect, index, "id"))
            ids[case.id] = f"examples.{expect}[{index}]"
            cases.append(case)
    return Examples(tuple(cases))


def _parse_case(raw: Mapping[Any, Any], expect: str, index: int, fixable: bool, rule_raw: Mapping[str, Any],
                kind: Any, fail: Any) -> Case:
    """One example case written as a mapping; errors name the key (``examples.fail[1].format``) and its line."""
    where = ("examples", expect, index)
    prefix = f"examples.{expect}[{index}]"

    def bad(message: str, key: str | None = None, at: tuple = ()) -> PackError:
        return fail(message, f"{prefix}.{key}" if key else prefix, (*where, *at))

    for key in raw:
        if key not in _CASE_KEYS:
            raise bad(f"unknown key for an example case (allowed: {', '.join(sorted(_CASE_KEYS))})", str(key),
                      (key,))
    ident = raw.get("id")
    if not isinstance(ident, str) or not SLUG.fullmatch(ident):
        raise bad("an example case written as a mapping needs an 'id', a slug such as 'kiev-embassy' (its "
                  "test's name)", "id", ("id",) if "id" in raw else ())
    text = raw.get("text")
    if not isinstance(text, str) or not text:
        raise bad("'text' is required: the case's text", "text", ("text",) if "text" in raw else ())
    fixed = raw.get("fixed")
    if expect == PASS and "fixed" in raw:
        raise bad("a pass example is not flagged, so it has no 'fixed' text", "fixed", ("fixed",))
    if fixed is not None and not isinstance(fixed, str):
        raise bad("must be a text", "fixed", ("fixed",))
    if expect == FAIL and fixable and fixed is None:
        raise bad("a fixable rule needs a 'fixed' text for each 'fail' example: what fixing this case gives",
                  "fixed", ("fixed",) if "fixed" in raw else ())
    fmt = raw.get("format", "text")
    if fmt not in _CASE_FORMATS:
        raise bad(f"choose from {', '.join(_CASE_FORMATS)}", "format", ("format",))
    source = raw.get("source")
    if "source" in raw and (not isinstance(source, str) or not source.strip()):
        raise bad("must be a text: what the case's text translates", "source", ("source",))
    language = raw.get("source-language")
    if "source-language" in raw:
        if not isinstance(language, str) or not _LANGUAGE.fullmatch(language):
            raise bad("must be a two-letter ISO 639-1 code such as 'uk' or 'zh'", "source-language",
                      ("source-language",))
        if source is None:
            raise bad("'source-language' is the language of the case's 'source', which is missing",
                      "source-language", ("source-language",))
    overrides = raw.get("options", {})
    if not isinstance(overrides, dict):
        raise bad("must be a mapping of the rule's kind options to their values for this case", "options",
                  ("options",))
    for key in overrides:
        if key not in kind.options:
            raise bad(f"kind '{kind.name}' has no option {key!r} (options: {', '.join(sorted(kind.options))})",
                      f"options.{key}", ("options", key))

    def bad_option(message: str, key: str | None = None, at: tuple = ()) -> PackError:
        return bad(message, f"options.{key}" if key else "options", ("options", *at))

    _parse_options({**{k: v for k, v in rule_raw.items() if k in kind.options}, **overrides}, kind, bad_option)
    return Case(expect, index, text, id=ident, fixed=fixed, options=dict(overrides), format=fmt, source=source,
                source_language=language)


def _type_name(t: type) -> str:
    return {str: "a string", int: "a number", float: "a number", bool: "true/false", list: "a list",
            dict: "a mapping", type(None): "empty"}.get(t, t.__name__)


def _load_yaml(source: str, file: str) -> Any:
    import yaml

    from linter.core import yamlsafe

    try:
        return yamlsafe.load(source)  # plain data: no tags, no aliases, bounded depth
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PackError(file, line, f"invalid YAML: {problem}") from None


class _LineMap:
    """1-based line of each key or item of a pack, addressed by path.

    Rule lines come from a quick scan for list items; anything finer composes the YAML tree
    (slower), which only error messages need.
    """

    def __init__(self, source: str):
        self._source = source
        self._lines: dict[tuple, int] | None = None
        self._rule_starts: list[int] = []
        top = _RULES_KEY.search(source)
        first = _RULE_ITEM.search(source, top.end()) if top else None
        if first:
            item = regexes.compile(rf"^{first.group(1)}-[ ]", regex.M)
            self._rule_starts = [source.count("\n", 0, m.start()) + 1 for m in item.finditer(source, top.end())]

    def rule_line(self, index: int) -> int:
        if 0 <= index < len(self._rule_starts):
            return self._rule_starts[index]
        return self.of(("rules", index))

    def _tree(self) -> dict[tuple, int]:
        if self._lines is None:
            self._lines = {}
            import yaml

            from linter.core import yamlsafe

            with contextlib.suppress(yaml.YAMLError):
                root = yaml.compose(self._source, Loader=yamlsafe.DataLoader)
                if root is not None:
                    self._walk(root, ())
        return self._lines

    def _walk(self, node: yaml.Node, path: tuple) -> None:
        import yaml

        assert self._lines is not None
        self._lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    self._lines[(*path, key.value)] = key.start_mark.line + 1
                    self._walk_child(value, (*path, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._walk_child(item, (*path, index))

    def _walk_child(self, node: yaml.Node, path: tuple) -> None:
        assert self._lines is not None
        keep = self._lines.get(path)
        self._walk(node, path)
        if keep is not None:
            self._lines[path] = keep

    def of(self, path: tuple) -> int:
        lines = self._tree()
        while path and path not in lines:
            path = path[:-1]
        return lines.get(path, 1)

