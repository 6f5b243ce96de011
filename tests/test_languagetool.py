"""The `languagetool` rule kind: LanguageTool matches as copydesk diagnostics.

Most tests talk to a *protocol stub* (tests/languagetool_stub.py), a local HTTP server on 127.0.0.1
that speaks LanguageTool's /v2/check protocol and answers in its JSON; the tests named
``test_real_server_*`` talk to a real LanguageTool server and run only when
COPYDESK_LANGUAGETOOL_URL is set.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from linter.backends import languagetool as backend
from linter.core.config import ConfigError, Settings, resolve
from linter.core.engine import Linter
from linter.kinds import languagetool as lt
from linter.model.diagnostics import Applicability, Severity
from linter.text.document import Document
from linter.text.positions import LineIndex
from tests.conftest import ROOT, SEED_000, SEED_003, run_main
from tests.languagetool_stub import LanguageToolStub

REAL_URL = os.environ.get(lt.ENV_URL, "")
real_server = pytest.mark.skipif(not REAL_URL, reason=f"set {lt.ENV_URL} to a LanguageTool server to run")
A_APPLE = "The minister bought a apple at the market."


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch):
    for name in (lt.ENV_URL, "LTP_PATH", "LTP_JAR_DIR_PATH"):
        monkeypatch.delenv(name, raising=False)
    backend.reset()
    yield
    backend.reset()


@pytest.fixture
def stub(languagetool_stub: LanguageToolStub, monkeypatch: pytest.MonkeyPatch) -> LanguageToolStub:
    """The session's protocol stub, configured through COPYDESK_LANGUAGETOOL_URL, with no requests yet."""
    languagetool_stub.clear()
    monkeypatch.setenv(lt.ENV_URL, languagetool_stub.url)
    return languagetool_stub


def check(text: str, path: str | None = None, **settings) -> list:
    return Linter(Settings(**settings)).check(Document.from_text(text, path)).diagnostics


def lt_diags(diagnostics: list) -> list:
    return [d for d in diagnostics if d.code.startswith("LT:")]


def refused_url() -> str:
    """An address on 127.0.0.1 where nothing listens: connecting is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- the protocol and the mapping ------------------------------------------------------------


def test_protocol_stub_contract_request_fields_and_match_mapping(stub: LanguageToolStub):
    """Against the protocol stub: one form-encoded POST per text, and a match becomes a diagnostic."""
    [diag] = lt_diags(check(A_APPLE))
    start = A_APPLE.index("a apple")
    assert (diag.code, diag.name, diag.pack, diag.severity) == ("LT:EN_A_VS_AN", "en-a-vs-an", "languagetool",
                                                                Severity.WARNING)
    assert (diag.start, diag.end) == (start, start + 1)
    assert diag.message.startswith("Use “an” instead of ‘a’")
    assert diag.suggestions == ("an",)
    assert diag.fix is not None and diag.fix.applicability is Applicability.UNSAFE
    assert [(e.start, e.end, e.text) for e in diag.fix.edits] == [(start, start + 1, "an")]
    [form] = stub.requests
    assert form["text"] == A_APPLE and form["language"] == "en-US"
    assert set(form["disabledRules"].split(",")) == set(backend.DEFAULT_DISABLED_RULES)
    assert not {"enabledRules", "enabledCategories", "disabledCategories", "level"} & set(form)


def test_protocol_stub_config_keys_become_form_fields(stub: LanguageToolStub):
    table = {"language": "en-GB", "enabled-rules": ["UPPERCASE_SENTENCE_START", "EN_QUOTES"],
             "disabled-rules": ["EN_A_VS_AN"], "enabled-categories": ["STYLE"], "disabled-categories": ["TYPOS"],
             "picky": True}
    settings = Settings().with_layer({"languagetool": table})
    text = "the goverment bought a apple."
    diags = lt_diags(Linter(settings).check(Document.from_text(text)).diagnostics)
    [form] = stub.requests
    assert form["language"] == "en-GB" and form["level"] == "picky"
    assert form["enabledRules"] == "UPPERCASE_SENTENCE_START,EN_QUOTES"
    assert form["enabledCategories"] == "STYLE" and form["disabledCategories"] == "TYPOS"
    disabled = form["disabledRules"].split(",")
    assert "EN_A_VS_AN" in disabled and "UPPERCASE_SENTENCE_START" not in disabled  # enabling beats the default
    assert "WHITESPACE_RULE" in disabled
    # the stub honours the fields: no article rule, no spelling (TYPOS), the re-enabled sentence start
    assert [d.code for d in diags] == ["LT:UPPERCASE_SENTENCE_START"]
    assert diags[0].severity is Severity.INFO  # typographical


def test_protocol_stub_language_picks_the_spelling_rule(stub: LanguageToolStub):
    settings = Settings().with_layer({"languagetool": {"language": "en-GB"}})
    diags = lt_diags(Linter(settings).check(Document.from_text("The goverment met.")).diagnostics)
    assert [d.code for d in diags] == ["LT:MORFOLOGIK_RULE_EN_GB"]
    assert diags[0].name == "morfologik-rule-en-gb"


def test_several_replacements_are_display_only_and_listed(stub: LanguageToolStub, tmp_path: Path):
    text = "Officials said he walk to the office and she recieved the letter.\n"
    diags = {d.code: d for d in lt_diags(check(text))}
    agreement = diags["LT:HE_VERB_AGR"]
    assert text[agreement.start:agreement.end] == "walk"
    assert agreement.suggestions == ("walks", "walked")
    assert agreement.fix is not None and agreement.fix.applicability is Applicability.DISPLAY_ONLY
    assert agreement.severity is Severity.WARNING  # grammar
    spelling = diags["LT:MORFOLOGIK_RULE_EN_US"]
    assert spelling.suggestions == ("received", "relieved", "reviewed") and not spelling.fixable
    result = run_main("check", "--isolated", str(write(tmp_path / "a.txt", text)))
    assert "help: replace 'walk' with 'walks' or 'walked'" in result.out


def test_fix_applies_a_single_replacement_only_with_unsafe_fixes(stub: LanguageToolStub, tmp_path: Path):
    article = write(tmp_path / "a.txt", A_APPLE + "\n")
    assert run_main("fix", "--isolated", "--select", "languagetool", str(article)).code == 1
    assert article.read_text(encoding="utf-8") == A_APPLE + "\n"
    assert run_main("fix", "--isolated", "--select", "languagetool", "--unsafe-fixes", str(article)).code == 0
    assert article.read_text(encoding="utf-8") == A_APPLE.replace("a apple", "an apple") + "\n"


def test_copydesk_place_names_are_never_misspellings(stub: LanguageToolStub):
    text = "Shelling hit Zaporizhzhia; officials in kyiv said the goverment knew.\n"
    diags = check(text)
    assert [(d.code, text[d.start:d.end]) for d in lt_diags(diags)] == [("LT:MORFOLOGIK_RULE_EN_US", "goverment")]
    assert ("CD102", "kyiv") in [(d.code, text[d.start:d.end]) for d in diags]  # reported once, by copydesk
    assert "kyiv" in stub.requests[0]["text"]  # the server saw it; copydesk dropped its match


def test_known_place_names_come_from_the_rules_the_linter_loaded(stub: LanguageToolStub,
                                                                  monkeypatch: pytest.MonkeyPatch):
    """The gazetteer is built from the rules the linter loaded (the engine passes them), not by loading every
    pack again."""
    from linter.core import packs

    linter = Linter(Settings())

    def load_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("the packs were loaded again")

    monkeypatch.setattr(packs, "load_packs", load_again)
    monkeypatch.setattr(packs, "load_pack", load_again)
    text = "Shelling hit Zaporizhzhia; the goverment said.\n"
    diags = lt_diags(linter.check(Document.from_text(text)).diagnostics)
    assert [(d.code, text[d.start:d.end]) for d in diags] == [("LT:MORFOLOGIK_RULE_EN_US", "goverment")]


def test_known_words_option_of_a_pack_rule(stub: LanguageToolStub, tmp_path: Path):
    pack = write(tmp_path / "lt.yaml", """pack: newsroom-lt
