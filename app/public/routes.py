"""Pages anyone may see: home, language choice, health."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import text

from app.editions.services import current_edition
from app.extensions import db
from app.public.forms import LanguageForm

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    edition = current_edition()
    return render_template("public/home.html", edition=edition)


@bp.post("/language")
def set_language():
    form = LanguageForm()
    if form.validate_on_submit() and form.locale.data in current_app.config["LANGUAGES"]:
        session["locale"] = form.locale.data
        if current_user.is_authenticated:
            from app.accounts.services import update_locale
            update_locale(current_user, form.locale.data)
    target = request.form.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("public.home")
    return redirect(target)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except Exception as exc:  # the health check reports any database failure instead of raising
        current_app.logger.warning("health check: database unavailable: %s", exc)
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return jsonify(status="ok" if status == 200 else "error", database=database), status
