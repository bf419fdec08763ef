"""One archive holds everything needed to bring the platform back: the database and the stored files.

The archive (tar.gz) holds `database.sqlite3` (SQLite's online backup API: a consistent copy while
the application keeps running) or `database.pgdump` (`pg_dump --format=custom`), the files of
STORAGE_DIR under `storage/`, and `manifest.json`: the application's version and database
revision, when it was made, the rows of every table and the SHA-256 of every other member.

The database is copied first and the files after: a file is stored before the row that names it
is committed, so every file the copied database refers to is already there (files stored later
are simply extra; being content-addressed, they harm nothing).

A restore checks the whole archive against its manifest before it touches anything, refuses a
database that already holds data unless forced, and afterwards compares the restored rows with
the manifest.
"""
from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from urllib.parse import quote, urlencode

from flask import current_app
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL, Connection, Engine

from app import storage
from app.extensions import db

log = logging.getLogger(__name__)

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
STORAGE_PREFIX = "storage/"
# what storage.py writes: <2 hex>/<2 hex>/<sha256>; anything else in STORAGE_DIR (temporary
# uploads being previewed, probes) is not part of a backup
_STORED_FILE = re.compile(r"([0-9a-f]{2})/([0-9a-f]{2})/(\1\2[0-9a-f]{60})")
_CHUNK = 1 << 20
# tables that hold bookkeeping, not data: a database with only these rows counts as empty
_BOOKKEEPING = {"alembic_version"}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class Summary:
    path: Path
    manifest: dict

    @property
    def rows(self) -> int:
        return sum(self.manifest["database"]["tables"].values())

    @property
    def files(self) -> int:
        return sum(1 for name in self.manifest["members"] if name.startswith(STORAGE_PREFIX))


# -- create -------------------------------------------------------------------------------------

def create_backup(target: Path) -> Summary:
    """Write the archive to `target` (a new file, or a folder to put a dated one in)."""
    target = Path(target)
    if target.is_dir():
        target = target / f"awards-{datetime.now(timezone.utc):%Y%m%d-%H%M%S}.tar.gz"
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file name or a folder.")
    if not target.parent.is_dir():
        raise BackupError(f"There is no folder {target.parent}.")
    engine = db.engine
    dialect = _dialect(engine)
    member = DATABASE_MEMBERS[dialect]
    with tempfile.TemporaryDirectory(prefix=".awards-backup-", dir=target.parent) as work:
        dump = Path(work) / member
        dumper = _dump_sqlite if dialect == "sqlite" else _dump_postgresql
        tables, revision = dumper(engine, dump)
        members = {member: _sha256(dump)}
        partial = target.with_name(f".{target.name}.partial")
        try:
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(dump, arcname=member)
                for relative, path in _stored_files():
                    name = STORAGE_PREFIX + relative
                    members[name] = _sha256(path)
                    archive.add(path, arcname=name)
                manifest = _manifest(dialect, member, tables, revision, members)
                _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    log.info("backup written to %s", target)
    return Summary(target, manifest)


def _manifest(dialect: str, member: str, tables: dict[str, int], revision: str | None,
              members: dict[str, str]) -> dict:
    return {
        "format": FORMAT,
        "application": "safecity-awards",
        "app_version": _app_version(),
        "alembic_revision": revision,
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "database": {"dialect": dialect, "member": member, "tables": tables},
        "members": members,
    }


def _dump_sqlite(engine: Engine, dump: Path) -> tuple[dict[str, int], str | None]:
    """SQLite's online backup API into a new file; the rows are counted in the copy."""
    raw = engine.raw_connection()
    try:
        copy = sqlite3.connect(dump)
        try:
            raw.driver_connection.backup(copy)
        finally:
            copy.close()
    finally:
        raw.close()
    copy_engine = create_engine(f"sqlite:///{dump}")
    try:
        with copy_engine.connect() as conn:
            return _rows_and_revision(conn)
    finally:
        copy_engine.dispose()


def _dump_postgresql(engine: Engine, dump: Path) -> tuple[dict[str, int], str | None]:
    """pg_dump from a snapshot exported by a transaction that counts the rows in that same
    snapshot, so the manifest describes exactly what was dumped."""
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
        with conn.begin():
            snapshot = conn.scalar(text("SELECT pg_export_snapshot()"))
            counted = _rows_and_revision(conn)
            major = _server_major(conn)
            _run(_pg_tool("pg_dump", major), ["--format=custom", f"--snapshot={snapshot}",
                                              f"--file={dump}"], engine.url)
    return counted


