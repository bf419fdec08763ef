"""Nomination rules: drafts, submission, versions, attachments, withdrawal, screening."""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from app import mail, storage
from app.accounts.permissions import is_organiser
from app.audit.services import record
from app.db_types import utcnow
from app.editions.models import Category, NomineeType
from app.extensions import db
from app.i18n import format_in_zone
from app.municipalities.models import Municipality
from app.municipalities.services import confirmed_municipality_ids
from app.nominations import receipt_mail, uploads
from app.nominations.models import (Attachment, Nomination, NominationStatus, NominationVersion,
                                    ReferenceCounter)
from app.nominations.permissions import (can_edit_nomination, is_on_submitting_side,
                                         nominations_are_open)

SUMMARY_MAX = 1500
TEXT_FIELDS = ("title", "summary", "problem", "intervention", "contribution", "partners",
               "nominee_name", "nominee_country", "nominee_role", "nominee_contact",
               "period_start", "period_end", "budget_currency")
CONTENT_FIELDS = TEXT_FIELDS + ("results", "budget_amount", "evidence_links")
INDICATOR_KEYS = ("indicator", "baseline", "result", "unit", "source", "period")
PERIOD_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
ACTIVE_STATUSES = tuple(s.value for s in NominationStatus
                        if s not in (NominationStatus.WITHDRAWN, NominationStatus.INELIGIBLE))


class NominationError(Exception):
    """A refusal the user can read."""


class DraftConflict(NominationError):
    """Someone else saved this draft since it was loaded; nothing was overwritten."""


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


class IncompleteNomination(NominationError):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p.message) for p in problems))
        self.problems = problems


# -- starting ---------------------------------------------------------------------------------

def start_nomination(user, category: Category, nominee_type: str,
                     municipality: Municipality | None = None, self_nominated: bool = False,
                     now: datetime | None = None) -> Nomination:
    """A new draft; refuses what the category or the user's representation does not allow."""
    if not nominations_are_open(category.edition, now):
        raise NominationError(_("Nominations for this edition are not open."))
    if nominee_type not in category.admitted_nominee_types:
        raise NominationError(_("This category does not admit this kind of nominee."))
    if nominee_type == NomineeType.MUNICIPALITY.value:
        if municipality is None or municipality.id not in confirmed_municipality_ids(user):
            raise NominationError(_("Only a confirmed representative can nominate this municipality."))
    elif self_nominated and not category.allows_self_nomination:
        raise NominationError(_("This category does not allow nominating yourself."))
    moment = now or utcnow()
    nomination = Nomination(
        created_at=moment, updated_at=moment,
        category=category, submitter_id=user.id, nominee_type=nominee_type,
        municipality=municipality if nominee_type == NomineeType.MUNICIPALITY.value else None,
        self_nominated=self_nominated and nominee_type == NomineeType.PERSON.value,
        nominee_name=user.name if self_nominated else "",
        nominee_country=municipality.country if municipality else "")
    _check_limit(nomination)
    db.session.add(nomination)
    record("nomination.started", nomination,
           summary={"category": category.code, "nominee_type": nominee_type})
    db.session.commit()
    return nomination


def _nominee_key(nomination: Nomination) -> tuple:
    if nomination.municipality_id is not None or nomination.municipality is not None:
        return ("municipality", nomination.municipality_id or nomination.municipality.id)
    return ("named", _fold(nomination.nominee_name), nomination.nominee_country.upper())


