"""Organisers' broadcasts: the list of past ones, writing one (preview, then send), one sent."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.accounts.permissions import require
from app.broadcasts import permissions, services
from app.broadcasts.forms import BroadcastForm
from app.editions.models import Edition
from app.extensions import db

bp = Blueprint("broadcasts", __name__, url_prefix="/organiser/broadcasts")
broadcaster_required = require(permissions.can_broadcast)


@bp.get("")
@broadcaster_required
def list_broadcasts():
    view = services.history(request.args.get("page", 1, type=int))
    return render_template("broadcasts/organiser/list.html", view=view,
                           audience_labels=services.AUDIENCE_LABELS)


@bp.route("/new", methods=["GET", "POST"])
@broadcaster_required
def new_broadcast():
    form = BroadcastForm()
    form.edition.choices = services.edition_choices()
    if request.method == "GET":
        form.edition.data = services.default_edition_id()
        if request.args.get("audience") in services.AUDIENCE_LABELS:
            form.audience.data = request.args["audience"]
    preview = None
    if form.validate_on_submit():
        edition = db.session.get(Edition, form.edition.data)
        try:
            if form.send.data:
                broadcast = services.send_broadcast(current_user, edition, form.audience.data,
                                                    form.subject.data, form.body.data)
                flash(ngettext("The message was sent to %(num)d person.",
                               "The message was sent to %(num)d people.",
                               broadcast.recipient_count), "success")
                return redirect(url_for(".show_broadcast", broadcast_id=broadcast.id))
            preview = services.preview(current_user, edition, form.audience.data,
                                       form.subject.data, form.body.data)
        except services.BroadcastError as error:
            form[error.field].errors.append(str(error))
    status = 400 if form.errors else 200
    return render_template("broadcasts/organiser/new.html", form=form, preview=preview,
                           audience_labels=services.AUDIENCE_LABELS), status


@bp.get("/<int:broadcast_id>")
@broadcaster_required
def show_broadcast(broadcast_id: int):
    row = services.broadcast_details(broadcast_id)
    if row is None:
        abort(404)
    return render_template("broadcasts/organiser/show.html", row=row,
                           audience_labels=services.AUDIENCE_LABELS)
