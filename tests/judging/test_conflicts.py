"""Jurors declare conflicts of interest per category before seeing its nominations; organisers
see every conflict and may dismiss an automatic one with a reason."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.judging import conflicts
from app.judging.conflicts import (NOT_LISTED, REASON_REQUIRED, UNANSWERED, ConflictError,
                                   conflicted_pairs, declaration_problems, has_declared)
from app.judging.models import Conflict, ConflictDeclaration


# -- pure rules ------------------------------------------------------------------------------

def test_every_listed_nomination_needs_an_answer():
    assert declaration_problems({1, 2}, set(), {1: None}) == {2: UNANSWERED}


def test_a_conflict_needs_a_reason():
    assert declaration_problems({1, 2}, set(), {1: None, 2: "  "}) == {2: REASON_REQUIRED}


def test_already_conflicted_nominations_need_no_answer():
    assert declaration_problems({1, 2}, {2}, {1: "Trabajé allí"}) == {}


def test_answers_for_nominations_off_the_list_are_refused():
    assert declaration_problems({1}, {2}, {1: None, 2: None, 3: None}) == {2: NOT_LISTED,
                                                                           3: NOT_LISTED}


# -- helpers ---------------------------------------------------------------------------------

def _url(category) -> str:
    return f"/jury/categories/{category.id}/conflicts"


def _answers(nominations, conflicted: dict | None = None, confirm: bool = True) -> dict:
    """The declaration form's fields: no conflict except the nominations given with a reason."""
    conflicted = conflicted or {}
    data = {"confirm": "y"} if confirm else {}
    for i, nomination in enumerate(nominations):
        data[f"answers-{i}-nomination_id"] = str(nomination.id)
        if nomination in conflicted:
            data[f"answers-{i}-answer"] = "conflict"
            data[f"answers-{i}-reason"] = conflicted[nomination]
        else:
            data[f"answers-{i}-answer"] = "none"
    return data


def _conflicts_of(juror) -> list[Conflict]:
    return list(db.session.scalars(
        select(Conflict).where(Conflict.juror_id == juror.id).order_by(Conflict.nomination_id)))


def _declarations() -> int:
    return db.session.scalar(select(func.count()).select_from(ConflictDeclaration))


@pytest.fixture
def two_nominations(jury_category, make_nomination):
    return [make_nomination(jury_category, title="Cámaras con analítica"),
            make_nomination(jury_category, title="Serenazgo digital")]


# -- the declaration page --------------------------------------------------------------------

def test_page_lists_the_nominees_the_jury_judges(juror, sign_in, jury_category, make_nomination):
    make_nomination(jury_category, title="Programa elegible")
    make_nomination(jury_category, title="Programa finalista", status="finalist")
    make_nomination(jury_category, title="Programa no revisado", status="submitted")
    make_nomination(jury_category, title="Programa descartado", status="ineligible")
    html = sign_in(juror).get(_url(jury_category)).get_data(as_text=True)
    assert "Programa elegible" in html and "Programa finalista" in html
    assert "Programa no revisado" not in html and "Programa descartado" not in html


def test_page_shows_the_nominee_and_its_municipality(juror, sign_in, jury_category, make_nomination,
                                                      make_municipality):
    make_nomination(jury_category, municipality=make_municipality("San Isidro", "150131"))
    html = sign_in(juror).get(_url(jury_category)).get_data(as_text=True)
    assert "San Isidro" in html


def test_page_names_the_submitter_when_the_category_is_not_blind(juror, sign_in, jury_category,
                                                                 make_nomination, make_user):
    make_nomination(jury_category, submitter=make_user("nominator", name="Sara Remitente"))
    assert "Sara Remitente" in sign_in(juror).get(_url(jury_category)).get_data(as_text=True)


