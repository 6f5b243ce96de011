"""Detection quality of the default rule packs on real, external text (the shared eval folder).

    python bench/quality.py ../shared/eval                    # print the report (markdown)
    python bench/quality.py ../shared/eval --write bench/QUALITY.md

Every eval record is linted as a document of its own, with the default configuration. Measures:

- false alarms on clean English news, per 10,000 words (warning + error; info apart), with the
  hits checked by eye and found to be real slips listed separately (``VERIFIED_SLIPS``);
- recall and precision against the MQM error spans of Chinese-English MT (WMT21 TED);
- the share of outdated place names in Russian-English MT output that are flagged; the list of
  outdated names is read from the place-names pack's term rules;
- the share of the peer suites' must-not-flag sentences (LanguageTool 3 ``correct`` examples,
  Harper zero-lint cases) left without a warning or error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from linter.core.config import Settings  # noqa: E402
from linter.core.engine import Linter  # noqa: E402
from linter.model.diagnostics import Severity  # noqa: E402
from linter.model.rules import Rule  # noqa: E402
from linter.text.document import Document  # noqa: E402

# Hits on clean news that were read and found to be real slips in the source text, not false
# alarms: (record id, rule code) -> what is wrong there.
VERIFIED_SLIPS: dict[tuple[str, str], str] = {
    ("clean-00001", "CD201"): "'the the approved candidates': a doubled article in the Guardian text",
    ("clean-02096", "CD201"): "'then you have have a king': a doubled verb in the PA text",
    ("clean-01756", "CD501"): "two spaces after the '|' separator",
    ("clean-01845", "CD501"): "three spaces between two headline parts",
    ("clean-01847", "CD501"): "three spaces between caption and text",
}

# Must-not-flag sentences of the peer suites that do contain the error a copydesk rule reports
# (the suites test one linter each, so their "correct" sentences can carry other slips):
# (rule code, a piece of the sentence) -> what is wrong there. Checked by eye.
VERIFIED_PEER_ERRORS: dict[tuple[str, str], str] = {
    ("CD515", "amateur sports , are"): "space before a comma",
    ("CD236", "1777 舑 American"): "a stray CJK character",
    ("CD501", "The fear  among"): "two spaces",
    ("CD501", "careful of the  policy"): "two spaces",
    ("CD201", "call me me on"): "doubled 'me'",
    ("CD515", "rails to rails-api ?"): "space before a question mark",
    ("CD515", "soloSplit() ,"): "space before a comma",
    ("CD515", "SameSite=Lax] ?"): "space before a question mark",
    ("CD515", "packages/vite/src/node ,"): "space before a comma",
    ("CD201", "the previous previous setting"): "doubled 'previous'",
    ("CD201", "affect the the personnel"): "doubled 'the'",
    ("CD201", "this is the the simple case"): "doubled 'the'",
    ("CD301", "dispose called. it quit"): "a sentence starting lowercase",
    ("CD236", "严禁采摘花"): "a whole sentence in Chinese",
    ("CD522", "you 're fresh"): "a space inside the contraction",
    ("CD522", "you ’re fresh"): "a space inside the contraction",
    ("CD308", "embarrass you for a."): "the sentence ends on an article",
    ("CD308", "let in and."): "the sentence ends on a conjunction",
    ("CD516", "memory space,and layout"): "no space after a comma",
    ("CD508", "your family's pride"): "straight and curly apostrophes mixed in one text",
    ("CD508", "I'm feeling confident"): "straight and curly apostrophes mixed in one text (I'm, I’m)",
    ("CD306", "see [Cloud Deployment"): "a bracket that never closes",
}

TARGETS = {
    "clean": 2.0,          # warnings + errors per 10,000 words on clean news, at most
    "place-names": 1.0,    # share of outdated place names in MT output flagged, at least
    "peer": 0.99,          # share of peer suites' correct sentences unflagged, at least
}

# Diagnostics for a text: (code, severity, start, end).
Hit = tuple[str, str, int, int]

_linter: Linter | None = None


def _get_linter() -> Linter:
    global _linter
    if _linter is None:
        _linter = Linter(Settings())
    return _linter


def lint(text: str) -> list[Hit]:
    diagnostics = _get_linter().check(Document.from_text(text)).diagnostics
    return [(d.code, str(d.severity), d.start, d.end) for d in diagnostics]


def _lint_chunk(texts: list[str]) -> list[list[Hit]]:
    return [lint(t) for t in texts]


def lint_all(texts: list[str], jobs: int) -> list[list[Hit]]:
    """Lint many texts, in ``jobs`` processes when there are enough to pay for them."""
    if jobs <= 1 or len(texts) < 500:
        return _lint_chunk(texts)
    size = max(1, len(texts) // (jobs * 8))
    chunks = [texts[i:i + size] for i in range(0, len(texts), size)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return [hits for part in pool.map(_lint_chunk, chunks) for hits in part]


def read_jsonl(path: Path, limit: int | None = None) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if limit is not None and n >= limit:
                return
            if line.strip():
                yield json.loads(line)


def flagging(hits: Iterable[Hit]) -> list[Hit]:
    """Warnings and errors: what a user must act on."""
    return [h for h in hits if h[1] != Severity.INFO]


def words(text: str) -> int:
    return len(text.split())


@dataclass
class RuleStats:
    clean: int = 0              # warning/error hits on clean news, verified slips excluded
    clean_info: int = 0
    slips: int = 0
    mqm: int = 0                # diagnostics on MQM targets
    mqm_overlap: int = 0        # ... that overlap an annotated target-side span
    mqm_categories: Counter = field(default_factory=Counter)
    ruen: int = 0               # diagnostics on ru-en MT hypotheses
    peer_lt: int = 0            # LanguageTool correct sentences flagged (warning/error)
    peer_harper: int = 0        # Harper zero-lint cases flagged (warning/error)


@dataclass
class Report:
    stats: dict[str, RuleStats] = field(default_factory=lambda: defaultdict(RuleStats))
    sections: list[str] = field(default_factory=list)
    summary: list[tuple[str, str, str, bool | None]] = field(default_factory=list)


def _overlaps(start: int, end: int, spans: list[tuple[int, int, str]]) -> list[str]:
    if start == end:
        end = start + 1
    return [cat for s, e, cat in spans if start < max(e, s + 1) and s < end]


def measure_clean(folder: Path, report: Report, limit: int | None, jobs: int) -> None:
    records = list(read_jsonl(folder / "clean_en_news.jsonl", limit))
    texts = [r["text"] for r in records]
    total_words = sum(words(t) for t in texts)
    alarms: list[str] = []
    slips: list[str] = []
    count = 0
    for record, hits in zip(records, lint_all(texts, jobs), strict=True):
        for code, severity, start, end in hits:
            stats = report.stats[code]
            if severity == Severity.INFO:
                stats.clean_info += 1
                continue
            line = f"| {record['id']} | {code} | {_cell(_excerpt(record['text'], start, end))} |"
            note = VERIFIED_SLIPS.get((record["id"], code))
            if note:
                stats.slips += 1
                slips.append(line[:-1] + f"| {_cell(note)} |")
            else:
                stats.clean += 1
                count += 1
                alarms.append(line)
    rate = count / total_words * 10_000 if total_words else 0.0
    info = sum(s.clean_info for s in report.stats.values())
    report.summary.append((
        "clean news: warnings+errors per 10,000 words (verified slips excluded)",
        f"{rate:.2f} ({count} in {total_words:,} words, {len(records)} segments)",
        f"≤ {TARGETS['clean']:g}", rate <= TARGETS["clean"],
    ))
    info_rate = info / total_words * 10_000 if total_words else 0.0
    report.summary.append(("clean news: info per 10,000 words", f"{info_rate:.2f} ({info})", "reported", None))
    lines = ["## Clean English news: warnings and errors", ""]
    lines += ["| record | rule | text |", "|---|---|---|", *alarms] if alarms else ["None."]
    lines += ["", "### Real slips in the clean corpus (checked by eye, not counted as false alarms)", ""]
    lines += ["| record | rule | text | what is wrong |", "|---|---|---|---|", *slips] if slips else ["None."]
    report.sections.append("\n".join(lines))


def measure_mqm(folder: Path, report: Report, limit: int | None, jobs: int) -> None:
    records = list(read_jsonl(folder / "mqm_ted_zhen.jsonl", limit))
    texts = [r["target"] for r in records]
    spans_total: Counter = Counter()
    spans_hit: Counter = Counter()
    spans_hit_flagging = 0
    hit_by: dict[str, Counter] = defaultdict(Counter)
    diags = 0
    diags_overlap = 0
    for record, hits in zip(records, lint_all(texts, jobs), strict=True):
        spans = [(e["start"], e["end"], e["category"]) for e in record["errors"]
                 if e.get("side") == "target" and e.get("start") is not None]
        for s, e, category in spans:
            spans_total[category] += 1
            covering = [code for code, _sev, hs, he in hits if _overlaps(hs, he, [(s, e, category)])]
            if any(_overlaps(hs, he, [(s, e, category)]) for _c, _sev, hs, he in flagging(hits)):
                spans_hit_flagging += 1
            if covering:
                spans_hit[category] += 1
                for code in set(covering):
                    hit_by[category][code] += 1
        for code, _severity, start, end in hits:
            stats = report.stats[code]
            stats.mqm += 1
            diags += 1
            categories = _overlaps(start, end, spans)
            if categories:
                stats.mqm_overlap += 1
                diags_overlap += 1
                stats.mqm_categories.update(set(categories))
    total = sum(spans_total.values())
    hit = sum(spans_hit.values())
    report.summary.append(("MQM zh-en (TED): recall over annotated target spans",
                           f"{_pct(hit, total)} ({hit}/{total})", "reported", None))
    report.summary.append(("MQM zh-en (TED): recall by warnings and errors only (info spans cover whole sentences)",
                           f"{_pct(spans_hit_flagging, total)} ({spans_hit_flagging}/{total})", "reported", None))
    report.summary.append(("MQM zh-en (TED): precision of diagnostics",
                           f"{_pct(diags_overlap, diags)} ({diags_overlap}/{diags})", "reported", None))
    lines = ["## MQM Chinese-English (WMT21 TED): recall by error category", "",
             f"{len(records)} system segments. Recall = share of target-side error spans overlapped by a "
             "diagnostic of any severity.", "",
             "| category | spans | overlapped | recall | rules that overlap |", "|---|---:|---:|---:|---|"]
    for category, n in spans_total.most_common():
        rules = ", ".join(f"{c} ({k})" for c, k in hit_by[category].most_common(5))
        lines.append(f"| {category} | {n} | {spans_hit[category]} | {_pct(spans_hit[category], n)} | {rules} |")
    report.sections.append("\n".join(lines))


def outdated_place_names(linter: Linter) -> tuple[dict[str, str], list[str]]:
    """Outdated names and their exceptions, from the place-names pack's term rules."""
    names: dict[str, str] = {}
    exceptions: list[str] = []
    for rule in linter.all_rules:
        if rule.pack == "place-names" and rule.kind == "term":
            for source, target in rule.options["terms"].items():
                names[source] = target if isinstance(target, str) else target[0]
            exceptions.extend(rule.options["exceptions"])
    return names, exceptions


