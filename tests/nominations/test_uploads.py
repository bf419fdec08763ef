"""Attachment checks: types judged by content, sizes, counts and clean names; no Flask app needed."""
from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest

from app.nominations.uploads import (DOCX, JPEG, MAX_BYTES, MAX_FILES, PDF, PNG, XLSX,
                                     UploadRejected, check_upload, detect_type, safe_filename)

PDF_BYTES = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
             b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
             b"trailer<</Root 1 0 R>>\n%%EOF\n")
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48


def _png() -> bytes:
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk + struct.pack(
        ">I", zlib.crc32(chunk))


def _zip(*members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member in members:
            archive.writestr(member, "<xml/>")
    return buffer.getvalue()


DOCX_BYTES = _zip("[Content_Types].xml", "_rels/.rels", "word/document.xml")
XLSX_BYTES = _zip("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml")


def _rejection(filename: str, data: bytes, existing_count: int = 0) -> str:
    with pytest.raises(UploadRejected) as caught:
        check_upload(filename, data, existing_count)
    return caught.value.code


# -- accepted types ---------------------------------------------------------------------------

@pytest.mark.parametrize(("filename", "data", "mimetype"), [
    ("informe.pdf", PDF_BYTES, PDF),
    ("foto.jpg", JPEG_BYTES, JPEG),
    ("plano.png", _png(), PNG),
    ("memoria.docx", DOCX_BYTES, DOCX),
    ("indicadores.xlsx", XLSX_BYTES, XLSX),
])
def test_each_allowed_type_is_accepted_by_its_content(filename, data, mimetype):
    assert check_upload(filename, data, existing_count=0) == (filename, mimetype)


def test_the_last_allowed_attachment_is_accepted():
    assert check_upload("informe.pdf", PDF_BYTES, existing_count=MAX_FILES - 1)[1] == PDF


def test_a_file_of_exactly_the_size_limit_is_accepted():
    assert check_upload("informe.pdf", PDF_BYTES.ljust(MAX_BYTES, b" "), 0)[1] == PDF


# -- refusals ---------------------------------------------------------------------------------

def test_an_exe_named_pdf_is_refused():
    assert _rejection("informe.pdf", EXE_BYTES) == "type_not_allowed"


def test_a_file_over_the_size_limit_is_refused():
    assert _rejection("informe.pdf", PDF_BYTES.ljust(MAX_BYTES + 1, b" ")) == "too_large"


def test_an_empty_file_is_refused():
    assert _rejection("informe.pdf", b"") == "empty"


def test_one_attachment_more_than_the_limit_is_refused():
    assert _rejection("informe.pdf", PDF_BYTES, existing_count=MAX_FILES) == "too_many"


def test_the_count_limit_is_checked_before_the_content():
    assert _rejection("vacio.pdf", b"", existing_count=MAX_FILES) == "too_many"


def test_a_plain_zip_is_refused():
    assert _rejection("fotos.docx", _zip("foto1.jpg", "foto2.jpg")) == "type_not_allowed"


def test_a_zip_without_content_types_is_refused():
    assert _rejection("memoria.docx", _zip("word/document.xml")) == "type_not_allowed"


def test_a_corrupt_zip_is_refused():
    truncated = DOCX_BYTES[:len(DOCX_BYTES) - 40]  # cut inside the central directory
    assert _rejection("memoria.docx", truncated) == "type_not_allowed"


def test_a_text_file_named_docx_is_refused():
    assert _rejection("memoria.docx", "Memoria descriptiva del proyecto".encode()) == "type_not_allowed"


# -- detection --------------------------------------------------------------------------------

def test_docx_and_xlsx_are_told_apart_by_their_main_part():
    assert (detect_type(DOCX_BYTES), detect_type(XLSX_BYTES)) == (DOCX, XLSX)


# -- names ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("filename", "expected"), [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("C:\\Users\\ana\\Documents\\informe.pdf", "informe.pdf"),
    ("..\\..\\informe.pdf", "informe.pdf"),
])
def test_path_traversal_names_keep_only_the_base_name(filename, expected):
    assert check_upload(filename, PDF_BYTES, 0)[0] == expected


def test_accented_letters_survive_and_other_characters_are_replaced():
    assert safe_filename("Informe técnico <año> 2025;rm.pdf", PDF) == "Informe técnico _año_ 2025_rm.pdf"


def test_decomposed_accents_are_normalised():
    assert safe_filename("Evaluacio\u0301n.pdf", PDF) == "Evaluación.pdf"


def test_whitespace_is_collapsed():
    assert safe_filename("plan \t de\n  acción.pdf", PDF) == "plan de acción.pdf"


def test_leading_dots_are_stripped():
    assert safe_filename(".htaccess.pdf", PDF) == "htaccess.pdf"


def test_a_missing_extension_is_added_from_the_content():
    assert safe_filename("informe", PDF) == "informe.pdf"


def test_a_wrong_known_extension_is_replaced_by_the_content_type():
    assert safe_filename("foto.jpg", PNG) == "foto.png"


def test_an_unknown_extension_is_kept_as_part_of_the_name():
    assert safe_filename("acta v1.2", PDF) == "acta v1.2.pdf"


def test_a_matching_extension_keeps_its_case():
    assert safe_filename("foto.PNG", PNG) == "foto.PNG"


def test_long_names_are_cut_keeping_the_extension():
    name = safe_filename("a" * 300 + ".xlsx", XLSX)
    assert len(name) == 120
    assert name.endswith("a.xlsx")


def test_a_name_with_nothing_left_becomes_archivo():
    assert safe_filename("...", JPEG) == "archivo.jpg"
