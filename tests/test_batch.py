"""Batch clean-up: parallel runs equal serial ones, the cache, JSONL corpora, reports, interruption."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from linter.io.jsonl import process_record
from linter.io.pipeline import Job, lint_file
from linter.io.pool import run_files
from tests.conftest import ROOT, SEED_000, SEED_003, run_cli, run_main

MAKE_CORPUS = ROOT / "bench" / "make_corpus.py"


def make_corpus(folder: Path, articles: int, jsonl: Path | None = None) -> Path:
    """A deterministic corpus from the seeds with injected artifacts (no eval data needed)."""
    args = [sys.executable, str(MAKE_CORPUS), str(folder), "--articles", str(articles), "--eval", "/nonexistent"]
    if jsonl:
        args += ["--jsonl", str(jsonl)]
    subprocess.run(args, check=True, capture_output=True)
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus") / "articles", 120)


def test_jobs_2_gives_the_same_output_and_exit_code_as_jobs_1(corpus: Path, tmp_path: Path):
    serial = run_cli("check", "--no-cache", "--jobs", "1", str(corpus))
    parallel = run_cli("check", "--no-cache", "--jobs", "2", str(corpus))
    assert serial.code == parallel.code == 1
    assert serial.out == parallel.out and serial.out.count("\n") > 100


def test_fix_with_2_jobs_writes_the_same_files_as_1_job(corpus: Path, tmp_path: Path):
    one, two = tmp_path / "one", tmp_path / "two"
    for target in (one, two):
        target.mkdir()
        for path, data in snapshot(corpus).items():
            (target / path).parent.mkdir(parents=True, exist_ok=True)
            (target / path).write_bytes(data)
    first = run_cli("fix", "--no-cache", "--jobs", "1", str(one), cwd=tmp_path)
    second = run_cli("fix", "--no-cache", "--jobs", "2", str(two), cwd=tmp_path)
    assert snapshot(one) == snapshot(two) != snapshot(corpus)
    assert first.out.replace(str(one), "X") == second.out.replace(str(two), "X")


def test_a_second_fix_run_changes_nothing_and_reads_the_cache(corpus: Path, tmp_path: Path):
    work = tmp_path / "work"
    work.mkdir()
    for path, data in snapshot(corpus).items():
        (work / path).parent.mkdir(parents=True, exist_ok=True)
        (work / path).write_bytes(data)
    first = run_cli("fix", "--jobs", "2", str(work), cwd=tmp_path)
    assert "0 files changed" not in first.out
    second = run_cli("fix", "--jobs", "2", str(work), cwd=tmp_path)
    assert "0 files changed, 0 fixes applied" in second.out
    entries = list((tmp_path / ".copydesk_cache").rglob("*.json"))
    assert len(entries) >= 100
    # the cache is what the second run read: a doctored entry shows up in the output
    doctored = 0
    for entry in entries:
        stored = json.loads(entry.read_text())
        if stored["diagnostics"]:
            stored["diagnostics"][0]["message"] = "FROM THE CACHE"
            entry.write_text(json.dumps(stored))
            doctored += 1
    third = run_cli("check", str(work), cwd=tmp_path)
    assert third.out.count("FROM THE CACHE") == doctored > 0
    # a different configuration is a different key: nothing doctored is read
    fourth = run_cli("check", "--ignore", "CD304", str(work), cwd=tmp_path)
    assert "FROM THE CACHE" not in fourth.out


def test_backup_keeps_originals_and_dry_run_writes_nothing(tmp_path: Path):
    article = tmp_path / "a.txt"
    article.write_text("The embassy in Kiev closed.\n")
    dry = run_cli("fix", "--dry-run", str(article), cwd=tmp_path)
    assert dry.code == 1 and article.read_text() == "The embassy in Kiev closed.\n"
    run_cli("fix", "--backup", ".orig", str(article), cwd=tmp_path)
    assert article.read_text() == "The embassy in Kyiv closed.\n"
    assert (tmp_path / "a.txt.orig").read_text() == "The embassy in Kiev closed.\n"


def test_a_failing_file_is_reported_and_the_run_goes_on(tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_text("The embassy in Kiev closed.\n")
    results = run_files([str(tmp_path / "vanished.txt"), str(good)], Job(), jobs=2)
    assert [r.path for r in results] == [str(tmp_path / "vanished.txt"), str(good)]
    assert results[0].error == "no such file" and [d.code for d in results[1].diagnostics] == ["CD101"]


def test_lint_file_catches_a_crash_inside_the_engine(tmp_path: Path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text("Some text.\n")

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("linter.io.pipeline.lint_text", explode)
    result = lint_file(Job(), str(path))
    assert result.error == "internal error while linting: RuntimeError: boom"


def test_jsonl_corpus_keeps_fields_and_order_and_reports_bad_lines(tmp_path: Path):
    corpus = tmp_path / "corpus.jsonl"
    records = [{"id": i, "text": text, "lang": "en"} for i, text in enumerate(
        ["The embassy in Kiev closed.", "Clean copy here.", "Staff left kyiv the the same day."] * 3)]
    lines = [json.dumps(r) for r in records]
    lines.insert(4, "{not json")
    corpus.write_text("\n".join(lines) + "\n")
    result = run_cli("fix", "--jsonl-field", "text", "--jobs", "2", str(corpus), cwd=tmp_path)
    assert f"{corpus}:5: error: invalid JSON record" in result.out + result.err
    output = (tmp_path / "corpus.copydesk.jsonl").read_text().splitlines()
    assert len(output) == len(lines) and output[4] == "{not json"
    parsed = [json.loads(line) for i, line in enumerate(output) if i != 4]
    assert [r["id"] for r in parsed] == list(range(9))
    assert all(r["lang"] == "en" and r["text"] == records[r["id"]]["text"] for r in parsed)
    assert parsed[0]["copydesk"]["fixed"] == "The embassy in Kyiv closed."
    assert parsed[2]["copydesk"]["fixed"] == "Staff left Kyiv the same day."
    assert parsed[1]["copydesk"] == {"fixed": "Clean copy here.", "changed": False, "applied": 0, "diagnostics": []}
    assert corpus.read_text().count("Kiev") == 3  # the input is never modified


def test_process_record_is_the_documented_mappable_function():
    record = process_record({"text": "The embassy in Kiev closed.", "id": 3}, config={"select": ["place-names"]})
    [diag] = record["copydesk"]["diagnostics"]
    assert record["id"] == 3 and "fixed" not in record["copydesk"]
    assert diag["code"] == "CD101" and (diag["start"], diag["end"]) == (15, 19)
    fixed = process_record({"text": "The embassy in Kiev closed.", "id": 3}, fix=True)
    assert fixed["copydesk"]["fixed"] == "The embassy in Kyiv closed." and fixed["copydesk"]["diagnostics"] == []


def test_report_markdown_and_html(tmp_path: Path):
    for seed in (SEED_000, SEED_003):
        (tmp_path / seed.name).write_bytes(seed.read_bytes())
    run_cli("fix", "--report", str(tmp_path / "report.md"), str(tmp_path), cwd=tmp_path)
    markdown = (tmp_path / "report.md").read_text()
    for expected in ("| files | 2 |", "| files changed | 2 |", "## Findings per rule", "## Findings per pack",
                     "## Most affected files", "## Applied: written to the files", "## Changed files",
                     "<del>Kiev</del>"):
        assert expected in markdown, expected
    run_main("check", "--report", str(tmp_path / "report.html"), str(tmp_path))
    page = (tmp_path / "report.html").read_text()
    assert page.startswith("<!doctype html>") and "<h2>Findings per rule</h2>" in page
    assert "id='applied'" not in page  # a check writes nothing


def _interrupted_run(tmp_path: Path, sig: int) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    source = make_corpus(tmp_path / "source", 400)
    expected_folder = tmp_path / "expected"
    for folder in (expected_folder, tmp_path / "work"):
        for path, data in snapshot(source).items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_bytes(data)
    run_cli("fix", "--no-cache", str(expected_folder), cwd=tmp_path)
    work = tmp_path / "work"
    proc = subprocess.Popen(
        [sys.executable, "-m", "linter", "fix", "--no-cache", "--jobs", "2", "--progress", "lines", str(work)],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "COPYDESK_PROGRESS_INTERVAL": "0"},
    )
    # wait for the first progress line: the run is under way and has written files
    first_line = proc.stderr.readline()
    assert "files" in first_line, first_line
    proc.send_signal(sig)
    proc.wait(timeout=60)  # not communicate(): it would wait for every process holding the pipe
    proc.stderr.close()
    return work, snapshot(source), snapshot(expected_folder)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_an_interrupted_fix_leaves_every_file_old_or_new_and_no_temp_file(tmp_path: Path, sig: int):
    work, old, new = _interrupted_run(tmp_path, sig)
    now = snapshot(work)
    assert set(now) == set(old), "files appeared or vanished in the article tree"
    assert all(now[p] in (old[p], new[p]) for p in now), "a file is neither the old nor the new version"
    assert any(now[p] != old[p] for p in now), "the run was interrupted before it changed anything"
    if sig == signal.SIGKILL:
        # a rerun at once, as a user would: the killed run's workers may still be dying (zombies) as it starts
        run_cli("fix", "--no-cache", "--jobs", "2", str(work), cwd=tmp_path)
        assert snapshot(work) == new
    leftovers = [p for p in os.listdir(tmp_path / ".copydesk_cache" / "tmp")]
    assert leftovers == []


@pytest.mark.slow
def test_dask_engine_on_a_local_cluster_matches_the_local_pool_byte_for_byte(tmp_path: Path):
    pytest.importorskip("dask.distributed")
    source = make_corpus(tmp_path / "source", 60, jsonl=tmp_path / "source.jsonl")
    outputs = {}
    for engine in ("local", "dask"):
        folder = tmp_path / engine
        for path, data in snapshot(source).items():
            (folder / "articles" / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / "articles" / path).write_bytes(data)
        # and records that crashed the Dask engine or were lost: a lone surrogate, invalid UTF-8, a blank line
        (folder / "corpus.jsonl").write_bytes((tmp_path / "source.jsonl").read_bytes() + HOSTILE_RECORDS)
        result = run_cli("fix", "--no-cache", "--engine", engine, "--jobs", "2", "--jsonl-field", "text",
                         str(folder / "articles"), str(folder / "corpus.jsonl"), cwd=folder)
        assert result.code in (0, 1), result.err
        outputs[engine] = (snapshot(folder), result.out.replace(str(folder), "X"))
    assert outputs["dask"] == outputs["local"]
    files, out = outputs["dask"]
    assert "corpus.copydesk.jsonl" in files and "records changed" in out
    annotated = files["corpus.copydesk.jsonl"].split(b"\n")
    assert annotated[-4:] == [annotated[-4], b'{"text":"Caf\xe9 in Kiev"}', b"", b""]
    assert b'"fixed":"Staff left Kyiv.\\ud800"' in annotated[-4]
    assert "X/corpus.jsonl:62: error: not valid UTF-8 (byte 0xe9 at byte 13 of the line); copied as is" in out


HOSTILE_RECORDS = b'{"text":"Staff left kyiv.\\ud800"}\n{"text":"Caf\xe9 in Kiev"}\n\n'


def test_the_dask_engine_without_dask_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    article = tmp_path / "a.txt"
    article.write_text("The embassy in Kiev closed.\n")
    for name in ("dask", "dask.bag", "dask.distributed", "distributed"):
        monkeypatch.setitem(sys.modules, name, None)  # what an install without the extra looks like
    result = run_main("check", "--no-cache", "--engine", "dask", str(article))
    assert result.code == 2
    assert "copydesk: error: --engine dask needs dask[distributed] (dask is not installed): " \
           "pip install 'copydesk[dask]'" in result.err