def _fold(text: str) -> str:
    """Lower case without accents or extra spaces, for comparing names."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.lower().split())


def _same_nominee_in_category(nomination: Nomination) -> list[Nomination]:
    others = db.session.scalars(select(Nomination).where(
        Nomination.category_id == nomination.category.id,
        Nomination.status.in_(ACTIVE_STATUSES),
        Nomination.id != (nomination.id or 0))).all()
    key = _nominee_key(nomination)
    return [o for o in others if _nominee_key(o) == key and (key[0] == "municipality" or key[1])]


def _check_limit(nomination: Nomination) -> None:
    limit = nomination.category.max_nominations_per_nominee
    if limit and len(_same_nominee_in_category(nomination)) >= limit:
        raise NominationError(_("This nominee already has a nomination in this category."))


# -- content ----------------------------------------------------------------------------------

def clean_values(raw: dict) -> tuple[dict, list[Problem]]:
    """Turn typed form values into stored ones; problems for what cannot be stored at all."""
    values, problems = {}, []
    for field in TEXT_FIELDS:
        if field in raw:
            values[field] = (raw[field] or "").strip()
    if "budget_currency" in values:
        values["budget_currency"] = values["budget_currency"].upper()[:3]
    if "nominee_country" in values:
        values["nominee_country"] = values["nominee_country"].upper()[:2]
    if "budget_amount" in raw:
        text = str(raw["budget_amount"] or "").strip().replace(" ", "")
        if not text:
            values["budget_amount"] = None
        else:
            try:
                values["budget_amount"] = Decimal(text.replace(",", ".") if text.count(",") == 1
                                                  and "." not in text else text.replace(",", ""))
            except InvalidOperation:
                problems.append(Problem("budget_amount", _("The budget must be a number.")))
    if "results" in raw:
        values["results"] = [
            {key: str(row.get(key) or "").strip() for key in INDICATOR_KEYS}
            for row in raw["results"] if any(str(row.get(k) or "").strip() for k in INDICATOR_KEYS)]
    if "evidence_links" in raw:
        links = raw["evidence_links"]
        if isinstance(links, str):
            links = links.splitlines()
        values["evidence_links"] = [link.strip() for link in links if link.strip()]
    return values, problems


def _apply_content(nomination: Nomination, values: dict) -> dict:
    changes = {}
    for field in CONTENT_FIELDS:
        if field in values and getattr(nomination, field) != values[field]:
            changes[field] = True
            setattr(nomination, field, values[field])
    return changes


def save_draft(user, nomination: Nomination, raw: dict, revision: int | None,
               now: datetime | None = None) -> Nomination:
    """Store whatever was typed, complete or not (drafts only); refuses stale revisions."""
    _require_edit(user, nomination, now)
    if nomination.status != NominationStatus.DRAFT.value:
        raise NominationError(_("A submitted nomination is changed with “Save changes”."))
    if revision is not None and revision != nomination.revision:
        raise DraftConflict(_("Someone else saved this draft in the meantime. Your text was not "
                              "saved here: copy it, reload the page and add it again."))
    values, problems = clean_values(raw)
    if problems:
        raise IncompleteNomination(problems)
    if _apply_content(nomination, values):
        nomination.revision += 1
        nomination.updated_at = now or utcnow()
        db.session.commit()
    return nomination


def edit_refusal(user, nomination: Nomination, now: datetime | None = None) -> str | None:
    """Why the user cannot change the nomination now, in words for them; None when they can."""
    if can_edit_nomination(user, nomination, now):
        return None
    edition = nomination.category.edition
    closed_at = edition.nominations_close_at
    if is_on_submitting_side(user, nomination) and closed_at is not None \
            and (now or utcnow()) >= closed_at:
        return _("Nominations closed on %(when)s; this nomination can no longer be changed.",
                 when=format_in_zone(closed_at, edition.timezone))
    return _("This nomination can no longer be changed: nominations are closed "
             "or it is not yours to edit.")


def _require_edit(user, nomination: Nomination, now: datetime | None) -> None:
    refusal = edit_refusal(user, nomination, now)
    if refusal:
        raise NominationError(refusal)


def completeness_problems(nomination: Nomination) -> list[Problem]:
    """Everything still missing before the nomination can be submitted, in form order."""
    problems: list[Problem] = []

    def need(field: str, message: str) -> None:
        if not (getattr(nomination, field) or "").strip():
            problems.append(Problem(field, message))

    if nomination.nominee_type != NomineeType.MUNICIPALITY.value:
        need("nominee_name", _("Write the nominee's name."))
        need("nominee_country", _("Choose the nominee's country."))
        need("nominee_role", _("Write the nominee's role or activity."))
        need("contribution", _("Describe the nominee's contribution."))
    need("title", _("Write a title."))
    need("summary", _("Write a summary."))
    if len(nomination.summary or "") > SUMMARY_MAX:
        problems.append(Problem("summary", _("The summary has %(n)d characters; the maximum is "
                                              "%(max)d.", n=len(nomination.summary), max=SUMMARY_MAX)))
    need("problem", _("Describe the problem addressed."))
    need("intervention", _("Describe the intervention."))
    if not any(row.get("indicator") and row.get("result") for row in nomination.results or []):
        problems.append(Problem("results", _("Add at least one result indicator with its result.")))
    for field in ("period_start", "period_end"):
        value = getattr(nomination, field)
        if not value:
            problems.append(Problem(field, _("Give the implementation period (month and year).")))
        elif not PERIOD_RE.match(value):
            problems.append(Problem(field, _("Write the month as YYYY-MM, e.g. 2025-03.")))
    if (PERIOD_RE.match(nomination.period_start or "") and PERIOD_RE.match(nomination.period_end or "")
            and nomination.period_end < nomination.period_start):
        problems.append(Problem("period_end", _("The period ends before it starts.")))
    if nomination.budget_amount is None:
        problems.append(Problem("budget_amount", _("Give the budget (0 if there was none).")))
    elif nomination.budget_amount < 0:
        problems.append(Problem("budget_amount", _("The budget cannot be negative.")))
    if not CURRENCY_RE.match(nomination.budget_currency or ""):
        problems.append(Problem("budget_currency", _("Choose the budget's currency.")))
    bad_links = [link for link in nomination.evidence_links or [] if not URL_RE.match(link)]
    if bad_links:
        problems.append(Problem("evidence_links", _("These links are not web addresses: %(links)s",
                                                     links=", ".join(bad_links))))
    return problems


def submit(user, nomination: Nomination, raw: dict | None = None,
           now: datetime | None = None, notify: bool = True,
           publication_consent: bool | None = None) -> Nomination:
    """Check everything, then give the reference code, keep a version and send the receipt
    (notify=False only for data loaded in bulk, such as the demo). The first submission records
    the answer to the library's consent checkbox, with its time."""
    now = now or utcnow()
    _require_edit(user, nomination, now)
    first_submission = nomination.status == NominationStatus.DRAFT.value
    changed = first_submission
    if raw is not None:
        values, problems = clean_values(raw)
        if problems:
            db.session.rollback()
            raise IncompleteNomination(problems)
        changed = bool(_apply_content(nomination, values)) or changed
    if not changed:
        return nomination
    problems = completeness_problems(nomination)
    if problems:
        if first_submission:
            nomination.revision += 1
            db.session.commit()
        else:
            db.session.rollback()
        raise IncompleteNomination(problems)
    _check_limit(nomination)
    if first_submission:
        nomination.reference = _next_reference(nomination.category)
        nomination.status = NominationStatus.SUBMITTED.value
        nomination.submitted_at = now
        if publication_consent is not None:
            nomination.publication_consent = publication_consent
            nomination.publication_consent_at = now
    nomination.revision += 1
    nomination.updated_at = now
    version = _keep_version(user, nomination, now)
    record("nomination.submitted" if first_submission else "nomination.updated", nomination,
           summary={"reference": nomination.reference, "version": version.number,
                    "publication_consent": nomination.publication_consent})
    pending = receipt_mail.owe_receipt(nomination, first_submission) if notify else None
    db.session.commit()
    if pending is not None:
        receipt_mail.dispatch(pending.id)
    return nomination


