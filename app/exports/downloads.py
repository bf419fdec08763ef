"""A table as a file download: the one response every export route gives."""
from __future__ import annotations

import io

from flask import Response, send_file

from app.exports import tables


def send_table(table: tables.Table, fmt: str, name: str) -> Response:
    """`name`.`fmt` as an attachment, never cached (exports hold non-public data)."""
    content, mimetype = tables.render(table, fmt)
    response = send_file(io.BytesIO(content), mimetype=mimetype, as_attachment=True,
                         download_name=f"{name}.{fmt}", max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response
