"""Start-up: the validated pack cache gives the same rules as parsing, never holds a bad pack, and a
plain one-file `check` imports none of the heavy or rarely used modules."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import types
from collections.abc import Iterator
from dataclasses import fields, replace
from pathlib import Path

import pytest

from linter.core import pack_cache, packs
from linter.core.packs import PackError, builtin_paths, load_pack, parse_pack
from linter.kept import store
from linter.kinds import prefilter
from tests.test_packs import CASE_PACK

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("COPYDESK_NO_PACK_CACHE", raising=False)
    packs._load_pack_cached.cache_clear()
    yield home
    packs._load_pack_cached.cache_clear()


def _cache_files(home: Path) -> list[Path]:
    return sorted((home / "copydesk" / "packs").glob("*.marshal")) if (home / "copydesk" / "packs").is_dir() else []


@pytest.mark.parametrize("path", builtin_paths(), ids=lambda p: p.name)
def test_a_cached_pack_has_the_same_rules_as_a_parsed_one(path: Path, cache_home: Path):
    parsed = parse_pack(path.read_text(encoding="utf-8"), str(path))
    load_pack(path)  # writes the cache
    assert len(_cache_files(cache_home)) == 1
    packs._load_pack_cached.cache_clear()
    cached = load_pack(path)  # reads it
    for f in fields(packs.Pack):
        if f.name != "rules":
            assert getattr(cached, f.name) == getattr(parsed, f.name)
    assert len(cached.rules) == len(parsed.rules)
    for a, b in zip(parsed.rules, cached.rules, strict=True):
        for f in fields(a):
            left, right = getattr(a, f.name), getattr(b, f.name)
            assert left == right and type(left) is type(right), (a.code, f.name)
        assert list(a.options) == list(b.options), a.code
        for key, value in a.options.items():
            assert type(b.options[key]) is type(value), (a.code, key)


def test_the_cache_names_the_file_the_pack_was_loaded_from(tmp_path: Path, cache_home: Path):
    source = builtin_paths()[0].read_text(encoding="utf-8")
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(source, encoding="utf-8")
    second.write_text(source, encoding="utf-8")
    assert load_pack(first).rules[0].file == str(first)
    assert load_pack(second).rules[0].file == str(second)  # same text, same cache entry
    assert len(_cache_files(cache_home)) == 1



def test_rules_know_whether_their_pack_is_shipped_with_copydesk(tmp_path: Path, cache_home: Path):
    """``Rule.builtin``, set when the pack is loaded, parsed or from the pack cache: a copy of a shipped pack
    elsewhere is a user's pack (whose regexes run under their time budget)."""
    shipped = builtin_paths()[0]
    copy = tmp_path / shipped.name
    copy.write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    for _ in range(2):  # parsed (and the cache written), then read from the cache
        packs._load_pack_cached.cache_clear()
        assert all(r.builtin for r in load_pack(shipped).rules)
        assert not any(r.builtin for r in load_pack(copy).rules)
    assert len(_cache_files(cache_home)) == 1
    assert all(r.builtin for r in parse_pack(shipped.read_text(encoding="utf-8"), str(shipped)).rules)
    assert not any(r.builtin for r in parse_pack(shipped.read_text(encoding="utf-8"), "<string>").rules)


# tests/test_packs.py's pack, its fix with a why, and a case with every key
CASES = CASE_PACK.replace("fix: {applicability: safe}", "fix:\n      applicability: unsafe\n      why: >\n"
                          "        Kiev can be\n        a cake.") % (
    '        - id: uk\n          text: "[[Kiev]]"\n          fixed: Kyiv\n          format: markdown\n'
    '          options: {quoted: flag}\n          source: Київ\n          source-language: uk')


def test_a_cached_pack_keeps_the_fix_why_and_the_example_cases(tmp_path: Path, cache_home: Path):
    pack = tmp_path / "cases.yaml"
    pack.write_text(CASES, encoding="utf-8")
    parsed = load_pack(pack).rules[0]
    assert len(_cache_files(cache_home)) == 1
    packs._load_pack_cached.cache_clear()
    cached = load_pack(pack).rules[0]
    assert cached is not parsed
    assert cached.fix_why == parsed.fix_why == "Kiev can be a cake."
    assert cached.examples == parsed.examples
    case = next(c for c in cached.examples.cases if c.id == "uk")
    assert (case.id, case.format, case.options, case.source, case.source_language, case.fixed) == \
        ("uk", "markdown", {"quoted": "flag"}, "Київ", "uk", "Kyiv")