def test_page_hides_the_submitter_in_a_blind_category(juror, sign_in, jury_category,
                                                      make_nomination, make_user):
    jury_category.blind_submitter = True
    db.session.commit()
    make_nomination(jury_category, submitter=make_user("nominator", name="Sara Remitente"))
    assert "Sara Remitente" not in sign_in(juror).get(_url(jury_category)).get_data(as_text=True)


def test_opening_the_page_records_the_automatic_conflict(sign_in, jury_category, make_nomination,
                                                         make_municipality, make_juror):
    home = make_municipality("Surco", "150140")
    nomination = make_nomination(jury_category, municipality=home)
    juror = make_juror(municipality=home)
    sign_in(juror).get(_url(jury_category))
    assert [(c.nomination_id, c.kind) for c in _conflicts_of(juror)] == [(nomination.id, "automatic")]


def test_automatic_conflict_is_shown_without_a_choice(sign_in, jury_category, make_nomination,
                                                      make_municipality, make_juror):
    home = make_municipality("Surco", "150140")
    automatic = make_nomination(jury_category, municipality=home)
    other = make_nomination(jury_category)
    html = sign_in(make_juror(municipality=home)).get(_url(jury_category)).get_data(as_text=True)
    assert f'value="{other.id}"' in html
    assert f'value="{automatic.id}"' not in html
    assert "badge text-bg-danger" in html


def test_page_without_eligible_nominations_offers_no_form(juror, sign_in, jury_category):
    html = sign_in(juror).get(_url(jury_category)).get_data(as_text=True)
    assert 'name="confirm"' not in html


# -- declaring -------------------------------------------------------------------------------

def test_declaring_leads_to_the_juror_dashboard(juror, sign_in, jury_category, two_nominations):
    response = sign_in(juror).post(_url(jury_category), data=_answers(two_nominations))
    assert response.status_code == 302
    assert response.headers["Location"] == "/jury"


def test_declaring_records_the_declaration_and_the_conflicts(juror, sign_in, jury_category,
                                                             two_nominations):
    first, second = two_nominations
    sign_in(juror).post(_url(jury_category),
                        data=_answers(two_nominations, {second: "Fui asesor del alcalde"}))
    assert has_declared(juror, jury_category)
    assert [(c.nomination_id, c.kind, c.reason) for c in _conflicts_of(juror)] == [
        (second.id, "declared", "Fui asesor del alcalde")]


def test_declaring_is_audited(juror, sign_in, jury_category, two_nominations, audit_events):
    first, second = two_nominations
    sign_in(juror).post(_url(jury_category), data=_answers(two_nominations, {second: "Familiar"}))
    [declaration] = audit_events("conflicts.declared")
    [conflict] = audit_events("conflict.declared")
    assert declaration.actor_id == juror.id
    assert declaration.summary["conflicts"] == [second.id]
    assert conflict.summary == {"nomination_id": second.id, "reason": "Familiar"}


def test_a_conflict_without_reason_is_refused_and_nothing_is_recorded(juror, sign_in, jury_category,
                                                                      two_nominations):
    first, second = two_nominations
    response = sign_in(juror).post(_url(jury_category), data=_answers(
        two_nominations, {first: "Trabajé en el proyecto", second: ""}))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="answers-1-reason-error"' in html
    assert "Trabajé en el proyecto" in html
    assert _conflicts_of(juror) == [] and _declarations() == 0


def test_declaring_needs_the_confirmation(juror, sign_in, jury_category, two_nominations):
    response = sign_in(juror).post(_url(jury_category),
                                   data=_answers(two_nominations, confirm=False))
    assert response.status_code == 400
    assert _declarations() == 0


def test_a_nominee_added_meanwhile_must_be_answered(juror, sign_in, jury_category, two_nominations,
                                                    make_nomination):
    seen = _answers(two_nominations)
    make_nomination(jury_category, title="Programa recién admitido")
    response = sign_in(juror).post(_url(jury_category), data=seen)
    assert response.status_code == 400
    assert "Programa recién admitido" in response.get_data(as_text=True)
    assert _declarations() == 0


