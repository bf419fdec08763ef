"""The organisers' outbox: the list of every message, one message read back, resending."""
from __future__ import annotations

from flask import (Blueprint, Response, abort, current_app, flash, redirect, render_template,
                   request, url_for)
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.permissions import require
from app.extensions import db
from app.notifications import permissions, services
from app.notifications.models import MailMessage, MailStatus

bp = Blueprint("notifications", __name__, url_prefix="/organiser/mail")
reader_required = require(permissions.can_read_outbox)

# The HTML part is the mail's own markup: shown only inside a sandboxed frame of our page,
# with nothing it may load or run.
HTML_PART_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; sandbox; frame-ancestors 'self'",
    "X-Frame-Options": "SAMEORIGIN",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
}


def _zone() -> str:
    """Times in the organiser's own time zone, else the platform's."""
    return current_user.timezone or current_app.config["DEFAULT_TIMEZONE"]


@bp.get("")
@reader_required
def outbox():
    filters = services.Filters(kind=request.args.get("kind", ""),
                               status=request.args.get("status", ""),
                               recipient=request.args.get("recipient", ""),
                               page=request.args.get("page", 1, type=int) or 1).cleaned()
    return render_template("notifications/organiser/outbox.html", view=services.listing(filters),
                           filters=filters, kind_label=services.kind_label,
                           status_labels=services.STATUS_LABELS, zone=_zone())


@bp.get("/<int:message_id>")
@reader_required
def message(message_id: int):
    message = db.get_or_404(MailMessage, message_id)
    return render_template("notifications/organiser/message.html", message=message,
                           view=services.message_view(message), kind_label=services.kind_label,
                           status_labels=services.STATUS_LABELS, zone=_zone(),
                           can_resend=permissions.can_resend)


@bp.get("/<int:message_id>/html")
@reader_required
def message_html(message_id: int):
    view = services.message_view(db.get_or_404(MailMessage, message_id))
    if view.html is None:
        abort(404)
    return Response(view.html, mimetype="text/html", headers=HTML_PART_HEADERS)


@bp.get("/<int:message_id>/source")
@reader_required
def message_source(message_id: int):
    message = db.get_or_404(MailMessage, message_id)
    data = services.source(message)
    if data is None:
        abort(404)
    return Response(data, mimetype="message/rfc822", headers={
        "Content-Disposition": f'attachment; filename="message-{message.id}.eml"',
        "X-Content-Type-Options": "nosniff"})


@bp.post("/<int:message_id>/resend")
@reader_required
def resend(message_id: int):
    message = db.get_or_404(MailMessage, message_id)
    try:
        services.resend(message)
    except services.NotificationError as error:
        flash(str(error), "error")
    else:
        if message.status == MailStatus.SENT.value:
            flash(_("The message was sent again."), "success")
        else:
            flash(_("The message could not be sent this time either: %(error)s",
                    error=message.last_error), "error")
    return redirect(url_for("notifications.message", message_id=message.id))
