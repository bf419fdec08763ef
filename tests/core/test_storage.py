"""The storage module: content-addressed, written once, and never a path built from arbitrary text."""
from __future__ import annotations

from pathlib import Path

import pytest

from app import storage

CONTENT = b"%PDF-1.4 acta de la reunion"


def _files_on_disk(app) -> list[Path]:
    return [p for p in Path(app.config["STORAGE_DIR"]).rglob("*") if p.is_file()]


def test_stored_content_reads_back(app):
    stored = storage.store(CONTENT)

    assert storage.read(stored.sha256) == CONTENT
    assert stored == storage.StoredFile(sha256=storage.sha256_of(CONTENT), size=len(CONTENT))


def test_storing_the_same_content_twice_keeps_one_file(app):
    first = storage.store(CONTENT)
    second = storage.store(CONTENT)

    assert first == second
    assert len(_files_on_disk(app)) == 1  # and no temporary file left behind


def test_files_are_sharded_by_the_first_hash_characters(app):
    sha = storage.store(CONTENT).sha256

    assert storage.path_for(sha) == Path(app.config["STORAGE_DIR"]) / sha[:2] / sha[2:4] / sha


@pytest.mark.parametrize("bad", ["../../etc/passwd", "A" * 64, "a" * 63, "a" * 64 + "\n", ""])
def test_anything_but_a_sha256_is_refused(app, bad):
    with pytest.raises(ValueError):
        storage.read(bad)
    with pytest.raises(ValueError):
        storage.path_for(bad)


def test_missing_file_raises_file_not_found(app):
    with pytest.raises(FileNotFoundError):
        storage.read("0" * 64)
    with pytest.raises(FileNotFoundError):
        storage.path_for("0" * 64)
