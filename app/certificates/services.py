"""The rules of certificates: who gets one, their codes, settings, issuing, revoking, re-issuing
and mailing. Every user action is one transaction with its audit event; nothing reads `request`.

One certificate per subject — (kind, award), (finalist, nomination) or (jury, juror) — is not
revoked at any time; planning never creates a second one for a subject that ever had one (a
revoked certificate is replaced only by an explicit re-issue).
"""
from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from app import mail, storage
from app.accounts.models import User
from app.audit.services import record
from app.awards.models import Award, AwardStatus, Place
from app.certificates import codes, documents, queries
from app.certificates.models import (Certificate, CertificateKind, CertificateSettings,
                                     CertificateStatus)
from app.certificates.rendering import render_certificate
from app.db_types import utcnow
from app.editions.freeze import is_frozen
from app.editions.models import Category, Edition, NomineeType
from app.extensions import db
from app.judging.models import Assignment, JurorProfile, Review, ReviewStatus, Round
from app.nominations.models import Nomination, NominationStatus

NAME_MAX = 250
REASON_MAX = 2000
LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_PIXELS = 4000 * 4000
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
SIGNATORIES_MAX = 4


class CertificateError(Exception):
    """A refused action, with a message for the user; `field` names the form field at fault."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# -- subjects -----------------------------------------------------------------------------------

def subject_key(kind: str, award_id: int | None, nomination_id: int | None,
                juror_id: int | None) -> tuple:
    if kind in (CertificateKind.AWARD.value, CertificateKind.MENTION.value):
        return kind, award_id
    if kind == CertificateKind.FINALIST.value:
        return kind, nomination_id
    return kind, juror_id


def key_of(certificate: Certificate) -> tuple:
    return subject_key(certificate.kind, certificate.award_id, certificate.nomination_id,
                       certificate.juror_id)


def ensure_subject_free(certificate: Certificate, replacing: Certificate | None = None) -> None:
    """Refuse a second certificate that is not revoked for the same subject."""
    kind, subject_id = key_of(certificate)
    column = {CertificateKind.FINALIST.value: Certificate.nomination_id,
              CertificateKind.JURY.value: Certificate.juror_id}.get(kind, Certificate.award_id)
    statement = select(Certificate.short_code).where(
        Certificate.edition_id == certificate.edition_id, Certificate.kind == kind,
        column == subject_id, Certificate.status != CertificateStatus.REVOKED.value)
    if certificate.id is not None:
        statement = statement.where(Certificate.id != certificate.id)
    if replacing is not None:
        statement = statement.where(Certificate.id != replacing.id)
    clash = db.session.scalar(statement.limit(1))
    if clash is not None:
        raise CertificateError(_("This recipient already has a valid certificate for this: %(code)s.",
                                 code=clash))


# -- who gets one -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    kind: str
    award_id: int | None
    nomination_id: int | None
    juror_id: int | None
    recipient_name: str
    recipient_detail: str
    locale: str

    @property
    def key(self) -> tuple:
        return subject_key(self.kind, self.award_id, self.nomination_id, self.juror_id)


def _locale_of(user: User | None) -> str:
    locale = getattr(user, "locale", None)
    return locale if locale in current_app.config["LANGUAGES"] else "es"


def _clip(text: str) -> str:
    return (text or "").strip()[:NAME_MAX]


def nominee_recipient(nomination: Nomination, locale: str) -> tuple[str, str]:
    """(name, detail): a municipality with its mayor, or the person with their role, or the
    institution."""
    if nomination.nominee_type == NomineeType.MUNICIPALITY.value and nomination.municipality:
        municipality = nomination.municipality
        return (documents.municipality_title(municipality.name, locale),
                documents.mayor_line(municipality.mayor_name or "", locale))
    return nomination.nominee_name, nomination.nominee_role


def candidates(edition: Edition) -> list[Candidate]:
    """Everyone with a certificate due: confirmed places, finalists without a place, and jurors
    with at least one submitted review, in that order."""
    result: list[Candidate] = []
    awards = db.session.scalars(
        select(Award).join(Category, Category.id == Award.category_id)
        .where(Category.edition_id == edition.id, Award.status == AwardStatus.CONFIRMED.value)
        .options(joinedload(Award.nomination).joinedload(Nomination.municipality),
                 joinedload(Award.nomination).joinedload(Nomination.submitter),
                 joinedload(Award.municipality))
        .order_by(Category.position, Category.code, Award.position, Award.id)).unique().all()
    awarded_nominations = set()
    for award in awards:
        kind = (CertificateKind.MENTION.value if award.place == Place.MENTION.value
                else CertificateKind.AWARD.value)
        if award.nomination is not None:
            awarded_nominations.add(award.nomination_id)
            locale = _locale_of(award.nomination.submitter)
            name, detail = nominee_recipient(award.nomination, locale)
        else:
            locale = "es"
            name = documents.municipality_title(award.municipality.name, locale)
            detail = documents.mayor_line(award.municipality.mayor_name or "", locale)
        result.append(Candidate(kind, award.id, award.nomination_id, None, _clip(name),
                                _clip(detail), locale))
    finalists = db.session.scalars(
        select(Nomination).join(Category, Category.id == Nomination.category_id)
        .where(Category.edition_id == edition.id,
               Nomination.status == NominationStatus.FINALIST.value)
        .options(joinedload(Nomination.municipality), joinedload(Nomination.submitter))
        .order_by(Category.position, Category.code, Nomination.reference, Nomination.id)).all()
    for nomination in finalists:
        if nomination.id in awarded_nominations:
            continue
        locale = _locale_of(nomination.submitter)
        name, detail = nominee_recipient(nomination, locale)
        result.append(Candidate(CertificateKind.FINALIST.value, None, nomination.id, None,
                                _clip(name), _clip(detail), locale))
    jurors = db.session.execute(
        select(User, JurorProfile.organisation)
        .outerjoin(JurorProfile, JurorProfile.user_id == User.id)
        .where(User.id.in_(select(Assignment.juror_id)
                           .join(Review, Review.assignment_id == Assignment.id)
                           .join(Round, Round.id == Assignment.round_id)
                           .join(Category, Category.id == Round.category_id)
                           .where(Category.edition_id == edition.id,
                                  Review.status == ReviewStatus.SUBMITTED.value)))
        .order_by(User.name, User.id)).all()
    for user, organisation in jurors:
        result.append(Candidate(CertificateKind.JURY.value, None, None, user.id, _clip(user.name),
                                _clip(organisation or ""), _locale_of(user)))
    return result


def lock_edition(edition: Edition) -> None:
    """Serialise planning per edition: a row lock on PostgreSQL, the write lock on SQLite."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(Edition.id).where(Edition.id == edition.id).with_for_update())
    else:
        db.session.execute(update(Edition).where(Edition.id == edition.id).values(year=Edition.year))


