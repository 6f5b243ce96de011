"""Kind `languagetool`: a LanguageTool server's grammar, spelling and style matches as copydesk findings.

The server is spoken to by the backend package (linter/backends/languagetool: its config table, HTTP client
and local server); this kind reads the run's `languagetool:` table, sends the document's prose (``doc.prose``,
one paragraph per part, so masked Markdown never reaches the server and offsets map back by addition), and
turns the matches into findings with LanguageTool's own codes (``LT:EN_A_VS_AN``), and a server that cannot
be used into a notice.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from linter.backends import languagetool as backend
from linter.backends.languagetool import ENV_URL, LTConfig
from linter.kinds.base import CompileContext, ConfigTable, Finding, Kind, Notice, Option, OptionError
from linter.model.diagnostics import Severity
from linter.model.rules import Rule
from linter.text.document import Document

if TYPE_CHECKING:
    from linter.core.config import Settings

__all__ = ["CODE_PREFIX", "ENV_URL", "KIND", "SOURCE", "LTConfig", "LanguageToolChecker", "config_of", "endpoint",
           "gazetteer", "is_configured"]

SOURCE = "languagetool"
CODE_PREFIX = "LT:"
TABLE = "languagetool"  # the config table this kind reads
MAX_SUGGESTIONS = 5  # LanguageTool's own compact mode stops at five too

# Spelling rules whose matches on words that copydesk's term and capitalisation rules know (chiefly the
# place-name gazetteer) are dropped: "kyiv" is CD102's, and a correct "Zaporizhzhia" is no typo.
SPELLING_RULE_PREFIXES = ("MORFOLOGIK_RULE", "HUNSPELL")

# LanguageTool's issue types (ITS 2.0 localization quality issue types) -> severity
ISSUE_SEVERITY: dict[str, Severity] = {
    "misspelling": Severity.WARNING,
    "grammar": Severity.WARNING,
    "duplication": Severity.WARNING,
    "inconsistency": Severity.WARNING,
    "mistranslation": Severity.WARNING,
    "omission": Severity.WARNING,
    "addition": Severity.WARNING,
    "untranslated": Severity.WARNING,
    "terminology": Severity.WARNING,
    "characters": Severity.WARNING,
    "style": Severity.INFO,
    "typographical": Severity.INFO,
    "whitespace": Severity.INFO,
    "register": Severity.INFO,
    "locale-violation": Severity.INFO,
    "formatting": Severity.INFO,
    "uncategorized": Severity.INFO,
}


def config_of(settings: Settings | None) -> LTConfig:
    """The run's `languagetool:` table, with defaults."""
    return LTConfig.from_table(settings.table(TABLE) if settings is not None else {})


def is_configured(settings: Settings | None) -> bool:
    """Whether checks would go to a server: a URL, language-tool-python's settings, or allowed downloads."""
    return backend.uses_server(config_of(settings))


def endpoint(config: LTConfig) -> str | Notice | None:
    """The API base to send checks to; a Notice when one is configured but unusable; None: not configured."""
    try:
        return backend.endpoint(config)
    except backend.BackendError as exc:
        return Notice(SOURCE, str(exc))


def gazetteer(names: Iterable[str], extra: Iterable[str] = ()) -> frozenset[str]:
    """Casefolded words of the names copydesk knows (``CompileContext.names``: the place names of the term
    and capitalisation rules), plus ``extra``."""
    return frozenset(w.casefold() for name in (*names, *extra) for w in name.split())


class LanguageToolChecker:
    def __init__(self, rules: list[Rule], config: LTConfig, context: CompileContext):
        self.rules = tuple(rules)
        self.rule = rules[0]
        self.config = config
        self._context = context
        self.disabled = frozenset(config.effective_disabled_rules)

    @functools.cached_property
    def client(self) -> backend.Client:
        """The HTTP client, made when a check first goes to a server (the backend's client is not imported before)."""
        return backend.Client(self.config)

    @functools.cached_property
    def known_words(self) -> frozenset[str]:
        """Words the spelling rules must not flag; worked out when LanguageTool is used, not at start-up."""
        return gazetteer(self._context.names(), [w for r in self.rules for w in r.options.get("known-words") or ()])

    @property
    def fingerprint(self) -> str:
        """What, besides the rules, decides this checker's findings: where the server is and what it is asked.

        Cached results (linter/io/cache.py) are keyed on it; the server's own version is not known here.
        """
        known = sorted(self.known_words) if backend.uses_server(self.config) else ()
        return repr((backend.configured_url(self.config), backend.ltp_settings(), self.config, known))

    def check(self, doc: Document) -> Iterable[Finding | Notice]:
        if not backend.uses_server(self.config):
            return  # not configured: the rule does nothing (`--require-languagetool` checks before the run)
        base = endpoint(self.config)
        if base is None:
            return
        if isinstance(base, Notice):
            yield base
            return
        spans = [(start, doc.prose[start:end]) for start, end in doc.paragraphs]
        results, failure = self.client.matches(base, [text for _, text in spans])
        for (offset, text), matches in zip(spans, results, strict=True):
            for m in matches or ():
                if m.rule_id in self.disabled:
                    continue  # a server that ignores disabledRules (old versions) still does not duplicate
                if m.rule_id.startswith(SPELLING_RULE_PREFIXES) and text[m.start:m.end].casefold() in self.known_words:
                    continue
                yield Finding(
                    self.rule, offset + m.start, offset + m.end, suggestions=m.replacements[:MAX_SUGGESTIONS],
                    values={"message": m.message or m.description, "short_message": m.short_message,
                            "lt_rule": m.rule_id, "category": m.category, "description": m.description},
                    code=CODE_PREFIX + m.rule_id, name=m.rule_id.lower().replace("_", "-"),
                    severity=ISSUE_SEVERITY.get(m.issue_type, Severity.INFO),
                )
        if failure is not None:
            found = backend.configured_url(self.config)
            url = found[0] if found is not None else base
            yield Notice(SOURCE, f"LanguageTool at {url} did not answer: {failure}; LanguageTool checks were skipped "
                                 "(the other rules ran)")


def _validate(options: Mapping[str, Any]) -> None:
    for word in options["known-words"] or ():
        if not isinstance(word, str) or not word.strip():
            raise OptionError("known-words", f"{word!r}: each entry must be a non-empty word")


def compile_configured(rules: list[Rule], context: CompileContext) -> list[LanguageToolChecker]:
    """One checker for the selected rules, configured by the run's `languagetool:` table; the place names it
    must not flag as misspelt come from every loaded rule (``context.names()``)."""
    return [LanguageToolChecker(rules, config_of(context.settings), context)]


KIND = Kind(
    name="languagetool",
    summary="grammar, spelling and style matches of a LanguageTool server (reported as LT:RULE_ID)",
    options={
        "known-words": Option(list, "words LanguageTool's spelling rules must not flag (copydesk's place names "
                                    "are never flagged)", default=()),
    },
    compile=lambda rules: compile_configured(rules, CompileContext(None, tuple(rules))),
    validate=_validate,
    placeholders=("match", "replacement", "message", "short_message", "lt_rule", "category", "description"),
    compile_configured=compile_configured,
    code_prefix=CODE_PREFIX,
    examples_need="a LanguageTool server (the test suite runs them against its protocol stub)",
    config=ConfigTable(TABLE, "LanguageTool backend settings", backend.KEYS, backend.validate),
)
