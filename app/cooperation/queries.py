"""Reading cooperation: the organisers' queue and dashboard, a municipality's own requests and
agreements, the public list of signed agreements. Each list is a fixed number of queries."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, extract, func, or_, select
from sqlalchemy.orm import aliased, joinedload

from app.audit.models import AuditEvent
from app.cooperation import status
from app.cooperation.models import Agreement, CooperationRequest, RequestStatus
from app.extensions import db
from app.library.models import LibraryEntry
from app.library.services import visible
from app.municipalities.models import Municipality
from app.municipalities.services import confirmed_municipality_ids

_REQUEST_PARTS = (joinedload(CooperationRequest.library_entry),
                  joinedload(CooperationRequest.requesting_municipality),
                  joinedload(CooperationRequest.host_municipality))
_AGREEMENT_PARTS = (joinedload(Agreement.host_municipality),
                    joinedload(Agreement.partner_municipality))
REQUEST_STATUSES = tuple(s.value for s in RequestStatus)


def request_by_id(request_id: int) -> CooperationRequest | None:
    return db.session.scalar(select(CooperationRequest).options(*_REQUEST_PARTS)
                             .where(CooperationRequest.id == request_id))


def agreement_by_id(agreement_id: int) -> Agreement | None:
    return db.session.scalar(select(Agreement).options(*_AGREEMENT_PARTS)
                             .where(Agreement.id == agreement_id))


def requests(request_status: str | None = None,
             municipality_ids: set[int] | None = None) -> list[CooperationRequest]:
    """New requests first, then the latest; optionally of one status or of some municipalities."""
    statement = select(CooperationRequest).options(*_REQUEST_PARTS).order_by(
        case((CooperationRequest.status == RequestStatus.NEW.value, 0), else_=1),
        CooperationRequest.created_at.desc(), CooperationRequest.id.desc())
    if request_status:
        statement = statement.where(CooperationRequest.status == request_status)
    if municipality_ids is not None:
        statement = statement.where(or_(
            CooperationRequest.requesting_municipality_id.in_(municipality_ids),
            CooperationRequest.host_municipality_id.in_(municipality_ids)))
    return list(db.session.scalars(statement))


def agreements(agreement_status: str | None = None,
               municipality_ids: set[int] | None = None) -> list[Agreement]:
    statement = select(Agreement).options(*_AGREEMENT_PARTS).order_by(
        Agreement.updated_at.desc(), Agreement.id.desc())
    if agreement_status:
        statement = statement.where(Agreement.status == agreement_status)
    if municipality_ids is not None:
        statement = statement.where(or_(Agreement.host_municipality_id.in_(municipality_ids),
                                        Agreement.partner_municipality_id.in_(municipality_ids)))
    return list(db.session.scalars(statement))


@dataclass(frozen=True)
class Own:
    """What a representative sees: their municipalities' requests (sent or received) and agreements."""

    sent: list[CooperationRequest]
    received: list[CooperationRequest]
    agreements: list[Agreement]


def own(user) -> Own:
    ids = confirmed_municipality_ids(user)
    both = requests(municipality_ids=ids)
    return Own(sent=[r for r in both if r.requesting_municipality_id in ids],
               received=[r for r in both if r.requesting_municipality_id not in ids],
               agreements=agreements(municipality_ids=ids))


def agreement_of(cooperation_request: CooperationRequest) -> Agreement | None:
    return db.session.scalar(select(Agreement).where(Agreement.request_id == cooperation_request.id))


def decline_reason(cooperation_request: CooperationRequest) -> str:
    """The reason recorded when the request was declined (it lives in the audit log)."""
    if cooperation_request.status != RequestStatus.DECLINED.value:
        return ""
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "cooperation_request.declined",
        AuditEvent.object_type == CooperationRequest.__tablename__,
        AuditEvent.object_id == str(cooperation_request.id)).order_by(AuditEvent.id.desc()))
    return (event.summary or {}).get("reason", "") if event else ""


def history(agreement: Agreement) -> list[AuditEvent]:
    """Every recorded change of the agreement, oldest first, with its old and new values."""
    return list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == Agreement.__tablename__,
        AuditEvent.object_id == str(agreement.id)).order_by(AuditEvent.id)))


@dataclass(frozen=True)
class PublicAgreement:
    """Only what the public list may show: no notes, no contacts, no signatories."""

    programme_title: str
    host: str
    partner: str
    signed_on: object
    status: str
    library_entry_id: int | None


def public_agreements() -> list[PublicAgreement]:
    """Signed agreements and what followed them, latest signature first; the programme is linked
    only while the public may see it in the library."""
    host, partner = aliased(Municipality), aliased(Municipality)
    rows = db.session.execute(
        select(Agreement.programme_title, host.name, partner.name, Agreement.signed_on,
               Agreement.status, LibraryEntry.id)
        .join(host, host.id == Agreement.host_municipality_id)
        .join(partner, partner.id == Agreement.partner_municipality_id)
        .outerjoin(LibraryEntry, and_(LibraryEntry.id == Agreement.library_entry_id, visible()))
        .where(Agreement.status.in_(status.PUBLIC_STATUSES))
        .order_by(Agreement.signed_on.desc(), Agreement.id.desc()))
    return [PublicAgreement(*row) for row in rows]


@dataclass(frozen=True)
class Dashboard:
    per_programme: list[tuple[int, str, int, int]]  # entry id, title, year, requests
    requests_per_status: dict[str, int]
    years: list[int]
    per_year_status: dict[tuple[int, str], int]
    per_status: dict[str, int]

    def year_total(self, year: int) -> int:
        return sum(n for (y, _s), n in self.per_year_status.items() if y == year)

    @property
    def total(self) -> int:
        return sum(self.per_status.values())

    @property
    def most_requests(self) -> int:
        return max((n for *_rest, n in self.per_programme), default=0)


def dashboard() -> Dashboard:
    per_programme = [tuple(row) for row in db.session.execute(
        select(LibraryEntry.id, LibraryEntry.title, LibraryEntry.year,
               func.count(CooperationRequest.id).label("n"))
        .join(CooperationRequest, CooperationRequest.library_entry_id == LibraryEntry.id)
        .group_by(LibraryEntry.id, LibraryEntry.title, LibraryEntry.year)
        .order_by(func.count(CooperationRequest.id).desc(), LibraryEntry.title))]
    requests_per_status = dict(db.session.execute(
        select(CooperationRequest.status, func.count()).group_by(CooperationRequest.status)).all())
    year = extract("year", Agreement.requested_on)
    per_year_status = {(int(y), s): n for y, s, n in db.session.execute(
        select(year, Agreement.status, func.count()).where(Agreement.requested_on.is_not(None))
        .group_by(year, Agreement.status)).all()}
    per_status = dict(db.session.execute(
        select(Agreement.status, func.count()).group_by(Agreement.status)).all())
    return Dashboard(per_programme=per_programme, requests_per_status=requests_per_status,
                     years=sorted({y for y, _s in per_year_status}, reverse=True),
                     per_year_status=per_year_status, per_status=per_status)
