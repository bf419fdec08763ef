"""The organiser's jury page: the assignment table, adding and removing by hand, automatic runs."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.judging.models import Assignment

JURY = "/organiser/editions/2026/categories/INN/jury"


@pytest.fixture
def panel(jury_category, first_round, make_nomination, make_juror):
    return [make_nomination(jury_category) for _ in range(3)], [make_juror() for _ in range(4)]


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Assignment))


def _text(response) -> str:
    return response.get_data(as_text=True).replace("&#39;", "'")


def test_jury_page_lists_the_rounds_nominations_and_reviewers(as_organiser, panel,
                                                              make_assignment, make_review):
    nominations, jurors = panel
    make_review(make_assignment(jurors[0], nominations[0]), [8, 9])
    page = _text(as_organiser.get(JURY))
    row = re.search(rf'<tr data-nomination="{nominations[0].reference}">.*?</tr>', page, re.S).group(0)
    assert jurors[0].name in row and "enviada" in row
    assert all(n.reference in page for n in nominations)


def test_jury_page_before_judging_shows_only_the_settings(as_organiser, make_edition, make_category):
    make_category(make_edition(2026, status="screening"), "INN")
    page = _text(as_organiser.get(JURY))
    assert 'id="settings"' in page and 'id="assignments"' not in page


def test_a_ranking_category_has_no_jury_page(as_organiser, judging_edition, make_category):
    make_category(judging_edition, "PER", kind="ranking", criteria=0)
    assert as_organiser.get("/organiser/editions/2026/categories/PER/jury").status_code == 404


def test_a_juror_is_added_to_a_nomination_from_its_row(as_organiser, first_round, panel):
    nominations, jurors = panel
    response = as_organiser.post(f"{JURY}/rounds/{first_round.id}/assignments",
                                 data={"nomination_ids": nominations[0].id, "juror_ids": jurors[1].id})
    assert response.status_code == 302
    assignment = db.session.scalar(select(Assignment))
    assert (assignment.juror_id, assignment.nomination_id) == (jurors[1].id, nominations[0].id)


def test_several_nominations_are_added_to_one_juror(as_organiser, first_round, panel):
    nominations, jurors = panel
    as_organiser.post(f"{JURY}/rounds/{first_round.id}/assignments",
                      data={"juror_ids": [jurors[2].id], "nomination_ids": [n.id for n in nominations]})
    assert _count() == 3


def test_a_refused_manual_assignment_explains_why_and_keeps_the_choice(as_organiser, jury_category,
                                                                       first_round, panel,
                                                                       make_juror, make_municipality,
                                                                       make_nomination):
    home = make_municipality("Surco", "150140")
    local = make_nomination(jury_category, municipality=home)
    juror = make_juror(municipality=home)
    response = as_organiser.post(f"{JURY}/rounds/{first_round.id}/assignments",
                                 data={"juror_ids": juror.id, "nomination_ids": local.id})
    page = _text(response)
    assert response.status_code == 409 and "conflicto de interés" in page
    assert re.search(rf'<option selected value="{local.id}">', page)
    assert _count() == 0


def test_an_unknown_nomination_is_refused_with_a_message(as_organiser, first_round, panel):
    _nominations, jurors = panel
    response = as_organiser.post(f"{JURY}/rounds/{first_round.id}/assignments",
                                 data={"juror_ids": jurors[0].id, "nomination_ids": 999999},
                                 follow_redirects=True)
    assert "no existen en esta categoría" in _text(response)
    assert _count() == 0


def test_an_assignment_is_removed_from_the_page(as_organiser, panel, make_assignment):
    nominations, jurors = panel
    assignment = make_assignment(jurors[0], nominations[0])
    response = as_organiser.post(f"/organiser/editions/2026/assignments/{assignment.id}/delete")
    assert response.status_code == 302 and _count() == 0


def test_removing_a_submitted_review_is_refused_on_the_page(as_organiser, panel, make_assignment,
                                                            make_review):
    nominations, jurors = panel
    assignment = make_assignment(jurors[0], nominations[0])
    make_review(assignment, [5, 5])
    response = as_organiser.post(f"/organiser/editions/2026/assignments/{assignment.id}/delete")
    assert response.status_code == 409 and "Reabra" in _text(response)
    assert _count() == 1


def test_an_assignment_of_another_edition_is_not_found(as_organiser, panel, make_assignment):
    nominations, jurors = panel
    assignment = make_assignment(jurors[0], nominations[0])
    assert as_organiser.post(f"/organiser/editions/2031/assignments/{assignment.id}/delete"
                             ).status_code == 404


def test_automatic_assignment_from_the_page(as_organiser, first_round, panel):
    _nominations, jurors = panel
    response = as_organiser.post(f"{JURY}/rounds/{first_round.id}/automatic", data={
        "k": 2, "seed": 42, "top_up": "y", "jurors": [j.id for j in jurors]})
    assert response.status_code == 302 and _count() == 6


def test_automatic_form_with_bad_values_keeps_them_and_explains(as_organiser, first_round, panel):
    _nominations, jurors = panel
    response = as_organiser.post(f"{JURY}/rounds/{first_round.id}/automatic", data={
        "k": 0, "seed": 42, "cap": 7, "jurors": [j.id for j in jurors]})
    page = _text(response)
    assert response.status_code == 400 and "is-invalid" in page
    assert 'value="7"' in page and _count() == 0


def test_automatic_shortfalls_are_reported(as_organiser, first_round, panel):
    _nominations, jurors = panel
    response = as_organiser.post(f"{JURY}/rounds/{first_round.id}/automatic", data={
        "k": 3, "seed": 1, "top_up": "y", "jurors": [jurors[0].id, jurors[1].id]},
        follow_redirects=True)
    assert "menos jurados que revisiones por postulación" in _text(response)


def test_the_unstarted_assignments_of_a_juror_are_removed(as_organiser, first_round, panel,
                                                          make_assignment):
    nominations, jurors = panel
    make_assignment(jurors[0], nominations[0])
    make_assignment(jurors[0], nominations[1])
    response = as_organiser.post(
        f"{JURY}/rounds/{first_round.id}/jurors/{jurors[0].id}/remove-unstarted")
    assert response.status_code == 302 and _count() == 0