description: our LanguageTool rule
rules:
  - code: CD951
    name: newsroom-languagetool
    kind: languagetool
    message: "{message} ({lt_rule})"
    description: LanguageTool, knowing our district names.
    known-words: [Dniprovskyy]
    examples:
      fail: ["He bought [[a]] apple."]
      pass: ["He bought an apple."]
""")
    text = "Debris fell in the Dniprovskyy district, and a apple.\n"
    settings = resolve(tmp_path, overrides={"extend-packs": [str(pack)], "ignore": ["CD901"]}, discover=False)
    diags = lt_diags(Linter(settings).check(Document.from_text(text)).diagnostics)
    assert [(d.code, d.pack, text[d.start:d.end]) for d in diags] == [("LT:EN_A_VS_AN", "newsroom-lt", "a")]
    assert diags[0].message.endswith("(EN_A_VS_AN)")


def test_default_disabled_rules_are_dropped_even_if_the_server_reports_them(stub: LanguageToolStub,
                                                                         monkeypatch: pytest.MonkeyPatch):
    from tests.languagetool_stub import check_answer

    text = "the the embassy closed.Staff left.\n"
    reported = {m["rule"]["id"] for m in check_answer(text, {})["matches"]}
    assert {"ENGLISH_WORD_REPEAT_RULE", "UPPERCASE_SENTENCE_START", "SENTENCE_WHITESPACE"} <= reported
    real_params = lt.LTConfig.params
    # an old server that ignores disabledRules: here the list is simply not sent
    monkeypatch.setattr(lt.LTConfig, "params",
                        lambda self: {k: v for k, v in real_params(self).items() if k != "disabledRules"})
    assert not lt_diags(check(text))
    assert "disabledRules" not in stub.requests[0]
    settings = Settings().with_layer({"languagetool": {"enabled-rules": ["ENGLISH_WORD_REPEAT_RULE"]}})
    codes = [d.code for d in lt_diags(Linter(settings).check(Document.from_text(text)).diagnostics)]
    assert codes == ["LT:ENGLISH_WORD_REPEAT_RULE"]


# --- offsets -----------------------------------------------------------------------------------


def test_offsets_after_emoji_and_other_astral_characters(stub: LanguageToolStub):
    text = ("Breaking 🚨 news from the 𝒞𝒞 desk.\n\n"
            "Crowds 🙌🏽 cheered as a official spoke, and 😀 a apple fell.\n")
    diags = lt_diags(check(text))
    assert [(d.code, d.start, text[d.start:d.end]) for d in diags] == [
        ("LT:EN_A_VS_AN", text.index("a official"), "a"),
        ("LT:EN_A_VS_AN", text.index("a apple"), "a"),
    ]
    assert all(d.end == d.start + 1 for d in diags)
    assert len(stub.requests) == 1  # both paragraphs in one batch; offsets split back per paragraph


def test_markdown_masked_code_is_not_sent_and_positions_hold(stub: LanguageToolStub):
    text = ("# Report\n\nThe code `a apple` is masked, and so is this block:\n\n"
            "```text\nHe walk to a office.\n```\n\n"
            "After the code, a apple fell on [a link](https://a.example/a-apple).\n")
    diags = lt_diags(check(text, path="story.md"))
    assert [(d.code, d.start) for d in diags] == [("LT:EN_A_VS_AN", text.index("a apple fell"))]
    sent = "".join(stub.texts())
    assert "He walk" not in sent and "`a apple`" not in sent and "a-apple" not in sent
    assert "The code " + " " * len("`a apple`") + " is masked" in sent  # inline code became spaces


def test_utf16_conversion_and_matches_across_paragraph_breaks():
    texts = ["A 😀 b", "c 𝒞 d"]
    joined = backend.PARAGRAPH_BREAK.join(texts)
    units = {i: sum(2 if ord(ch) > 0xFFFF else 1 for ch in joined[:i]) for i in range(len(joined) + 1)}
    answer = {"matches": [
        {"offset": units[4], "length": 1, "rule": {"id": "R1", "issueType": "grammar", "category": {"id": "G"}}},
        {"offset": units[len(texts[0]) + 2 + 4], "length": 1, "rule": {"id": "R2"}, "replacements": []},
        {"offset": units[4], "length": units[len(texts[0]) + 3] - units[4], "rule": {"id": "ACROSS"}},
    ]}
    first, second = backend.parse_matches(answer, texts)
    assert [(m.rule_id, m.start, m.end) for m in first] == [("R1", 4, 5)]
    assert [(m.rule_id, m.start, m.end) for m in second] == [("R2", 4, 5)]
    with pytest.raises(backend.BackendError, match="not a LanguageTool check result"):
        backend.parse_matches({"matches": [{"offset": "1"}]}, texts)
    with pytest.raises(backend.BackendError, match="no 'matches' list"):
        backend.parse_matches({"software": {}}, texts)


# --- selectors, severities, suppressions ----------------------------------------------------------


TWO_PROBLEMS = "He walk to the embassy in Kiev and bought a apple.\n"


def codes_of(*args: str) -> list[str]:
    result = run_main("check", "--isolated", "--format", "json", *args)
    return sorted(d["code"] for d in json.loads(result.out)["diagnostics"])


def test_selectors_accept_lt_codes_prefixes_and_the_pack(stub: LanguageToolStub, tmp_path: Path):
    article = str(write(tmp_path / "a.txt", TWO_PROBLEMS))
    everything = codes_of(article)
    assert {"CD101", "LT:EN_A_VS_AN", "LT:HE_VERB_AGR"} <= set(everything)
    assert codes_of("--ignore", "LT:EN_A_VS_AN", article) == [c for c in everything if c != "LT:EN_A_VS_AN"]
    assert codes_of("--ignore", "LT:", article) == [c for c in everything if not c.startswith("LT:")]
    assert codes_of("--ignore", "languagetool", article) == [c for c in everything if not c.startswith("LT:")]
    assert codes_of("--select", "LT:EN_A_VS_AN", article) == ["LT:EN_A_VS_AN"]
    assert codes_of("--select", "CD101,LT:HE_VERB_AGR", article) == ["CD101", "LT:HE_VERB_AGR"]
    assert codes_of("--select", "LT:", article) == ["LT:EN_A_VS_AN", "LT:HE_VERB_AGR"]
    assert codes_of("--select", "CD9", article) == ["LT:EN_A_VS_AN", "LT:HE_VERB_AGR"]
    assert codes_of("--select", "CD101", article) == ["CD101"]


def test_severity_and_per_file_ignores_by_lt_code(stub: LanguageToolStub, tmp_path: Path):
    write(tmp_path / ".copydesk.yaml", "severity:\n  'LT:HE_VERB_AGR': error\n  languagetool: info\n"
                                       "  'LT:EN_A_VS_AN': error\nper-file-ignores:\n  'skip/*': ['LT:EN_A_VS_AN']\n")
    article = write(tmp_path / "a.txt", TWO_PROBLEMS)
    skipped = write(tmp_path / "skip" / "b.txt", TWO_PROBLEMS)
    data = json.loads(run_main("check", "--format", "json", str(article), str(skipped)).out)["diagnostics"]
    levels = {(Path(d["path"]).name, d["code"]): d["severity"] for d in data}
    # the later entry wins, as for rules: languagetool: info is overridden by the LT:EN_A_VS_AN line after it
    assert levels[("a.txt", "LT:EN_A_VS_AN")] == "error"
    assert levels[("a.txt", "LT:HE_VERB_AGR")] == "info"
    assert ("b.txt", "LT:EN_A_VS_AN") not in levels and ("b.txt", "LT:HE_VERB_AGR") in levels


def test_unknown_lt_selector_needs_a_languagetool_rule(stub: LanguageToolStub, tmp_path: Path):
    article = str(write(tmp_path / "a.txt", TWO_PROBLEMS))
    assert run_main("check", "--isolated", "--ignore", "LT:ANY_RULE_ID", article).code == 1  # accepted
    result = run_main("check", "--isolated", "--ignore", "CD901", "--select", "LT:EN_A_VS_AN", article)
    assert result.code == 0  # selected, then ignored as a whole
    result = run_main("check", "--isolated", "--ignore", "XX:EN_A_VS_AN", article)
    assert result.code == 2 and "unknown rule selector 'XX:EN_A_VS_AN'" in result.err


def test_suppression_comments_take_lt_codes(stub: LanguageToolStub, tmp_path: Path):
    text = ("<!-- copydesk-disable-next-line LT:EN_A_VS_AN -->\n" + TWO_PROBLEMS
            + "<!-- copydesk-disable-next-line LT: -->\n" + TWO_PROBLEMS
            + "<!-- copydesk-disable-next-line languagetool -->\n" + TWO_PROBLEMS
            + "<!-- copydesk-disable-next-line LT:MORFOLOGIK_RULE_EN_US -->\n" + TWO_PROBLEMS)
    article = write(tmp_path / "a.md", text)
    result = run_main("check", "--isolated", "--format", "json", "--report-unused-suppressions", str(article))
    found = sorted((d["line"], d["code"]) for d in json.loads(result.out)["diagnostics"])
    assert [f for f in found if f[1].startswith("LT:")] == [(2, "LT:HE_VERB_AGR"), (8, "LT:EN_A_VS_AN"),
                                                           (8, "LT:HE_VERB_AGR")]
    assert (7, "CD001") in found  # the MORFOLOGIK suppression suppressed nothing
    assert not [f for f in found if f[1] == "CD001" and f[0] != 7]


# --- cache, batches, parallel requests ------------------------------------------------------------


def test_unchanged_paragraphs_are_never_sent_again(stub: LanguageToolStub):
    linter = Linter(Settings())
    paragraphs = [f"Paragraph {i} says a apple fell." for i in range(5)]
    first = linter.check(Document.from_text("\n\n".join(paragraphs))).diagnostics
    assert len(stub.requests) == 1 and len(lt_diags(first)) == 5
    again = linter.check(Document.from_text("\n\n".join(paragraphs))).diagnostics
    assert len(stub.requests) == 1 and again == first
    paragraphs[3] = "Paragraph 3 now says a orange fell."  # one keystroke's worth of change
    edited = "\n\n".join(paragraphs)
    diags = lt_diags(linter.check(Document.from_text(edited)).diagnostics)
    assert stub.texts()[1:] == [paragraphs[3]]
    assert [edited[d.start:d.end + 7] for d in diags][3] == "a orange"
    other = Linter(Settings().with_layer({"languagetool": {"language": "en-GB"}}))
    other.check(Document.from_text(edited))
    assert len(stub.requests) == 3  # other settings: other cache entries


def test_batches_are_bounded_in_size_and_in_parallel(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(backend.client, "BATCH_CHARS", 60)
    settings = Settings().with_layer({"languagetool": {"max-parallel": 2}})
    paragraphs = [f"Report number {i} says that a apple fell today." for i in range(12)]
    text = "\n\n".join(paragraphs)
    # Each answer takes a tenth of a second, so requests overlap whenever the client lets them.
    with LanguageToolStub(delay=0.1) as held:
        monkeypatch.setenv(lt.ENV_URL, held.url)
        diags = lt_diags(Linter(settings).check(Document.from_text(text)).diagnostics)
    assert len(held.requests) == 12  # each paragraph fills a batch of 60 code points
    assert held.max_in_flight == 2
    assert [d.start for d in diags] == [text.index("a apple", text.index(p)) for p in paragraphs]


# --- failures ----------------------------------------------------------------------------------


def _failure_run(tmp_path: Path, url: str, *extra: str, timeout: float = 5.0):
    write(tmp_path / ".copydesk.yaml", f"languagetool:\n  url: {url}\n  timeout: {timeout}\n")
    seeds = [write(tmp_path / p.name, p.read_text(encoding="utf-8")) for p in (SEED_000, SEED_003)]
    # one process (-j 1): the second file must find the server marked as failed, not wait again
    failing = run_main("check", "-q", "-j", "1", *extra, *map(str, seeds))
    baseline = run_main("check", "-q", "--ignore", "languagetool", *map(str, seeds))
    return failing, baseline


def _assert_one_warning(failing, baseline, url: str, reason: str) -> None:
    assert failing.code == baseline.code == 1
    assert failing.out == baseline.out  # every other rule still reports
    warnings = [line for line in failing.err.splitlines() if line.startswith("copydesk: warning:")]
    assert len(warnings) == 1, failing.err
    assert f"LanguageTool at {url} did not answer: {reason}" in warnings[0]


def test_failure_connection_refused_is_one_warning(tmp_path: Path):
    url = refused_url()
    failing, baseline = _failure_run(tmp_path, url)
    _assert_one_warning(failing, baseline, url, "connection refused")


def test_failure_slow_server_times_out(tmp_path: Path):
    with LanguageToolStub(delay=30) as slow:
        failing, baseline = _failure_run(tmp_path, slow.url, timeout=0.3)
        assert len(slow.requests) == 1  # the second file did not wait again for a server that just failed
    _assert_one_warning(failing, baseline, slow.url, "no answer within 0.3 s (timeout)")


def test_failure_http_500(tmp_path: Path):
    with LanguageToolStub(mode="error") as broken:
        failing, baseline = _failure_run(tmp_path, broken.url)
    _assert_one_warning(failing, baseline, broken.url, "HTTP 500 Internal Server Error (Error: Internal Error")


def test_failure_malformed_json(tmp_path: Path):
    with LanguageToolStub(mode="garbage") as garbage:
        failing, baseline = _failure_run(tmp_path, garbage.url)
    _assert_one_warning(failing, baseline, garbage.url, "the answer is not JSON ('<html><body>502 Bad Gateway")


def test_require_languagetool_turns_a_failure_into_exit_2(tmp_path: Path):
    url = refused_url()
    failing, _ = _failure_run(tmp_path, url, "--require-languagetool")
    assert failing.code == 2
    assert f"copydesk: error: LanguageTool at {url} did not answer: connection refused" in failing.err
    unconfigured = run_main("check", "--isolated", "--require-languagetool", str(SEED_003))
    assert unconfigured.code == 2 and "LanguageTool is not configured" in unconfigured.err
    unselected = run_main("check", "--isolated", "--require-languagetool", "--select", "CD101", str(SEED_003))
    assert unselected.code == 2 and "no languagetool rule is selected" in unselected.err


def test_require_languagetool_passes_with_a_server(stub: LanguageToolStub):
    plain = run_main("check", "--isolated", str(SEED_003))
    required = run_main("check", "--isolated", "--require-languagetool", str(SEED_003))
    assert required.code == plain.code == 1 and required.out == plain.out
    assert "copydesk: error" not in required.err and "copydesk: warning" not in required.err


def test_failure_in_a_real_process_and_the_retry_after_a_pause(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    url = refused_url()
    env = {k: v for k, v in os.environ.items() if k != lt.ENV_URL} | {lt.ENV_URL: url}
    proc = subprocess.run([sys.executable, "-m", "linter", "check", "--isolated", str(SEED_000), str(SEED_003)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert proc.returncode == 1 and proc.stderr.count("copydesk: warning:") == 1
    assert f"LanguageTool at {url} did not answer: connection refused" in proc.stderr
    # a long-lived process (the language server) tries the server again once RETRY_AFTER has passed
    monkeypatch.setenv(lt.ENV_URL, url)
    linter = Linter(Settings())
    clock = [1000.0]
    monkeypatch.setattr(backend.client.time, "monotonic", lambda: clock[0])
    assert [n.message for n in linter.check(Document.from_text(A_APPLE)).notices]
    with LanguageToolStub() as back:
        monkeypatch.setenv(lt.ENV_URL, back.url)
        assert lt_diags(linter.check(Document.from_text(A_APPLE)).diagnostics)  # another server: asked at once
        monkeypatch.setenv(lt.ENV_URL, url)
        linter.check(Document.from_text(A_APPLE + " Again."))
        assert len(back.requests) == 1


# --- not configured: nothing changes, nothing is imported or downloaded ----------------------------


def test_without_a_server_nothing_changes(tmp_path: Path):
    with_rule = run_main("check", "-q", "--isolated", "--format", "json", str(SEED_000), str(SEED_003))
    without = run_main("check", "-q", "--isolated", "--format", "json", "--ignore", "CD901", str(SEED_000),
                       str(SEED_003))
    assert with_rule.out == without.out and with_rule.code == without.code and with_rule.err == ""


PROBE = """
import socket, sys
connections = []
real_connect = socket.socket.connect
def connect(self, address):
    connections.append(address)
    return real_connect(self, address)
