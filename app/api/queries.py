"""What the API may read, under the same rules as the public pages."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select

from app.certificates import queries as certificates
from app.certificates.models import Certificate
from app.editions.models import STATUS_ORDER, Edition, EditionStatus
from app.editions.permissions import public_condition
from app.extensions import db
from app.perception.models import PerceptionImport
from app.perception.periods import Period

EDITION_YEARS = (2000, 2100)  # the editions table's year_range constraint
PUBLIC_STATUSES = [s for s in STATUS_ORDER if s != EditionStatus.DRAFT.value]


def public_editions() -> Select:
    """The editions `is_public` shows, newest first: the rule of the public edition page."""
    return (select(Edition).where(public_condition())
            .order_by(Edition.year.desc()))


def public_edition(year: int) -> Edition | None:
    if not EDITION_YEARS[0] <= year <= EDITION_YEARS[1]:  # nor could the column hold a wilder one
        return None
    return db.session.scalar(public_editions().where(Edition.year == year))


def ranking_periods() -> Select:
    """The quarters with an active survey import (what the public ranking shows), newest first."""
    return (select(PerceptionImport).where(PerceptionImport.active.is_(True))
            .order_by(PerceptionImport.period.desc(), PerceptionImport.id.desc()))


def window_ending(last: Period, quarters: int) -> list[Period] | None:
    """The `quarters` quarters ending with `last`, oldest first; None before the first year."""
    periods = [last]
    try:
        while len(periods) < quarters:
            periods.insert(0, periods[0].previous())
    except ValueError:
        return None
    return periods


@dataclass(frozen=True)
class CertificateCheck:
    certificate: Certificate
    subject: certificates.Subject
    edition: Edition
    replacement: Certificate | None


def certificate_check(code: str) -> CertificateCheck | None:
    """What the public check page shows for a code: issued or revoked certificates only."""
    certificate = certificates.find_for_check(code)
    if certificate is None:
        return None
    replacement = (db.session.get(Certificate, certificate.replaced_by_id)
                   if certificate.replaced_by_id else None)
    return CertificateCheck(certificate, certificates.subjects_for([certificate])[0],
                            db.session.get(Edition, certificate.edition_id), replacement)
