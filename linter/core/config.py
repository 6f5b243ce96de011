"""Layered configuration: defaults < closest trusted config file < --config < command-line flags.

A config file is ``.copydesk.yaml`` (or ``.copydesk.yml``) or the ``[tool.copydesk]`` table of
``pyproject.toml``, found by walking up from the article: up to the first folder holding ``.git`` or
the home folder, never above (see ``discover_config``). A config file that another user could have
written is skipped, as git skips a repository of dubious ownership. Keys are the CLI's long options.
"""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex

from linter.core.regular_files import CONFIG_LIMIT, NotRegularFile, kind_of, open_regular, read_regular
from linter.kinds import KINDS
from linter.kinds.base import ConfigTable
from linter.model.diagnostics import Severity
from linter.text import languages

if TYPE_CHECKING:
    import tomllib

CONFIG_FILES = (".copydesk.yaml", ".copydesk.yml", "pyproject.toml")
# Config files (or folders of them) to use although discovery would skip them, separated by os.pathsep.
TRUST_ENV = "COPYDESK_TRUSTED_CONFIG"
FORMAT_CHOICES_HINT = "see `copydesk check --help` for formats"

# key -> (types, description)
KEYS: dict[str, tuple[tuple[type, ...], str]] = {
    "select": ((list,), "rules to run: codes, code prefixes, names, pack names or ALL"),
    "extend-select": ((list,), "rules to add to the selection (e.g. an opt-in pack)"),
    "ignore": ((list,), "rules to leave out"),
    "extend-packs": ((list,), "paths of extra rule packs (relative to the config file)"),
    "severity": ((dict,), "selector -> error|warning|info"),
    "per-file-ignores": ((dict,), "glob -> list of selectors ignored in matching files"),
    "exclude": ((list,), "globs of files and folders not to lint"),
    "format": ((str,), "output format"),
    "unsafe-fixes": ((bool,), "apply unsafe fixes too"),
    "report-unused-suppressions": ((bool,), "report copydesk-disable comments that suppressed nothing"),
    "fail-on": ((str,), "the lowest severity that fails a run (exit 1): error|warning|info"),
    "min-severity": ((str,), "findings below this severity are not shown: error|warning|info"),
    "baseline": ((str,), "baseline file of accepted findings, not reported (relative to the config file)"),
    "source-language": ((str,), "the language (ISO 639-1: uk, zh) of the sources of paired articles and corpora, "
                                "and of translation files that do not say; detected when not set"),
    "source-pattern": ((str,), "where a Markdown article's source is, from the article's path: '{stem}.{lang}.md', "
                               "'../uk/{name}' ({stem}: the name less its suffix, {name}: the name, {lang}: "
                               "source-language)"),
    "glossary": ((str,), "a glossary (CSV or TBX, relative to the config file) for checking translations against "
                 "their sources"),
}
# keys whose value is one severity
SEVERITY_KEYS = ("fail-on", "min-severity")

