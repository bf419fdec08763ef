"""Organisers keep the list of municipalities."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import or_, select

from flask_login import current_user, login_required

from app.accounts.permissions import organiser_required
from app.extensions import db
from app.municipalities import services
from app.municipalities.forms import DecisionForm, MunicipalityForm, RepresentationForm
from app.municipalities.models import Municipality, Representation, RepresentationStatus

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


representation_bp = Blueprint("representations", __name__)


@representation_bp.route("/my/municipality", methods=["GET", "POST"])
@login_required
def request_representation():
    form = RepresentationForm()
    form.municipality.choices = [(m.id, f"{m.name} ({m.country})") for m in db.session.scalars(
        select(Municipality).order_by(Municipality.country, Municipality.name))]
    if form.validate_on_submit():
        municipality = db.get_or_404(Municipality, form.municipality.data)
        try:
            services.request_representation(current_user, municipality, form.position.data,
                                            form.office_phone.data, form.official_email.data or "")
        except services.MunicipalityError as error:
            form.municipality.errors.append(str(error))
        else:
            flash(_("Request sent. The organisers will confirm it; we will email you."), "success")
            return redirect(url_for("representations.request_representation"))
    mine = db.session.scalars(select(Representation).where(
        Representation.user_id == current_user.id).order_by(Representation.created_at)).all()
    return render_template("municipalities/nominator/representation.html", form=form,
                           representations=mine)


@representation_bp.get("/organiser/representations")
@organiser_required
def list_representations():
    representations = db.session.scalars(select(Representation).order_by(
        Representation.status != RepresentationStatus.REQUESTED.value,
        Representation.created_at.desc())).all()
    return render_template("municipalities/organiser/representations.html",
                           representations=representations, form=DecisionForm())


@representation_bp.post("/organiser/representations/<int:representation_id>/decision")
@organiser_required
def decide_representation(representation_id: int):
    representation = db.get_or_404(Representation, representation_id)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            services.decide_representation(current_user, representation,
                                           form.decision.data == "confirm", form.reason.data or "")
        except services.MunicipalityError as error:
            flash(str(error), "error")
        else:
            flash(_("Decision recorded and emailed."), "success")
    return redirect(url_for("representations.list_representations"))
