"""A protocol stub of a LanguageTool server for tests: speaks /v2/check and /v2/languages on 127.0.0.1.

It is not LanguageTool: a handful of rules, written after real LanguageTool rules (ids, messages,
issue types, categories as a LanguageTool 6.x server reports them), find their matches with
regular expressions. What is faithful is the protocol: form-encoded POSTs with ``text`` or
``data`` (annotated text), ``language``, ``enabledRules``, ``disabledRules``,
``enabledCategories``, ``disabledCategories``, ``level``; answers in the JSON of
``org.languagetool.tools.RuleMatchesAsJsonSerializer`` (software, warnings, language, matches
with message, shortMessage, replacements[{value}], offset, length, context, sentence, type,
rule{id, subId, description, issueType, category{id, name}}, sentenceRanges), and offsets and
lengths counted in UTF-16 code units, as Java strings count them.

Failure modes for tests: ``slow`` answers after ``delay`` seconds (waiting on an event that
``close`` sets), ``error`` answers HTTP 500 with LanguageTool's plain-text error, ``garbage``
answers HTTP 200 with something that is not JSON.
"""

from __future__ import annotations

import json
import re
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SOFTWARE = {"name": "LanguageTool", "version": "6.6", "buildDate": "2025-03-27 15:40:47 +0000", "apiVersion": 1,
            "premium": False, "status": ""}
LANGUAGES = [
    {"name": "English", "code": "en", "longCode": "en"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "German (Germany)", "code": "de", "longCode": "de-DE"},
]
LANGUAGE_NAMES = {entry["longCode"]: entry["name"] for entry in LANGUAGES}

MISC = {"id": "MISC", "name": "Miscellaneous"}
GRAMMAR = {"id": "GRAMMAR", "name": "Grammar"}
TYPOS = {"id": "TYPOS", "name": "Possible Typo"}
CASING = {"id": "CASING", "name": "Capitalization"}
TYPOGRAPHY = {"id": "TYPOGRAPHY", "name": "Typography"}

# the stub's spelling dictionary: word -> LanguageTool's suggestions
MISSPELLINGS = {
    "recieved": ["received", "relieved", "reviewed"],
    "goverment": ["government"],
    "Dniprovskyy": ["Dniprovsky"],
    "kyiv": ["Kyiv", "Kiev"],  # a lowercase place name: copydesk's CD102 reports it, LanguageTool's must not
    "Zaporizhzhia": ["Zaporizhia"],  # a correct place name unknown to the dictionary: never reported
}


def utf16(text: str, offset: int) -> int:
    """The UTF-16 offset of code-point ``offset`` in ``text`` (what Java's String.length counts)."""
    return offset + sum(1 for ch in text[:offset] if ord(ch) > 0xFFFF)


@dataclass
class StubRule:
    id: str
    description: str
    issue_type: str
    category: dict[str, str]
    message: str
    short_message: str
    sub_id: str | None = None


A_VS_AN = StubRule("EN_A_VS_AN", "Use of 'a' vs. 'an'", "misspelling", MISC,
                   "Use “an” instead of ‘a’ if the following word starts with a vowel sound, e.g. ‘an article’, "
                   "‘an hour’.", "Wrong article")
AN_VS_A = StubRule("EN_A_VS_AN", "Use of 'a' vs. 'an'", "misspelling", MISC,
                   "Use ‘a’ instead of ‘an’ if the following word doesn’t start with a vowel sound, e.g. "
                   "‘a sentence’, ‘a university’.", "Wrong article")
HE_VERB = StubRule("HE_VERB_AGR", "Agreement error: Non-third person verb with 'he/she'", "grammar", GRAMMAR,
                   "The pronoun ‘{pronoun}’ is usually used with a third-person or a past tense verb.",
                   "Grammatical problem", sub_id="1")
REPEAT = StubRule("ENGLISH_WORD_REPEAT_RULE", "Word repetition (e.g. 'will will')", "duplication", MISC,
                  "Possible typo: you repeated a word.", "Word repetition")