# -- restore ------------------------------------------------------------------------------------

def restore_backup(source: Path, force: bool = False) -> Summary:
    """Bring the database and the stored files back from an archive made by `create_backup`."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} is not a file.")
    engine = db.engine
    with tempfile.TemporaryDirectory(prefix="awards-restore-") as work:
        manifest = _unpack(source, Path(work))
        _check_compatible(manifest, _dialect(engine))
        if not force:
            filled = _tables_with_rows(engine)
            if filled:
                raise BackupError(
                    "The database is not empty (rows in " + ", ".join(filled[:5])
                    + (", …" if len(filled) > 5 else "") + "). Restoring replaces everything in "
                    "it; run again with --force if that is what you want.")
        dump = Path(work) / manifest["database"]["member"]
        db.session.remove()
        engine.dispose()
        if manifest["database"]["dialect"] == "sqlite":
            _load_sqlite(engine, dump)
        else:
            _load_postgresql(engine, dump)
        engine.dispose()
        _restore_files(manifest, Path(work))
    _compare_rows(engine, manifest["database"]["tables"])
    log.info("restored %s", source)
    return Summary(source, manifest)


def _unpack(source: Path, work: Path) -> dict:
    """Extract every member (only plain files with expected names) and check each against the
    manifest: nothing is restored from an archive that was damaged or altered."""
    found: dict[str, str] = {}
    manifest_bytes = None
    try:
        with tarfile.open(source, "r:*") as archive:
            for member in archive:
                name = member.name
                if not member.isfile() or not _allowed_member(name):
                    raise BackupError(f"{source} is not a backup of this application: "
                                      f"unexpected member {name!r}.")
                stream = archive.extractfile(member)
                if name == MANIFEST:
                    manifest_bytes = stream.read()
                    continue
                path = work / name
                path.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with path.open("wb") as out:
                    while chunk := stream.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                found[name] = digest.hexdigest()
    except (tarfile.TarError, EOFError, OSError, ValueError) as error:
        raise BackupError(f"{source} cannot be read as a backup archive ({error}).") from error
    if manifest_bytes is None:
        raise BackupError(f"{source} has no {MANIFEST}: it is not a backup of this application.")
    manifest = _read_manifest(manifest_bytes, source)
    expected = manifest["members"]
    missing = sorted(set(expected) - set(found))
    extra = sorted(set(found) - set(expected))
    changed = sorted(name for name in set(found) & set(expected) if found[name] != expected[name])
    if missing or extra or changed:
        details = "; ".join(f"{label}: {', '.join(names[:3])}{' …' if len(names) > 3 else ''}"
                            for label, names in (("missing", missing), ("not in the manifest", extra),
                                                 ("checksum differs", changed)) if names)
        raise BackupError(f"{source} does not match its manifest ({details}); it was damaged or "
                          "altered, so nothing was restored.")
    if manifest["database"]["member"] not in found:
        raise BackupError(f"{source} holds no database.")
    return manifest


def _read_manifest(data: bytes, source: Path) -> dict:
    try:
        manifest = json.loads(data)
        database = manifest["database"]
        if not (isinstance(manifest["members"], dict) and isinstance(database["tables"], dict)
                and database["dialect"] in DATABASE_MEMBERS
                and database["member"] == DATABASE_MEMBERS[database["dialect"]]):
            raise ValueError("unexpected content")
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"The manifest of {source} is unreadable ({error}).") from error
    return manifest


def _allowed_member(name: str) -> bool:
    if name == MANIFEST or name in DATABASE_MEMBERS.values():
        return True
    return name.startswith(STORAGE_PREFIX) and bool(
        _STORED_FILE.fullmatch(name[len(STORAGE_PREFIX):]))


def _check_compatible(manifest: dict, dialect: str) -> None:
    if manifest.get("format") != FORMAT:
        raise BackupError(f"This backup has format {manifest.get('format')!r}; this version of the "
                          f"application reads format {FORMAT}.")
    made_on = manifest["database"]["dialect"]
    if made_on != dialect:
        raise BackupError(f"This backup is of a {made_on} database and cannot be restored into "
                          f"{dialect}; set DATABASE_URL to a {made_on} database.")
    revision = manifest.get("alembic_revision")
    if revision and revision not in _known_revisions():
        raise BackupError(f"This backup was made by a newer version of the application (database "
                          f"revision {revision}, version {manifest.get('app_version')}); restore "
                          "it with that version.")


def _load_sqlite(engine: Engine, dump: Path) -> None:
    """The online backup API again, from the archive's copy onto the target database."""
    copy = sqlite3.connect(dump)
    try:
        raw = engine.raw_connection()
        try:
            copy.backup(raw.driver_connection)
        finally:
            raw.close()
    finally:
        copy.close()


