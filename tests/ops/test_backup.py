"""Backups: one archive brings back every row and every stored file, and a bad one changes nothing."""
from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, make_url, text

from app import create_app
from app.backup import services
from app.backup.services import BackupError
from app.extensions import db
from app.municipalities import services as municipalities
from app.nominations import services as nominations
from tests.nominations.factories import PDF_BYTES


@pytest.fixture
def data(app, organiser, make_user, make_edition, make_category, make_municipality):
    """A user, an edition, a nomination with an attachment (its file in STORAGE_DIR)."""
    category = make_category(make_edition(2026, status="nominations_open"), "INN")
    municipality = make_municipality()
    owner = make_user("nominator", email="owner@example.org")
    representation = municipalities.request_representation(owner, municipality, "Gerente", "01")
    municipalities.decide_representation(organiser, representation, confirm=True)
    nomination = nominations.start_nomination(owner, category, "municipality", municipality)
    return nominations.add_attachment(owner, nomination, "informe.pdf", PDF_BYTES)


@pytest.fixture
def empty_app(database_url, tmp_path):
    """The application on a second, empty database (on PostgreSQL one made for the test, named
    after the test database so parallel workers never share it) with its own STORAGE_DIR."""
    if database_url.startswith("sqlite"):
        url, drop = f"sqlite:///{tmp_path / 'restored.db'}", None
    else:
        source = make_url(database_url)
        restore_name = f"{source.database}_restore"
        admin = create_engine(source, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{restore_name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{restore_name}"'))
        url = source.set(database=restore_name).render_as_string(hide_password=False)

        def drop():
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{restore_name}" WITH (FORCE)'))
            admin.dispose()
    other = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url,
                        "STORAGE_DIR": str(tmp_path / "restored-storage")})
    yield other
    with other.app_context():
        db.engine.dispose()
    if drop:
        drop()


def _rows(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {name: conn.scalar(text(f'SELECT COUNT(*) FROM "{name}"'))
                for name in inspect(conn).get_table_names()}


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")}


def test_a_backup_restored_into_an_empty_database_has_every_row_and_file(app, data, empty_app,
                                                                         tmp_path):
    archive = services.create_backup(tmp_path / "backup.tar.gz").path
    expected_rows = _rows(db.engine)
    expected_files = _files(Path(app.config["STORAGE_DIR"]))
    with empty_app.app_context():
        services.restore_backup(archive)
        restored_rows = _rows(db.engine)
    assert restored_rows == expected_rows
    assert expected_rows["nominations"] == 1 and expected_rows["attachments"] == 1
    assert _files(Path(empty_app.config["STORAGE_DIR"])) == expected_files
    assert list(expected_files.values()) == [PDF_BYTES]


def test_the_manifest_names_the_version_and_the_checksum_of_every_member(app, data, tmp_path):
    summary = services.create_backup(tmp_path)
    with tarfile.open(summary.path) as archive:
        names = set(archive.getnames())
        manifest = json.load(archive.extractfile("manifest.json"))
    assert summary.path.parent == tmp_path and summary.path.name.endswith(".tar.gz")
    assert names == set(manifest["members"]) | {"manifest.json"}
    assert manifest["app_version"] and manifest["created_at"]
    assert manifest["database"]["tables"]["users"] == 2
    assert summary.files == 1 and all(len(sha) == 64 for sha in manifest["members"].values())


def test_restore_refuses_an_archive_that_does_not_match_its_manifest(app, data, empty_app,
                                                                     tmp_path):
    archive = services.create_backup(tmp_path / "backup.tar.gz").path
    altered = tmp_path / "altered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(altered, "w:gz") as target:
        for member in source:
            content = source.extractfile(member).read()
            if member.name.startswith("storage/"):
                content = content.replace(b"Catalog", b"Catalox")
            target.addfile(member, io.BytesIO(content))
    with empty_app.app_context():
        with pytest.raises(BackupError, match="does not match its manifest"):
            services.restore_backup(altered)
        assert _rows(db.engine) == {}
    assert not Path(empty_app.config["STORAGE_DIR"]).exists()


def test_restore_replaces_a_database_with_data_only_when_forced(app, data, make_user, tmp_path):
    archive = services.create_backup(tmp_path / "backup.tar.gz").path
    rows = _rows(db.engine)
    make_user(email="later@example.org")
    with pytest.raises(BackupError, match="not empty"):
        services.restore_backup(archive)
    assert _rows(db.engine)["users"] == rows["users"] + 1
    services.restore_backup(archive, force=True)
    assert _rows(db.engine) == rows


def test_restore_refuses_what_is_not_a_backup(app, tmp_path):
    stray = tmp_path / "notes.tar.gz"
    with tarfile.open(stray, "w:gz") as archive:
        archive.addfile(tarfile.TarInfo("../../etc/passwd"), io.BytesIO(b""))
    with pytest.raises(BackupError, match="not a backup"):
        services.restore_backup(stray)
    garbage = tmp_path / "garbage.tar.gz"
    garbage.write_bytes(b"not an archive at all")
    with pytest.raises(BackupError, match="cannot be read"):
        services.restore_backup(garbage)


def test_restore_refuses_a_backup_of_another_database_or_a_newer_version():
    manifest = {"format": 1, "app_version": "9.0", "alembic_revision": None,
                "database": {"dialect": "postgresql"}}
    with pytest.raises(BackupError, match="postgresql database"):
        services._check_compatible(manifest, "sqlite")
    manifest["alembic_revision"] = "9999_from_the_future"
    with pytest.raises(BackupError, match="newer version"):
        services._check_compatible(manifest, "postgresql")


def test_the_cli_writes_a_backup_and_will_not_restore_over_data(app, data, tmp_path):
    runner = app.test_cli_runner()
    path = tmp_path / "cli.tar.gz"
    created = runner.invoke(args=["backup", "create", str(path)])
    assert created.exit_code == 0, created.output
    assert "stored files 1." in created.output and path.is_file()
    refused = runner.invoke(args=["backup", "restore", str(path)])
    assert refused.exit_code == 1
    assert "not empty" in refused.output and "--force" in refused.output
