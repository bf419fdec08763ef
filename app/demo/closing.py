"""`flask demo close`: the demo edition in judging taken to the end of the cycle, through the
same services an organiser uses, so a newcomer sees results, the seal and certificates at once."""
from __future__ import annotations

from sqlalchemy import select

from app.accounts import services as accounts
from app.awards import places
from app.awards import services as awards
from app.certificates import jobs
from app.certificates.services import CertificateError
from app.demo import content
from app.editions import closing
from app.editions.models import Category, Edition, EditionStatus
from app.editions.services import EditionError, apply_transition
from app.extensions import db

CONFIRM_REASON = "La deliberación del jurado confirmó este lugar (edición de demostración)."
VOID_REASON = "Ninguna postulación alcanzó el nivel del premio (edición de demostración)."
DRAFTS_REASON = ("Los borradores pendientes no cambian el resultado; el jurado acordó cerrar "
                 "(edición de demostración).")


class DemoCloseError(Exception):
    """The edition cannot be taken to the end by the demo; the message says why."""


def demo_edition_to_close(year: int | None) -> Edition:
    """The given edition, or else the demo's previous edition (the one in judging)."""
    edition = db.session.scalar(select(Edition).where(
        Edition.year == (year or content.PAST_EDITION["year"])))
    if edition is None:
        raise DemoCloseError(f"There is no edition {year or content.PAST_EDITION['year']}; "
                             "run `flask demo load` first.")
    return edition


def close_demo_edition(edition: Edition, processes: int | None = None) -> tuple[Edition, int]:
    """Judging → deliberation → places confirmed (or void) → closed → published → certificates.
    Each step is skipped when already done, so the command can run again. Returns the edition
    and the number of certificates issued."""
    organiser = accounts.find_user_by_email(content.ORGANISER["email"])
    if edition.status in (EditionStatus.DRAFT.value, EditionStatus.NOMINATIONS_OPEN.value,
                          EditionStatus.SCREENING.value):
        raise DemoCloseError(f"{edition.name} has no jury at work yet (status {edition.status}); "
                             "the demo closes an edition that is in judging or later.")
    try:
        if edition.status == EditionStatus.JUDGING.value:
            apply_transition(edition, "open_deliberation")
        if edition.status == EditionStatus.DELIBERATION.value:
            for category in awards.undecided_categories(edition):
                _decide(category, organiser)
            excuse = DRAFTS_REASON if closing.draft_reviews(edition) else None
            closing.close_edition(edition, excuse_drafts=excuse)
        if edition.status == EditionStatus.CLOSED.value:
            apply_transition(edition, "publish")
    except (EditionError, awards.AwardError) as error:
        raise DemoCloseError(str(error)) from error
    try:
        job = jobs.run_job(jobs.request_generation(edition, organiser).id, processes=processes)
    except (CertificateError, jobs.JobBusy) as error:
        raise DemoCloseError(str(error)) from error
    return edition, job.done


def _decide(category: Category, organiser) -> None:
    """Confirm the provisional places in order, with a reason where the rules ask for one (a
    tie kept in order); a category without candidates is declared void."""
    provisional = awards.category_awards(category)
    if not provisional:
        awards.declare_void(category, organiser, VOID_REASON)
        return
    choices = [places.Choice(awards.award_key(a)) for a in provisional]
    _decisions, problems = places.decide([a.place for a in provisional],
                                         awards.order_of(category).candidates, choices)
    needs_reason = {p.position for p in problems if p.kind == "reason"}
    choices = [places.Choice(c.key, reason=CONFIRM_REASON if i in needs_reason else "")
               for i, c in enumerate(choices, start=1)]
    awards.confirm_places(category, organiser, choices)