def _next_reference(category: Category) -> str:
    """SCA-<year>-<CODE>-<NNNN>. The category's counter row is made if missing (two first
    submissions racing for it both go on) and moved on by one UPDATE, whose row lock keeps two
    submissions from ever sharing a number."""
    insert = (postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert)
    db.session.execute(insert(ReferenceCounter).values(category_id=category.id, last_number=0)
                       .on_conflict_do_nothing(index_elements=["category_id"]))
    number = db.session.execute(
        update(ReferenceCounter).where(ReferenceCounter.category_id == category.id)
        .values(last_number=ReferenceCounter.last_number + 1)
        .returning(ReferenceCounter.last_number)).scalar_one()
    return f"SCA-{category.edition.year}-{category.code}-{number:04d}"


def snapshot(nomination: Nomination) -> dict:
    content = {field: getattr(nomination, field) for field in CONTENT_FIELDS}
    content["budget_amount"] = (None if nomination.budget_amount is None
                                else str(nomination.budget_amount))
    content["attachments"] = [{"filename": a.filename, "size": a.size, "sha256": a.sha256}
                              for a in nomination.attachments]
    return content


def _keep_version(user, nomination: Nomination, now: datetime) -> NominationVersion:
    number = 1 + (db.session.scalar(select(func.max(NominationVersion.number)).where(
        NominationVersion.nomination_id == nomination.id)) or 0)
    version = NominationVersion(nomination=nomination, number=number, author_id=user.id,
                                created_at=now, content=snapshot(nomination))
    db.session.add(version)
    return version


# -- attachments ------------------------------------------------------------------------------

def add_attachment(user, nomination: Nomination, filename: str, data: bytes,
                   now: datetime | None = None) -> Attachment:
    now = now or utcnow()
    _require_edit(user, nomination, now)
    clean_name, content_type = uploads.check_upload(filename, data, len(nomination.attachments))
    stored = storage.store(data)
    attachment = Attachment(filename=clean_name, content_type=content_type, size=stored.size,
                            sha256=stored.sha256, uploaded_by_id=user.id, created_at=now)
    nomination.attachments.append(attachment)
    _after_attachment_change(user, nomination, now)
    record("attachment.added", nomination,
           summary={"filename": clean_name, "sha256": stored.sha256, "size": stored.size})
    db.session.commit()
    return attachment