def _place_name_rules(linter: Linter) -> set[str]:
    return {r.code for r in linter.all_rules if r.pack == "place-names"}


def measure_place_names(folder: Path, report: Report, limit: int | None, jobs: int) -> None:
    linter = _get_linter()
    names, exceptions = outdated_place_names(linter)
    if not names:
        report.summary.append(("ru-en MT: outdated place names flagged", "no place-names term rules", "", False))
        return
    name_re = regex.compile(r"(?<![\w#@])(?:\L<names>)(?!\w)", regex.I, names=list(names))
    exception_re = (regex.compile(r"(?<!\w)(?:\L<ex>)(?!\w)", regex.I, ex=exceptions) if exceptions else None)
    place_codes = _place_name_rules(linter)
    records = list(read_jsonl(folder / "wmt22_ruen_mt_outputs.jsonl", limit))
    texts: list[str] = []
    keys: list[tuple[str, str]] = []
    for record in records:
        for system, hyp in sorted(record["hyps"].items()):
            if isinstance(hyp, str) and hyp.strip():
                texts.append(hyp)
                keys.append((f"{record['doc_id']}#{record['seg_id']}", system))
    found = 0
    flagged = 0
    per_name: Counter = Counter()
    per_name_flagged: Counter = Counter()
    missed: list[str] = []
    for text, key, hits in zip(texts, keys, lint_all(texts, jobs), strict=True):
        for code, _severity, _start, _end in hits:
            report.stats[code].ruen += 1
        skip = [m.span() for m in exception_re.finditer(text)] if exception_re else []
        for m in name_re.finditer(text):
            if any(s <= m.start() and m.end() <= e for s, e in skip):
                continue
            found += 1
            canonical = next(n for n in names if n.casefold() == m.group().casefold())
            per_name[canonical] += 1
            if any(code in place_codes and s <= m.start() and m.end() <= e for code, _sv, s, e in hits):
                flagged += 1
                per_name_flagged[canonical] += 1
            else:
                missed.append(f"| {key[0]} | {key[1]} | {_cell(_excerpt(text, m.start(), m.end()))} |")
    share = flagged / found if found else 1.0
    report.summary.append(("ru-en MT (WMT22): outdated place names flagged",
                           f"{_pct(flagged, found)} ({flagged}/{found} in {len(texts):,} hypotheses)",
                           f"≥ {TARGETS['place-names']:.0%}", share >= TARGETS["place-names"]))
    lines = ["## Russian-English MT (WMT22): outdated place names", "",
             f"Names taken from the place-names pack's term rules ({len(names)} names).", "",
             "| name | occurrences | flagged |", "|---|---:|---:|"]
    lines += [f"| {n} | {k} | {per_name_flagged[n]} |" for n, k in per_name.most_common()]
    if missed:
        lines += ["", "Not flagged:", "", "| segment | system | text |", "|---|---|---|", *missed]
    report.sections.append("\n".join(lines))


