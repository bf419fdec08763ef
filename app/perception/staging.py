"""The organiser's web import: a file is staged between its preview and the confirmation, so the
import runs on exactly the bytes and the choices the organiser saw."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import secrets
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.db_types import utcnow
from app.perception import parsing, services
from app.perception.models import PerceptionImport

STAGED_UPLOAD_TTL = timedelta(hours=24)
_STAGING_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (Excel 97-2003) and other OLE files
_TEXT_CONTROL = frozenset(range(32)) - {9, 10, 12, 13}


class UploadRefused(Exception):
    """An upload that is not a survey file we can read; `message` is translated when shown."""

    def __init__(self, code: str, message) -> None:
        super().__init__(code)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class StagedUpload:
    """A file waiting for its organiser to confirm or cancel the import; `settings` are what they
    chose so far (quarter, source, dialect, roles), so the preview can be reloaded."""

    token: str
    owner_id: int
    filename: str
    size: int
    sha256: str
    kind: str  # "csv" or "xlsx"
    created_at: datetime
    settings: dict
    path: Path


@dataclass
class StagedPreview:
    """What the preview page shows: how the file is read, its columns and first rows, and every
    problem the real import would refuse it for (the first ones, with the total)."""

    dialect: parsing.Dialect | None
    headers: list[str]
    roles: dict[str, str]
    rows: list[list[str]]
    shape: str | None
    problems: list[parsing.Problem]
    problem_count: int
    rows_used: int
    districts: int
    active: PerceptionImport | None


def _staging_dir() -> Path:
    return Path(current_app.config["STORAGE_DIR"]) / "tmp" / "perception"


def stage_upload(stream: BinaryIO, filename: str, owner_id: int, settings: dict, max_bytes: int,
                 now: datetime | None = None) -> StagedUpload:
    """Keep an uploaded file under an unguessable token until its import is confirmed or
    cancelled; refuse it (keeping nothing) when it is empty, too large or not CSV/XLSX."""
    now = now or utcnow()
    folder = _staging_dir()
    folder.mkdir(parents=True, exist_ok=True)
    discard_stale_uploads(now)
    token = secrets.token_urlsafe(24)
    data_path = folder / f"{token}.data"
    digest = hashlib.sha256()
    size = 0
    try:
        with data_path.open("xb") as target:
            while chunk := stream.read(1024 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    raise UploadRefused("too_large", _l(
                        "The file is larger than %(mb)d MB.", mb=max_bytes // (1024 * 1024)))
                digest.update(chunk)
                target.write(chunk)
        kind = _survey_file_kind(data_path, size)
    except BaseException:
        data_path.unlink(missing_ok=True)
        raise
    staged = StagedUpload(token=token, owner_id=owner_id, filename=filename[:200] or "archivo",
                          size=size, sha256=digest.hexdigest(), kind=kind, created_at=now,
                          settings=dict(settings), path=data_path)
    _write_staged(staged)
    return staged


def _survey_file_kind(path: Path, size: int) -> str:
    """'xlsx' or 'csv', judged by content: a workbook archive, or text without binary bytes."""
    if size == 0:
        raise UploadRefused("empty", _l("The file is empty."))
    with path.open("rb") as source:
        head = source.read(parsing.SNIFF_BYTES)
    if head.startswith(parsing.XLSX_MAGIC):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError):
            names = set()
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise UploadRefused("not_survey_file", _l(
            "The file is a compressed archive but not an XLSX workbook."))
    if head.startswith(_OLE2_SIGNATURE):
        raise UploadRefused("old_excel", _l(
            "Old Excel files (.xls) cannot be read: save the sheet as XLSX or CSV and upload it again."))
    controls = sum(1 for byte in head if byte in _TEXT_CONTROL)
    if b"\x00" in head or controls > len(head) // 100:
        raise UploadRefused("not_survey_file", _l(
            "The file is neither CSV text (UTF-8, Latin-1 or Windows-1252) nor an XLSX workbook "
            "(its content was checked, not its name)."))
    return "csv"


def _meta_path(token: str) -> Path:
    return _staging_dir() / f"{token}.json"


def _write_staged(staged: StagedUpload) -> None:
    meta = {"owner_id": staged.owner_id, "filename": staged.filename, "size": staged.size,
            "sha256": staged.sha256, "kind": staged.kind,
            "created_at": staged.created_at.isoformat(), "settings": staged.settings}
    path = _meta_path(staged.token)
    temp = path.with_suffix(".tmp")
    temp.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    temp.replace(path)


def staged_upload(token: str, owner_id: int, now: datetime | None = None) -> StagedUpload | None:
    """The staged file of this token if it belongs to this organiser and has not expired."""
    if not isinstance(token, str) or not _STAGING_TOKEN.fullmatch(token):
        return None
    data_path = _staging_dir() / f"{token}.data"
    try:
        meta = json.loads(_meta_path(token).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    created_at = datetime.fromisoformat(meta["created_at"])
    if meta["owner_id"] != owner_id or not data_path.is_file():
        return None
    if (now or utcnow()) - created_at > STAGED_UPLOAD_TTL:
        discard_upload(token)
        return None
    return StagedUpload(token=token, owner_id=owner_id, filename=meta["filename"], size=meta["size"],
                        sha256=meta["sha256"], kind=meta["kind"], created_at=created_at,
                        settings=meta["settings"], path=data_path)


def save_staged_settings(staged: StagedUpload, settings: dict) -> StagedUpload:
    """Remember the latest choices, so reloading the preview shows them again."""
    updated = dataclasses.replace(staged, settings=dict(settings))
    _write_staged(updated)
    return updated


def discard_upload(token: str) -> None:
    if _STAGING_TOKEN.fullmatch(token):
        for suffix in (".data", ".json", ".tmp"):
            (_staging_dir() / f"{token}{suffix}").unlink(missing_ok=True)


def discard_stale_uploads(now: datetime | None = None) -> int:
    """Delete staged files older than STAGED_UPLOAD_TTL (abandoned previews); returns how many."""
    folder = _staging_dir()
    if not folder.is_dir():
        return 0
    cutoff = ((now or utcnow()) - STAGED_UPLOAD_TTL).timestamp()
    stale = {path.stem for path in folder.iterdir()
             if _STAGING_TOKEN.fullmatch(path.stem) and path.stat().st_mtime < cutoff}
    for token in stale:
        discard_upload(token)
    return len(stale)


def preview_staged(staged: StagedUpload, period: str | None, *, roles: dict[str, str] | None = None,
                   sheet: str | None = None, encoding: str | None = None, separator: str | None = None,
                   decimal: str | None = None, rows: int = 10) -> StagedPreview:
    """Read the staged file as the import would (same parser, same checks) without writing.

    Role overrides naming columns the file does not have (after a change of separator) are
    dropped instead of reported; None for encoding, separator or decimal means "detect"."""
    municipalities = services.peruvian_districts()
    districts = {code: m.name for code, m in municipalities.items()}
    with staged.path.open("rb") as stream:
        head = stream.read(parsing.SNIFF_BYTES)
        stream.seek(0)
        guess = parsing.sniff(head, encoding=encoding, separator=separator, decimal=decimal)
        first = parsing.preview(stream, n=rows, dialect=guess, sheet=sheet)
        overrides = {column: role for column, role in (roles or {}).items() if column in first.headers}
        stream.seek(0)
        result = parsing.parse(stream, districts, roles=overrides or None, sheet=sheet, period=period,
                               encoding=encoding, separator=separator, decimal=decimal)
        if result.dialect is not None and result.dialect != guess:
            stream.seek(0)
            first = parsing.preview(stream, n=rows, dialect=result.dialect, sheet=sheet)
    problems = list(result.problems)
    count = result.problem_count
    if not result.headers:  # the parser stopped before the header: the preview says why
        extra = [p for p in first.problems if p.code not in {q.code for q in problems}]
        problems += extra
        count += len(extra)
    return StagedPreview(
        dialect=result.dialect or first.dialect, headers=result.headers or first.headers,
        roles=result.roles or first.roles, rows=first.rows, shape=result.shape, problems=problems,
        problem_count=count, rows_used=result.rows_used, districts=len(result.districts),
        active=services.active_import(period) if period else None)


def import_staged(staged: StagedUpload, period: str, source: services.Source, *, replace: bool = False,
                  roles: dict[str, str] | None = None, sheet: str | None = None,
                  encoding: str | None = None, separator: str | None = None,
                  decimal: str | None = None, actor_id: int | None = None) -> PerceptionImport:
    """Import a staged file exactly as previewed, then delete it (see services.import_file)."""
    with staged.path.open("rb") as stream:
        survey_import = services.import_file(stream, staged.filename, period, source, replace=replace,
                                      roles=roles, sheet=sheet, encoding=encoding,
                                      separator=separator, decimal=decimal, actor_id=actor_id)
    discard_upload(staged.token)
    return survey_import


