"""The one place uploaded and generated files live: content-addressed by SHA-256 under STORAGE_DIR.

Addressing by content makes a stored file immutable and deduplicated, and lets receipts print a
checksum that anyone can verify against the file they downloaded.
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store(data: bytes) -> StoredFile:
    """Write once, atomically: a reader never sees a half-written file, even after a crash."""
    sha256 = sha256_of(data)
    target = _location(sha256)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    return StoredFile(sha256=sha256, size=len(data))


def path_for(sha256: str) -> Path:
    """The file's path; raises FileNotFoundError when nothing is stored under that hash."""
    path = _location(sha256)
    if not path.is_file():
        raise FileNotFoundError(sha256)
    return path


def read(sha256: str) -> bytes:
    return path_for(sha256).read_bytes()


def _location(sha256: str) -> Path:
    """Refuse anything but a hash, so no caller can build a path from arbitrary text."""
    if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
        raise ValueError("not a SHA-256 hex digest")
    return Path(current_app.config["STORAGE_DIR"]) / sha256[:2] / sha256[2:4] / sha256
