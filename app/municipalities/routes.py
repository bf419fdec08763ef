"""Organisers keep the list of municipalities."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import or_, select

from app.accounts.permissions import organiser_required
from app.extensions import db
from app.municipalities import services
from app.municipalities.forms import MunicipalityForm
from app.municipalities.models import Municipality

bp = Blueprint("municipalities", __name__, url_prefix="/organiser/municipalities")


def _values(form: MunicipalityForm) -> dict:
    return {field: (form[field].data or "").strip() for field in services.FIELDS}


@bp.get("/")
@organiser_required
def list_municipalities():
    query = request.args.get("q", "").strip()
    statement = select(Municipality).order_by(Municipality.country, Municipality.name)
    if query:
        like = f"%{query}%"
        statement = statement.where(or_(Municipality.name.ilike(like),
                                        Municipality.official_code.ilike(like)))
    municipalities = db.session.scalars(statement).all()
    return render_template("municipalities/organiser/list.html", municipalities=municipalities,
                           query=query)


@bp.route("/new", methods=["GET", "POST"])
@organiser_required
def create_municipality():
    form = MunicipalityForm()
    if form.validate_on_submit():
        try:
            services.create_municipality(_values(form))
        except services.MunicipalityError as error:
            form.official_code.errors.append(str(error))
        else:
            flash(_("Municipality added."), "success")
            return redirect(url_for("municipalities.list_municipalities"))
    return render_template("municipalities/organiser/form.html", form=form, municipality=None)


@bp.route("/<int:municipality_id>/edit", methods=["GET", "POST"])
@organiser_required
def edit_municipality(municipality_id: int):
    municipality = db.get_or_404(Municipality, municipality_id)
    form = MunicipalityForm(obj=municipality)
    if form.validate_on_submit():
        try:
            services.update_municipality(municipality, _values(form))
        except services.MunicipalityError as error:
            db.session.rollback()
            form.official_code.errors.append(str(error))
        else:
            flash(_("Municipality saved."), "success")
            return redirect(url_for("municipalities.list_municipalities"))
    return render_template("municipalities/organiser/form.html", form=form,
                           municipality=municipality)
