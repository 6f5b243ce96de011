"""LanguageTool's settings: the `languagetool:` config table (its keys, their validation), where the server is."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from linter.kept import regexes

ENV_URL = "COPYDESK_LANGUAGETOOL_URL"  # wins over `languagetool.url` of config files
DEFAULT_LANGUAGE = "en-US"
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_PARALLEL = 4

# The keys of the `languagetool:` table -> (types, description); see docs/languagetool.md
KEYS: dict[str, tuple[tuple[type, ...], str]] = {
    "url": ((str,), "address of a LanguageTool server, e.g. http://localhost:8081"),
    "language": ((str,), "language code sent to LanguageTool: en-US, en-GB, ..."),
    "enabled-rules": ((list,), "LanguageTool rule ids to turn on"),
    "disabled-rules": ((list,), "LanguageTool rule ids to turn off"),
    "enabled-categories": ((list,), "LanguageTool category ids to turn on"),
    "disabled-categories": ((list,), "LanguageTool category ids to turn off"),
    "picky": ((bool,), "LanguageTool's picky level (more style rules)"),
    "timeout": ((int, float), "seconds to wait for one answer"),
    "max-parallel": ((int,), "requests in flight at once"),
    "allow-download": ((bool,), "let language-tool-python download LanguageTool when no server is set"),
}
# matched with fullmatch: "$" would also match before a final newline ("en-US\n")
_LANGUAGE = regexes.compile(r"(?:auto|[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)")
_ID = regexes.compile(r"[A-Za-z0-9_]+")
_URL = regexes.compile(r"https?://(?:\[[0-9A-Fa-f:.]+\]|[^/\s:\[\]]+)(?::\d+)?(?:/\S*)?")

# LanguageTool rules that report what a copydesk rule reports already (a problem is reported once),
# or that cannot work on what copydesk sends. Re-enable one with `languagetool.enabled-rules`.
DEFAULT_DISABLED_RULES: dict[str, str] = {
    "WHITESPACE_RULE": "repeated spaces: CD501 double-space, CD502 double-space-after-sentence (and masked "
                       "Markdown code is sent as spaces, so it would fire around every inline code span)",
    "CONSECUTIVE_SPACES": "the same as WHITESPACE_RULE",
    "COMMA_PARENTHESIS_WHITESPACE": "spaces around punctuation and brackets: CD515 space-before-punctuation, "
                                    "CD516 missing-space-after-comma, CD518 space-inside-brackets",
    "DOUBLE_PUNCTUATION": "doubled punctuation: CD512, CD513, CD514, CD517",
    "SENTENCE_WHITESPACE": "no space between sentences: CD302 missing-space-after-period",
    "ENGLISH_WORD_REPEAT_RULE": "doubled words: CD201 doubled-word",
    "PHRASE_REPETITION": "doubled phrases: CD203 doubled-phrase",
    "ENGLISH_WORD_REPEAT_BEGINNING_RULE": "successive sentences opening with one word: CD232 repeated-connective",
    "UPPERCASE_SENTENCE_START": "a sentence starting in lowercase: CD301 lowercase-after-period, "
                                "CD310 lowercase-paragraph-start (and CD102 lowercase-place-name)",
    "EN_UNPAIRED_BRACKETS": "unpaired brackets and quotes: CD305 unbalanced-quote, CD306 unbalanced-bracket",
    "EN_UNPAIRED_QUOTES": "the same as EN_UNPAIRED_BRACKETS",
    "PUNCTUATION_PARAGRAPH_END": "a paragraph without final punctuation: CD307 unterminated-paragraph",
    "PARAGRAPH_REPEAT_BEGINNING_RULE": "compares neighbouring paragraphs, but copydesk checks and caches "
                                       "paragraphs one by one",
}


def validate(key: str, value: Any) -> None:
    """Raise ValueError saying what is wrong with ``value`` for ``key`` of the table (its type already checked)."""
    if isinstance(value, list) and not all(isinstance(v, str) and _ID.fullmatch(v) for v in value):
        raise ValueError("must be a list of LanguageTool ids (letters, digits, _)")
    if key == "url" and not _URL.fullmatch(value):
        raise ValueError("must be an http:// or https:// address, e.g. http://localhost:8081")
    if key == "language" and not _LANGUAGE.fullmatch(value):
        raise ValueError("must be a LanguageTool language code such as en-US or en-GB")
    if key == "timeout" and not value > 0:
        raise ValueError("must be a number of seconds above 0")
    if key == "max-parallel" and value < 1:
        raise ValueError("must be 1 or more")


@dataclass(frozen=True)
class LTConfig:
    """The `languagetool` config table, with defaults; hashable, so it keys caches."""

    url: str = ""
    language: str = DEFAULT_LANGUAGE
    enabled_rules: tuple[str, ...] = ()
    disabled_rules: tuple[str, ...] = ()
    enabled_categories: tuple[str, ...] = ()
    disabled_categories: tuple[str, ...] = ()
    picky: bool = False
    timeout: float = DEFAULT_TIMEOUT
    max_parallel: int = DEFAULT_MAX_PARALLEL
    allow_download: bool = False

    @classmethod
    def from_table(cls, table: Mapping[str, Any]) -> LTConfig:
        """The config of a validated `languagetool:` table (keys as written there: ``max-parallel``)."""
        fields = {key.replace("-", "_"): tuple(v) if isinstance(v, list) else v for key, v in table.items()}
        return cls(**{k: v for k, v in fields.items() if k in cls.__dataclass_fields__})

    @property
    def effective_disabled_rules(self) -> tuple[str, ...]:
        """copydesk's default list, less what the user enabled, plus what the user disabled."""
        defaults = [r for r in DEFAULT_DISABLED_RULES if r not in self.enabled_rules]
        return tuple(dict.fromkeys([*defaults, *self.disabled_rules]))

    def params(self) -> dict[str, str]:
        """The /v2/check form fields other than the text."""
        params = {"language": self.language}
        for field, values in (("enabledRules", self.enabled_rules), ("disabledRules", self.effective_disabled_rules),
                              ("enabledCategories", self.enabled_categories),
                              ("disabledCategories", self.disabled_categories)):
            if values:
                params[field] = ",".join(values)
        if self.picky:
            params["level"] = "picky"
        return params


def api_base(url: str) -> str:
    """``http://host:8081``, ``.../v2/`` or ``.../v2/check`` -> ``http://host:8081/v2``."""
    base = url.strip().rstrip("/")
    if base.endswith("/check"):
        base = base[: -len("/check")]
    return base if base.endswith("/v2") else base + "/v2"


def configured_url(config: LTConfig) -> tuple[str, str] | None:
    """The server URL and where it came from (the environment wins over config files)."""
    env = os.environ.get(ENV_URL, "").strip()
    if env:
        return env, ENV_URL
    if config.url:
        return config.url, "languagetool.url"
    return None


def ltp_settings() -> tuple[str | None, str | None]:
    """language-tool-python's own settings: ``LTP_PATH`` and ``LTP_JAR_DIR_PATH``."""
    return os.environ.get("LTP_PATH") or None, os.environ.get("LTP_JAR_DIR_PATH") or None


def uses_server(config: LTConfig) -> bool:
    """Whether checks would go to a server: a URL, language-tool-python's settings, or allowed downloads."""
    return configured_url(config) is not None or config.allow_download or ltp_settings() != (None, None)
