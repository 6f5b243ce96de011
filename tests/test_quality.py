"""The quality bench on a small slice of the shared eval data (skipped when the data is absent)."""

from __future__ import annotations

import json
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
    return next(row for row in report.summary if row.label.startswith(prefix))


def test_report_has_every_section(slice_report):
    _report, text = slice_report
    for heading in ("## Summary", "## Per pack and rule", "## Clean English news", "## MQM",
                    "## Russian-English MT", "## Peer suites: correct", "## Peer suites: incorrect"):
        assert heading in text


def test_clean_news_findings_of_every_level_within_target(quality, slice_report):
    report, _text = slice_report
    assert summary(report, "clean news: findings per 10,000 words, every level").met


def test_outdated_place_names_come_from_the_pack(quality):
    from linter.core.config import Settings
    from linter.core.engine import Linter

    names, _exceptions = quality.outdated_place_names(Linter(Settings()))
    assert "Kiev" in names and names["Kiev"] == "Kyiv"


def test_every_outdated_place_name_in_the_slice_is_flagged(slice_report):
    report, _text = slice_report
    assert summary(report, "ru-en MT (WMT22): outdated place names").met


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


# --- the measures on small records shaped like the eval data's ---------------------------------

SEGMENT = "He said the the plan , which he called good, would cost 4800 RMB."


def error(start: int, end: int, category: str, rater: str = "rater1") -> dict:
    return {"rater": rater, "category": category, "severity": "Minor", "side": "target", "start": start,
            "end": end, "span": SEGMENT[start:end]}


def test_tight_counts_a_finding_at_most_twice_the_span(quality):
    the_the = (SEGMENT.index("the the"), SEGMENT.index("the the") + 7)
    assert quality.tight(*the_the, the_the[0] + 3, the_the[1])  # 7 characters over a 4-character span
    assert not quality.tight(*the_the, the_the[0] + 4, the_the[1])  # ... but not over a 3-character one
    assert not quality.tight(0, len(SEGMENT), *the_the)  # a sentence-long flag finds nothing
    assert quality.overlaps(0, len(SEGMENT), *the_the)  # ... though it overlaps
    comma = SEGMENT.index(" ,")
    assert quality.tight(comma, comma, comma, comma + 2)  # an empty finding counts as one character
    assert not quality.tight(0, comma, comma, comma + 2)


def test_agreed_spans_with_several_raters_and_with_one(quality):
    comma = SEGMENT.index(" ,")
    errors = [error(comma, comma + 2, "Fluency/Punctuation", "rater1"),
              error(comma + 1, comma + 2, "Fluency/Punctuation", "rater2"),  # the same place, another rater
              error(0, 2, "Style/Awkward", "rater1"),  # one rater only
              {**error(3, 7, "Accuracy/Mistranslation", "rater2"), "side": "source"}]
    assert quality.agreed_spans(errors, raters=2) == [(comma, comma + 2, "Fluency/Punctuation")]
    assert sorted(quality.agreed_spans(errors, raters=1)) == [
        (0, 2, "Style/Awkward"), (comma, comma + 1 + 1, "Fluency/Punctuation"), (comma + 1, comma + 2,
                                                                                "Fluency/Punctuation")]


def test_mqm_segments_merge_one_record_per_rater(quality):
    base = {"system": "sysA", "doc_id": "1", "seg_id": "7", "target": SEGMENT}
    records = [{**base, "raters": ["rater1"], "errors": [error(0, 2, "Style/Awkward", "rater1")]},
               {**base, "raters": ["rater2"], "errors": [error(0, 7, "Style/Awkward", "rater2")]},
               {**base, "system": "sysB", "raters": ["rater1"], "errors": []}]
    segments = quality.mqm_segments(records)
    assert [(len(errors), raters) for _text, errors, raters in segments] == [(2, 2), (0, 1)]


