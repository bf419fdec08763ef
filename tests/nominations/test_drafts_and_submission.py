"""Drafts keep anything typed; submission checks everything, numbers and versions the result."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.nominations import services
from app.nominations.models import Nomination, NominationVersion
from tests.nominations.factories import COMPLETE


def test_only_a_confirmed_representative_can_nominate_a_municipality(make_user, inn, municipality):
    stranger = make_user("nominator")
    with pytest.raises(services.NominationError):
        services.start_nomination(stranger, inn, "municipality", municipality)


def test_a_category_refuses_nominee_types_it_does_not_admit(make_user, esp, municipality, representative):
    with pytest.raises(services.NominationError):
        services.start_nomination(representative, esp, "municipality", municipality)


def test_self_nomination_is_refused_where_the_category_does_not_allow_it(make_user, esp):
    esp.allows_self_nomination = False
    db.session.commit()
    with pytest.raises(services.NominationError):
        services.start_nomination(make_user("nominator"), esp, "person", self_nominated=True)


def test_self_nomination_fills_in_the_nominee_name(make_user, esp):
    user = make_user("nominator", name="Marleny Cáceres")
    nomination = services.start_nomination(user, esp, "person", self_nominated=True)
    assert nomination.nominee_name == "Marleny Cáceres" and nomination.self_nominated


def test_a_draft_keeps_incomplete_text(representative, draft):
    services.save_draft(representative, draft, {"title": "  Medio título  "}, draft.revision)
    assert draft.title == "Medio título"
    assert draft.status == "draft"


def test_a_stale_revision_is_refused_and_nothing_is_overwritten(representative, draft):
    services.save_draft(representative, draft, {"title": "Primera versión"}, draft.revision)
    with pytest.raises(services.DraftConflict):
        services.save_draft(representative, draft, {"title": "Otra pestaña"}, draft.revision - 1)
    assert draft.title == "Primera versión"


def test_representatives_of_the_same_municipality_share_drafts(make_representative, municipality, draft):
    colleague = make_representative(municipality, "colega@example.org")
    services.save_draft(colleague, draft, {"title": "Escrito por la colega"}, draft.revision)
    assert draft.title == "Escrito por la colega"


def test_submitting_an_incomplete_nomination_lists_every_problem_and_keeps_the_text(representative, draft):
    with pytest.raises(services.IncompleteNomination) as error:
        services.submit(representative, draft, {"title": "Solo el título"})
    fields = [p.field for p in error.value.problems]
    assert {"summary", "problem", "intervention", "results", "period_start", "budget_amount"} <= set(fields)
    db.session.refresh(draft)
    assert draft.title == "Solo el título" and draft.status == "draft" and draft.reference is None


def test_a_summary_over_1500_characters_cannot_be_submitted(representative, draft):
    with pytest.raises(services.IncompleteNomination) as error:
        services.submit(representative, draft, {**COMPLETE, "summary": "x" * 1501})
    assert [p.field for p in error.value.problems] == ["summary"]


def test_submission_gives_a_reference_a_version_and_a_mail(representative, draft, outbox):
    services.submit(representative, draft, COMPLETE)
    assert draft.status == "submitted"
    assert draft.reference == "SCA-2026-INN-0001"
    assert [v.number for v in draft.versions] == [1]
    assert any(draft.reference in m["Subject"] for m in outbox())


def test_references_are_numbered_per_category(make_representative, make_municipality, inn, representative, draft):
    services.submit(representative, draft, COMPLETE)
    other_municipality = make_municipality("Miraflores", "150122")
    other = make_representative(other_municipality, "mira@example.org")
    second = services.start_nomination(other, inn, "municipality", other_municipality)
    services.submit(other, second, {**COMPLETE, "title": "Otro programa"})
    assert second.reference == "SCA-2026-INN-0002"


def test_editing_a_submitted_nomination_keeps_each_version(representative, draft):
    services.submit(representative, draft, COMPLETE)
    services.submit(representative, draft, {**COMPLETE, "title": "Título corregido"})
    versions = db.session.scalars(select(NominationVersion).where(
        NominationVersion.nomination_id == draft.id).order_by(NominationVersion.number)).all()
    assert [v.content["title"] for v in versions] == [COMPLETE["title"], "Título corregido"]
    assert draft.reference == "SCA-2026-INN-0001"


def test_an_incomplete_edit_of_a_submitted_nomination_changes_nothing(representative, draft):
    services.submit(representative, draft, COMPLETE)
    with pytest.raises(services.IncompleteNomination):
        services.submit(representative, draft, {**COMPLETE, "title": ""})
    db.session.expire_all()
    assert db.session.get(Nomination, draft.id).title == COMPLETE["title"]


def test_one_nomination_per_nominee_and_category_by_default(representative, inn, municipality, draft):
    with pytest.raises(services.NominationError):
        services.start_nomination(representative, inn, "municipality", municipality)


def test_the_limit_per_nominee_can_be_lifted(representative, inn, municipality, draft):
    inn.max_nominations_per_nominee = 0
    db.session.commit()
    assert services.start_nomination(representative, inn, "municipality", municipality).id != draft.id


def test_a_withdrawn_nomination_frees_the_place(representative, inn, municipality, draft):
    services.withdraw(representative, draft, "Nos equivocamos de categoría")
    assert draft.status == "withdrawn" and draft.withdrawn_reason
    assert services.start_nomination(representative, inn, "municipality", municipality)


def test_withdrawing_needs_a_reason(representative, draft):
    with pytest.raises(services.NominationError):
        services.withdraw(representative, draft, "  ")


def test_submission_one_second_before_the_deadline_is_accepted(representative, draft, open_edition):
    services.submit(representative, draft, COMPLETE,
                    now=open_edition.nominations_close_at - timedelta(seconds=1))
    assert draft.status == "submitted"


def test_submission_one_second_after_the_deadline_is_refused(representative, draft, open_edition):
    with pytest.raises(services.NominationError):
        services.submit(representative, draft, COMPLETE,
                        now=open_edition.nominations_close_at + timedelta(seconds=1))
    assert draft.status == "draft"


def test_submission_exactly_at_the_deadline_is_refused(representative, draft, open_edition):
    with pytest.raises(services.NominationError):
        services.submit(representative, draft, COMPLETE, now=open_edition.nominations_close_at)


def test_after_the_deadline_a_draft_cannot_be_saved(representative, draft, open_edition):
    with pytest.raises(services.NominationError):
        services.save_draft(representative, draft, {"title": "tarde"}, draft.revision,
                            now=open_edition.nominations_close_at + timedelta(seconds=1))


def test_likely_duplicates_are_found_by_similar_title(make_representative, make_municipality, inn,
                                                      representative, draft):
    services.submit(representative, draft, COMPLETE)
    other_municipality = make_municipality("Miraflores", "150122")
    other = make_representative(other_municipality, "mira@example.org")
    second = services.start_nomination(other, inn, "municipality", other_municipality)
    services.save_draft(other, second, {"title": "Centro integrado de seguridad"}, second.revision)
    assert draft in services.likely_duplicates(second)


def test_the_submission_mail_carries_the_pdf_receipt(representative, draft, outbox):
    services.submit(representative, draft, COMPLETE)
    (message,) = [m for m in outbox() if draft.reference in m["Subject"]]
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "SCA-2026-INN-0001.pdf"
    assert attachment.get_content().startswith(b"%PDF-")


def test_saving_a_submitted_nomination_without_changes_makes_no_new_version(representative, draft):
    services.submit(representative, draft, COMPLETE)
    services.submit(representative, draft, COMPLETE)
    assert [v.number for v in draft.versions] == [1]
