"""SHA-256 for the keys of what is kept and cached, without loading OpenSSL at start-up.

``hashlib`` loads OpenSSL's ``_hashlib`` when it is imported (about 2 ms of every start-up, issue 20); CPython's
own SHA-256 (``_sha256`` up to 3.11, ``_sha2`` since 3.12) gives the same digests without it. A Python built
without them gets ``hashlib``'s.
"""

from __future__ import annotations

try:
    from _sha2 import sha256  # CPython 3.12 and later
except ImportError:  # pragma: no cover - depends on the Python
    try:
        from _sha256 import sha256  # CPython 3.11
    except ImportError:
        from hashlib import sha256

__all__ = ["sha256"]
