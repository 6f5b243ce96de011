"""Shared helpers: the repo root, the seeds, and ways to run the CLI."""

from __future__ import annotations

import importlib.util
import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import settings

# CI tests the same examples on every run (HYPOTHESIS_PROFILE=ci, set by .ci/run), so a red run can be
# reproduced; elsewhere the properties try new examples each time.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_000 = SEEDS / "000_9af475860e0d48a8.txt"
SEED_003 = SEEDS / "003_602bf7b3579f9ba5.txt"


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str, cwd: Path | None = None, stdin: bytes | None = None) -> Run:
    """Run `python -m linter` as a user would: a real process, real exit code."""
    proc = subprocess.run([sys.executable, "-m", "linter", *args], cwd=cwd, input=stdin,
                          capture_output=True, timeout=120)
    return Run(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))


def run_main(*args: str) -> Run:
    """Run the CLI in this process (fast; for the many option tests)."""
    from linter.faces.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return Run(code, out.getvalue(), err.getvalue())


def bench_module(name: str) -> ModuleType:
    """A script of bench/ as a module, loaded from its path (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"copydesk_bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    target.mkdir()
    for seed in (SEED_000, SEED_003):
        (target / seed.name).write_bytes(seed.read_bytes())
    return target


@pytest.fixture(autouse=True)
def _isolated_from_caches():
    """Compiled linters are cached by settings; config files written by a test must be re-read."""
    from linter.core.config import find_config_file

    find_config_file.cache_clear()
    yield
    find_config_file.cache_clear()


@pytest.fixture(scope="session")
def languagetool_stub():
    """A LanguageTool protocol stub on 127.0.0.1 (tests/languagetool_stub.py), shared by the session."""
    from tests.languagetool_stub import LanguageToolStub

    with LanguageToolStub() as stub:
        yield stub


@pytest.fixture(autouse=True)
def _no_languagetool_unless_asked(monkeypatch: pytest.MonkeyPatch):
    """A developer's COPYDESK_LANGUAGETOOL_URL must not change what tests see; LanguageTool tests set it."""
    monkeypatch.delenv("COPYDESK_LANGUAGETOOL_URL", raising=False)