def test_declaring_twice_is_refused(app, juror, jury_category, two_nominations):
    conflicts.declare(juror, jury_category, {n.id: None for n in two_nominations})
    with pytest.raises(ConflictError):
        conflicts.declare(juror, jury_category, {n.id: None for n in two_nominations})
    assert _declarations() == 1


def test_service_refuses_a_declaration_against_an_empty_list(app, juror, jury_category):
    with pytest.raises(ConflictError):
        conflicts.declare(juror, jury_category, {})
    assert _declarations() == 0


def test_declaration_keeps_the_automatic_conflicts(sign_in, jury_category, make_nomination,
                                                   make_municipality, make_juror):
    home = make_municipality("Surco", "150140")
    automatic = make_nomination(jury_category, municipality=home)
    other = make_nomination(jury_category)
    juror = make_juror(municipality=home)
    sign_in(juror).post(_url(jury_category), data=_answers([other]))
    assert [(c.nomination_id, c.kind) for c in _conflicts_of(juror)] == [(automatic.id, "automatic")]
    assert has_declared(juror, jury_category)


# -- a conflict found later ------------------------------------------------------------------

def test_juror_adds_a_conflict_later(juror, sign_in, jury_category, two_nominations):
    first, second = two_nominations
    conflicts.declare(juror, jury_category, {first.id: None, second.id: None})
    response = sign_in(juror).post(f"/jury/nominations/{first.id}/conflict",
                                   data={"reason": "Reconocí a mi exalumno"})
    assert response.headers["Location"] == _url(jury_category)
    assert [(c.nomination_id, c.kind, c.reason) for c in _conflicts_of(juror)] == [
        (first.id, "declared", "Reconocí a mi exalumno")]
    assert conflicts.active_conflict(juror, first) is not None


def test_a_later_conflict_without_reason_is_refused(juror, sign_in, jury_category, two_nominations):
    first, second = two_nominations
    conflicts.declare(juror, jury_category, {first.id: None, second.id: None})
    response = sign_in(juror).post(f"/jury/nominations/{first.id}/conflict", data={"reason": " "})
    assert response.status_code == 400
    assert f'id="add-reason-{first.id}-error"' in response.get_data(as_text=True)
    assert _conflicts_of(juror) == []


def test_a_later_conflict_is_audited(juror, sign_in, jury_category, two_nominations, audit_events):
    first, _second = two_nominations
    sign_in(juror).post(f"/jury/nominations/{first.id}/conflict", data={"reason": "Socio"})
    [event] = audit_events("conflict.declared")
    assert (event.actor_id, event.summary["nomination_id"]) == (juror.id, first.id)


def test_a_conflict_cannot_be_declared_twice(app, juror, jury_category, two_nominations):
    first, _second = two_nominations
    conflicts.add_declared_conflict(juror, first, "Socio")
    with pytest.raises(ConflictError):
        conflicts.add_declared_conflict(juror, first, "Otra razón")


def test_a_dismissed_automatic_conflict_can_be_declared_again(app, organiser, jury_category,
                                                              make_nomination, make_municipality,
                                                              make_juror):
    home = make_municipality("Surco", "150140")
    nomination = make_nomination(jury_category, municipality=home)
    juror = make_juror(municipality=home)
    [automatic] = conflicts.detect_automatic_conflicts(juror)
    conflicts.dismiss_conflict(organiser, automatic, "Trabaja en otra área")
    conflicts.add_declared_conflict(juror, nomination, "Prefiero no evaluarlo")
    assert [(c.kind, c.reason, c.is_active) for c in _conflicts_of(juror)] == [
        ("declared", "Prefiero no evaluarlo", True)]


# -- who may declare -------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["nominator", "organiser"])
def test_non_jurors_may_not_open_the_declaration(role, make_user, sign_in, jury_category):
    assert sign_in(make_user(role)).get(_url(jury_category)).status_code == 403


