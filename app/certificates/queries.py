"""Reading certificates: what each is for, the organisers' list, the public check, the recipients'
own. Bulk loaders keep list pages at a fixed number of queries whatever the row count."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select

from app.awards.models import Award
from app.certificates import codes
from app.certificates.models import (Certificate, CertificateJob, CertificateKind,
                                     CertificateSettings, CertificateStatus)
from app.editions.models import Category, Edition
from app.extensions import db
from app.municipalities.services import confirmed_municipality_ids
from app.nominations.models import Nomination

PAGE_SIZE = 100


@dataclass(frozen=True)
class Subject:
    """What a certificate is for, as the PDF and the pages name it."""

    category: Category | None
    place: str | None
    nomination: Nomination | None
    municipality_id: int | None  # the municipality awarded by the ranking, if that is the award


def settings_for(edition: Edition) -> CertificateSettings:
    """The edition's settings; an unsaved default row when the organisers saved none yet."""
    settings = db.session.scalar(select(CertificateSettings).where(
        CertificateSettings.edition_id == edition.id))
    if settings is None:
        settings = CertificateSettings(edition_id=edition.id, wording={}, signatories=[],
                                       city="Lima")
    return settings


def subjects_for(certificates: list[Certificate]) -> list[Subject]:
    """The subject of each certificate, in order, in at most three queries."""
    award_ids = {c.award_id for c in certificates if c.award_id}
    nomination_ids = {c.nomination_id for c in certificates if c.nomination_id}
    awards = {a.id: a for a in db.session.scalars(
        select(Award).where(Award.id.in_(award_ids)))} if award_ids else {}
    nomination_ids |= {a.nomination_id for a in awards.values() if a.nomination_id}
    nominations = {n.id: n for n in db.session.scalars(
        select(Nomination).where(Nomination.id.in_(nomination_ids)))} if nomination_ids else {}
    category_ids = {a.category_id for a in awards.values()} | {
        n.category_id for n in nominations.values()}
    categories = {c.id: c for c in db.session.scalars(
        select(Category).where(Category.id.in_(category_ids)))} if category_ids else {}
    subjects = []
    for certificate in certificates:
        award = awards.get(certificate.award_id)
        nomination = nominations.get(certificate.nomination_id or (award.nomination_id if award else None))
        category_id = award.category_id if award else (nomination.category_id if nomination else None)
        subjects.append(Subject(category=categories.get(category_id),
                                place=award.place if award else None, nomination=nomination,
                                municipality_id=award.municipality_id if award else None))
    return subjects


# -- the organisers' list -----------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    status: str = ""
    kind: str = ""
    text: str = ""
    page: int = 1


@dataclass(frozen=True)
class Row:
    certificate: Certificate
    subject: Subject


@dataclass(frozen=True)
class Listing:
    rows: list[Row]
    total: int
    page: int
    pages: int
    counts: dict[str, int]  # per status, for the whole edition


def listing(edition: Edition, filters: Filters) -> Listing:
    statement = select(Certificate).where(Certificate.edition_id == edition.id)
    if filters.status in {s.value for s in CertificateStatus}:
        statement = statement.where(Certificate.status == filters.status)
    if filters.kind in {k.value for k in CertificateKind}:
        statement = statement.where(Certificate.kind == filters.kind)
    if filters.text.strip():
        needle = f"%{filters.text.strip().lower()}%"
        statement = statement.where(or_(func.lower(Certificate.recipient_name).like(needle),
                                        func.lower(Certificate.short_code).like(needle)))
    total = db.session.scalar(select(func.count()).select_from(statement.subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, filters.page), pages)
    certificates = list(db.session.scalars(statement.order_by(Certificate.id)
                                           .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)))
    counts = dict(db.session.execute(
        select(Certificate.status, func.count()).where(Certificate.edition_id == edition.id)
        .group_by(Certificate.status)).all())
    rows = [Row(c, s) for c, s in zip(certificates, subjects_for(certificates))]
    return Listing(rows, total, page, pages, counts)


def latest_job(edition: Edition) -> CertificateJob | None:
    return db.session.scalar(select(CertificateJob).where(CertificateJob.edition_id == edition.id)
                             .order_by(CertificateJob.id.desc()).limit(1))


def issued_files(edition: Edition) -> list[tuple[str, str, str]]:
    """(short code, recipient, PDF SHA-256) of every issued certificate, in planning order."""
    return [tuple(row) for row in db.session.execute(
        select(Certificate.short_code, Certificate.recipient_name, Certificate.pdf_sha256)
        .where(Certificate.edition_id == edition.id,
               Certificate.status == CertificateStatus.ISSUED.value)
        .order_by(Certificate.id))]


# -- the public check -------------------------------------------------------------------------

def find_for_check(text: str) -> Certificate | None:
    """An issued or revoked certificate by its long or short code, as typed; pending ones are not
    out yet and unknown codes are None."""
    parsed = codes.parse(text)
    if parsed is None:
        return None
    column = Certificate.code if parsed[0] == "code" else Certificate.short_code
    return db.session.scalar(select(Certificate).where(
        column == parsed[1], Certificate.status != CertificateStatus.PENDING.value))


# -- recipients ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class OwnCertificate:
    certificate: Certificate
    subject: Subject
    edition_name: str
    issued_at: datetime | None


def own_certificates(user, side: str) -> list[OwnCertificate]:
    """Issued certificates of a signed-in user: side "nominator" (their nominations, and awards
    of the municipalities they represent) or "juror" (their jury service)."""
    if not getattr(user, "is_authenticated", False):
        return []
    statement = select(Certificate, Edition.name).join(Edition, Edition.id == Certificate.edition_id).where(
        Certificate.status == CertificateStatus.ISSUED.value)
    if side == "juror":
        statement = statement.where(Certificate.juror_id == user.id)
    else:
        municipality_ids = confirmed_municipality_ids(user) or {0}
        own_nominations = select(Nomination.id).where(or_(
            Nomination.submitter_id == user.id, Nomination.municipality_id.in_(municipality_ids)))
        municipal_awards = select(Award.id).where(Award.municipality_id.in_(municipality_ids))
        statement = statement.where(or_(Certificate.nomination_id.in_(own_nominations),
                                        Certificate.award_id.in_(municipal_awards)))
    rows = db.session.execute(statement.order_by(Certificate.id.desc())).all()
    certificates = [row[0] for row in rows]
    return [OwnCertificate(c, s, name, c.issued_at)
            for c, s, (_c, name) in zip(certificates, subjects_for(certificates), rows)]
