"""Upload, preview, confirm: the confirm step reads back the file its preview stored."""
from __future__ import annotations

from flask import abort, flash
from flask_babel import gettext as _

from app import storage


def previewed_file(form) -> bytes | None:
    """The bytes of the file the confirm form names; a tampered form is a 400, and a file gone
    meanwhile is flashed and None, so the route sends the user back to upload it again."""
    if not form.validate_on_submit():
        abort(400)
    try:
        return storage.read(form.sha256.data)
    except FileNotFoundError:
        flash(_("The previewed file is no longer available; upload it again."), "error")
        return None
