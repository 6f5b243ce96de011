"""JSONL corpora under attack: every line of the input has its line in the output, every record copydesk
annotates keeps its own bytes, and a bad record is one `file:line: reason`, never the end of the run."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.io import jsonl
from linter.io.jsonl import RecordError, process_record
from tests.conftest import run_cli, run_main

KIEV = b'{"id":1,"text":"The embassy in Kiev closed."}'
CLEAN = b'{"id":2,"text":"Clean copy here."}'


def strict(line: bytes) -> object:
    """JSON as RFC 8259 has it: no NaN, no Infinity (which Python's json reads and writes by default)."""
    def refuse(name: str) -> object:
        raise ValueError(f"{name} in the output")

    return json.loads(line, parse_constant=refuse)


def corpus_run(tmp_path: Path, lines: list[bytes], *options: str, command: str = "fix", name: str = "corpus.jsonl",
               raw: bytes | None = None):
    corpus = tmp_path / name
    corpus.write_bytes(raw if raw is not None else b"\n".join(lines) + b"\n")
    annotate = ("--annotate",) if command == "check" else ()  # `check` writes the annotated copy only when asked
    result = run_cli(command, "--no-cache", "--jsonl-field", "text", *annotate, *options, str(corpus), cwd=tmp_path)
    assert "Traceback" not in result.out + result.err, result.err
    output = tmp_path / name.replace(".jsonl", ".copydesk.jsonl")
    return result, corpus, (output.read_bytes() if output.exists() else None)


def spliced(original: bytes, annotated: bytes, field: str = "copydesk") -> dict:
    """The annotation ``annotated`` adds to ``original``, checking that every other byte is the original's:
    the annotation goes in just before the record's closing brace."""
    close = len(original.rstrip()) - 1
    head = original[:close] + (b"," if strict(original) else b"") + json.dumps(field).encode() + b":"
    assert annotated.startswith(head) and annotated.endswith(original[close:]), (original, annotated)
    return strict(annotated[len(head):len(annotated) - len(original) + close])


@pytest.mark.parametrize("command", ["check", "fix"])
def test_a_lone_surrogate_is_one_record_among_the_others(tmp_path: Path, command: str):
    # json.loads reads "\ud800" as a lone surrogate, which has no UTF-8 form: writing it crashed the run
    lonely = b'{"id":3,"text":"Staff left kyiv.\\ud800 Then Kiev."}'
    result, _corpus, output = corpus_run(tmp_path, [KIEV, lonely, CLEAN], command=command)
    assert result.code == 1 and ("in 2 of 3 records" if command == "check" else "2 records changed") in result.out
    lines = output.splitlines()
    assert len(lines) == 3
    entry = spliced(lonely, lines[1])
    assert [d["code"] for d in entry["diagnostics"]].count("CD101") == (1 if command == "check" else 0)
    if command == "fix":
        assert entry["fixed"] == "Staff left Kyiv.\ud800 Then Kyiv." and b"\\ud800" in lines[1]
    assert spliced(CLEAN, lines[2])["diagnostics"] == []


def test_a_byte_order_mark_is_read_past_and_not_written(tmp_path: Path):
    result, _corpus, output = corpus_run(tmp_path, [], raw=b"\xef\xbb\xbf" + KIEV + b"\n" + CLEAN + b"\n")
    assert "invalid JSON" not in result.out and "1 record changed" in result.out
    first, second = output.splitlines()
    assert spliced(KIEV, first)["fixed"] == "The embassy in Kyiv closed."
    assert spliced(CLEAN, second)["changed"] is False


def test_an_invalid_utf8_byte_costs_its_record_only(tmp_path: Path):
    broken = b'{"id":9,"text":"Caf\xe9 in Kiev"}'
    result, corpus, output = corpus_run(tmp_path, [KIEV, broken, CLEAN])
    assert f"{corpus}:2: error: not valid UTF-8 (byte 0xe9 at byte 20 of the line); copied as is" in result.out
    assert "1 record could not be checked." in result.out and "corpus skipped" not in result.out
    assert result.out.splitlines()[-1] == "1 record changed, 1 fix applied, 0 problems left."
    lines = output.splitlines()
    assert lines[1] == broken
    assert spliced(KIEV, lines[0])["changed"] is True


def test_blank_lines_stay_where_they_were(tmp_path: Path):
    _result, _corpus, output = corpus_run(tmp_path, [KIEV, b"", b"   ", CLEAN, b""])
    lines = output.split(b"\n")
    assert lines[1:3] == [b"", b"   "] and lines[4:] == [b"", b""]
    assert spliced(CLEAN, lines[3])["changed"] is False


def test_a_records_own_copydesk_field_is_never_overwritten(tmp_path: Path):
    own = b'{"id":4,"text":"In Kiev.","copydesk":"the editor\'s note"}'
    result, corpus, output = corpus_run(tmp_path, [own, KIEV])
    assert f"{corpus}:1: error: the record already has a 'copydesk' field, which copydesk never overwrites " \
           "(name another with --output-field); copied as is" in result.out
    assert output.splitlines()[0] == own and spliced(KIEV, output.splitlines()[1])["changed"] is True
    # under another name, the record is annotated and keeps its own field
    result, corpus, output = corpus_run(tmp_path, [own, KIEV], "--output-field", "lint")
    assert "already has" not in result.out
    assert spliced(own, output.splitlines()[0], field="lint")["fixed"] == "In Kyiv."
    assert strict(output.splitlines()[0])["copydesk"] == "the editor's note"
    # and that name is refused in a record that has it
    result, corpus, _output = corpus_run(tmp_path, [b'{"text":"x","lint":1}'], "--output-field", "lint")
    assert "already has a 'lint' field" in result.out


def test_process_record_refuses_to_overwrite_the_output_field():
    with pytest.raises(RecordError, match="already has a 'copydesk' field"):
        process_record({"text": "In Kiev.", "copydesk": 1})
    record = process_record({"text": "In Kiev.", "copydesk": 1}, output_field="lint", fix=True)
    assert record["copydesk"] == 1 and record["lint"]["fixed"] == "In Kyiv."


def test_records_keep_their_own_bytes_and_the_output_is_strict_json(tmp_path: Path):
    # 1e400 is read as inf and was written back as Infinity; key order, spacing and escapes were re-encoded
    records = [
        b'{"n":1e400,"text":"In Kiev.","id":1}',
        b'{ "text" : "Clean.",  "big": 123456789012345678901234567890, "esc": "\\u00e9\\/" }',
        b'{"text":"In Kiev.","z":-0.0,"a":[1.10,{"b":null}]}\r',  # a CRLF line
        b"{}",
        b'{"text":"Staff left kyiv."}  ',
    ]
    result, corpus, output = corpus_run(tmp_path, records)
    assert f"{corpus}:4: error: field 'text' is missing or not a string" in result.out
    lines = output.split(b"\n")
    assert len(lines) == len(records) + 1 and lines[-1] == b""
    for original, annotated in zip(records, lines, strict=False):
        spliced(original, annotated)
    assert spliced(records[0], lines[0])["fixed"] == "In Kyiv."
    assert spliced(records[3], lines[3]) == {"error": "field 'text' is missing or not a string"}


@pytest.mark.parametrize("bad", [b'{"text":"x","n":NaN}', b'{"text":"x","n":-Infinity}', b"[" * 100_000,
                                 b'"just a string"', b'{"text": "unterminated'])
def test_a_record_that_is_not_strict_json_is_reported_and_copied(tmp_path: Path, bad: bytes):
    result, corpus, output = corpus_run(tmp_path, [KIEV, bad, CLEAN])
    where = re.escape(str(corpus))
    assert re.search(rf"{where}:2: error: invalid JSON record: .*; copied as is", result.out), result.out
    lines = output.splitlines()
    assert lines[1] == bad and spliced(CLEAN, lines[2])["changed"] is False


def test_a_record_past_the_limit_is_copied_without_being_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(jsonl, "RECORD_LIMIT", 1000)
    monkeypatch.setattr(jsonl, "_CORPUS_BLOCK", 64)
    huge = b'{"text":"' + b"In Kiev. " * 400 + b'"}'
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_bytes(KIEV + b"\n" + huge + b"\n" + CLEAN)  # and no line break at the end
    result = run_main("fix", "--no-cache", "--jobs", "1", "--jsonl-field", "text", str(corpus))
    assert f"{corpus}:2: error: a record of more than 1,000 bytes (the limit); copied as is" in result.out
    output = (tmp_path / "corpus.copydesk.jsonl").read_bytes()
    first, second, third = output.split(b"\n")
    assert second == huge and spliced(KIEV, first)["changed"] and spliced(CLEAN, third)["changed"] is False


@given(st.lists(st.binary(max_size=40).map(lambda b: b.replace(b"\n", b"x")), max_size=6), st.booleans(),
       st.booleans(), st.integers(1, 50), st.integers(1, 60))
@settings(max_examples=300, deadline=None)
def test_the_line_reader_gives_back_the_file_line_by_line(lines: list[bytes], bom: bool, final_newline: bool,
                                                          block: int, limit: int):
    data = b"\n".join(lines) + (b"\n" if final_newline and lines else b"")
    raw = (b"\xef\xbb\xbf" if bom else b"") + data
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jsonl, "_CORPUS_BLOCK", block)
        patch.setattr(jsonl, "RECORD_LIMIT", limit)
        items = list(jsonl._lines(io.BytesIO(raw)))
    pieces = []
    for number, item in enumerate(items, 1):
        if isinstance(item, jsonl._TooLong):
            assert item.number == number and item.length > limit
            pieces.append(raw[item.offset:item.offset + item.length])
        else:
            assert item[0] == number and len(item[1]) <= limit
            pieces.append(bytes(item[1]))
    # a file's first three bytes are its byte order mark when they are one, whether or not a mark was meant
    expected = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    assert b"".join(pieces) == expected and all(p.endswith(b"\n") for p in pieces[:-1])


