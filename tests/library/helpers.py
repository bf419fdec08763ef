"""Small history files for the import tests."""
from __future__ import annotations

import io

import openpyxl

HEADER = ("edición", "categoría", "puesto", "municipalidad o persona", "título", "resumen", "país")


def history_csv(*rows: str, header: str = ",".join(HEADER)) -> bytes:
    return ("\n".join((header,) + rows) + "\n").encode("utf-8")


def history_xlsx(rows: list[tuple]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
