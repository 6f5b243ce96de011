"""Rule documentation from rule metadata: `copydesk explain`, docs/rules.md and SARIF rule help share it.

``rule_doc`` gathers what a rule's page says (one source); ``explain`` renders it as terminal
text, ``rule_markdown`` as a Markdown section, ``rules_markdown`` as the whole docs/rules.md.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import regex

from linter.kinds import KINDS
from linter.model.diagnostics import Applicability
from linter.model.rules import Case, Examples, Rule

# Where docs/rules.md is published; each rule's section is at ``#<code in lowercase>``.
RULES_URL = "https://github.com/copydesk/copydesk/blob/main/docs/rules.md"
REGENERATE = "copydesk docs --output docs/rules.md"

_FIX_SAFETY = {
    None: "No automatic fix: the right correction depends on what the source meant.",
    Applicability.SAFE: "Safe: `copydesk fix` applies it, and so does the pre-commit fix hook.",
    Applicability.UNSAFE: "Unsafe: applied only with `copydesk fix --unsafe-fixes`; check the result.",
    Applicability.DISPLAY_ONLY: "Display-only: shown as a suggestion, never applied automatically.",
}


@dataclass(frozen=True)
class RuleDoc:
    """What a rule's documentation says, before it is rendered."""

    rule: Rule
    heading: str  # "CD101 outdated-ukrainian-place-name"
    facts: str  # "place-names pack, term kind, warning"
    flags: str  # the rule's `what-it-flags`, else (a user's pack that does not say) what the rule's kind flags
    why: str  # the rule's description: why it matters in translated news
    examples: tuple[tuple[str, tuple[str, ...], Case], ...]  # (fail text without markers, the marked spans' text)
    instead: tuple[tuple[str, Case], ...]  # the rule's `use-instead`, then its fail cases' fixed texts (may be none)
    fix_safety: str  # what the rule's applicability means: applied by `fix`, with --unsafe-fixes, or never
    fix_why: str  # why: the rule's own `fix.why`, else what holds for every fix of its kind ("" for no fix)
    opt_in: str | None  # how to turn on a rule that is off by default


def rule_doc(rule: Rule) -> RuleDoc:
    examples = []
    for case in rule.examples.failing:
        plain, spans = Examples.unmark(case.text)
        examples.append((plain, tuple(plain[s:e] for s, e in spans), case))
    # the right copy: the rule's own `use-instead`, and what fixing its fail examples gives; never its other pass
    # examples, which are often exceptions ("Chicken Kiev") rather than advice
    shown = [(case.text, case) for case in (rule.use_instead_case,) if case is not None]
    shown += [(c.fixed, c) for c in rule.examples.failing if c.fixed is not None]
    instead: list[tuple[str, Case]] = []
    for text, case in shown:
        if all(text != seen for seen, _ in instead):
            instead.append((text, case))
    return RuleDoc(
        rule=rule,
        heading=f"{rule.code} {rule.name}",
        facts=f"{rule.pack} pack, {rule.kind} kind, {rule.severity.value}",
        flags=rule.what_it_flags or KINDS[rule.kind].summary,
        why=rule.description.strip(),
        examples=tuple(examples),
        instead=tuple(instead),
        fix_safety=_FIX_SAFETY[rule.fix],
        fix_why=(rule.fix_why or KINDS[rule.kind].fix_safety) if rule.fix else "",
        opt_in=None if rule.enabled else f"Opt-in: enable it with --extend-select {rule.code} (or the pack name).",
    )


def case_note(case: Case, code: Callable[[str], str] = lambda text: text, source: bool = True) -> str:
    """How a named example case runs, for its reader: ``case markdown-link: read as Markdown; with quoted: fix``
    ("" for a plain example); ``code`` marks up the id, the options and the source (as Markdown code); without
    ``source``, the case's source is left to the caller, who shows it beside the text."""
    if not case.id:
        return ""
    how = []
    if case.format != "text":
        how.append(f"read as {'Markdown' if case.format == 'markdown' else case.format}")
    if case.options:
        how.append("with " + ", ".join(code(f"{key}: {_value(value)}") for key, value in case.options.items()))
    if case.source is not None and source:
        language = f" ({case.source_language})" if case.source_language else ""
        how.append(f"translating {code(case.source)}{language}")
    return f"case {code(case.id)}" + (": " + "; ".join(how) if how else "")


