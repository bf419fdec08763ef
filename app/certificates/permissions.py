"""Who may manage certificates and who may download one: used by routes, templates and tests."""
from __future__ import annotations

from app.accounts.permissions import is_organiser
from app.awards.models import Award
from app.certificates.models import Certificate, CertificateStatus
from app.extensions import db
from app.municipalities.services import confirmed_municipality_ids
from app.nominations.models import Nomination
from app.nominations.permissions import is_on_submitting_side


def can_manage_certificates(user) -> bool:
    """Settings, generation, the list, revoking, re-issuing and the ZIP: organisers only."""
    return is_organiser(user)


def is_recipient(user, certificate: Certificate) -> bool:
    """The juror it was issued to, the nomination's submitting side, or a confirmed
    representative of the municipality the ranking awarded."""
    if not getattr(user, "is_authenticated", False):
        return False
    if certificate.juror_id is not None:
        return certificate.juror_id == user.id
    if certificate.nomination_id is not None:
        nomination = db.session.get(Nomination, certificate.nomination_id)
        return nomination is not None and is_on_submitting_side(user, nomination)
    if certificate.award_id is not None:
        award = db.session.get(Award, certificate.award_id)
        return (award is not None and award.municipality_id is not None
                and award.municipality_id in confirmed_municipality_ids(user))
    return False


def can_download_certificate(user, certificate: Certificate) -> bool:
    """Organisers download any certificate with a PDF; recipients their valid ones."""
    if certificate.pdf_sha256 is None:
        return False
    if can_manage_certificates(user):
        return True
    return certificate.status == CertificateStatus.ISSUED.value and is_recipient(user, certificate)