class ConfigError(Exception):
    """A configuration that cannot be used; ``str()`` names file, line and key."""

    def __init__(self, message: str, file: str | None = None, line: int = 0, key: str | None = None):
        super().__init__(message)
        self.message, self.file, self.line, self.key = message, file, line, key

    def __str__(self) -> str:
        where = (f"{self.file}:{self.line}" if self.line else self.file) if self.file else "configuration"
        return f"{where}: {f'key {self.key!r}: ' if self.key else ''}{self.message}"


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_packs: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    # globs are relative to the folder of the config file that gave them: (root, glob, ...)
    per_file_ignores: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    exclude: tuple[tuple[str, str], ...] = ()
    format: str = "text"
    unsafe_fixes: bool = False
    report_unused_suppressions: bool = False
    # a finding of this severity or graver fails the run (exit 1); an info finding is shown but passes by default
    fail_on: Severity = Severity.WARNING
    # findings below this severity are neither shown nor fixed, in every face (Vale's MinAlertLevel)
    min_severity: Severity = Severity.INFO
    baseline: str | None = None  # an absolute path (linter/io/baseline.py reads it)
    source_language: str | None = None
    source_pattern: str | None = None
    glossary: str | None = None  # the glossary file's path, resolved against its config file's folder
    # the config tables of rule kinds (Kind.config), merged key by key over the layers: (name, ((key, value), ...))
    tables: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()
    root: str = field(default_factory=os.getcwd)
    source: str | None = None
    # key -> the config file (or "command line") of the layer that set it last, for errors found later
    origins: tuple[tuple[str, str], ...] = ()

    def origin(self, key: str) -> tuple[str | None, int]:
        """The file that set ``key`` and the key's line in it (0 if unknown), for an error about its value."""
        file = dict(self.origins).get(key, self.source)
        return file, line_in_config_file(file, key)

    def table(self, name: str) -> dict[str, Any]:
        """The config table ``name`` of a rule kind (``languagetool``): its keys as the config files wrote them."""
        return dict(dict(self.tables).get(name, ()))

    def with_layer(self, layer: Mapping[str, Any], root: str | None = None, source: str | None = None) -> Settings:
        """These settings with a layer of raw config keys on top."""
        root = root or self.root
        changes: dict[str, Any] = {}
        tables = dict(self.tables)
        for key, value in layer.items():
            attr = key.replace("-", "_")
            if key in ("select", "extend-select", "ignore"):
                changes[attr] = tuple(str(v) for v in value)
            elif key == "exclude":
                changes[attr] = tuple((root, str(v)) for v in value)
            elif key == "extend-packs":
                changes[attr] = self.extend_packs + tuple(str(Path(root, str(p))) for p in value)
            elif key == "baseline":
                changes[attr] = str(Path(root, str(value)))
            elif key == "severity":
                changes[attr] = tuple((str(k), Severity(v)) for k, v in value.items())
            elif key in SEVERITY_KEYS:
                changes[attr] = Severity(value)
            elif key == "glossary":
                changes[attr] = str(Path(root, value)) if value else None
            elif key == "per-file-ignores":
                changes[attr] = tuple((root, str(k), tuple(str(s) for s in v)) for k, v in value.items())
            elif key in kind_tables():  # merged over earlier layers; lists become tuples (hashable)
                merged = {**self.table(key), **value}
                tables[key] = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in merged.items()))
            else:
                changes[attr] = value
        if tables != dict(self.tables):
            changes["tables"] = tuple(sorted(tables.items()))
        if "extend-select" in layer and "select" not in layer:
            changes["extend_select"] = self.extend_select + changes["extend_select"]
        elif "select" in layer and "extend-select" not in layer:
            changes["extend_select"] = ()  # a new selection starts afresh
        origins = {**dict(self.origins), **dict.fromkeys(layer, source or "command line")}
        return replace(self, **changes, root=root, source=source or self.source,
                       origins=tuple(sorted(origins.items())))


def validate_layer(layer: Any, file: str, source_text: str = "") -> dict[str, Any]:
    if layer is None:
        return {}
    if not isinstance(layer, dict):
        raise ConfigError("configuration must be a mapping of options", file, 1)
    tables = kind_tables()
    keys = {**KEYS, **{name: ((dict,), table.doc) for name, table in tables.items()}}
    for key, value in layer.items():
        line = _line_of_key(source_text, str(key))
        if key not in keys:
            raise ConfigError(f"unknown option (known: {', '.join(keys)})", file, line, str(key))
        types, _ = keys[key]
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise ConfigError(f"must be a {types[0].__name__.replace('dict', 'mapping')}", file, line, key)
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            raise ConfigError("must be a list of strings", file, line, key)
        if key == "severity":
            for selector, level in value.items():
                if level not in {s.value for s in Severity}:
                    raise ConfigError(f"severity for {selector!r} must be error, warning or info",
                                      file, line, key)
        if key in SEVERITY_KEYS and value not in {s.value for s in Severity}:
            raise ConfigError(f"must be error, warning or info, not {value!r}", file, line, key)
        if key == "per-file-ignores":
            for glob, selectors in value.items():
                if not isinstance(selectors, list) or not all(isinstance(s, str) for s in selectors):
                    raise ConfigError(f"{glob!r} must map to a list of selectors", file, line, key)
        if key == "source-language" and not languages.known(value):
            raise ConfigError(f"unknown language {value!r} (a two-letter ISO 639-1 code such as uk, ru, zh)",
                              file, line, key)
        if key == "source-pattern" and "{" not in value:
            raise ConfigError("must name the source from the article's name ({stem}, {name} or {lang})",
                              file, line, key)
        if key in tables:
            _validate_table(tables[key], value, file, source_text, line)
    return dict(layer)



def kind_tables() -> dict[str, ConfigTable]:
    """The config tables that rule kinds read (``Kind.config``), by name, in the order of ``KINDS``."""
    return {kind.config.name: kind.config for kind in KINDS.values() if kind.config is not None}


