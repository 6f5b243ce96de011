"""LanguageTool as a backend: its configuration (config.py), its HTTP API (client.py) and a local server (server.py).

Why the wire protocol is spoken here and not through language-tool-python's ``LanguageTool.check``
(checked against language-tool-python 3.4): its request timeout is a fixed private class constant
(``LanguageTool._TIMEOUT = 300`` s) and ``check`` retries once, so a hung server would block a run
for ten minutes per request; its constructor makes a blocking ``/v2/languages`` request with that
same timeout; and ``Match`` converts LanguageTool's UTF-16 offsets through class-level state
(``Match.PREVIOUS_MATCHES_TEXT``), which races between the threads used here, and leaves
``length`` unconverted. So checks are form-encoded POSTs to ``/v2/check`` with ``urllib`` (bounded
by ``timeout``, no retries, no extra import cost), and language-tool-python is used where it works
well: finding a local LanguageTool installation through its own settings (``LTP_PATH``,
``LTP_JAR_DIR_PATH``), starting and stopping that server, and downloading one when the user
allows it (``allow-download: true``). Nothing is downloaded and nothing is imported otherwise.

The rule kind (linter/kinds/languagetool.py) turns what this package answers into findings and notices.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from linter.backends.languagetool.config import (
    DEFAULT_DISABLED_RULES,
    ENV_URL,
    KEYS,
    LTConfig,
    api_base,
    configured_url,
    ltp_settings,
    uses_server,
    validate,
)

# The client and the local server are imported when first used (a check with LanguageTool configured), not
# when the kind is registered: a run without LanguageTool never loads them (tests/test_startup.py).
_LAZY = {"PARAGRAPH_BREAK": "client", "BackendError": "client", "Client": "client", "LTMatch": "client",
         "parse_matches": "client", "request_json": "client", "endpoint": "server"}


def __getattr__(name: str) -> Any:
    if name in ("client", "server"):
        return import_module(f"{__name__}.{name}")
    if name in _LAZY:
        return getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEFAULT_DISABLED_RULES", "ENV_URL", "KEYS", "PARAGRAPH_BREAK", "BackendError", "Client", "LTConfig", "LTMatch",
    "api_base", "configured_url", "endpoint", "ltp_settings", "parse_matches", "request_json", "reset",
    "uses_server", "validate",
]


def reset() -> None:
    """Forget cached answers, failed servers and local-server outcomes (servers started keep running)."""
    for module in ("client", "server"):
        import_module(f"{__name__}.{module}").reset()