def fresh_codes(count: int) -> list[tuple[str, str]]:
    """`count` (code, short code) pairs used by no certificate, ever; collisions are drawn again."""
    pairs: list[tuple[str, str]] = []
    taken_codes: set[str] = set()
    taken_shorts: set[str] = set()
    while len(pairs) < count:
        batch = [(codes.new_code(), codes.new_short_code()) for _ in range(count - len(pairs))]
        used_codes = set(db.session.scalars(select(Certificate.code).where(
            Certificate.code.in_([c for c, _s in batch]))))
        used_shorts = set(db.session.scalars(select(Certificate.short_code).where(
            Certificate.short_code.in_([s for _c, s in batch]))))
        for code, short in batch:
            if code in used_codes or code in taken_codes or short in used_shorts or short in taken_shorts:
                continue
            taken_codes.add(code)
            taken_shorts.add(short)
            pairs.append((code, short))
    return pairs


def plan_certificates(edition: Edition) -> list[Certificate]:
    """Add a pending certificate, with its codes, for every subject that never had one. The
    caller commits (all planned rows in one transaction, so a crash leaves all or none)."""
    if not is_frozen(edition):
        raise CertificateError(_("Certificates are issued once the edition is closed."))
    lock_edition(edition)
    seen = {key_of(c) for c in db.session.scalars(
        select(Certificate).where(Certificate.edition_id == edition.id))}
    due = []
    for candidate in candidates(edition):
        if candidate.key not in seen:
            seen.add(candidate.key)
            due.append(candidate)
    planned = [Certificate(edition_id=edition.id, kind=c.kind, award_id=c.award_id,
                           nomination_id=c.nomination_id, juror_id=c.juror_id,
                           recipient_name=c.recipient_name, recipient_detail=c.recipient_detail,
                           locale=c.locale, code=code, short_code=short,
                           status=CertificateStatus.PENDING.value, revoke_reason="")
               for c, (code, short) in zip(due, fresh_codes(len(due)))]
    db.session.add_all(planned)
    if planned:
        record("certificates.planned", edition, summary={"count": len(planned)})
    return planned


