"""Pages anyone may see: home, language choice (the health probes are in app/ops)."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from app.editions.services import current_edition
from app.public.forms import LanguageForm
from app.urls import safe_redirect_target

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
    return redirect(safe_redirect_target(request.form.get("next"), url_for("public.home")))
