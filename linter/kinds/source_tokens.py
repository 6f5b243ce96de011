"""Kind `source-tokens`: what must survive translation unchanged (web addresses, e-mail addresses, hashtags,
@handles, codes with digits, and Latin-script names in a source written in another script), missing from the
translation or changed there."""

from __future__ import annotations

from collections.abc import Iterable

from linter.kept import regexes
from linter.kinds.base import Finding, Kind, Option, Scope, check_listed
from linter.model.rules import Rule
from linter.text import languages
from linter.text.alignment import counterpart
from linter.text.document import Document

_TOKENS = {
    "url": regexes.compile(r"\b(?:https?://|www\.)[!#-&*-;=?-Z^-z|~]*[#-&*+/-9=?-Z^-z|~]"),  # printable ASCII
    "email": regexes.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"),
    # a hashtag in Latin letters (one in the source's own script is translated with the text)
    "hashtag": regexes.compile(r"(?<![\w#&])#[\p{Latin}\p{N}_]*\p{Latin}[\p{Latin}\p{N}_]*(?![\p{L}\p{N}_])"),
    "handle": regexes.compile(r"(?<![\w@.])@[A-Za-z0-9_]{2,}\b(?!\.\w)"),
    # a code: letters and digits together (A320, ST-36, MH17), or capitals with a digit after a hyphen
    "code": regexes.compile(r"(?<![\p{Latin}\p{N}_-])(?=[\p{Latin}\d-]*\d)(?=[\p{Latin}\d-]*\p{Latin})"
                            r"[\p{Latin}\d]+(?:-[\p{Latin}\d]+)*(?![\p{Latin}\p{N}_])"),
    # a name in Latin letters inside a source in another script (Promtex-Orient, iPhone, Google)
    "name": regexes.compile(r"(?<![\p{Latin}\p{N}_])\p{Latin}[\p{Latin}\p{M}'’&.-]*\p{Latin}(?![\p{Latin}\p{N}_])"),
}
_KINDS = tuple(_TOKENS)
_ROMAN = regexes.compile(r"[MDCLXVI]+")
_FOLD = regexes.compile(r"[^\p{L}\p{N}]+")


def _folded(text: str) -> str:
    return _FOLD.sub("", text).casefold()


def _standing(text: str, token: str) -> bool:
    """Whether ``token`` (a handle, a hashtag) stands in ``text`` on its own, not inside an e-mail address or a
    longer handle."""
    at = text.find(token)
    while at >= 0:
        before = text[at - 1] if at else " "
        after = text[at + len(token)] if at + len(token) < len(text) else " "
        if not (before.isalnum() or before in "_@.") and not (after.isalnum() or after == "_"):
            return True
        at = text.find(token, at + 1)
    return False


class TokensChecker:
    def __init__(self, rule: Rule):
        self.rules = (rule,)
        self.rule = rule
        self.kinds = tuple(k for k in _KINDS if k in rule.options["tokens"])

    def check(self, doc: Document) -> Iterable[Finding]:
        assert doc.source is not None
        source = doc.source.text
        target = doc.text
        folded_target = _folded(target)
        latin_source = languages.writes_latin(doc.source_language or "")
        seen: set[str] = set()
        taken: list[tuple[int, int]] = []
        for kind in self.kinds:
            if kind == "name" and latin_source:
                continue  # a name in a Latin-script source may be spelled otherwise in English (München, Munich)
            for m in _TOKENS[kind].finditer(source):
                token = m.group(0)
                if any(s <= m.start() < e for s, e in taken):
                    continue  # part of an address found first
                taken.append((m.start(), m.end()))
                if token in seen or (kind == "name" and _ROMAN.fullmatch(token)):
                    continue
                seen.add(token)
                if kind in ("handle", "hashtag"):
                    if _standing(target, token):
                        continue
                elif (token in target) if kind in ("url", "email") else (_folded(token) in folded_target):
                    continue
                start, end = counterpart(doc, m.start())
                yield Finding(self.rule, start, end, values={
                    "detail": f"the source's {kind.replace('url', 'web address').replace('email', 'e-mail address')}"
                              f" '{token}' is missing or changed in the translation"})


KIND = Kind(
    name="source-tokens",
    summary="Web addresses, e-mail addresses, hashtags, handles, codes and Latin-script names of the source that "
            "the translation lost or changed (bilingual).",
    options={"tokens": Option(list, f"what must survive: {', '.join(_KINDS)} (names are often translated or "
                             "shortened: Brasil, Brazil; The Wall Street Journal, WSJ)", default=list(_KINDS[:-1]))},
    compile=lambda rules: [TokensChecker(rule) for rule in rules],
    validate=lambda options: check_listed(options, "tokens", _KINDS),
    placeholders=("match", "replacement", "detail"),
    scope=lambda rule: Scope.DOCUMENT,
    bilingual=True,
)
