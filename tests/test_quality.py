"""The quality bench on a small slice of the shared eval data (skipped when the data is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import bench_module

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"

pytestmark = pytest.mark.skipif(not (EVAL / "clean_en_news.jsonl").is_file(), reason="shared eval data absent")


@pytest.fixture(scope="module")
def quality():
    return bench_module("quality")


@pytest.fixture(scope="module")
def slice_report(quality):
    return quality.run(EVAL, limit=120, jobs=1)


def summary(report, prefix: str):
    return next(row for row in report.summary if row[0].startswith(prefix))


def test_report_has_every_section(slice_report):
    _report, text = slice_report
    for heading in ("## Summary", "## Per pack and rule", "## Clean English news", "## MQM",
                    "## Russian-English MT", "## Peer suites"):
        assert heading in text


def test_clean_news_false_alarms_within_target(quality, slice_report):
    report, _text = slice_report
    _what, _value, _target, met = summary(report, "clean news: warnings+errors")
    assert met


def test_outdated_place_names_come_from_the_pack(quality):
    from linter.core.config import Settings
    from linter.core.engine import Linter

    names, _exceptions = quality.outdated_place_names(Linter(Settings()))
    assert "Kiev" in names and names["Kiev"] == "Kyiv"


def test_every_outdated_place_name_in_the_slice_is_flagged(slice_report):
    report, _text = slice_report
    _what, _value, _target, met = summary(report, "ru-en MT (WMT22): outdated place names")
    assert met


def test_verified_slips_are_reported_apart(slice_report):
    report, text = slice_report
    assert "clean-00001" in text.split("### Real slips")[1]
    assert report.stats["CD201"].slips >= 1


def test_write_puts_the_command_in_the_file(quality, tmp_path, capsys):
    target = tmp_path / "QUALITY.md"
    quality.main([str(EVAL), "--limit", "20", "--jobs", "1", "--write", str(target)])
    written = target.read_text(encoding="utf-8")
    assert written.startswith("# Detection quality")
    assert f"python bench/quality.py {EVAL} --limit 20 --jobs 1 --write {target}" in written
    assert "## Summary" in capsys.readouterr().out