UPPERCASE = StubRule("UPPERCASE_SENTENCE_START", "Checks that a sentence starts with an uppercase letter",
                     "typographical", CASING, "This sentence does not start with an uppercase letter.", "")
SENTENCE_SPACE = StubRule("SENTENCE_WHITESPACE", "Missing space between sentences", "whitespace", TYPOGRAPHY,
                          "Add a space between sentences.", "Missing space")


def spelling_rule(language: str) -> StubRule:
    variant = language.split("-")[-1].upper() if "-" in language else "US"
    return StubRule(f"MORFOLOGIK_RULE_EN_{variant}", "Possible spelling mistake", "misspelling", TYPOS,
                    "Possible spelling mistake found.", "Spelling mistake")


def find_matches(text: str, language: str) -> list[tuple[StubRule, int, int, list[str], dict[str, str]]]:
    """(rule, start, end, replacements, message values) in code points, as the stub's rules see ``text``."""
    found: list[tuple[StubRule, int, int, list[str], dict[str, str]]] = []
    for m in re.finditer(r"\b([Aa])\s+(?=[aeio]\w)", text):
        found.append((A_VS_AN, m.start(1), m.end(1), ["An" if m.group(1) == "A" else "an"], {}))
    for m in re.finditer(r"\b([Aa]n)\s+(?=(?:year|university|European)\b)", text):
        found.append((AN_VS_A, m.start(1), m.end(1), ["A" if m.group(1) == "An" else "a"], {}))
    for m in re.finditer(r"\b([Hh]e|[Ss]he)\s+(walk|go|say)\b", text):
        verb = m.group(2)
        past = {"walk": "walked", "go": "went", "say": "said"}[verb]
        third = {"go": "goes"}.get(verb, verb + "s")
        found.append((HE_VERB, m.start(2), m.end(2), [third, past], {"pronoun": m.group(1).lower()}))
    for m in re.finditer(r"\b(\w+)\s+(\1)\b", text, re.I):
        found.append((REPEAT, m.start(1), m.end(2), [m.group(1)], {}))
    for m in re.finditer(r"(?:^|[.!?]\s+)([a-z]\w*)", text):
        word = m.group(1)
        found.append((UPPERCASE, m.start(1), m.end(1), [word[0].upper() + word[1:]], {}))
    for m in re.finditer(r"[a-z]\.([A-Z]\w+)", text):
        found.append((SENTENCE_SPACE, m.start(1) - 1, m.end(1), [". " + m.group(1)], {}))
    speller = spelling_rule(language)
    for m in re.finditer(r"\w+", text):
        if m.group() in MISSPELLINGS:
            found.append((speller, m.start(), m.end(), MISSPELLINGS[m.group()], {}))
    return sorted(found, key=lambda f: (f[1], f[2]))


def check_answer(text: str, form: dict[str, str]) -> dict[str, Any]:
    language = form.get("language", "en-US")
    disabled = set(filter(None, form.get("disabledRules", "").split(",")))
    disabled_categories = set(filter(None, form.get("disabledCategories", "").split(",")))
    matches = []
    for rule, start, end, replacements, values in find_matches(text, language):
        if rule.id in disabled or rule.category["id"] in disabled_categories:
            continue
        left_start = max(0, start - 40)
        prefix = "..." if left_start > 0 else ""
        context = prefix + text[left_start:start] + text[start:end] + text[end:end + 40]
        if end + 40 < len(text):
            context += "..."
        sentence_start = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
        sentence_end = min(p for p in (text.find(". ", end), text.find("\n", end), len(text)) if p >= 0)
        rule_json: dict[str, Any] = {"id": rule.id}
        if rule.sub_id:
            rule_json["subId"] = rule.sub_id
        rule_json.update(description=rule.description, issueType=rule.issue_type, category=dict(rule.category))
        match: dict[str, Any] = {"message": rule.message.format(**values)}
        if rule.short_message:
            match["shortMessage"] = rule.short_message
        match.update(
            replacements=[{"value": r} for r in replacements],
            offset=utf16(text, start),
            length=utf16(text, end) - utf16(text, start),
            context={"text": context, "offset": utf16(context, len(prefix) + start - left_start),
                     "length": utf16(text, end) - utf16(text, start)},
            sentence=text[sentence_start:sentence_end + 1].strip(),
            type={"typeName": "Other"},
            rule=rule_json,
            ignoreForIncompleteSentence=rule.issue_type != "misspelling",
            contextForSureMatch=0 if rule.issue_type == "misspelling" else -1,
        )
        matches.append(match)
    name = LANGUAGE_NAMES.get(language, "English (US)")
    return {
        "software": SOFTWARE,
        "warnings": {"incompleteResults": False},
        "language": {"name": name, "code": language,
                     "detectedLanguage": {"name": name, "code": language, "confidence": 0.99, "source": "ngram"}},
        "matches": matches,
        "sentenceRanges": [[m.start(), m.end()] for m in re.finditer(r"[^\n]+", text)],
        "extendedSentenceRanges": [],
    }


