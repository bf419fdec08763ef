"""Municipalities: seeding from the official district list, and organiser edits."""
from __future__ import annotations

import csv
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select

from app import mail
from app.audit.services import record
from app.db_types import utcnow
from app.extensions import db
from app.municipalities.models import Municipality, Representation, RepresentationStatus
from app.urls import external_url

DISTRICTS_CSV = Path(__file__).resolve().parent.parent / "data" / "districts_lima_callao.csv"
FIELDS = ("name", "official_name", "country", "region", "province", "official_code", "mayor_name")


class MunicipalityError(Exception):
    pass


def read_districts(path: Path = DISTRICTS_CSV) -> list[dict]:
    """Rows of the INEI district list as municipality values (UBIGEO as the official code)."""
    with path.open(encoding="utf-8") as fh:
        return [{"name": row["name"], "official_name": row["official_name"],
                 "country": row["country"], "region": row["department"],
                 "province": row["province"], "official_code": row["ubigeo"]}
                for row in csv.DictReader(fh)]


def seed_districts() -> int:
    """Add the districts of Lima and Callao that are missing; returns how many were added."""
    existing = {(country, code) for country, code in db.session.execute(
        select(Municipality.country, Municipality.official_code))}
    added = 0
    for values in read_districts():
        if (values["country"], values["official_code"]) not in existing:
            db.session.add(Municipality(**values))
            added += 1
    if added:
        record("municipality.seeded", summary={"added": added, "source": DISTRICTS_CSV.name})
    db.session.commit()
    return added


def _validate(values: dict, municipality: Municipality | None) -> None:
    code = values.get("official_code") or None
    values["official_code"] = code
    values["country"] = values["country"].upper()
    if code:
        clash = db.session.scalar(select(Municipality).where(
            Municipality.country == values["country"], Municipality.official_code == code))
        if clash is not None and clash is not municipality:
            raise MunicipalityError(_("Another municipality of this country already has the "
                                      "official code %(code)s.", code=code))


def create_municipality(values: dict) -> Municipality:
    _validate(values, None)
    municipality = Municipality(**{k: values.get(k) or ("" if k != "official_code" else None)
                                   for k in FIELDS})
    db.session.add(municipality)
    record("municipality.created", municipality, summary=values)
    db.session.commit()
    return municipality


def update_municipality(municipality: Municipality, values: dict) -> Municipality:
    _validate(values, municipality)
    changes = {}
    for field in FIELDS:
        new = values.get(field)
        if field != "official_code":
            new = new or ""
        if getattr(municipality, field) != new:
            changes[field] = [getattr(municipality, field), new]
            setattr(municipality, field, new)
    if changes:
        record("municipality.updated", municipality, summary=changes)
        db.session.commit()
    return municipality


def request_representation(user, municipality: Municipality, position: str, office_phone: str,
                           official_email: str = "") -> Representation:
    """A person asks to act for a municipality; an organiser confirms before they may submit."""
    existing = db.session.scalar(select(Representation).where(
        Representation.user_id == user.id, Representation.municipality_id == municipality.id))
    if existing is not None and existing.status != RepresentationStatus.REJECTED.value:
        raise MunicipalityError(_("You already asked to represent %(name)s.", name=municipality.name))
    representation = existing or Representation(user_id=user.id, municipality_id=municipality.id)
    representation.position = position.strip()
    representation.office_phone = office_phone.strip()
    representation.official_email = official_email.strip().lower()
    representation.status = RepresentationStatus.REQUESTED.value
    representation.decision_reason = ""
    representation.decided_by_id = None
    representation.decided_at = None
    db.session.add(representation)
    record("representation.requested", representation,
           summary={"municipality": municipality.name, "position": representation.position})
    _mail_request(representation)
    db.session.commit()
    return representation


def _mail_request(representation: Representation) -> None:
    """Every active organiser, in their language, gets the request to review."""
    from app.notifications.events import organisers
    link = external_url("representations.list_representations")
    for organiser in organisers():
        mail.mail_user(organiser, "representation_requested",
                       {"organiser": organiser, "representation": representation, "link": link},
                       obj=representation)


def decide_representation(organiser, representation: Representation, confirm: bool,
                          reason: str = "", now=None) -> Representation:
    if not confirm and not reason.strip():
        raise MunicipalityError(_("Give a reason when you reject a request."))
    representation.status = (RepresentationStatus.CONFIRMED if confirm
                             else RepresentationStatus.REJECTED).value
    representation.decision_reason = reason.strip()
    representation.decided_by_id = organiser.id
    representation.decided_at = now or utcnow()
    record("representation.confirmed" if confirm else "representation.rejected", representation,
           summary={"user_id": representation.user_id,
                    "municipality": representation.municipality.name, "reason": reason.strip()})
    _mail_decision(representation)
    db.session.commit()
    return representation


def _mail_decision(representation: Representation) -> None:
    user = representation.user
    mail.mail_user(user, "representation_decision",
                   {"representation": representation, "user": user}, obj=representation)


def confirmed_municipality_ids(user) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(db.session.scalars(select(Representation.municipality_id).where(
        Representation.user_id == user.id,
        Representation.status == RepresentationStatus.CONFIRMED.value)))