# -- rendering and issuing ----------------------------------------------------------------------

def facts_of(certificate: Certificate, subject: queries.Subject) -> documents.Facts:
    """Plain values only: they outlive the session's commits (which expire ORM objects)."""
    category = subject.category
    return documents.Facts(
        kind=certificate.kind, locale=certificate.locale, recipient_name=certificate.recipient_name,
        recipient_detail=certificate.recipient_detail or "", short_code=certificate.short_code,
        code=certificate.code, place=subject.place,
        category_es=category.name_es if category else "",
        category_en=(category.name_en or "") if category else "",
        nomination_title=subject.nomination.title if subject.nomination else "")


def contexts(certificates: list[Certificate], parts: documents.EditionParts) -> list[dict]:
    return [documents.certificate_context(facts_of(c, s), parts)
            for c, s in zip(certificates, queries.subjects_for(certificates))]


def mark_issued(certificate_id: int, pdf_sha256: str) -> bool:
    """Pending → issued with its PDF, unless another run got there first (then False). The
    caller commits, and refreshes any loaded Certificate it still reads (the statement does not
    walk the session's objects, which would cost a bulk run dearly)."""
    result = db.session.execute(
        update(Certificate).where(Certificate.id == certificate_id,
                                  Certificate.status == CertificateStatus.PENDING.value)
        .values(status=CertificateStatus.ISSUED.value, pdf_sha256=pdf_sha256,
                issued_at=utcnow())
        .execution_options(synchronize_session=False))
    return result.rowcount == 1


def file_name(short_code: str, recipient: str) -> str:
    """"SCA-7K2M-9QXP-municipalidad-de-miraflores.pdf": code first, then the recipient."""
    return f"{short_code}-{slug(recipient)}.pdf"


def pdf_filename(certificate: Certificate) -> str:
    return file_name(certificate.short_code, certificate.recipient_name)