def test_a_corpus_that_is_a_fifo_or_utf16_is_skipped_with_its_reason(tmp_path: Path):
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    wide = tmp_path / "wide.jsonl"
    wide.write_bytes((KIEV.decode() + "\n").encode("utf-16"))
    good = tmp_path / "good.jsonl"
    good.write_bytes(KIEV + b"\n")
    result = run_cli("check", "--no-cache", "--jsonl-field", "text", str(fifo), str(wide), str(good), cwd=tmp_path)
    assert f"{fifo}: error: a FIFO (named pipe), not a regular file; corpus skipped" in result.out
    assert f"{wide}: error: UTF-16 text, not UTF-8; corpus skipped" in result.out
    assert result.out.splitlines()[-2:] == ["2 files could not be checked.",
                                           "Found 1 problem in 1 of 1 record. 1 fixable with `copydesk fix`."]
    assert result.code == 1


def test_annotated_copies_are_not_read_as_corpora_again(tmp_path: Path):
    (tmp_path / "shards").mkdir()
    (tmp_path / "shards" / "a.jsonl").write_bytes(KIEV + b"\n")
    for _ in range(2):
        result = run_cli("check", "--no-cache", "--jsonl-field", "text", "--annotate", "shards", cwd=tmp_path)
        assert "already has" not in result.out
    assert sorted(p.name for p in (tmp_path / "shards").iterdir()) == ["a.copydesk.jsonl", "a.jsonl"]