def test_anonymous_visitor_is_sent_to_log_in_for_the_declaration(client, jury_category):
    response = client.get(_url(jury_category))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_nominator_may_not_add_a_conflict(nominator, sign_in, jury_category, two_nominations):
    response = sign_in(nominator).post(f"/jury/nominations/{two_nominations[0].id}/conflict",
                                       data={"reason": "Nada"})
    assert response.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Conflict)) == 0


def test_no_declaration_in_a_ranking_category(juror, sign_in, judging_edition, make_category):
    ranking = make_category(judging_edition, "PER", kind="ranking", criteria=0)
    assert sign_in(juror).get(_url(ranking)).status_code == 403


def test_no_declaration_once_the_edition_is_closed(juror, sign_in, make_edition, make_category):
    category = make_category(make_edition(2025, status="closed"), "INN")
    assert sign_in(juror).get(_url(category)).status_code == 403


def test_unknown_category_gets_404(juror, sign_in):
    assert sign_in(juror).get("/jury/categories/9999/conflicts").status_code == 404


# -- organisers ------------------------------------------------------------------------------

ORGANISER_URL = "/organiser/editions/2026/conflicts"


@pytest.fixture
def automatic_conflict(jury_category, make_nomination, make_municipality, make_juror):
    home = make_municipality("Surco", "150140")
    make_nomination(jury_category, municipality=home)
    [conflict] = conflicts.detect_automatic_conflicts(make_juror(municipality=home))
    db.session.commit()
    return conflict


@pytest.fixture
def declared_conflict(jury_category, make_nomination, make_juror):
    nomination = make_nomination(jury_category)
    return conflicts.add_declared_conflict(make_juror(), nomination, "Fui consultora del programa")


def _dismiss_url(conflict) -> str:
    return f"{ORGANISER_URL}/{conflict.id}/dismiss"


def test_organiser_sees_every_conflict_with_its_reason(as_organiser, automatic_conflict,
                                                       declared_conflict):
    html = as_organiser.get(ORGANISER_URL).get_data(as_text=True)
    assert f'id="conflict-{automatic_conflict.id}"' in html
    assert f'id="conflict-{declared_conflict.id}"' in html
    assert "Fui consultora del programa" in html


def test_organiser_filters_conflicts_by_category(as_organiser, judging_edition, make_category,
                                                 make_nomination, make_juror, declared_conflict):
    other = make_category(judging_edition, "TUR")
    elsewhere = conflicts.add_declared_conflict(make_juror(), make_nomination(other), "Pariente")
    html = as_organiser.get(f"{ORGANISER_URL}?category=TUR").get_data(as_text=True)
    assert f'id="conflict-{elsewhere.id}"' in html
    assert f'id="conflict-{declared_conflict.id}"' not in html


def test_filtering_by_an_unknown_category_gets_404(as_organiser, jury_category):
    assert as_organiser.get(f"{ORGANISER_URL}?category=XYZ").status_code == 404


def test_organiser_page_lists_the_declarations(as_organiser, jury_category, two_nominations,
                                               make_juror):
    juror = make_juror()
    conflicts.declare(juror, jury_category, {n.id: None for n in two_nominations})
    html = as_organiser.get(ORGANISER_URL).get_data(as_text=True)
    assert re.search(rf"<strong>INN</strong> · {juror.name}", html)


def test_organiser_dismisses_an_automatic_conflict_with_a_reason(as_organiser, organiser,
                                                                  automatic_conflict):
    response = as_organiser.post(_dismiss_url(automatic_conflict),
                                 data={"reason": "Dejó la municipalidad en 2024"})
    assert response.status_code == 302
    conflict = db.session.get(Conflict, automatic_conflict.id)
    assert (conflict.is_active, conflict.dismissed_by_id, conflict.dismissal_reason) == (
        False, organiser.id, "Dejó la municipalidad en 2024")