INVALID = """pack: x
rules:
  - code: CD9001
    name: a-rule
    kind: pattern
    message: m
    description: d
    pattern: "(unclosed"
    examples: {fail: [a], pass: [b]}
"""


def test_a_pack_that_fails_validation_is_never_cached(tmp_path: Path, cache_home: Path):
    pack = tmp_path / "bad.yaml"
    pack.write_text(INVALID, encoding="utf-8")
    messages = []
    for _ in range(2):
        packs._load_pack_cached.cache_clear()
        with pytest.raises(PackError) as caught:
            load_pack(pack)
        messages.append(str(caught.value))
    assert messages[0] == messages[1]
    assert "regular expression does not compile" in messages[0]
    assert _cache_files(cache_home) == []


def test_a_damaged_cache_entry_is_a_miss(tmp_path: Path, cache_home: Path):
    path = builtin_paths()[0]
    expected = [r.code for r in load_pack(path).rules]
    (entry,) = _cache_files(cache_home)
    good = entry.read_bytes()
    for damage in (b"not marshal", good[:4] + b"\x00" + good[5:], good[:-9]):  # the checksum tells
        entry.write_bytes(damage)
        packs._load_pack_cached.cache_clear()
        assert [r.code for r in load_pack(path).rules] == expected
    for damage in ({"name": "x"}, {"name": "x", "description": "", "enabled": True, "rules": [[1, 2]]}, [1, 2]):
        store.write_marshalled(entry, damage, "*.marshal")  # whole, but not what the cache writes
        packs._load_pack_cached.cache_clear()
        assert [r.code for r in load_pack(path).rules] == expected


def test_data_that_would_not_come_back_the_same_is_not_cached(tmp_path: Path, cache_home: Path):
    source = INVALID.replace('"(unclosed"', '"a"')
    pack, data = packs._parse(source, "x.yaml")
    entry = pack_cache.path(source)
    pack_cache.write(entry, pack, data)
    assert entry.is_file()  # plain data: cached
    entry.unlink()
    for odd in (float("nan"), [1, float("nan")], __import__("datetime").date(2026, 12, 6)):  # NaN is not NaN
        data["rules"][0]["map"] = odd
        pack_cache.write(entry, pack, data)
        assert not entry.exists(), odd


def _pattern_options():
    from linter.kinds.base import flags_from

    rules = [r for p in packs.load_packs(builtin_paths()) for r in p.rules if r.kind == "pattern"]
    return [(r.options["pattern"], flags_from(r.options["flags"])) for r in rules]


@pytest.fixture
def fresh_memo(cache_home: Path) -> Iterator[Path]:
    prefilter.MEMO.forget()
    yield cache_home
    prefilter.MEMO.forget()


def test_kept_literals_are_the_prefilter_literals(fresh_memo: Path):
    from linter.kinds.prefilter import required_literals

    options = _pattern_options()
    first = [prefilter.kept_literals(p, f) for p, f in options]
    prefilter.MEMO.flush()
    (kept,) = (fresh_memo / "copydesk" / "derived").glob("literals-*.json")
    prefilter.MEMO.forget()  # as a new process: read back from the file
    second = [prefilter.kept_literals(p, f) for p, f in options]
    assert first == second == [required_literals(p, f) for p, f in options]
    assert not prefilter.MEMO.dirty  # all read back, nothing to write

    kept.write_text(json.dumps({f"{int(f)}:{p}": 7 for p, f in options}), encoding="utf-8")  # damaged values
    prefilter.MEMO.forget()
    assert [prefilter.kept_literals(p, f) for p, f in options] == first
    kept.write_text("[1, 2", encoding="utf-8")  # not JSON
    prefilter.MEMO.forget()
    assert [prefilter.kept_literals(p, f) for p, f in options] == first