def test_the_annotated_copy_keeps_the_corpus_mode(tmp_path: Path):
    for mode in (0o640, 0o604):
        corpus = tmp_path / "corpus.jsonl"
        corpus.write_bytes(KIEV + b"\n")
        corpus.chmod(mode)
        run_cli("fix", "--no-cache", "--jsonl-field", "text", str(corpus), cwd=tmp_path)
        assert (tmp_path / "corpus.copydesk.jsonl").stat().st_mode & 0o777 == mode


def _peak_mb(*args: str, cwd: Path) -> float:
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "linter", *args], cwd=cwd, stdout=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    assert os.waitstatus_to_exitcode(status) in (0, 1)
    return usage.ru_maxrss / 1024  # kilobytes on Linux


def test_a_large_record_costs_no_more_memory_than_the_same_text_in_a_file(tmp_path: Path):
    # One 8 MB record with a finding every 80 bytes. Checking it took 2.2 times the memory of fixing the same
    # text as a file (every finding held as an object, a dict and a piece of one string, and the line held
    # twice); figures for 25 MB in docs/reliability.md.
    from tests.test_file_safety import big_article

    article = tmp_path / "big.txt"
    big_article(article, 8_000_000)
    text = article.read_text(encoding="utf-8")
    (tmp_path / "big.jsonl").write_text(json.dumps({"id": 1, "text": text}, ensure_ascii=False) + "\n",
                                        encoding="utf-8")
    del text
    common = ("--no-cache", "--isolated", "--jobs", "1", "--select", "place-names")
    file_fix = _peak_mb("fix", *common, str(article), cwd=tmp_path)
    record_check = _peak_mb("check", *common, "--jsonl-field", "text", "big.jsonl", cwd=tmp_path)
    record_fix = _peak_mb("fix", *common, "--jsonl-field", "text", "big.jsonl", cwd=tmp_path)
    assert record_check < file_fix * 1.1 and record_fix < file_fix * 1.25, (record_check, record_fix, file_fix)