socket.socket.connect = connect
from linter.faces.cli import main
code = main(["check", "--isolated", "--no-cache", "-q", "-j", "1", *sys.argv[1:]])
modules = sorted(m for m in ("language_tool_python", "requests") if m in sys.modules)
sys.stderr.write(repr((code, modules, connections)))
"""


def _probe(env_url: str | None) -> tuple[list[str], list]:
    env = {k: v for k, v in os.environ.items() if k not in (lt.ENV_URL, "LTP_PATH", "LTP_JAR_DIR_PATH")}
    if env_url:
        env[lt.ENV_URL] = env_url
    proc = subprocess.run([sys.executable, "-c", PROBE, str(SEED_000), str(SEED_003)], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=120)
    code, modules, connections = eval(proc.stderr.strip().splitlines()[-1])  # our own repr
    assert code == 1, proc.stderr
    return modules, connections


def test_no_server_configured_imports_and_connects_to_nothing():
    modules, connections = _probe(None)
    assert modules == [] and connections == []


def test_a_configured_server_needs_neither_language_tool_python_nor_requests(stub: LanguageToolStub):
    modules, connections = _probe(stub.url)
    assert modules == []
    assert connections and {c[0] for c in connections} == {"127.0.0.1"}


def test_local_installation_is_never_downloaded_unless_allowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    pytest.importorskip("language_tool_python")
    import requests

    attempts: list[str] = []
    monkeypatch.setattr(requests, "get", lambda url, *a, **k: attempts.append(url))
    monkeypatch.setenv("LTP_PATH", str(tmp_path))
    result = Linter(Settings()).check(Document.from_text(A_APPLE))
    assert not lt_diags(result.diagnostics)
    [notice] = result.notices
    assert f"no LanguageTool installation in {tmp_path} and downloads are off" in notice.message
    assert attempts == [] and not list(tmp_path.glob("LanguageTool*"))


def test_allow_download_hands_over_to_language_tool_python(stub: LanguageToolStub, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch):
    language_tool_python = pytest.importorskip("language_tool_python")
    from language_tool_python.download_lt import LTP_DOWNLOAD_VERSION

    started: list[tuple[str, str]] = []
    server_url = stub.url + "/v2/"

    class FakeLanguageTool:  # stands for the library's server start, which would download and run Java
        def __init__(self, language: str, language_tool_download_version: str):
            started.append((language, language_tool_download_version))
            self.url = server_url

    monkeypatch.delenv(lt.ENV_URL)
    monkeypatch.setenv("LTP_PATH", str(tmp_path))
    monkeypatch.setattr(language_tool_python, "LanguageTool", FakeLanguageTool)
    settings = Settings().with_layer({"languagetool": {"allow-download": True, "language": "en-GB"}})
    linter = Linter(settings)
    assert [d.code for d in lt_diags(linter.check(Document.from_text(A_APPLE)).diagnostics)] == ["LT:EN_A_VS_AN"]
    linter.check(Document.from_text("Another text."))
    assert started == [("en-GB", LTP_DOWNLOAD_VERSION)]  # started once per process


# --- configuration ---------------------------------------------------------------------------


@pytest.mark.parametrize(("table", "line", "key", "message"), [
    ("  urll: http://x\n", 3, "languagetool.urll", "unknown option (known: url, language"),
    ("  url: localhost:8081\n", 3, "languagetool.url", "must be an http:// or https:// address"),
    ("  language: English\n", 3, "languagetool.language", "LanguageTool language code"),
    ("  picky: yes please\n", 3, "languagetool.picky", "must be true or false"),
    ("  timeout: 0\n", 3, "languagetool.timeout", "above 0"),
    ("  timeout: true\n", 3, "languagetool.timeout", "must be a number"),
    ("  max-parallel: 0\n", 3, "languagetool.max-parallel", "1 or more"),
    ("  disabled-rules: [EN A VS AN]\n", 3, "languagetool.disabled-rules", "LanguageTool ids"),
    ("  enabled-categories: STYLE\n", 3, "languagetool.enabled-categories", "a list of strings"),
])
def test_config_errors_name_file_line_and_key(tmp_path: Path, table: str, line: int, key: str, message: str):
    config = write(tmp_path / ".copydesk.yaml", "select: [ALL]\nlanguagetool:\n" + table)
    with pytest.raises(ConfigError) as caught:
        resolve(tmp_path)
    assert str(caught.value).startswith(f"{config}:{line}: key '{key}': ") and message in str(caught.value)


def test_config_in_pyproject_and_layers_merge(tmp_path: Path):
    write(tmp_path / "pyproject.toml", '[tool.copydesk.languagetool]\nurl = "http://lt.example:8081"\n'
                                       'disabled-rules = ["EN_QUOTES"]\n')
    other = write(tmp_path / "other.yaml", "languagetool:\n  picky: true\n")
    settings = resolve(tmp_path, config_file=other)
    config = lt.config_of(settings)
    assert (config.url, config.disabled_rules, config.picky) == ("http://lt.example:8081", ("EN_QUOTES",), True)
    hash(settings)  # settings stay hashable (they key the compiled-linter cache)
    bad = write(tmp_path / "bad" / "pyproject.toml", '[tool.copydesk]\nselect = ["ALL"]\n\n'
                                                     '[tool.copydesk.languagetool]\nmax-parallel = "4"\n')
    with pytest.raises(ConfigError, match=rf"{bad}:5: key 'languagetool.max-parallel': must be a number"):
        resolve(bad.parent)


def test_environment_url_wins_and_bad_one_is_a_notice(monkeypatch: pytest.MonkeyPatch):
    config = lt.LTConfig(url="http://from-config:8081")
    assert backend.configured_url(config) == ("http://from-config:8081", "languagetool.url")
    monkeypatch.setenv(lt.ENV_URL, "http://from-env:8010/v2/")
    assert backend.configured_url(config) == ("http://from-env:8010/v2/", lt.ENV_URL)
    assert lt.endpoint(config) == "http://from-env:8010/v2"
    monkeypatch.setenv(lt.ENV_URL, "from-env:8010")
    notice = lt.endpoint(config)
    assert isinstance(notice, lt.Notice) and "is not an http:// or https:// address" in notice.message


# --- acceptance: copydesk check with every output format -------------------------------------------


@pytest.fixture
def newsroom(tmp_path: Path) -> Path:
    """The seeds, plus an article with emoji and a Markdown story with masked code."""
    folder = tmp_path / "seeds"
    for seed in (SEED_000, SEED_003):
        write(folder / seed.name, seed.read_text(encoding="utf-8"))
    write(folder / "emoji.txt", "Fans 🙌🏽 cheered in kyiv.\n\nSupporters 🎉 said a official lied.\n")
    write(folder / "story.md", "# Debris\n\nThe `a apple` snippet and this block stay masked:\n\n"
                               "```\nHe walk to a office.\n```\n\nDebris fell in the Dniprovskyy district, a apple "
                               "said.\n")
    return folder


def expected_lt(folder: Path) -> dict[tuple[str, str], int]:
    """(file, code) -> code-point offset of what the stub must find, computed from the files themselves."""
    emoji = (folder / "emoji.txt").read_text(encoding="utf-8")
    story = (folder / "story.md").read_text(encoding="utf-8")
    seed = (folder / SEED_000.name).read_text(encoding="utf-8")
    return {
        ("emoji.txt", "LT:EN_A_VS_AN"): emoji.index("a official"),
        ("story.md", "LT:MORFOLOGIK_RULE_EN_US"): story.index("Dniprovskyy"),
        ("story.md", "LT:EN_A_VS_AN"): story.index("a apple said"),
        (SEED_000.name, "LT:MORFOLOGIK_RULE_EN_US"): seed.index("Dniprovskyy"),
    }


def test_acceptance_text_and_json(stub: LanguageToolStub, newsroom: Path):
    expected = expected_lt(newsroom)
    run = run_main("check", "--isolated", "--format", "json", str(newsroom))
    data = json.loads(run.out)
    found = {(Path(d["path"]).name, d["code"]): d for d in data["diagnostics"] if d["code"].startswith("LT:")}
    assert set(found) == set(expected), (run.err, len(stub.requests), [r["text"][:60] for r in stub.requests])
    for (name, code), offset in expected.items():
        record = found[(name, code)]
        text = (newsroom / name).read_text(encoding="utf-8")
        assert record["start"] == offset
        assert (record["line"], record["column"]) == LineIndex(text).human(offset)
        assert record["pack"] == "languagetool" and record["name"] == code[3:].lower().replace("_", "-")
    assert {d["code"] for d in data["diagnostics"]} >= {"CD101", "CD102", "LT:EN_A_VS_AN"}  # merged
    text_out = run_main("check", "--isolated", str(newsroom)).out
    emoji = (newsroom / "emoji.txt").read_text(encoding="utf-8")
    line, column = LineIndex(emoji).human(expected[("emoji.txt", "LT:EN_A_VS_AN")])
    assert f"{newsroom / 'emoji.txt'}:{line}:{column}: LT:EN_A_VS_AN [~] Use “an” instead of ‘a’" in text_out
    assert f"{newsroom / 'emoji.txt'}:1:" in text_out and "CD102" in text_out


def test_acceptance_sarif_and_lsp(stub: LanguageToolStub, newsroom: Path):
    expected = expected_lt(newsroom)
    emoji = (newsroom / "emoji.txt").read_text(encoding="utf-8")
    offset = expected[("emoji.txt", "LT:EN_A_VS_AN")]
    sarif = json.loads(run_main("check", "--isolated", "--format", "sarif", str(newsroom)).out)
    run = sarif["runs"][0]
    assert {"LT:EN_A_VS_AN", "LT:MORFOLOGIK_RULE_EN_US", "CD102"} <= {r["id"] for r in run["tool"]["driver"]["rules"]}
    [result] = [r for r in run["results"] if r["ruleId"] == "LT:EN_A_VS_AN"
                and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("emoji.txt")]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == LineIndex(emoji).utf16(offset)
    assert region["startColumn"] == LineIndex(emoji).human(offset)[1] + 1  # 🎉 counts twice in UTF-16
    assert result["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "an"
    lsp = json.loads(run_main("check", "--isolated", "--format", "lsp", str(newsroom)).out)
    [entry] = [d for uri, diags in lsp.items() if uri.endswith("emoji.txt") for d in diags
               if d["code"] == "LT:EN_A_VS_AN"]
    line, character = LineIndex(emoji).lsp(offset)
    assert entry["range"]["start"] == {"line": line, "character": character}
    assert entry["severity"] == 2 and "codeDescription" not in entry


# --- the language server ---------------------------------------------------------------------------

try:
    import pytest_lsp
    from lsprotocol import types as lsp_types
    from pytest_lsp import ClientServerConfig, LanguageClient
except ImportError:  # copydesk[lsp] not installed: the language-server test is skipped
    pytest_lsp = None

if pytest_lsp is not None:
    from tests.test_lsp import TIMEOUT, actions, change, end_server, initialize_params, open_article, position, replace

    @pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "linter", "lsp"]))
    async def lt_client(lsp_client: LanguageClient, tmp_path: Path, languagetool_stub: LanguageToolStub):
        import asyncio

        languagetool_stub.clear()
        write(tmp_path / ".copydesk.yaml",
              f"select: [CD101, languagetool]\nlanguagetool:\n  url: {languagetool_stub.url}\n")
        await lsp_client.initialize_session(initialize_params(tmp_path))
        yield
        try:
            await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)
        finally:
            end_server(lsp_client)

    @pytest.mark.asyncio
    async def test_language_server_publishes_lt_diagnostics_and_resends_only_edited_paragraphs(
            lt_client: LanguageClient, tmp_path: Path, languagetool_stub: LanguageToolStub) -> None:
        text = "Fans 🙌🏽 cheered in Kiev.\n\nSupporters 🎉 said a official lied.\n\nThe third paragraph stays.\n"
        path = tmp_path / "story.txt"
        published = await open_article(lt_client, path, text)
        found = {d.code: d for d in published.diagnostics}
        assert set(found) == {"CD101", "LT:EN_A_VS_AN"}
        start = text.index("a official")
        assert found["LT:EN_A_VS_AN"].range.start == position(text, start)
        assert found["LT:EN_A_VS_AN"].range.end == position(text, start + 1)
        assert len(languagetool_stub.requests) == 1
        [action] = [a for a in await actions(lt_client, path, [found["LT:EN_A_VS_AN"]], found["LT:EN_A_VS_AN"].range)
                    if a.kind == lsp_types.CodeActionKind.QuickFix and a.title.startswith("Replace")]
        assert action.title == "Replace with 'an' (unsafe)"
        # a keystroke in the third paragraph: only that paragraph goes to LanguageTool again
        edited = text.replace("stays.", "stays put.")
        published = await change(lt_client, path, 2, [replace(text, "stays.", "stays put.")])
        assert {d.code for d in published.diagnostics} == {"CD101", "LT:EN_A_VS_AN"}
        later = "\n\n".join(languagetool_stub.texts()[1:])  # (fix previews may send a fixed paragraph too)
        assert "The third paragraph stays put." in later
        assert "Supporters 🎉 said a official lied." not in later and "cheered in Kiev." not in later
        assert edited.index("a official") == start


# --- doctor --------------------------------------------------------------------------------------


def test_doctor_reports_backends(stub: LanguageToolStub):
    result = run_main("doctor", "--isolated")
    assert result.code == 0
    assert f"server:      {stub.url} (from {lt.ENV_URL}): reachable, LanguageTool 6.6, 4 languages" in result.out
    assert "rule packs:" in result.out and "languagetool" in result.out
    for package in ("language-tool-python", "lingua-language-detector", "pyphen", "pygls", "rich", "dask"):
        assert package in result.out
    report = json.loads(run_main("doctor", "--isolated", "--format", "json").out)
    assert report["languagetool"]["reachable"] and report["languagetool"]["version"] == "6.6"
    lingua = next(p for p in report["packages"] if p["module"] == "lingua")
    assert lingua["imports"] is (lingua["version"] is not None)
    assert any(p["pack"] == "languagetool" and p["rules"] == 1 for p in report["packs"])


def test_doctor_unreachable_and_unconfigured(monkeypatch: pytest.MonkeyPatch):
    assert "not configured" in run_main("doctor", "--isolated").out
    url = refused_url()
    monkeypatch.setenv(lt.ENV_URL, url)
    result = run_main("doctor", "--isolated")
    assert result.code == 1 and f"{url} (from {lt.ENV_URL}): NOT reachable: connection refused" in result.out


# --- a real LanguageTool server (skipped unless COPYDESK_LANGUAGETOOL_URL is set) --------------------


@pytest.fixture
def real(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(lt.ENV_URL, REAL_URL)
    return REAL_URL


@real_server
def test_real_server_a_apple_with_emoji_and_markdown(real: str):
    text = "Fans 🙌🏽 cheered.\n\nThe `code` here, and he bought a apple at the market.\n"
    diags = lt_diags(check(text, path="story.md"))
    hits = [d for d in diags if d.code == "LT:EN_A_VS_AN"]
    assert hits and text[hits[0].start:hits[0].end] == "a" and hits[0].start == text.index("a apple")
    assert "an" in hits[0].suggestions


@real_server
def test_real_server_seeds_offsets_match_what_the_server_marks(real: str):
    base = backend.api_base(real)
    for seed in (SEED_000, SEED_003):
        text = seed.read_text(encoding="utf-8")
        doc = Document.from_text(text, str(seed))
        diags = lt_diags(Linter(Settings()).check(doc).diagnostics)
        assert not [d for d in diags if d.code[3:] in backend.DEFAULT_DISABLED_RULES]
        assert not [d for d in diags if text[d.start:d.end].casefold() == "kyiv"]
        for d in diags:  # the server's own context marks the same characters
            start, end = doc.paragraph_at(d.start)
            answer = backend.request_json(base + "/check", 30, {**lt.LTConfig().params(), "text": doc.prose[start:end]})
            marked = {(m["context"]["text"][m["context"]["offset"]:m["context"]["offset"] + m["context"]["length"]],
                       m["rule"]["id"]) for m in answer["matches"]}
            assert (text[d.start:d.end], d.code[3:]) in marked
    seed = SEED_000.read_text(encoding="utf-8")
    diags = lt_diags(Linter(Settings()).check(Document.from_text(seed)).diagnostics)
    spelled = [d for d in diags if d.code.startswith("LT:MORFOLOGIK_RULE")]
    assert seed.index("Dniprovskyy") in [d.start for d in spelled]