def test_compiling_a_linter_keeps_the_literals(fresh_memo: Path):
    from linter.core.config import Settings
    from linter.core.engine import Linter
    from linter.kinds.base import flags_from

    linter = Linter(Settings())
    assert not (fresh_memo / "copydesk" / "derived").exists()  # nothing compiled before the first check
    assert linter.checkers
    (kept,) = (fresh_memo / "copydesk" / "derived").glob("literals-*.json")
    patterns = [r.options for r in linter.rules if r.kind == "pattern"]
    selected = {f"{int(flags_from(o['flags']))}:{o['pattern']}" for o in patterns}
    assert selected and selected <= set(json.loads(kept.read_text(encoding="utf-8")))


def test_a_linter_compiles_its_rules_at_the_first_check(monkeypatch: pytest.MonkeyPatch):
    from linter.core.config import Settings
    from linter.core.engine import Linter
    from linter.kinds import KINDS
    from linter.text.document import Document

    compiled: list[str] = []
    for name, kind in KINDS.items():
        def spy(rules, compile=kind.compile, name=name):
            compiled.append(name)
            return compile(rules)
        monkeypatch.setitem(KINDS, name, replace(kind, compile=spy))
    linter = Linter(Settings())
    fingerprint = linter.fingerprint  # what the result cache needs: no rule compiled for it
    assert compiled == []
    assert [d.code for d in linter.check(Document.from_text("The embassy in Kiev closed.")).diagnostics] == ["CD101"]
    assert compiled and "languagetool" not in compiled  # backend kinds are compiled with the linter
    assert linter.fingerprint == fingerprint