def _validate_table(spec: ConfigTable, table: dict[str, Any], file: str, source_text: str, table_line: int) -> None:
    """A kind's table: every key known, of its type, and valid to the kind; errors name ``table.key``."""
    for key, value in table.items():
        line = _line_of_key(source_text, str(key)) or table_line
        where = f"{spec.name}.{key}"
        if key not in spec.keys:
            raise ConfigError(f"unknown option (known: {', '.join(spec.keys)})", file, line, where)
        types, _ = spec.keys[key]
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            kind = {str: "a string", list: "a list of strings", bool: "true or false", int: "a number",
                    float: "a number", dict: "a mapping"}[types[0]]
            raise ConfigError(f"must be {kind}", file, line, where)
        try:
            spec.validate(key, value)
        except ValueError as exc:
            raise ConfigError(str(exc), file, line, where) from None


def read_config_file(path: str | os.PathLike[str], *, expect: tuple[int, int] | None = None) -> dict[str, Any] | None:
    """The raw, validated options of one config file; None for a pyproject.toml without the table.

    Only a regular file of at most ``CONFIG_LIMIT`` bytes is read (a FIFO or a device never blocks the
    run). ``expect`` is the (device, inode) that discovery found trustworthy: a file swapped in since
    (by whoever can write to a folder above it) is refused, not read.
    """
    path = Path(path)
    text = _read_config_text(path, expect)
    if path.name == "pyproject.toml":
        import tomllib  # here: most runs read no config file

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"invalid TOML: {exc}", str(path), _toml_error_line(exc)) from None
        except RecursionError:  # tomllib recurses once per level of nesting
            raise ConfigError("invalid TOML: nested too deeply", str(path)) from None
        tool = data.get("tool", {})
        if not isinstance(tool, dict):
            raise ConfigError("'tool' must be a table", str(path), _line_of_key(text, "tool"), "tool")
        table = tool.get("copydesk")
        if table is None:
            return None
        if not isinstance(table, dict):
            raise ConfigError("must be a table of options ([tool.copydesk])", str(path),
                              _line_of_key(text, "copydesk"), "tool.copydesk")
        section = text[text.find("[tool.copydesk"):] if "[tool.copydesk" in text else text
        offset = text.count("\n", 0, len(text) - len(section))
        return validate_layer(table, str(path), "\n" * offset + section)
    import yaml

    from linter.core import yamlsafe

    try:
        data = yamlsafe.load(text)  # plain data: no tags, no aliases, bounded depth
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(f"invalid YAML: {getattr(exc, 'problem', exc)}", str(path),
                          mark.line + 1 if mark else 0) from None
    return validate_layer(data, str(path), text)


def _read_config_text(path: Path, expect: tuple[int, int] | None = None) -> str:
    try:
        fd = open_regular(path)
    except NotRegularFile as exc:
        raise ConfigError(f"not a config file: {exc}", str(path)) from None
    except FileNotFoundError:
        raise ConfigError("config file not found", str(path)) from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file: {exc.strerror or exc}", str(path)) from None
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(handle.fileno())
        if expect is not None and (st.st_dev, st.st_ino) != expect:
            raise ConfigError("config file was replaced while it was being read; not used", str(path))
        try:
            data = handle.read(CONFIG_LIMIT + 1)
        except OSError as exc:
            raise ConfigError(f"cannot read config file: {exc.strerror or exc}", str(path)) from None
    if len(data) > CONFIG_LIMIT:
        raise ConfigError(f"config file is larger than {CONFIG_LIMIT / 2**20:g} MiB, the limit for a config file",
                          str(path))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"cannot read config file: {exc}", str(path)) from None


# --- discovery and trust ---------------------------------------------------------------------
#
# Walking up from an article to `/` would read a `.copydesk.yaml` that anyone planted in a shared folder
# such as /tmp, and its `extend-packs` rules would then rewrite the article. As git does with
# `safe.directory`, discovery stops at the repository root and at the home folder, and a config file that
# another user could have written is skipped with a warning instead of read.


@dataclass(frozen=True)
class Skipped:
    """A config file discovery found but did not use, and why."""

    path: str
    reason: str

    def warning(self) -> str:
        return (f"skipped config file {self.path}: {self.reason}; to use it, pass --config {self.path} "
                f"or add it to {TRUST_ENV}")


