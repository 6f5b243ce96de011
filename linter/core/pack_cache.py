"""The validated-pack cache: a pack that parsed and validated, kept so the next process skips YAML and validation.

A pack is kept as marshalled plain data behind a checksum (``store.write_marshalled``: it reads back in less than
half the time JSON takes), its example cases as a marshalled blob of their own, read only when they are asked for
(``Examples.kept``). It is keyed by its exact text, the copydesk version and the code that validates packs (see
``_code_stamp``), so the next process builds its rules without YAML, validation or regex compilation. Only
validated packs are written, so a bad pack never comes from the cache: it is parsed and reported every time.
A damaged entry is a miss. It is one of the stores kept on disk (linter/kept/store.py), written when a pack
is validated.
"""

from __future__ import annotations

import contextlib
import functools
import marshal
import os
from pathlib import Path
from typing import Any

from linter.kept import store
from linter.kept.hashing import key_hash
from linter.kinds import KINDS
from linter.model.diagnostics import Applicability, Severity
from linter.model.rules import Case, Examples, Pack, Rule
from linter.version import VERSION

STORE = store.register(store.Store("validated rule packs", "packs", "*"))  # "*": the JSON of before is pruned too
_LAYOUT = "validated-3"
# what decides the rules a pack's text gives (the kinds among them too: see _code_stamp)
_VALIDATING_MODULES = ("core/packs.py", "core/pack_cache.py", "model/rules.py", "model/messages.py",
                       "model/diagnostics.py", "version.py")


def path(source: str | bytes) -> Path | None:
    """Where the validated pack of text ``source`` (or of its UTF-8 bytes: the same place) is kept; None when
    keeping is off."""
    digest = key_hash(f"{VERSION}\0{_LAYOUT}\0{_code_stamp()}\0".encode())
    digest.update(source if isinstance(source, bytes) else source.encode("utf-8"))
    return STORE.path(f"{digest.hexdigest()}.marshal")


@functools.lru_cache(maxsize=1)
def _code_stamp() -> str:
    """Size and modification time of the modules that parse and validate packs (the kinds among them):
    a working copy whose validation code changed does not trust packs validated by the old code."""
    here = Path(__file__).resolve().parent.parent
    files = [here / name for name in _VALIDATING_MODULES]
    with contextlib.suppress(OSError):
        files += sorted(Path(e.path) for e in os.scandir(here / "kinds") if e.name.endswith(".py"))
    stamp = []
    for file in files:
        try:
            st = file.stat()
        except OSError:
            continue
        stamp.append(f"{file.name}:{st.st_size}:{st.st_mtime_ns}")
    return ",".join(stamp)


def write(cache: Path, pack: Pack, data: Any) -> None:
    """Keep a validated pack: each rule's fields, and of its options only those the pack wrote
    (defaults are filled in from the kind on reading, as validation does)."""
    raw_rules = data["rules"]
    entry = {
        "name": pack.name, "description": pack.description, "enabled": pack.enabled,
        "rules": [
            [rule.code, rule.name, rule.kind, rule.severity.value, rule.message, rule.description,
             rule.fix.value if rule.fix else None, rule.enabled, rule.line,
             {key: raw[key] for key in KINDS[rule.kind].options if key in raw},
             [_case_entry(case) for case in rule.examples.cases], rule.fix_why,
             rule.what_it_flags, rule.use_instead]
            for rule, raw in zip(pack.rules, raw_rules, strict=True)
        ],
    }
    with contextlib.suppress(TypeError, ValueError, RecursionError):
        for kept in entry["rules"]:
            cases = marshal.dumps(kept[10])
            if marshal.loads(cases) != kept[10]:
                return  # not plain data (NaN): the cases would not come back the same
            kept[10] = cases
        if marshal.loads(marshal.dumps(entry)) != entry:
            return  # not plain data (NaN in an option; dates cannot be marshalled): the rules would differ
        STORE.write_marshalled(cache, entry)


def _case_entry(case: Case) -> dict[str, Any]:
    """An example case as kept: its fields, those at their defaults left out (``Case(**entry)`` rebuilds it)."""
    entry = {"expect": case.expect, "index": case.index, "text": case.text}
    for key, default in (("id", ""), ("fixed", None), ("format", "text"), ("source", None), ("source_language", None)):
        if getattr(case, key) != default:
            entry[key] = getattr(case, key)
    if case.options:
        entry["options"] = dict(case.options)
    return entry


def read(cache: Path, file: str, builtin: bool) -> Pack | None:
    """The pack kept at ``cache``, its rules located in ``file`` (shipped with copydesk or not: ``builtin``);
    None when missing or damaged."""
    try:
        entry = store.read_marshalled(cache)
        name = entry["name"]
        rules = []
        for (code, rule_name, kind_name, severity, message, description, fix, enabled, line, given, cases, why,
             what, instead) in entry["rules"]:
            options = {key: given.get(key, option.default)
                       for key, option in KINDS[kind_name].options.items()}
            rules.append(Rule(code=code, name=rule_name, pack=name, kind=kind_name, severity=Severity(severity),
                              message=message, description=description,
                              fix=None if fix is None else Applicability(fix), options=options,
                              examples=Examples.kept(functools.partial(marshal.loads, cases)),  # when asked for
                              enabled=enabled, file=file, line=line, builtin=builtin, fix_why=why,
                              what_it_flags=what, use_instead=instead))
        return Pack(name=name, description=entry["description"], enabled=entry["enabled"], file=file,
                    rules=tuple(rules))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):  # no file: read_marshalled's None
        return None