def measure_peers(folder: Path, report: Report, limit: int | None, jobs: int) -> None:
    suites: list[tuple[str, str, Callable[[dict], bool], Callable[[dict], str], str]] = [
        ("LanguageTool 3 `correct` examples", "languagetool3_en_examples.jsonl",
         lambda r: r.get("type") == "correct", lambda r: r["text"], "peer_lt"),
        ("Harper must-not-flag cases", "harper_tests.jsonl",
         lambda r: r.get("kind") == "lint_count" and r.get("expected_lint_count") == 0,
         lambda r: r["text"], "peer_harper"),
    ]
    lines = ["## Peer suites: correct sentences flagged (warning or error)", ""]
    table = ["| suite | rule | text |", "|---|---|---|"]
    verified = ["| suite | rule | text | what is wrong |", "|---|---|---|---|"]
    for title, name, keep, text_of, attr in suites:
        texts = [text_of(r) for r in read_jsonl(folder / name, limit) if keep(r)]
        flagged_docs = 0
        false_alarm_docs = 0
        for text, hits in zip(texts, lint_all(texts, jobs), strict=True):
            bad = flagging(hits)
            if not bad:
                continue
            flagged_docs += 1
            notes = [_peer_error(code, text) for code, _severity, _start, _end in bad]
            if not all(notes):
                false_alarm_docs += 1
            for (code, _severity, start, end), note in zip(bad, notes, strict=True):
                row = f"| {title.split()[0]} | {code} | {_cell(_excerpt(text, start, end))} |"
                if note:
                    verified.append(row + f" {_cell(note)} |")
                    continue
                setattr(report.stats[code], attr, getattr(report.stats[code], attr) + 1)
                table.append(row)
        clean = len(texts) - flagged_docs
        report.summary.append((f"{title}: left unflagged", f"{_pct(clean, len(texts))} ({clean}/{len(texts)})",
                               "reported", None))
        kept = len(texts) - false_alarm_docs
        share = kept / len(texts) if texts else 1.0
        report.summary.append((f"{title}: without a false alarm (hits verified as real errors apart)",
                               f"{_pct(kept, len(texts))} ({kept}/{len(texts)})",
                               f"≥ {TARGETS['peer']:.0%}", share >= TARGETS["peer"]))
    lines += table if len(table) > 2 else ["None."]
    lines += ["", "### Flagged sentences that do contain the reported error (checked by eye, not counted as false "
              "alarms)", ""]
    lines += verified if len(verified) > 2 else ["None."]
    report.sections.append("\n".join(lines))