def slug(text: str, limit: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-") or "certificate"


@dataclass(frozen=True)
class Addressee:
    email: str
    name: str
    user_id: int | None = None


def addressees(certificates: list[Certificate],
               subjects: list[queries.Subject]) -> dict[int, list[Addressee]]:
    """Who receives each certificate by mail, in two queries: the juror, the nomination's
    submitter, or the confirmed representatives of the municipality the ranking awarded."""
    from app.municipalities.models import Representation, RepresentationStatus
    user_of = {c.id: c.juror_id or (s.nomination.submitter_id if s.nomination else None)
               for c, s in zip(certificates, subjects)}
    user_ids = {u for u in user_of.values() if u}
    users = {u.id: u for u in db.session.scalars(
        select(User).where(User.id.in_(user_ids), User.active.is_(True)))} if user_ids else {}
    municipality_ids = {s.municipality_id for s in subjects if s.municipality_id}
    representatives: dict[int, list[User]] = {}
    if municipality_ids:
        for municipality_id, user in db.session.execute(
                select(Representation.municipality_id, User)
                .join(User, User.id == Representation.user_id)
                .where(Representation.municipality_id.in_(municipality_ids),
                       Representation.status == RepresentationStatus.CONFIRMED.value,
                       User.active.is_(True)).order_by(User.id)):
            representatives.setdefault(municipality_id, []).append(user)
    result = {}
    for certificate, subject in zip(certificates, subjects):
        people = ([users[user_of[certificate.id]]] if user_of[certificate.id] in users
                  else representatives.get(subject.municipality_id, []))
        result[certificate.id] = [Addressee(u.email, u.name, u.id) for u in people if u.email]
    return result


def send_certificate(facts: documents.Facts, pdf: bytes, people: list[Addressee],
                     edition_name: str, verify_url: str, certificate_id: int) -> int:
    """Mail the certificate's PDF to each addressee, in the certificate's language; reads nothing
    from the database and adds the mail records to the session (the caller commits)."""
    check_url = f"{verify_url}/{facts.code}"
    with force_locale(facts.locale):
        kind = str(documents.KIND_TITLES[facts.kind])
    for person in people:
        mail.send_template(
            person.email, "certificate_issued",
            {"name": person.name, "certificate": facts, "kind": kind,
             "edition_name": edition_name, "check_url": check_url},
            locale=facts.locale, recipient_id=person.user_id,
            obj=mail.ObjectRef(Certificate.__tablename__, certificate_id),
            attachments=[(file_name(facts.short_code, facts.recipient_name), "application/pdf",
                          pdf)])
    return len(people)


def mark_emailed(certificate_ids: list[int]) -> None:
    """Record the mailing (the caller commits). Mails leave first, so a crash in between mails
    a certificate twice rather than never."""
    if certificate_ids:
        db.session.execute(update(Certificate).where(Certificate.id.in_(certificate_ids),
                                                     Certificate.emailed_at.is_(None))
                           .values(emailed_at=utcnow())
                           .execution_options(synchronize_session=False))


def deliver(certificate: Certificate, pdf: bytes | None = None,
            verify_url: str | None = None) -> int:
    """Mail one issued, not yet mailed certificate and record it (commits). Returns the number
    of mails sent; a certificate nobody can receive stays unmailed."""
    if certificate.status != CertificateStatus.ISSUED.value or certificate.emailed_at is not None:
        return 0
    subject = queries.subjects_for([certificate])[0]
    people = addressees([certificate], [subject])[certificate.id]
    if not people:
        return 0
    edition = db.session.get(Edition, certificate.edition_id)
    sent = send_certificate(facts_of(certificate, subject),
                            pdf if pdf is not None else storage.read(certificate.pdf_sha256),
                            people, edition.name, verify_url or documents.verify_base_url(),
                            certificate.id)
    mark_emailed([certificate.id])
    db.session.commit()
    return sent


def render_one(certificate: Certificate, base_url: str | None = None) -> bytes:
    edition = db.session.get(Edition, certificate.edition_id)
    parts = documents.edition_parts(edition, queries.settings_for(edition), base_url)
    return render_certificate(contexts([certificate], parts)[0])


# -- revoking and re-issuing --------------------------------------------------------------------

def _reason(text: str, empty_message: str) -> str:
    reason = (text or "").strip()
    if not reason:
        raise CertificateError(empty_message, field="reason")
    if len(reason) > REASON_MAX:
        raise CertificateError(_("Keep the reason under %(max)d characters.", max=REASON_MAX),
                               field="reason")
    return reason


def revoke(certificate: Certificate, reason: str) -> Certificate:
    reason = _reason(reason, _("Give the reason for revoking this certificate."))
    if certificate.status == CertificateStatus.REVOKED.value:
        raise CertificateError(_("This certificate is already revoked."))
    record("certificate.revoked", certificate, summary={
        "short_code": certificate.short_code, "recipient": certificate.recipient_name,
        "from": certificate.status, "reason": reason})
    certificate.status = CertificateStatus.REVOKED.value
    certificate.revoked_at = utcnow()
    certificate.revoke_reason = reason
    db.session.commit()
    return certificate


@dataclass(frozen=True)
class Correction:
    recipient_name: str
    recipient_detail: str
    locale: str
    reason: str


def reissue(certificate: Certificate, correction: Correction,
            base_url: str | None = None) -> Certificate:
    """A corrected certificate with new codes; the old one is revoked and points to it. The PDF
    is rendered before anything is written, so a failure leaves both as they were."""
    reason = _reason(correction.reason, _("Say what was corrected."))
    name = (correction.recipient_name or "").strip()
    if not name:
        raise CertificateError(_("Enter the recipient's name."), field="recipient_name")
    if len(name) > NAME_MAX or len(correction.recipient_detail or "") > NAME_MAX:
        raise CertificateError(_("Keep names under %(max)d characters.", max=NAME_MAX),
                               field="recipient_name")
    if certificate.status != CertificateStatus.ISSUED.value:
        raise CertificateError(_("Only a valid certificate can be re-issued."))
    (code, short), = fresh_codes(1)
    replacement = Certificate(
        edition_id=certificate.edition_id, kind=certificate.kind, award_id=certificate.award_id,
        nomination_id=certificate.nomination_id, juror_id=certificate.juror_id,
        recipient_name=name, recipient_detail=(correction.recipient_detail or "").strip(),
        locale=correction.locale if correction.locale in documents.LOCALES else certificate.locale,
        code=code, short_code=short, status=CertificateStatus.PENDING.value, revoke_reason="")
    ensure_subject_free(replacement, replacing=certificate)
    pdf = render_one(replacement, base_url)
    stored = storage.store(pdf)
    replacement.status = CertificateStatus.ISSUED.value
    replacement.pdf_sha256 = stored.sha256
    replacement.issued_at = utcnow()
    db.session.add(replacement)
    db.session.flush()
    certificate.status = CertificateStatus.REVOKED.value
    certificate.revoked_at = utcnow()
    certificate.revoke_reason = reason
    certificate.replaced_by_id = replacement.id
    record("certificate.reissued", replacement, summary={
        "replaces": certificate.short_code, "short_code": replacement.short_code,
        "recipient": replacement.recipient_name, "reason": reason})
    db.session.commit()
    deliver(replacement, pdf=pdf, verify_url=documents.verify_base_url(base_url))
    return replacement


# -- settings -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class SettingsInput:
    wording: dict[str, dict[str, str]]  # kind → locale → text as typed
    signatories: list[dict[str, str]]
    city: str
    issue_date: date | None


def check_logo(data: bytes) -> str:
    """The content type of an acceptable logo (a real PNG or JPEG, not too big), else a
    CertificateError for the logo field."""
    from PIL import Image, UnidentifiedImageError

    if not data:
        raise CertificateError(_("The logo file is empty."), field="logo")
    if len(data) > LOGO_MAX_BYTES:
        raise CertificateError(_("The logo may be at most 2 MB."), field="logo")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise CertificateError(_("The logo must be a PNG or JPEG image."), field="logo") from None
    if image_format not in LOGO_TYPES:
        raise CertificateError(_("The logo must be a PNG or JPEG image."), field="logo")
    if width * height > LOGO_MAX_PIXELS:
        raise CertificateError(_("The logo may be at most 4000 × 4000 pixels."), field="logo")
    return LOGO_TYPES[image_format]


def clean_wording(wording: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Only the texts that differ from the default; each checked in the sandbox."""
    cleaned: dict[str, dict[str, str]] = {}
    for kind in (k.value for k in CertificateKind):
        for locale in documents.LOCALES:
            text = ((wording.get(kind) or {}).get(locale) or "").replace("\r\n", "\n").strip()
            if not text or text == documents.default_wording(kind, locale):
                continue
            problem = documents.wording_problem(text)
            if problem:
                raise CertificateError(problem, field=f"wording_{kind}_{locale}")
            cleaned.setdefault(kind, {})[locale] = text
    return cleaned


def clean_signatories(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    cleaned = []
    for row in rows:
        values = {key: (row.get(key) or "").strip() for key in ("name", "title_es", "title_en")}
        if not any(values.values()):
            continue
        if not values["name"]:
            raise CertificateError(_("Each signatory needs a name."), field="signatories")
        cleaned.append(values)
    if len(cleaned) > SIGNATORIES_MAX:
        raise CertificateError(_("At most %(max)d signatories fit on a certificate.",
                                 max=SIGNATORIES_MAX), field="signatories")
    return cleaned


def settings_with(edition: Edition, values: SettingsInput, logo: bytes | None = None,
                  remove_logo: bool = False) -> CertificateSettings:
    """The settings as they would be with these values (checked; nothing written), for saving
    or for a preview. A new logo is stored (content-addressed files are harmless if unused)."""
    settings = queries.settings_for(edition)
    wording = clean_wording(values.wording)
    signatories = clean_signatories(values.signatories)
    draft = CertificateSettings(edition_id=edition.id, wording=wording, signatories=signatories,
                                city=values.city.strip()[:120], issue_date=values.issue_date,
                                logo_sha256=None if remove_logo else settings.logo_sha256,
                                logo_content_type=None if remove_logo else settings.logo_content_type)
    if logo:
        content_type = check_logo(logo)
        draft.logo_sha256 = storage.store(logo).sha256
        draft.logo_content_type = content_type
    return draft


def save_settings(edition: Edition, values: SettingsInput, logo: bytes | None = None,
                  remove_logo: bool = False) -> CertificateSettings:
    draft = settings_with(edition, values, logo, remove_logo)
    settings = queries.settings_for(edition)
    for field in ("wording", "signatories", "city", "issue_date", "logo_sha256",
                  "logo_content_type"):
        setattr(settings, field, getattr(draft, field))
    db.session.add(settings)
    record("certificate_settings.saved", settings, summary={
        "edition": edition.year, "custom_wording": sorted(
            f"{kind}/{locale}" for kind, texts in settings.wording.items() for locale in texts),
        "signatories": [s["name"] for s in settings.signatories], "city": settings.city,
        "issue_date": settings.issue_date, "logo": settings.logo_sha256})
    db.session.commit()
    return settings
