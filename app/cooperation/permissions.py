"""Who may ask to replicate a programme, and who may see a request or an agreement.

A request and an agreement concern two municipalities: only their confirmed representatives and
the organisers see them. Used by routes, templates and tests alike.
"""
from __future__ import annotations

from app.accounts.permissions import is_organiser
from app.cooperation.models import Agreement, CooperationRequest
from app.library.models import LibraryEntry
from app.municipalities.services import confirmed_municipality_ids


def requesting_municipality_ids(user, entry: LibraryEntry) -> set[int]:
    """The municipalities the user may ask for: those they represent, but not the programme's own."""
    return confirmed_municipality_ids(user) - {entry.municipality_id}


def can_request_cooperation(user, entry: LibraryEntry) -> bool:
    return bool(requesting_municipality_ids(user, entry))


def _represents_one_of(user, *municipality_ids: int | None) -> bool:
    return bool(confirmed_municipality_ids(user) & {m for m in municipality_ids if m is not None})


def can_view_request(user, cooperation_request: CooperationRequest) -> bool:
    return is_organiser(user) or _represents_one_of(
        user, cooperation_request.requesting_municipality_id,
        cooperation_request.host_municipality_id)


def can_view_agreement(user, agreement: Agreement) -> bool:
    return is_organiser(user) or _represents_one_of(
        user, agreement.host_municipality_id, agreement.partner_municipality_id)


def can_manage_cooperation(user) -> bool:
    """Brokering, declining, moving an agreement on, its details and its PDF: organisers only."""
    return is_organiser(user)