def _peer_error(code: str, text: str) -> str | None:
    return next((note for (c, piece), note in VERIFIED_PEER_ERRORS.items() if c == code and piece in text), None)


def rule_table(report: Report, linter: Linter) -> str:
    lines = ["## Per pack and rule", "",
             "clean = warnings/errors on clean news (verified slips apart) · info = info hits on clean news · "
             "MQM = diagnostics on MQM targets, overlapping an annotated span (precision) · ru-en = diagnostics "
             "on ru-en MT hypotheses · LT / Harper = must-not-flag sentences flagged (verified real errors apart)",
             "",
             "| pack | rule | name | severity | clean | info | MQM (precision) | MQM categories | ru-en | LT "
             "| Harper |",
             "|---|---|---|---|---:|---:|---:|---|---:|---:|---:|"]
    by_pack: dict[str, list[Rule]] = defaultdict(list)
    for rule in linter.rules:
        by_pack[rule.pack].append(rule)
    for pack, rules in by_pack.items():
        totals = RuleStats()
        for rule in rules:
            s = report.stats.get(rule.code, RuleStats())
            totals.clean += s.clean
            totals.clean_info += s.clean_info
            totals.mqm += s.mqm
            totals.mqm_overlap += s.mqm_overlap
            totals.ruen += s.ruen
            totals.peer_lt += s.peer_lt
            totals.peer_harper += s.peer_harper
            categories = ", ".join(f"{c} {k}" for c, k in s.mqm_categories.most_common(2))
            slips = f" (+{s.slips} slip)" if s.slips else ""
            lines.append(f"| {pack} | {rule.code} | {rule.name} | {rule.severity} | {s.clean}{slips} | "
                         f"{s.clean_info} | {_mqm(s)} | {categories} | {s.ruen} | {s.peer_lt} | {s.peer_harper} |")
        lines.append(f"| **{pack}** | | **{len(rules)} rules** | | **{totals.clean}** | **{totals.clean_info}** | "
                     f"**{_mqm(totals)}** | | **{totals.ruen}** | **{totals.peer_lt}** | **{totals.peer_harper}** |")
    return "\n".join(lines)


