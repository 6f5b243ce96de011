"""The hash of the keys of what is kept and cached: BLAKE2b, without loading OpenSSL at start-up.

``hashlib`` loads OpenSSL's ``_hashlib`` when it is imported (about 2 ms of every start-up, issue 20). CPython's own
BLAKE2b (``_blake2``, built into every CPython since 3.6) needs no OpenSSL and hashes about 1.1 GB/s here, as
OpenSSL's SHA-256 does (1.5 GB/s); CPython's own SHA-256 would be 5x slower (280 MB/s: 2.2 ms for the shipped packs'
640 KB, which every run hashes to find their kept copies). Digests of 32 bytes (64 hex digits, as SHA-256's).
A Python built without ``_blake2`` gets ``hashlib``'s.
"""

from __future__ import annotations

from typing import Any

try:
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - depends on the Python
    from hashlib import blake2b as _blake2b

DIGEST_SIZE = 32


def key_hash(data: bytes = b"") -> Any:
    """A BLAKE2b hash object of 32 bytes, fed ``data`` (``update`` feeds it more; ``hexdigest()``, ``digest()``)."""
    return _blake2b(data, digest_size=DIGEST_SIZE)


__all__ = ["DIGEST_SIZE", "key_hash"]
