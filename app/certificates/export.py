"""Certificates out of the platform in bulk: a ZIP streamed as it is written, or a folder."""
from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Iterator

from app import storage
from app.certificates import queries
from app.certificates.services import file_name
from app.editions.models import Edition

CHUNK = 64 * 1024


def issued_pdfs(edition: Edition) -> list[tuple[str, Path]]:
    """(file name, stored path) of every issued certificate of the edition."""
    return [(file_name(short, recipient), storage.path_for(sha256))
            for short, recipient, sha256 in queries.issued_files(edition)]


class _Chunks:
    """A write-only, unseekable sink: zipfile then writes data descriptors and never seeks
    back, so the archive can leave as it is written."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing is buffered beyond the parts `take` hands out."""

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def zip_chunks(files: list[tuple[str, Path]]) -> Iterator[bytes]:
    """The ZIP of `files`, yielded piece by piece: at most one chunk of a PDF is held at once.
    PDFs are compressed already, so entries are stored."""
    sink = _Chunks()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, path in files:
            with archive.open(name, "w") as entry, path.open("rb") as source:
                while block := source.read(CHUNK):
                    entry.write(block)
                    yield sink.take()
            yield sink.take()
    yield sink.take()


def export_to(edition: Edition, folder: Path) -> int:
    """Write every issued PDF of the edition into `folder`; returns how many."""
    folder.mkdir(parents=True, exist_ok=True)
    files = issued_pdfs(edition)
    for name, path in files:
        (folder / name).write_bytes(path.read_bytes())
    return len(files)