def _value(value: Any) -> str:
    """An option's value as a pack writes it: a string bare, anything else as JSON."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def find_rule(rules: Iterable[Rule], selector: str) -> Rule | None:
    """The rule a user names by code or name, in any case (``cd101``, ``Doubled-Word``)."""
    wanted = selector.strip().casefold()
    return next((r for r in rules if wanted in (r.code.casefold(), r.name.casefold())), None)


def anchor(rule: Rule) -> str:
    """The id of the rule's section in docs/rules.md: its code in lowercase (the heading is the code)."""
    return rule.code.lower()


def rule_url(rule: Rule) -> str:
    """The rule's documentation page: its section of docs/rules.md."""
    return f"{RULES_URL}#{anchor(rule)}"


def short_description(rule: Rule) -> str:
    """The first sentence of the rule's description (or its name)."""
    text = " ".join(rule.description.split())
    if not text:
        return rule.name
    end = text.find(". ")
    return text if end < 0 else text[:end + 1]


def visible(text: str) -> str:
    """``text`` with invisible and control characters, and spaces at a line's end, spelt out
    (``\\t``, ``\\u200b``, ``\\u0020``); line breaks are kept.

    Examples of the normalisation rules hold tabs, carriage returns, no-break and zero-width spaces
    and bidi controls: raw, they would be invisible on the page, and a carriage return or a
    right-to-left override would garble a terminal.
    """
    out = []
    for ch in text:
        if ch == "\n" or ch == " " or unicodedata.category(ch) not in _INVISIBLE:
            out.append(ch)
        elif ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        else:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
    return _TRAILING_SPACES.sub(lambda m: "\\u0020" * len(m.group()), "".join(out))


_TRAILING_SPACES = regex.compile(r" +(?=\n|\Z)")
_INVISIBLE = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Co", "Cs"})
_ESCAPES = {"\t": "\\t", "\r": "\\r"}


def explain(rule: Rule) -> str:
    """A rule's page: what it flags, why it matters, example, use instead, fix safety."""
    doc = rule_doc(rule)
    lines = [f"{doc.heading} ({doc.facts})", ""]
    lines += ["What it flags", f"  {doc.flags}", ""]
    lines += ["Why it matters in translated news"]
    lines += [f"  {line}" for line in doc.why.splitlines()] + [""]
    lines += ["Example"]
    lines += [_terminal_example("✗", plain, case) for plain, _, case in doc.examples]
    if doc.instead:
        lines += ["", "Use instead"]
        lines += [_terminal_example("✓", text, case) for text, case in doc.instead]
    lines += ["", "Fix safety", f"  {doc.fix_safety}"]
    if doc.fix_why:
        lines.append(f"  {doc.fix_why}")
    if doc.opt_in:
        lines += ["", doc.opt_in]
    return "\n".join(lines) + "\n"


def _terminal_example(mark: str, text: str, case: Case | None = None) -> str:
    """``  ✗ text``, later lines of a multi-line example indented under the first, a named case's note under it;
    a translation's source above it, the two side by side (``source (zh): ...``, ``target: ...``)."""
    first, *rest = visible(text).split("\n")
    note = case_note(case, _one_line, source=False) if case is not None else ""
    lines = [f"  {mark} {first}", *(f"    {line}" if line else "" for line in rest)]
    if case is not None and case.source is not None:
        language = f" ({case.source_language})" if case.source_language else ""
        lines = [f"  {mark} source{language}: {_one_line(case.source)}",
                 f"    target: {first}", *(f"    {line}" if line else "" for line in rest)]
    return "\n".join([*lines, *([f"    ({note})"] if note else [])])


def _one_line(text: str) -> str:
    """``text`` on one terminal line: invisible characters spelt out, line breaks shown as ``\\n``."""
    return visible(text).replace("\n", "\\n")