def test_dismissal_is_audited_with_its_reason(as_organiser, organiser, automatic_conflict,
                                              audit_events):
    as_organiser.post(_dismiss_url(automatic_conflict), data={"reason": "Dejó la municipalidad"})
    [event] = audit_events("conflict.dismissed")
    assert event.actor_id == organiser.id
    assert event.summary["reason"] == "Dejó la municipalidad"


def test_dismissal_without_reason_is_refused(as_organiser, automatic_conflict):
    response = as_organiser.post(_dismiss_url(automatic_conflict), data={"reason": ""})
    assert response.status_code == 400
    assert f'id="dismiss-reason-{automatic_conflict.id}-error"' in response.get_data(as_text=True)
    assert db.session.get(Conflict, automatic_conflict.id).is_active


def test_a_declared_conflict_cannot_be_dismissed(as_organiser, declared_conflict):
    as_organiser.post(_dismiss_url(declared_conflict), data={"reason": "No me parece"})
    assert db.session.get(Conflict, declared_conflict.id).is_active


def test_dismissed_automatic_conflict_frees_the_pair_for_assignment(app, organiser, jury_category,
                                                                     automatic_conflict):
    conflicts.dismiss_conflict(organiser, automatic_conflict, "Ya no trabaja allí")
    pair = (automatic_conflict.juror_id, automatic_conflict.nomination_id)
    assert pair not in conflicted_pairs(jury_category)


@pytest.mark.parametrize("role", ["juror", "nominator"])
def test_only_organisers_may_dismiss(role, make_user, sign_in, automatic_conflict):
    response = sign_in(make_user(role)).post(_dismiss_url(automatic_conflict), data={"reason": "x"})
    assert response.status_code == 403
    assert db.session.get(Conflict, automatic_conflict.id).is_active


def test_dismissing_a_conflict_of_another_edition_gets_404(as_organiser, make_edition, make_category,
                                                           make_nomination, make_juror):
    make_edition(2026, status="judging")
    other = make_category(make_edition(2025, status="judging"), "INN")
    conflict = conflicts.add_declared_conflict(make_juror(), make_nomination(other), "Pariente")
    assert as_organiser.post(_dismiss_url(conflict), data={"reason": "x"}).status_code == 404


def test_organiser_conflicts_page_query_count_does_not_grow(as_organiser, jury_category,
                                                            make_nomination, make_juror,
                                                            count_queries, organiser):
    def add_conflicts(count):
        """Every other one an automatic conflict an organiser dismissed, starting with one."""
        for i in range(count):
            conflict = conflicts.add_declared_conflict(make_juror(), make_nomination(jury_category),
                                                       "Motivo")
            if i % 2 == 0:
                conflict.kind = "automatic"
                conflicts.dismiss_conflict(organiser, conflict, "Revisado")
    add_conflicts(1)
    few = count_queries(as_organiser, ORGANISER_URL)
    add_conflicts(49)
    assert count_queries(as_organiser, ORGANISER_URL) == few


# -- the service others call -----------------------------------------------------------------

def test_category_detection_covers_every_juror_of_the_municipality(app, jury_category,
                                                                   make_nomination,
                                                                   make_municipality, make_juror):
    home = make_municipality("Surco", "150140")
    nomination = make_nomination(jury_category, municipality=home)
    first, second, outsider = make_juror(municipality=home), make_juror(municipality=home), make_juror()
    created = conflicts.detect_category_conflicts(jury_category)
    db.session.commit()
    assert sorted((c.juror_id, c.nomination_id) for c in created) == [
        (first.id, nomination.id), (second.id, nomination.id)]
    assert _conflicts_of(outsider) == []


def test_detection_leaves_a_dismissed_automatic_conflict_dismissed(app, organiser, jury_category,
                                                                   automatic_conflict):
    conflicts.dismiss_conflict(organiser, automatic_conflict, "Revisado")
    assert conflicts.detect_category_conflicts(jury_category) == []
    assert not db.session.get(Conflict, automatic_conflict.id).is_active

