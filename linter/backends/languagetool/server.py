"""Where LanguageTool's server is: the configured URL, or a local server started through language-tool-python.

language-tool-python is imported only to start a local server (its settings ``LTP_PATH``/``LTP_JAR_DIR_PATH``
set, or downloads allowed), once per process; it stops the server at exit.
"""

from __future__ import annotations

import os
import threading
from typing import Any

from linter.backends.languagetool.client import BackendError
from linter.backends.languagetool.config import LTConfig, api_base, configured_url, ltp_settings, uses_server

SKIPPED = "LanguageTool checks were skipped"

# process-wide: local servers started
_local: dict[tuple[Any, ...], str | BackendError] = {}  # (language, allow-download, LTP_*) -> api base or why not
_local_tools: list[Any] = []  # language_tool_python.LanguageTool objects that own local servers
_local_lock = threading.Lock()


def reset() -> None:
    """Forget local-server outcomes (servers started keep running)."""
    with _local_lock:
        _local.clear()


def endpoint(config: LTConfig) -> str | None:
    """The API base to send checks to; None when no server is configured. BackendError: one is configured
    but cannot be used (its message says why, and that the checks were skipped)."""
    found = configured_url(config)
    if found is not None:
        url, where = found
        if not url.startswith(("http://", "https://")):
            raise BackendError(f"LanguageTool URL {url!r} (from {where}) is not an http:// or https:// address; "
                               f"{SKIPPED}")
        return api_base(url)
    if uses_server(config):
        return local_server(config)
    return None


def local_server(config: LTConfig) -> str:
    """Start (once per process) the local LanguageTool that language-tool-python's settings point to; its
    API base, or BackendError saying why not."""
    key = (config.language, config.allow_download, *ltp_settings())
    with _local_lock:
        if key not in _local:
            try:
                _local[key] = _start(config)
            except BackendError as exc:
                _local[key] = exc
        outcome = _local[key]
    if isinstance(outcome, BackendError):
        raise BackendError(str(outcome))
    return outcome


def _start(config: LTConfig) -> str:
    try:
        import language_tool_python
        from language_tool_python.download_lt import LTP_DOWNLOAD_VERSION, LocalLanguageTool
    except ImportError:
        raise BackendError("a local LanguageTool needs language-tool-python: pip install 'copydesk[languagetool]'; "
                           f"{SKIPPED}") from None
    if os.environ.get("LTP_JAR_DIR_PATH"):
        # the library skips its download when this is set (3.4 still looks for the jar under LTP_PATH too;
        # if it is not there, starting fails and the notice says why)
        version: str | None = LTP_DOWNLOAD_VERSION
    else:
        installed = LocalLanguageTool.get_latest_installed_version()
        version = installed.version_name if installed is not None else None
    if version is None and not config.allow_download:
        where = os.environ.get("LTP_PATH") or "language-tool-python's download folder"
        raise BackendError(f"no LanguageTool installation in {where} and downloads are off (set languagetool.url, "
                           f"or languagetool.allow-download: true); {SKIPPED}")
    try:
        tool = language_tool_python.LanguageTool(config.language,
                                                 language_tool_download_version=version or LTP_DOWNLOAD_VERSION)
    except Exception as exc:  # the library raises many kinds (Java missing, server exited, download failed)
        raise BackendError(f"language-tool-python could not start LanguageTool: {type(exc).__name__}: {exc}; "
                           f"{SKIPPED}") from None
    _local_tools.append(tool)  # keeps its server alive; the library stops it at exit
    return api_base(tool.url)