@dataclass(frozen=True)
class Discovery:
    """What config discovery from one folder found: the file it uses (or None) and the files it skipped."""

    used: str | None
    skipped: tuple[Skipped, ...] = ()
    identity: tuple[int, int] | None = None  # (device, inode) of ``used`` when it was judged


@functools.lru_cache(maxsize=1024)
def discover_config(directory: str) -> Discovery:
    """The closest config file at or above ``directory``, if it can be trusted.

    Folders are tried from ``directory`` up: the first that holds ``.git`` (a repository root) or is the
    home folder is the last one tried. The first config file found ends the walk: it is used when it is
    trusted (``untrusted_reason``), else skipped, and then no config file is used at all: one further up
    would silently stand in for it. A ``pyproject.toml`` without ``[tool.copydesk`` is not a config file.
    """
    current = Path(directory).resolve()
    home = _home()
    skipped: list[Skipped] = []
    for folder in (current, *current.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            try:
                st = os.stat(candidate)
            except OSError:
                continue
            if stat.S_ISDIR(st.st_mode):
                continue
            if name == "pyproject.toml" and (not stat.S_ISREG(st.st_mode) or "[tool.copydesk" not in _peek(candidate)):
                continue
            reason = untrusted_reason(candidate)
            if reason is not None:
                skipped.append(Skipped(str(candidate), reason))
                return Discovery(None, tuple(skipped))
            return Discovery(str(candidate), tuple(skipped), (st.st_dev, st.st_ino))
        if folder == home or os.path.lexists(folder / ".git"):
            break
    return Discovery(None, tuple(skipped))


def find_config_file(directory: str) -> str | None:
    """The config file discovery uses for ``directory`` (``discover_config``), or None."""
    return discover_config(directory).used


find_config_file.cache_clear = discover_config.cache_clear  # type: ignore[attr-defined]


def untrusted_reason(path: str | os.PathLike[str]) -> str | None:
    """Why the config file at ``path`` cannot be trusted, or None when it can.

    It can when it is (and, for a symlink, the link is too) owned by this user or by root, and neither it
    nor its folder can be written by another user: not world-writable, not group-writable with a group
    that has other members, unless the folder has the sticky bit (as /tmp has), under which only the file's
    owner can replace it. Files and folders named in ``COPYDESK_TRUSTED_CONFIG`` are trusted as they are.
    """
    path = Path(path)
    if _named_trusted(path):
        return None
    try:
        link = os.lstat(path)
        target = os.stat(path)
        folder = os.stat(path.parent)
    except OSError as exc:
        return f"cannot check who owns it ({exc.strerror or exc})"
    if not stat.S_ISREG(target.st_mode):
        return f"{kind_of(target.st_mode)}, not a regular file"
    if not hasattr(os, "geteuid"):
        return None  # Windows: no POSIX owners and modes to judge by
    if target.st_uid not in _trusted_owners():
        return f"it is owned by {_user_name(target.st_uid)}, not by you"
    if stat.S_ISLNK(link.st_mode) and link.st_uid not in _trusted_owners():
        return f"it is a symlink owned by {_user_name(link.st_uid)}, not by you"
    if _others_can_write(target):
        return "other users can write to it (mode " + oct(stat.S_IMODE(target.st_mode)) + ")"
    folders = [(path.parent, folder)]
    if stat.S_ISLNK(link.st_mode):  # where the link leads can be replaced too
        real_parent = Path(os.path.realpath(path)).parent
        try:
            folders.append((real_parent, os.stat(real_parent)))
        except OSError as exc:
            return f"cannot check who owns it ({exc.strerror or exc})"
    for where, st in folders:
        if _others_can_write(st) and not (st.st_mode & stat.S_ISVTX):
            return (f"other users can write to its folder {where} (mode {oct(stat.S_IMODE(st.st_mode))}, "
                    "no sticky bit) and could replace it")
    return None


def _trusted_owners() -> frozenset[int]:
    return frozenset({os.geteuid(), 0})


def _others_can_write(st: os.stat_result) -> bool:
    """World-writable, or group-writable with a group some other user is in."""
    if st.st_mode & stat.S_IWOTH:
        return True
    return bool(st.st_mode & stat.S_IWGRP) and not _group_is_only_mine(st.st_gid)


@functools.lru_cache(maxsize=64)
def _group_is_only_mine(gid: int) -> bool:
    """Whether no user but this one is in group ``gid`` (a user-private group, as umask 002 systems make)."""
    import grp
    import pwd

    me = os.geteuid()
    try:
        my_name = pwd.getpwuid(me).pw_name
        members = set(grp.getgrgid(gid).gr_mem)
        primary = {user.pw_name for user in pwd.getpwall() if user.pw_gid == gid}
    except (KeyError, OSError):
        return False
    return (members | primary) <= {my_name}


def _user_name(uid: int) -> str:
    try:
        import pwd

        return f"{pwd.getpwuid(uid).pw_name} (uid {uid})"
    except (ImportError, KeyError):
        return f"uid {uid}"


def _named_trusted(path: Path) -> bool:
    """Whether ``COPYDESK_TRUSTED_CONFIG`` names this file, or a folder it is in."""
    value = os.environ.get(TRUST_ENV, "")
    if not value:
        return False
    places = {os.path.abspath(path), os.path.realpath(path)}  # a symlink: where it is, or where it leads
    for entry in filter(None, value.split(os.pathsep)):
        named = os.path.realpath(os.path.expanduser(entry))
        if any(p == named or p.startswith(named.rstrip(os.sep) + os.sep) for p in places):
            return True
    return False


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, KeyError, OSError):
        return None


