"""A corpus of broken rule packs and config files, each run through the real CLI.

Every folder in tests/bad_configs/ is one case: the files a user would have, and ``expected.txt``::

    run: --isolated --extend-packs pack.yaml    # arguments before the article (a.txt, written by the test)
    where: pack.yaml:7                          # the file the error must name, and its line (0: no line)
    setup: symlink LINK TARGET                  # optional: links git does not keep (a loop, a second name)
    expect: HS001 key 'colour'                  # fragments the error must contain (one or more lines)

The case is copied to a temporary folder, `copydesk check RUN a.txt` runs there, and the test asserts
exit code 2 and exactly one line on stderr, ``copydesk: error: FILE:LINE: ...`` naming the file, the line
when there is one, the key or rule code and the problem, and no traceback.

Circularity: copydesk has nothing to be circular with. A config file cannot include another config file
(no ``extend`` key: only the closest file is read, ``--config`` is layered on top of it, and flags on top
of that), and a rule pack cannot include anything (``extend-packs`` is a config key; in a pack it is an
unknown key). What can repeat or loop is a pack path: a pack listed twice, under its own name or through a
symlink, is loaded once (test below); a pack path that is a symlink loop is a case in the corpus.
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import Run, run_cli

CORPUS = Path(__file__).resolve().parent / "bad_configs"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.txt").is_file())
ARTICLE = "The embassy in Kiev closed.\n"


def read_case(folder: Path) -> dict[str, list[str]]:
    spec: dict[str, list[str]] = {"run": [], "where": [], "setup": [], "expect": []}
    for line in (folder / "expected.txt").read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition(": ")
        assert key in spec, f"{folder.name}/expected.txt: unknown line {line!r}"
        spec[key].append(value.strip() if key != "expect" else value)
    assert spec["where"] and spec["expect"], f"{folder.name}/expected.txt needs 'where' and 'expect'"
    return spec


def test_the_corpus_has_at_least_thirty_cases_of_packs_and_configs():
    assert len(CASES) >= 30
    packs = [c for c in CASES if "--extend-packs" in read_case(CORPUS / c)["run"][0]]
    assert len(packs) >= 15 and len(CASES) - len(packs) >= 15


def prepare(name: str, root: Path) -> tuple[Path, list[str]]:
    """The case's files in a folder of their own, with the article; the CLI arguments."""
    spec = read_case(CORPUS / name)
    work = root / name
    shutil.copytree(CORPUS / name, work, symlinks=True, ignore=shutil.ignore_patterns("expected.txt"))
    for step in spec["setup"]:
        action, link, target = step.split()
        assert action == "symlink", step
        os.symlink(target, work / link)
    (work / "a.txt").write_text(ARTICLE, encoding="utf-8")
    return work, ["check", *spec["run"][0].split(), "a.txt"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """Every case through the real CLI, one process each, several at a time (most of a run is start-up)."""
    root = tmp_path_factory.mktemp("bad_configs")
    prepared = {name: prepare(name, root) for name in CASES}
    with ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 1)) as pool:
        futures = {name: pool.submit(run_cli, *args, cwd=work) for name, (work, args) in prepared.items()}
        return {name: future.result() for name, future in futures.items()}


@pytest.mark.parametrize("name", CASES)
def test_a_broken_pack_or_config_gives_one_clear_error(runs: dict[str, Run], name: str):
    spec = read_case(CORPUS / name)
    result = runs[name]
    assert result.code == 2, f"exit {result.code}\n{result.out}{result.err}"
    assert "Traceback" not in result.err and result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    [error] = lines
    assert error.startswith("copydesk: error: "), error
    file, _, line = spec["where"][0].rpartition(":")
    where = f"{file}:{line}: " if line != "0" else f"{file}: "
    assert where in error, f"expected {where!r} in {error!r}"
    if line == "0":
        assert f"{file}:" not in error.replace(f"{file}: ", ""), f"no line exists, none should be given: {error!r}"
    for fragment in spec["expect"]:
        assert fragment in error, f"expected {fragment!r} in {error!r}"


def test_a_pack_listed_twice_even_through_a_symlink_is_loaded_once(tmp_path: Path):
    pack = (CORPUS / "duplicate-code-across-user-packs" / "pack.yaml").read_text(encoding="utf-8")
    (tmp_path / "pack.yaml").write_text(pack, encoding="utf-8")
    os.symlink("pack.yaml", tmp_path / "same.yaml")
    (tmp_path / ".copydesk.yaml").write_text("extend-packs: [pack.yaml, same.yaml, ./pack.yaml]\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("I saw teh cat in Kiev.\n", encoding="utf-8")
    result = run_cli("check", "--select", "HS001,CD101", "a.txt", cwd=tmp_path)
    assert result.code == 1, result.err
    assert result.out.count("HS001") == 1 and "CD101" in result.out and result.err == ""