def _load_postgresql(engine: Engine, dump: Path) -> None:
    """pg_restore in one transaction: if anything fails the database is left as it was."""
    with engine.connect() as conn:
        major = _server_major(conn)
    _run(_pg_tool("pg_restore", major), ["--clean", "--if-exists", "--no-owner",
                                         "--single-transaction", "--exit-on-error", str(dump)],
         engine.url)


def _restore_files(manifest: dict, work: Path) -> None:
    """Through the storage module: atomic writes, and files already there stay as they are."""
    for name in manifest["members"]:
        if name.startswith(STORAGE_PREFIX):
            storage.store((work / name).read_bytes())


def _compare_rows(engine: Engine, expected: dict[str, int]) -> None:
    with engine.connect() as conn:
        restored, _revision = _rows_and_revision(conn)
    differ = sorted(name for name in expected if restored.get(name) != expected[name])
    if differ:
        raise BackupError("The restored database differs from the backup's manifest in "
                          + ", ".join(f"{n} ({restored.get(n)} rows, expected {expected[n]})"
                                      for n in differ[:5]))


# -- helpers ------------------------------------------------------------------------------------

def _rows_and_revision(conn: Connection) -> tuple[dict[str, int], str | None]:
    """Rows per table, and the Alembic revision when the schema came from the migrations."""
    preparer = conn.dialect.identifier_preparer
    counts = {name: conn.scalar(text(f"SELECT COUNT(*) FROM {preparer.quote(name)}"))
              for name in sorted(inspect(conn).get_table_names())}
    revision = None
    if counts.get("alembic_version"):
        revision = conn.scalar(text("SELECT version_num FROM alembic_version"))
    return counts, revision


def _tables_with_rows(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        counts, _revision = _rows_and_revision(conn)
    return [name for name, rows in counts.items() if rows and name not in _BOOKKEEPING]


def _stored_files():
    root = Path(current_app.config["STORAGE_DIR"])
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.is_file() and _STORED_FILE.fullmatch(relative):
            yield relative, path


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from app import PROJECT_ROOT
    scripts = ScriptDirectory(str(PROJECT_ROOT / "migrations"))
    return {script.revision for script in scripts.walk_revisions()}


def _dialect(engine: Engine) -> str:
    name = engine.dialect.name
    if name not in DATABASE_MEMBERS:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {name}.")
    return name


def _server_major(conn: Connection) -> int:
    return int(conn.scalar(text("SHOW server_version_num"))) // 10000


def _pg_tool(name: str, server_major: int) -> str:
    """The client matching the server's major version when Debian has it side by side, else the
    one on PATH, which must not be older than the server (pg_dump refuses newer servers)."""
    versioned = Path(f"/usr/lib/postgresql/{server_major}/bin/{name}")
    tool = str(versioned) if versioned.is_file() else shutil.which(name)
    if tool is None:
        raise BackupError(f"{name} is not installed: install Debian's postgresql-client "
                          f"(apt-get install postgresql-client-{server_major}).")
    output = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    client_major = int(match.group(1)) if match else 0
    if client_major < server_major:
        raise BackupError(f"{tool} is version {client_major} and cannot work with the PostgreSQL "
                          f"{server_major} server: install postgresql-client-{server_major}.")
    return tool


def _run(tool: str, arguments: list[str], url: URL) -> None:
    """Run a PostgreSQL client against the app's database; the password goes through the
    environment, never the command line (where `ps` would show it)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    result = subprocess.run([tool, *arguments, f"--dbname={_libpq_uri(url)}"], capture_output=True,
                            text=True, env=env)
    if result.returncode != 0:
        raise BackupError(f"{Path(tool).name} failed: {result.stderr.strip()[-2000:]}")


def _libpq_uri(url: URL) -> str:
    """The URL as libpq reads it: no password, and the query percent-encoded (SQLAlchemy writes
    spaces as "+", which libpq would keep)."""
    base = url.set(drivername="postgresql", password=None, query={})
    query = urlencode(url.query, doseq=True, quote_via=quote)
    return base.render_as_string(hide_password=False) + (f"?{query}" if query else "")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(timezone.utc).timestamp())
    info.mode = 0o644
    archive.addfile(info, io.BytesIO(data))


def _app_version() -> str:
    try:
        return metadata.version("safecity-awards")
    except metadata.PackageNotFoundError:
        return "unknown"