def _code(text: str) -> str:
    """One line of ``text`` as Markdown inline code (line breaks shown as ``\\n``)."""
    text = visible(text).replace("\n", "\\n")
    ticks = "`" * (_longest_backtick_run(text) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _markdown_example(mark: str, text: str, note: str = "") -> str:
    """A list item: inline code, or, for a multi-line example, a fenced block inside the item."""
    if "\n" not in text:
        return f"- {mark} {_code(text)}{note}"
    body = visible(text)
    fence = "`" * max(3, _longest_backtick_run(body) + 1)
    indented = "\n".join(f"  {line}" if line else "" for line in body.split("\n"))
    return f"- {mark}{note}\n\n  {fence}text\n{indented}\n  {fence}"


def _longest_backtick_run(text: str) -> int:
    return max((len(run) for run in _BACKTICKS.findall(text)), default=0)


_BACKTICKS = regex.compile(r"`+")


def _paragraph(text: str) -> str:
    """Join a description's lines into one Markdown paragraph per blank-line-separated block."""
    blocks = [" ".join(block.split()) for block in text.split("\n\n")]
    return "\n\n".join(markdown_prose(b) for b in blocks if b)


_CODE_SPAN = regex.compile(r"(`[^`]*`)")


def markdown_prose(text: str) -> str:
    """A rule's text for Markdown: '<' and '&' outside code spans escaped, so that a token the text quotes
    ("<unk>", "</s>") is shown, not read as an HTML tag by the renderer."""
    parts = _CODE_SPAN.split(text)
    return "".join(part if i % 2 else part.replace("&", "&amp;").replace("<", "&lt;") for i, part in enumerate(parts))


def rule_markdown(rule: Rule, level: int = 2) -> str:
    """A rule's section of docs/rules.md (also SARIF's ``help.markdown``); the heading's anchor is the code."""
    doc = rule_doc(rule)
    hashes = "#" * level
    lines = [f"{hashes} {rule.code}", "", f"**{rule.name}** · {doc.facts}", ""]
    lines += [f"**What it flags.** {markdown_prose(doc.flags)}", ""]
    lines += ["**Why it matters in translated news.** " + _paragraph(doc.why), ""]
    lines += ["**Example**", ""]
    for plain, spans, case in doc.examples:
        flagged = [_code(s) for s in spans if s]
        said = "; ".join(p for p in (f"flags {', '.join(flagged)}" if flagged else "", case_note(case, _code)) if p)
        lines.append(_markdown_example("✗", plain, f" ({said})" if said else ""))
    if doc.instead:
        lines += ["", "**Use instead**", ""]
    for text, case in doc.instead:
        note = case_note(case, _code)
        lines.append(_markdown_example("✓", text, f" ({note})" if note else ""))
    lines += ["", " ".join(p for p in ("**Fix safety.**", doc.fix_safety, doc.fix_why) if p)]
    if doc.opt_in:
        lines += ["", doc.opt_in.replace(f"--extend-select {rule.code}", f"`--extend-select {rule.code}`")]
    return "\n".join(lines) + "\n"


_FIX_LABEL = {None: "-", Applicability.SAFE: "safe", Applicability.UNSAFE: "unsafe",
              Applicability.DISPLAY_ONLY: "display-only"}


def rules_markdown(rules: Iterable[Rule], packs: Mapping[str, str] | None = None) -> str:
    """The whole docs/rules.md: an index table, then one section per rule, grouped by pack.

    Packs come in the order of their lowest code; ``packs`` maps a pack name to its description.
    """
    rules = sorted(rules, key=lambda r: r.code)
    descriptions = dict(packs or {})
    order = list(dict.fromkeys(r.pack for r in rules))
    by_pack = {name: [r for r in rules if r.pack == name] for name in order}
    lines = [
        f"<!-- Generated from the rule packs by `{REGENERATE}`. Do not edit by hand. -->",
        "",
        "# copydesk rules",
        "",
        f"{len(rules)} rules. Each section says what the rule flags, why it matters in machine-translated "
        "news, an example, what to write instead, and whether `copydesk fix` corrects it. "
        "`copydesk explain CODE` prints the same page in a terminal.",
        "",
        "| Code | Name | Pack | Severity | Fix |",
        "|---|---|---|---|---|",
    ]
    for rule in rules:
        off = " (opt-in)" if not rule.enabled else ""
        lines.append(f"| [{rule.code}](#{anchor(rule)}) | {rule.name}{off} | {rule.pack} | "
                     f"{rule.severity.value} | {_FIX_LABEL[rule.fix]} |")
    for name in order:
        lines += ["", f"## The {name} pack"]
        if descriptions.get(name):
            lines += ["", _paragraph(descriptions[name])]
        for rule in by_pack[name]:
            lines += ["", rule_markdown(rule, level=3).rstrip("\n")]
    return "\n".join(lines) + "\n"
