"""Checks on nomination attachments: size, count and type, the type judged by content, not by name.

A name or a browser-sent Content-Type is whatever the uploader says; the first bytes (and, for
Office files, the archive's member list) are what the file is.
"""
from __future__ import annotations

import io
import re
import unicodedata
import zipfile

from flask import send_file
from flask_babel import lazy_gettext as _l

from app import storage

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 8
MAX_NAME_LENGTH = 120

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The first extension is the one added when a name lacks a fitting one.
EXTENSIONS = {
    PDF: ("pdf",),
    JPEG: ("jpg", "jpeg"),
    PNG: ("png",),
    DOCX: ("docx",),
    XLSX: ("xlsx",),
}
_KNOWN_EXTENSIONS = {ext for extensions in EXTENSIONS.values() for ext in extensions}

_SIGNATURES = (
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
)
_ZIP_SIGNATURE = b"PK\x03\x04"
_OFFICE_MAIN_PARTS = (("word/document.xml", DOCX), ("xl/workbook.xml", XLSX))


class UploadRejected(Exception):
    """An attachment refused; `message` is translated only when rendered, in the user's language."""

    def __init__(self, code: str, message) -> None:
        super().__init__(code)
        self.code = code
        self.message = message


def detect_type(data: bytes) -> str | None:
    """The mimetype the content proves, or None when it is none of the allowed types."""
    for signature, mimetype in _SIGNATURES:
        if data.startswith(signature):
            return mimetype
    if data.startswith(_ZIP_SIGNATURE):
        return _office_type(data)
    return None


def _office_type(data: bytes) -> str | None:
    """DOCX and XLSX are ZIP archives told apart by their main part; only the directory is read."""
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, NotImplementedError, ValueError):  # what damaged archives raise
        return None
    if "[Content_Types].xml" not in names:
        return None
    for part, mimetype in _OFFICE_MAIN_PARTS:
        if part in names:
            return mimetype
    return None


def safe_filename(name: str, mimetype: str) -> str:
    """A name safe to show and to offer as a download, whose extension matches the content."""
    name = unicodedata.normalize("NFC", _base_name(name))
    name = re.sub(r"\s+", " ", name)
    name = "".join(c if c.isalnum() or c in " .-_()" else "_" for c in name)
    name = name.lstrip(". ").rstrip()
    stem, dot, extension = name.rpartition(".")
    if not dot or extension.lower() not in EXTENSIONS[mimetype]:
        # A known but wrong extension is replaced ("foto.jpg" holding a PNG); any other is kept
        # as part of the name ("acta v1.2" stays "acta v1.2.pdf").
        stem = stem if dot and extension.lower() in _KNOWN_EXTENSIONS else name
        extension = EXTENSIONS[mimetype][0]
    stem = stem[:MAX_NAME_LENGTH - len(extension) - 1].rstrip(". ")
    return f"{stem or 'archivo'}.{extension}"


def check_upload(filename: str, data: bytes, existing_count: int) -> tuple[str, str]:
    """(clean filename, mimetype) of an acceptable attachment; raises UploadRejected otherwise."""
    name = _base_name(filename)
    if existing_count >= MAX_FILES:
        raise UploadRejected("too_many", _l("A nomination can have at most %(n)d attachments.",
                                            n=MAX_FILES))
    if not data:
        raise UploadRejected("empty", _l("The file %(name)s is empty.", name=name))
    if len(data) > MAX_BYTES:
        raise UploadRejected("too_large", _l("The file %(name)s is larger than %(mb)d MB.",
                                             name=name, mb=MAX_BYTES // (1024 * 1024)))
    mimetype = detect_type(data)
    if mimetype is None:
        raise UploadRejected("type_not_allowed", _l(
            "The file %(name)s is not a PDF, JPEG, PNG, DOCX or XLSX document "
            "(its content was checked, not its name).", name=name))
    return safe_filename(filename, mimetype), mimetype


def _base_name(name: str) -> str:
    """Browsers on Windows may send a full path; keep only the last part, whatever the separator."""
    return re.split(r"[/\\]", name)[-1]


def attachment_response(attachment):
    """A stored attachment as a download that the browser never runs or shows inline."""
    response = send_file(storage.path_for(attachment.sha256), mimetype=attachment.content_type,
                         as_attachment=True, download_name=attachment.filename, max_age=0)
    return _sandboxed(response, "private, no-store")


def photo_response(attachment):
    """A public image (JPEG or PNG by content, checked on upload) shown inline, cacheable."""
    if attachment.content_type not in (JPEG, PNG):
        raise ValueError("only checked images are shown inline")
    response = send_file(storage.path_for(attachment.sha256), mimetype=attachment.content_type,
                         download_name=attachment.filename, max_age=3600, etag=attachment.sha256)
    return _sandboxed(response, "public, max-age=3600")


def _sandboxed(response, cache_control: str):
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = cache_control
    return response