def test_mqm_score_tight_recall_and_precision(quality):
    the_the = SEGMENT.index("the the")
    comma = SEGMENT.index(" ,")
    spans = [(the_the, the_the + 7, "Fluency/Grammar"), (comma, comma + 2, "Fluency/Punctuation"),
             (SEGMENT.index("4800"), len(SEGMENT) - 1, "Locale convention/Currency format")]
    hits = [("CD201", "warning", the_the, the_the + 7),     # tight on the grammar span
            ("CD515", "warning", comma, comma + 2),        # tight on the punctuation span
            ("CD801", "info", 0, len(SEGMENT)),            # on every span, tight on none
            ("CD999", "info", 3, 7)]                       # on no span
    score = quality.MqmScore()
    score.add(hits, spans, spans)
    assert score.recall() == (2, 3)
    assert score.recall(score.group(("Fluency/Punctuation",))) == (1, 1)
    assert score.recall(score.group(("Locale convention",))) == (0, 1)
    assert (score.findings, score.on_span, score.on_span_tight) == (4, 3, 2)
    assert dict(score.found_by["Fluency/Grammar"]) == {"CD201": 1}


def test_mt_only_keeps_the_findings_no_reference_has(quality):
    hyp = "Shelling hit Kiev and Kharkov overnight."
    reference = "The shelling hit Kiev overnight."  # a reference with the same outdated name
    hyp_hits = [("CD101", "warning", hyp.index("Kiev"), hyp.index("Kiev") + 4),
                ("CD105", "warning", hyp.index("Kharkov"), hyp.index("Kharkov") + 7)]
    ref_hits = [("CD101", "warning", reference.index("Kiev"), reference.index("Kiev") + 4)]
    assert quality.mt_only(hyp, hyp_hits, [(reference, ref_hits)]) == [hyp_hits[1]]
    assert quality.mt_only(hyp, hyp_hits, []) == hyp_hits


def test_peer_markers_from_the_suites_shapes(quality):
    harper = {"tool": "harper", "file": "harper-core/src/linting/repeated_words.rs", "kind": "correction",
              "text": "This is is a test", "expected": "This is a test"}
    area, marker = quality.peer_incorrect("harper", harper)
    assert area == "grammar: doubled words, a/an"
    assert harper["text"][marker[0]:marker[1]] in ("is ", " is")
    assert quality.flagged_at([("CD201", "warning", 5, 10)], marker)
    assert not quality.flagged_at([("CD201", "warning", 11, 17)], marker)
    inserted = {**harper, "file": "harper-core/src/linting/missing_space.rs", "text": "the table.The room",
                "expected": "the table. The room"}
    assert quality.peer_incorrect("harper", inserted) == ("punctuation", (9, 11))  # an insertion: widened
    lt = {"rule_id": "DT_DT", "category": "Miscellaneous", "type": "incorrect", "text": "I saw the a cat.",
          "marker": [6, 11], "marker_text": "the a"}
    assert quality.peer_incorrect("lt", lt) == ("grammar: doubled words, a/an", (6, 11))
    assert quality.peer_incorrect("lt", {**lt, "rule_id": "PASSIVE_VOICE"}) is None  # not an area copydesk covers
    assert quality.peer_incorrect("lt", {**lt, "type": "correct"}) is None


def test_json_and_compare_put_a_before_column(quality, tmp_path, capsys):
    figures = tmp_path / "before.json"
    quality.main([str(EVAL), "--limit", "20", "--jobs", "1", "--json", str(figures), "--label", "a test run"])
    kept = json.loads(figures.read_text(encoding="utf-8"))
    assert kept["measured"] == "a test run" and "clean.all" in kept["summary"] and "mqm.recall" in kept["summary"]
    capsys.readouterr()
    quality.main([str(EVAL), "--limit", "20", "--jobs", "1", "--compare", str(figures)])
    out = capsys.readouterr().out
    assert "| measure | before | value | target | met |" in out and '"before": a test run.' in out
    bad = tmp_path / "bad.json"
    bad.write_text("[1]", encoding="utf-8")
    with pytest.raises(SystemExit):
        quality.main([str(EVAL), "--compare", str(bad)])