def test_a_one_file_check_compiles_one_linter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]):
    """The run's plan and the file's check ask ``linter_for`` for the same settings: one Linter is built (its packs
    read, its backend rules compiled) and shared, not one per asker."""
    from linter.core import engine
    from linter.faces import cli

    built: list[object] = []
    original = engine.Linter.__init__

    def counted(self: engine.Linter, *args: object, **kwargs: object) -> None:
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(engine.Linter, "__init__", counted)
    engine.linter_for.cache_clear()
    article = tmp_path / "one.txt"
    article.write_text("The embassy in Kiev closed on Tuesday.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    cli.main(["check", "--no-cache", str(article)])
    assert "CD101" in capsys.readouterr().out
    assert len(built) == 1
    engine.linter_for.cache_clear()


HEAVY = ("rich", "markdown_it", "dask", "distributed", "pygls", "lsprotocol", "language_tool_python", "lingua",
         "textstat", "nltk", "concurrent.futures", "multiprocessing", "yaml", "tomllib", "linter.faces.report",
         "linter.faces.lsp", "linter.faces.docs", "linter.io.distributed", "linter.faces.formats.sarif",
         "linter.faces.formats.lsp", "difflib", "pathspec", "linter.io.jsonl", "linter.backends.languagetool.client",
         "linter.backends.languagetool.server",
         "spylls", "wordfreq", "msgpack", "babel",  # (the spelling lexicon is read from what was derived and kept)
         # issue 18's budget: what only translation files, paired articles, baselines, extra packs, glossaries,
         # Markdown articles, numbers written with words or deriving the spelling lexicon need
         "linter.io.tmcheck", "linter.io.tmfiles", "xml.parsers.expat", "linter.io.baseline", "linter.core.examples",
         "linter.core.glossary", "csv", "linter.text.numerals", "linter.text.markdown_regions", "decimal", "gzip",
         # issue 20: what only writing a file needs (tempfile and the random it imports; ctypes for renameat2),
         # and calendar for the days of a month
         "tempfile", "random", "ctypes", "calendar",
         # issue 20, second step: OpenSSL, which importing hashlib loads (the keys use CPython's own SHA-256)
         "hashlib", "_hashlib",
         # and shutil (with bz2 and lzma), which argparse's help formatter imports for the terminal's width
         "shutil")


def test_a_plain_check_of_one_file_imports_no_heavy_module(tmp_path: Path):
    article = tmp_path / "one.txt"
    article.write_text("The embassy in Kiev closed on Tuesday, March 3, 2026.\n", encoding="utf-8")  # a date
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['copydesk', 'check', '--no-cache', sys.argv[1]]\n"
        "try:\n"
        "    runpy.run_module('linter', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        f"heavy = {HEAVY!r}\n"
        "sys.stderr.write('LOADED ' + ' '.join(m for m in heavy if m in sys.modules) + '\\n')\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("COPYDESK_NO_PACK_CACHE", None)
    for _ in range(2):  # the first run fills the pack cache (and parses YAML); the second reads it
        proc = subprocess.run([sys.executable, "-c", probe, str(article)], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)
    assert "CD101" in proc.stdout, proc.stderr
    loaded = proc.stderr.rsplit("LOADED", 1)[1].split()
    assert loaded == [], f"a one-file check imported {loaded}"


def test_kept_files_not_written_for_a_month_are_removed_when_one_is_written(tmp_path: Path):
    folder = tmp_path / "derived"
    folder.mkdir()
    old, recent, other = folder / "regex-0.0.1.marshal", folder / "regex-0.0.2.marshal", folder / "notes.txt"
    for path in (old, recent, other):
        path.write_text("x")
    month_ago = time.time() - store.STALE_AFTER - 60
    os.utime(old, (month_ago, month_ago))
    os.utime(other, (month_ago, month_ago))
    store.prune(folder, "regex-*.marshal")
    assert not old.exists() and recent.exists() and other.exists()


def test_a_flush_keeps_the_literals_another_process_kept_meanwhile(fresh_memo: Path):
    """The workers of a --jobs run each read the file at start: the last to write keeps the others' values."""
    prefilter.kept_literals(r"first\s+process")
    prefilter.MEMO.flush()
    prefilter.MEMO.forget()
    prefilter.MEMO.values().clear()  # another worker, which read the file before it was written
    prefilter.kept_literals(r"second\s+process")
    prefilter.MEMO.flush()
    prefilter.MEMO.forget()
    assert {"0:first\\s+process", "0:second\\s+process"} <= set(prefilter.MEMO.values())


SEED = ROOT / "seeds" / "003_602bf7b3579f9ba5.txt"


def _probe(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPYCACHEPREFIX": str(tmp_path / "pyc")}
    env.pop("COPYDESK_NO_PACK_CACHE", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # with bytecode, as an installed copy runs (compiling makes objects)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_importing_the_package_runs_no_cycle_collection_and_leaves_the_collector_as_it_was(tmp_path: Path):
    """Issue 20: the package's modules import with cycle collection put off (linter/kept/collector.py), and an
    embedding program's thresholds are its own again afterwards."""
    importing = ("any(m.startswith('linter.') for m in sys.modules) "
                 "and not hasattr(sys.modules['linter'], '__version__')")  # the package's own modules importing
    proc = _probe("import gc, sys\nruns = []\n"
                  f"gc.callbacks.append(lambda phase, info: phase == 'start' and {importing} and runs.append(1))\n"
                  "gc.set_threshold(500, 7, 9)\nimport linter\n"
                  "print(len(runs), gc.get_threshold(), gc.isenabled())\n", tmp_path)
    assert proc.stdout.split(maxsplit=1) == ["0", "(500, 7, 9) True\n"], proc.stderr


def test_a_one_article_check_runs_no_cycle_collection(tmp_path: Path):
    """Issue 20: a `copydesk check` of a seed article makes about 63,000 net allocations, nearly all of them kept
    until exit; CPython's collector traversed them about 16 times (about 20 ms) and once more at exit. The command
    puts collection off for a short run (``collector.SHORT_RUN_THRESHOLD``) and freezes what is left at exit. Should
    start-up come to allocate more than the threshold, raise it with a measurement or cut the allocations."""
    code = ("import gc, sys, runpy\nruns = []\n"
            "gc.callbacks.append(lambda phase, info: phase == 'start' and 'linter' in sys.modules and runs.append(1))\n"
            f"sys.argv = ['copydesk', 'check', '--no-cache', {str(SEED)!r}]\n"
            "try:\n    runpy.run_module('linter', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write(f'RUNS {len(runs)} FROZEN {gc.get_freeze_count() > 10000}\\n')\n")
    for _ in range(2):  # the first run fills the pack cache and the kept files; the second is a user's every run
        proc = _probe(code, tmp_path)
    assert "CD101" in proc.stdout, proc.stderr
    assert proc.stderr.rsplit("RUNS", 1)[1].split() == ["0", "FROZEN", "True"]


def test_a_second_run_compiles_no_dataclass_methods(tmp_path: Path):
    """Issue 20: ``@dataclass`` writes and compiles each class's methods as source (about a third of the import
    time); copydesk's are kept between runs (linter/kept/dataclass_code.py). On main this probe counted 322
    compilations in every run."""
    from linter.kept import dataclass_code

    if not dataclass_code.mirrors_this_python():
        pytest.skip("dataclasses' methods are compiled as usual on this Python")
    code = ("import dataclasses, sys\ncompiled = []\n"
            "def exec_(source, names, *args):\n"
            "    if names.get('__name__') != 'linter.kept.store':  # the one class made before the kept ones are read\n"
            "        compiled.append(source)\n"
            "    return exec(source, names, *args)\n"
            "dataclasses.exec = exec_  # what dataclasses compiles from text goes through its module's 'exec'\n"
            "sys.argv = ['copydesk', 'check', '--no-cache', sys.argv[1]]\n"
            "import runpy\ntry:\n    runpy.run_module('linter', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write(f'COMPILED {len(compiled)}\\n')\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("COPYDESK_NO_PACK_CACHE", None)
    counts = []
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-c", code, str(SEED)], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=120)
        assert "CD101" in proc.stdout, proc.stderr
        counts.append(int(proc.stderr.rsplit("COMPILED", 1)[1].split()[0]))
    assert counts[1] == 0, counts


def _code_parts(code: types.CodeType) -> tuple[object, ...]:
    consts = tuple(_code_parts(c) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    return (code.co_code, consts, code.co_names, code.co_varnames, code.co_freevars, code.co_cellvars,
            code.co_argcount, code.co_kwonlyargcount, code.co_posonlyargcount, code.co_flags, code.co_qualname)


def test_kept_dataclass_methods_are_those_dataclasses_compiles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The same code objects and the same behaviour, compiled or read back from the kept file, for the kinds of
    dataclass copydesk declares (frozen, ordered, slots, defaults, factories, keyword-only, post-init)."""
    import dataclasses

    from linter.kept import dataclass_code

    if not dataclass_code.mirrors_this_python():
        pytest.skip("dataclasses' methods are compiled as usual on this Python")

    def declare() -> list[type]:
        @dataclasses.dataclass(frozen=True, order=True)
        class Span:
            start: int
            end: int = 0
            tags: tuple[str, ...] = ()

        @dataclasses.dataclass(slots=True)
        class Bag:
            items: list[str] = dataclasses.field(default_factory=list)
            name: str = "bag"
            size: int = dataclasses.field(default=3, kw_only=True)

            def __post_init__(self) -> None:
                self.size = max(self.size, len(self.items))

        @dataclasses.dataclass(eq=False)
        class Plain:
            value: object = None

        return [Span, Bag, Plain]

    plain = declare()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("COPYDESK_NO_PACK_CACHE", raising=False)
    dataclass_code.MEMO.forget()
    try:
        dataclass_code.start()
        compiled = declare()  # compiled here, and kept
        dataclass_code.MEMO.flush()
        dataclass_code.MEMO.forget()  # as a new process: read back from the file
        kept = declare()
        assert not dataclass_code.MEMO.dirty  # every method came from the file
    finally:
        dataclass_code.stop()
        dataclass_code.MEMO.forget()
    assert dataclasses._create_fn is not dataclass_code._create_fn  # type: ignore[attr-defined]
    for a, b, c in zip(plain, compiled, kept, strict=True):
        for name in ("__init__", "__repr__", "__eq__", "__lt__", "__hash__", "__setattr__"):
            methods = [vars(cls).get(name) for cls in (a, b, c)]
            if methods[0] is None or not hasattr(methods[0], "__code__"):
                assert all(type(m) is type(methods[0]) for m in methods), name
                continue
            codes = [_code_parts(m.__code__) for m in methods]
            assert codes[0] == codes[1] == codes[2], (a.__name__, name)
    span = [cls(1, 2, ("x",)) for cls in (plain[0], compiled[0], kept[0])]
    assert [repr(s).split(".")[-1] for s in span] == ["Span(start=1, end=2, tags=('x',))"] * 3
    assert all(s < type(s)(2) and hash(s) == hash(type(s)(1, 2, ("x",))) for s in span)
    for cls in (plain[1], compiled[1], kept[1]):
        bag = cls(["a", "b", "c", "d"], size=1)
        assert (bag.items, bag.name, bag.size) == (["a", "b", "c", "d"], "bag", 4)
        with pytest.raises(TypeError):
            cls([], "n", 2)  # keyword-only


def test_the_written_out_spaces_are_every_whitespace_character_up_to_u3000():
    """Issue 20: linter/text/phrases.py no longer works the list out at import; it must stay what it was."""
    from linter.text import phrases

    every = tuple(chr(cp) for cp in range(0x3000 + 1) if chr(cp).isspace() and chr(cp) != " ")
    assert every == phrases._SPACE_CHARACTERS


def test_the_days_of_a_month_are_calendars():
    """Issue 20: the dates kind counts the days of a month without importing calendar; the same answers."""
    import calendar

    from linter.kinds.dates_numbers import _days_in_month, _isleap

    for year in (*range(1, 2501), 9999):
        assert _isleap(year) == calendar.isleap(year), year
        for month in range(1, 13):
            assert _days_in_month(year, month) == calendar.monthrange(year, month)[1], (year, month)


def test_the_keys_hash_is_blake2b():
    """Issue 20: the kept files' and caches' keys are hashed without hashlib (which loads OpenSSL at import), with
    CPython's own BLAKE2b (as fast as OpenSSL's SHA-256; CPython's own SHA-256 is 5x slower)."""
    import hashlib

    from linter.kept.hashing import key_hash

    for data in (b"", b"copydesk", "Київ\0".encode() * 1000):
        assert key_hash(data).hexdigest() == hashlib.blake2b(data, digest_size=32).hexdigest()
        digest = key_hash(data[:3])
        digest.update(data[3:])
        assert digest.hexdigest() == hashlib.blake2b(data, digest_size=32).hexdigest()
    assert len(key_hash(b"x").hexdigest()) == 64


def test_a_one_article_check_builds_no_example_case(tmp_path: Path):
    """Issue 20, second step: the shipped packs' 1,475 example cases are read back from the pack cache as they were
    kept, and built (``Case``) only when test-pack, docs, explain or a test asks for them; a check never does."""
    code = ("import sys, runpy\nfrom linter.model import rules\nbuilt = []\ninit = rules.Case.__init__\n"
            "def counted(self, *args, **kwargs):\n    built.append(1)\n    init(self, *args, **kwargs)\n"
            "rules.Case.__init__ = counted\n"
            f"sys.argv = ['copydesk', 'check', '--no-cache', {str(SEED)!r}]\n"
            "try:\n    runpy.run_module('linter', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write(f'CASES {len(built)}\\n')\n")
    for _ in range(2):  # the first run parses the packs (and builds their cases); the second reads the pack cache
        proc = _probe(code, tmp_path)
    assert "CD101" in proc.stdout, proc.stderr
    assert proc.stderr.rsplit("CASES", 1)[1].split() == ["0"]


def test_examples_read_back_from_the_pack_cache_are_the_parsed_ones(tmp_path: Path, cache_home: Path):
    """The cases built when first asked for equal the parsed ones, for every rule of the shipped packs, and the
    examples compare, copy and pickle as the cases they hold."""
    import copy
    import pickle

    parsed = [r.examples for p in packs.load_packs(builtin_paths()) for r in p.rules]  # parsed, and kept
    packs._load_pack_cached.cache_clear()
    cached = [r.examples for p in packs.load_packs(builtin_paths()) for r in p.rules]
    assert all(e._cases is None for e in cached)  # not built yet
    assert [e.cases for e in cached] == [e.cases for e in parsed] and sum(len(e.cases) for e in cached) > 1000
    packs._load_pack_cached.cache_clear()
    again = [r.examples for p in packs.load_packs(builtin_paths()) for r in p.rules]
    assert again == parsed
    assert [pickle.loads(pickle.dumps(e)) for e in again] == [copy.deepcopy(e) for e in again] == parsed


def test_a_check_looks_for_argparses_message_catalogue_once(tmp_path: Path):
    """Issue 20, second step: argparse translates its messages through gettext, which looked for a catalogue on
    each of them (27 searches on main for a `check`); the command looks once and, with none, gives argparse the
    identity."""
    code = ("import sys, runpy, gettext\nlooked = []\nfind = gettext.find\n"
            "def counted(*args, **kwargs):\n    looked.append(1)\n    return find(*args, **kwargs)\n"
            "gettext.find = counted\n"
            f"sys.argv = ['copydesk', 'check', '--no-cache', {str(SEED)!r}]\n"
            "try:\n    runpy.run_module('linter', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "sys.stderr.write(f'LOOKED {len(looked)}\\n')\n")
    proc = _probe(code, tmp_path)
    assert "CD101" in proc.stdout, proc.stderr
    assert proc.stderr.rsplit("LOOKED", 1)[1].split() == ["1"]


def test_argparses_messages_are_the_same_untranslated(tmp_path: Path):
    """With no catalogue, argparse's messages (help, usage errors, counts) are what gettext gave them."""
    code = ("import contextlib, io, sys\nfrom linter.faces import cli\n"
            "def texts():\n"
            "    parser = cli.build_parser()\n"
            "    out = [parser.format_help(), parser._subparsers._group_actions[0].choices['check'].format_help()]\n"
            "    for argv in (['check', '--jobs'], ['nothing'], ['check', '--format', 'x', 'a'], ['fix', '--bogus']):\n"
            "        err = io.StringIO()\n"
            "        with contextlib.redirect_stderr(err), contextlib.suppress(SystemExit):\n"
            "            parser.parse_args(argv)\n"
            "        out.append(err.getvalue())\n"
            "    return out\n"
            "before = texts()\ncli._argparse_untranslated()\n"
            "import argparse\nassert argparse._('x') == 'x'\n"
            "after = texts()\nprint(before == after, sum(map(len, after)) > 2000)\n")
    proc = _probe(code, tmp_path)
    assert proc.stdout.split() == ["True", "True"], proc.stderr


@pytest.mark.parametrize("columns", [None, "50", "200", "0", "wide"])
def test_the_help_is_as_wide_as_argparses_own(columns: str | None, monkeypatch: pytest.MonkeyPatch):
    """The command's help formatter works out the terminal's width without shutil; the help of every command is
    what argparse's own formatter writes, whatever COLUMNS says."""
    import argparse

    from linter.faces import cli

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    parser = cli.build_parser()
    parsers = [parser, *parser._subparsers._group_actions[0].choices.values()]  # type: ignore[union-attr]
    ours = [p.format_help() for p in parsers]
    for p in parsers:
        p.formatter_class = argparse.HelpFormatter
    assert ours == [p.format_help() for p in parsers]
    assert len(parsers) > 8


def test_a_pack_is_kept_under_the_hash_of_its_bytes(tmp_path: Path, cache_home: Path):
    """A pack's kept copy is found from the file's bytes (its text is decoded only when it is parsed); the same
    place as from its text, and a file that is not UTF-8 is still refused with the file named, cached or not."""
    shipped = builtin_paths()[0]
    assert pack_cache.path(shipped.read_bytes()) == pack_cache.path(shipped.read_text(encoding="utf-8"))
    load_pack(shipped)
    assert _cache_files(cache_home) == [pack_cache.path(shipped.read_bytes())]
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(shipped.read_bytes().replace(b"Kyiv", b"Ky\xffiv", 1))
    for _ in range(2):
        packs._load_pack_cached.cache_clear()
        with pytest.raises(PackError, match="cannot read rule pack") as caught:
            load_pack(bad)
        assert caught.value.file == str(bad)


def test_selecting_the_rules_is_not_quadratic(monkeypatch: pytest.MonkeyPatch):
    """Issue 20, second step: selection made a set of the rules chosen so far for each of the 312 rules (about 1 ms
    of every start-up); it makes a handful, whatever the number of rules, and selects the same rules."""
    from linter.core import selection
    from linter.core.config import Settings

    rules = [r for p in packs.load_packs(builtin_paths()) for r in p.rules]
    settings = replace(Settings(), extend_select=("CD201",))
    expected = selection.select_rules(rules, settings)
    made: list[int] = []

    def counted(*args: object) -> set[object]:
        made.append(1)
        return set(*args)

    monkeypatch.setattr(selection, "set", counted, raising=False)  # the module's own name shadows the builtin
    assert selection.select_rules(rules, settings) == expected
    assert len(rules) > 300 and len(made) < 10