def remove_attachment(user, attachment: Attachment, now: datetime | None = None) -> None:
    now = now or utcnow()
    nomination = attachment.nomination
    _require_edit(user, nomination, now)
    nomination.attachments.remove(attachment)
    _after_attachment_change(user, nomination, now)
    record("attachment.removed", nomination,
           summary={"filename": attachment.filename, "sha256": attachment.sha256})
    db.session.commit()


def _after_attachment_change(user, nomination: Nomination, now: datetime) -> None:
    """A submitted nomination whose files change gets a new version, like any other edit."""
    nomination.revision += 1
    nomination.updated_at = now
    if nomination.status == NominationStatus.SUBMITTED.value:
        db.session.flush()
        _keep_version(user, nomination, now)


# -- publication in the library of experiences -----------------------------------------------

def set_publication_consent(user, nomination: Nomination, consent: bool,
                            now: datetime | None = None) -> None:
    """Give or withdraw consent after submission; the library follows at once."""
    if not is_on_submitting_side(user, nomination):
        raise NominationError(_("Only the submitter can decide on publication."))
    if nomination.status == NominationStatus.DRAFT.value:
        raise NominationError(_("Decide on publication when you submit the nomination."))
    if nomination.publication_consent is consent:
        return
    nomination.publication_consent, nomination.publication_consent_at = consent, now or utcnow()
    record("nomination.publication_consent", nomination,
           summary={"reference": nomination.reference, "consent": consent})
    from app.library.services import refresh_nomination
    refresh_nomination(nomination)
    db.session.commit()


def set_attachment_public(user, attachment: Attachment, public: bool) -> None:
    """A public document is offered in the library with the programme (if it is published)."""
    if not is_on_submitting_side(user, attachment.nomination):
        raise NominationError(_("Only the submitter can decide on publication."))
    if attachment.is_public is public:
        return
    attachment.is_public = public
    record("attachment.publication", attachment.nomination,
           summary={"filename": attachment.filename, "public": public})
    db.session.commit()


# -- withdrawal and screening -----------------------------------------------------------------

def withdraw(user, nomination: Nomination, reason: str, now: datetime | None = None) -> None:
    now = now or utcnow()
    _require_edit(user, nomination, now)
    if not reason.strip():
        raise NominationError(_("Give a reason for withdrawing."))
    nomination.status = NominationStatus.WITHDRAWN.value
    nomination.withdrawn_reason = reason.strip()
    nomination.withdrawn_at = now
    record("nomination.withdrawn", nomination, summary={"reason": reason.strip()})
    db.session.commit()


SCREENABLE = (NominationStatus.SUBMITTED.value, NominationStatus.ELIGIBLE.value,
              NominationStatus.INELIGIBLE.value)


def screen(organiser, nominations: list[Nomination], eligible: bool, reason: str = "",
           now: datetime | None = None, notify: bool = True) -> int:
    """Mark nominations eligible or ineligible (a reason is required for ineligible); mails each
    submitter. All or nothing."""
    if not is_organiser(organiser):
        raise NominationError(_("Only organisers screen nominations."))
    if not eligible and not reason.strip():
        raise NominationError(_("Give the reason why the nomination is ineligible."))
    not_screenable = [n.reference or str(n.id) for n in nominations if n.status not in SCREENABLE]
    if not_screenable:
        raise NominationError(_("Only submitted nominations can be screened: %(refs)s.",
                                refs=", ".join(not_screenable)))
    now = now or utcnow()
    status = (NominationStatus.ELIGIBLE if eligible else NominationStatus.INELIGIBLE).value
    for nomination in nominations:
        nomination.status = status
        nomination.screening_reason = reason.strip()
        nomination.screened_by_id = organiser.id
        nomination.screened_at = now
        record("nomination.screened", nomination,
               summary={"reference": nomination.reference, "status": status, "reason": reason.strip()})
    for nomination in nominations if notify else ():
        mail.mail_user(nomination.submitter, "nomination_screened", {"nomination": nomination},
                       obj=nomination)
    db.session.commit()
    return len(nominations)


def likely_duplicates(nomination: Nomination, threshold: float = 0.8) -> list[Nomination]:
    """Other active nominations of the edition with the same nominee or a similar title."""
    edition_id = nomination.category.edition_id
    others = db.session.scalars(select(Nomination).join(Category).where(
        Category.edition_id == edition_id, Nomination.id != nomination.id,
        Nomination.status.in_(ACTIVE_STATUSES))).all()
    key, title = _nominee_key(nomination), _fold(nomination.title)
    return [o for o in others
            if (_nominee_key(o) == key and o.category_id == nomination.category_id)
            or (title and difflib.SequenceMatcher(None, title, _fold(o.title)).ratio() >= threshold)]
