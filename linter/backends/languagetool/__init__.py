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

from linter.backends.languagetool import client, server
from linter.backends.languagetool.client import (
    PARAGRAPH_BREAK,
    BackendError,
    Client,
    LTMatch,
    parse_matches,
    request_json,
)
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
from linter.backends.languagetool.server import endpoint

__all__ = [
    "DEFAULT_DISABLED_RULES", "ENV_URL", "KEYS", "PARAGRAPH_BREAK", "BackendError", "Client", "LTConfig", "LTMatch",
    "api_base", "configured_url", "endpoint", "ltp_settings", "parse_matches", "request_json", "reset",
    "uses_server", "validate",
]


def reset() -> None:
    """Forget cached answers, failed servers and local-server outcomes (servers started keep running)."""
    client.reset()
    server.reset()