def annotated_text(data: str) -> str:
    """The text of a ``data`` parameter: text parts as they are, markup as spaces (offsets keep counting it)."""
    parts = json.loads(data)["annotation"]
    return "".join(p["text"] if "text" in p else " " * len(p.get("markup", "")) for p in parts)


@dataclass
class LanguageToolStub:
    mode: str = "ok"  # ok | error | garbage
    delay: float = 0.0  # seconds each answer is held (closing the stub releases them)
    requests: list[dict[str, str]] = field(default_factory=list)
    max_in_flight: int = 0  # the most /v2/check requests it was answering at once

    def __post_init__(self) -> None:
        self.release = threading.Event()
        self._lock = threading.Lock()
        self._in_flight = 0
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                path, _, query = self.path.partition("?")
                if path.rstrip("/") == "/v2/languages":
                    self._send(200, json.dumps(LANGUAGES))
                elif path.rstrip("/") == "/v2/check":
                    self._check(dict(urllib.parse.parse_qsl(query)))
                else:
                    self._send(404, "Error: This is the LanguageTool API. Not found.", "text/plain")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode("utf-8"), keep_blank_values=True))
                if self.path.rstrip("/") != "/v2/check":
                    self._send(404, "Error: This is the LanguageTool API. Not found.", "text/plain")
                    return
                self._check(form)

            def _check(self, form: dict[str, str]) -> None:
                # The in-flight window closes before the answer is written: once the client has
                # read it, it may send its next request before this thread runs again, and a
                # window closed after writing would count that request twice.
                with stub._lock:
                    stub.requests.append(form)
                    stub._in_flight += 1
                    stub.max_in_flight = max(stub.max_in_flight, stub._in_flight)
                try:
                    answer = self._answer(form)
                finally:
                    with stub._lock:
                        stub._in_flight -= 1
                self._send(*answer)

            def _answer(self, form: dict[str, str]) -> tuple[int, str, str]:
                if stub.delay:
                    stub.release.wait(stub.delay)  # the one wait: a server that takes its time (or times out)
                if stub.mode == "error":
                    return 500, "Error: Internal Error: java.lang.OutOfMemoryError: Java heap space", "text/plain"
                if stub.mode == "garbage":
                    return 200, "<html><body>502 Bad Gateway</body></html>", "text/html"
                if "text" in form:
                    text = form["text"]
                elif "data" in form:
                    text = annotated_text(form["data"])
                else:
                    return 400, "Error: Missing 'text' or 'data' parameter", "text/plain"
                return 200, json.dumps(check_answer(text, form), ensure_ascii=False), "application/json"

            def _send(self, status: int, body: str, content_type: str = "application/json") -> None:
                data = body.encode("utf-8")
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", f"{content_type}; charset=UTF-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (its timeout): nothing to answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def texts(self) -> list[str]:
        return [r.get("text", "") for r in self.requests]

    def clear(self) -> None:
        with self._lock:
            self.requests.clear()
            self.max_in_flight = 0

    def __enter__(self) -> LanguageToolStub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