def _peek(path: Path) -> str:
    """The start of a pyproject.toml (up to the config cap), to see whether it has a copydesk table."""
    try:
        fd = open_regular(path)
    except OSError:
        return ""
    with os.fdopen(fd, "rb") as handle:
        return handle.read(CONFIG_LIMIT).decode("utf-8", errors="replace")


def resolve(
    start: str | os.PathLike[str] | None = None,
    config_file: str | os.PathLike[str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    *,
    discover: bool = True,
) -> Settings:
    """Settings for an article under ``start``: discovered file < ``config_file`` < ``overrides``.

    ``config_file`` is named by the user, so it is read without the trust check discovery makes.
    """
    settings = Settings()
    if discover:
        directory = Path(start) if start is not None else Path.cwd()
        if directory.exists() and not directory.is_dir():
            directory = directory.parent
        found = discover_config(str(directory))
        if found.used:
            layer = _cached_layer(found.used, found.identity)
            if layer is not None:
                settings = settings.with_layer(layer, root=str(Path(found.used).parent), source=found.used)
    if config_file is not None:
        layer = read_config_file(config_file)
        if layer is None:
            raise ConfigError("no [tool.copydesk] table in this file", str(config_file))
        settings = settings.with_layer(layer, root=str(Path(config_file).resolve().parent), source=str(config_file))
    if overrides:
        settings = settings.with_layer(validate_layer(dict(overrides), "command line"), root=os.getcwd())
    return settings


def _cached_layer(path: str, identity: tuple[int, int] | None = None) -> dict[str, Any] | None:
    try:
        st = os.stat(path)
    except OSError as exc:
        raise ConfigError(f"cannot read config file: {exc.strerror or exc}", path) from None
    return _cached_layer_for(path, st.st_mtime_ns, st.st_size, st.st_ino, st.st_uid, st.st_mode, identity)


@functools.lru_cache(maxsize=256)
def _cached_layer_for(path: str, mtime_ns: int, size: int, inode: int, uid: int, mode: int,
                      identity: tuple[int, int] | None) -> dict[str, Any] | None:
    return read_config_file(path, expect=identity)


def line_in_config_file(file: str | None, key: str) -> int:
    """The 1-based line of ``key`` in a config file (in its [tool.copydesk] table for pyproject.toml); 0 if unknown."""
    if not file or file == "command line":
        return 0
    try:
        text = read_regular(file, CONFIG_LIMIT).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return 0
    if Path(file).name == "pyproject.toml":
        at = text.find("[tool.copydesk")
        line = _line_of_key(text[at:], key) if at >= 0 else 0
        return line + text.count("\n", 0, at) if line else 0
    return _line_of_key(text, key)


def _line_of_key(text: str, key: str) -> int:
    if not text:
        return 0
    m = regex.search(rf"^[ \t]*[\"']?{regex.escape(key)}[\"']?[ \t]*[:=]", text, regex.M)
    return text.count("\n", 0, m.start()) + 1 if m else 0


def _toml_error_line(exc: tomllib.TOMLDecodeError) -> int:
    m = regex.search(r"line (\d+)", str(exc))
    return int(m.group(1)) if m else 0