def _mqm(s: RuleStats) -> str:
    return f"{s.mqm} ({_pct(s.mqm_overlap, s.mqm)})" if s.mqm else "0"


def _pct(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "n/a"


def _excerpt(text: str, start: int, end: int, width: int = 50) -> str:
    lo = max(0, start - width)
    hi = min(len(text), end + width)
    before = ("…" if lo else "") + text[lo:start]
    after = text[end:hi] + ("…" if hi < len(text) else "")
    flagged = text[start:end]
    if flagged and not flagged.strip():
        flagged = "␣" * len(flagged)  # make flagged spaces visible: the table collapses whitespace
    return f"{before}**{flagged}**{after}"


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def run(folder: Path, limit: int | None = None, jobs: int = 1) -> tuple[Report, str]:
    report = Report()
    linter = _get_linter()
    started = time.perf_counter()
    measure_clean(folder, report, limit, jobs)
    measure_mqm(folder, report, limit, jobs)
    measure_place_names(folder, report, limit, jobs)
    measure_peers(folder, report, limit, jobs)
    elapsed = time.perf_counter() - started
    summary = ["## Summary", "", "| measure | value | target | met |", "|---|---|---|---|"]
    for what, value, target, met in report.summary:
        mark = "" if met is None else ("yes" if met else "**no**")
        summary.append(f"| {what} | {value} | {target} | {mark} |")
    packs = Counter(r.pack for r in linter.rules)
    summary += ["", f"Default configuration: {len(linter.rules)} rules in {len(packs)} packs "
                f"({', '.join(f'{p} {n}' for p, n in sorted(packs.items()))}). Ran in {elapsed:.0f} s."]
    parts = ["\n".join(summary), rule_table(report, linter), *report.sections]
    return report, "\n\n".join(part.strip() for part in parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", type=Path, help="the shared eval folder (../shared/eval)")
    parser.add_argument("--limit", type=int, default=None, help="read at most this many records per file")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--write", type=Path, default=None, help="also write the report to this markdown file")
    args = parser.parse_args(argv)
    if not args.eval_dir.is_dir():
        parser.error(f"{args.eval_dir} is not a folder")
    report, text = run(args.eval_dir, args.limit, args.jobs)
    print(text, end="")
    if args.write:
        command = "python bench/quality.py " + " ".join(a for a in (argv if argv is not None else sys.argv[1:])
                                                          if not a.startswith("--write") and a != str(args.write))
        header = ("# Detection quality\n\nMeasured on the shared eval data (real, external text) with the default "
                  f"configuration. Regenerate with:\n\n    {command.strip()} --write {args.write}\n\n")
        args.write.write_text(header + text, encoding="utf-8")
    met = [m for _w, _v, _t, m in report.summary if m is not None]
    return 0 if all(met) else 1


if __name__ == "__main__":
    sys.exit(main())
