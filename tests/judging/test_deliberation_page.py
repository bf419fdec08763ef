"""The deliberation page of a jury category: the leaderboard with its flags, the sensitivity
line, tie warnings, and the places form; organisers only; bounded queries."""
from __future__ import annotations

import re

import pytest

from app.awards import services
from app.editions import services as editions
from app.extensions import db

BASE = "/organiser/editions/2026/categories/INN"
URL = BASE + "/deliberation"
CONFIRM = BASE + "/places/confirm"


@pytest.fixture
def board(jury_category, first_round, make_nomination, make_juror, score_nomination):
    """A and B equal in the whole chain (88.9); C behind by the tie-break criterion only
    (66.7 with [9, 6]); D level with C on the total but lower on the tie-break ([5, 8]);
    E has one review of a wide spread (flags: too few reviews)."""
    j1, j2 = make_juror(), make_juror()
    a, b, c, d, e = (make_nomination(jury_category) for _ in range(5))
    for nomination, scores in ((a, [9, 9]), (b, [9, 9]), (c, [9, 6]), (d, [5, 8])):
        score_nomination(nomination, j1, scores)
        score_nomination(nomination, j2, scores)
    score_nomination(e, j1, [1, 1])
    editions.apply_transition(jury_category.edition, "open_deliberation")
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def _row(html: str, reference: str) -> str:
    table = html.split('id="deliberation-leaderboard"')[1]
    return table.split(f'data-reference="{reference}"')[1].split("</tr>")[0]


def test_the_page_shows_the_leaderboard_in_order(as_organiser, board):
    html = as_organiser.get(URL).get_data(as_text=True)
    table = html.split('id="deliberation-leaderboard"')[1]
    assert re.findall(r'<tr data-reference="([^"]+)"', table) == [
        board[k].reference for k in "abcde"]


def test_the_page_shows_the_leaderboard_flags(as_organiser, board):
    html = as_organiser.get(URL).get_data(as_text=True)
    assert 'data-flag="too_few_reviews"' in _row(html, board["e"].reference)


def test_the_page_shows_the_sensitivity_line(as_organiser, board):
    html = as_organiser.get(URL).get_data(as_text=True)
    assert 'id="sensitivity"' in html and "¿Cambia el método a los ganadores?" in html


def test_the_page_marks_rows_the_chain_left_tied(as_organiser, board):
    html = as_organiser.get(URL).get_data(as_text=True)
    assert "empate: deciden los organizadores" in _row(html, board["a"].reference)


def test_the_page_shows_a_place_decided_by_the_tie_break_criterion(as_organiser, board):
    html = as_organiser.get(URL).get_data(as_text=True)
    places = html.split('id="provisional-places"')[1].split("</table>")[0]
    assert 'data-decided-by="tie_break"' in places
    assert "por el criterio de desempate" in _row(html, board["c"].reference)


def test_the_page_warns_about_tied_places(as_organiser, board):
    assert 'id="tie-warning"' in as_organiser.get(URL).get_data(as_text=True)


def test_the_form_is_prefilled_with_the_leaderboard_order(as_organiser, board):
    html = as_organiser.get(URL).get_data(as_text=True)
    assert re.findall(r'<option selected value="(\d+)"', html) == [
        str(board[k].id) for k in "abc"]


def test_keeping_the_tied_order_without_a_reason_is_refused_and_keeps_the_input(as_organiser,
                                                                               board):
    response = as_organiser.post(CONFIRM, data={
        "places-0-candidate": board["a"].id, "places-1-candidate": board["b"].id,
        "places-2-candidate": board["c"].id, "places-2-reason": "nota del acta"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert re.search(r'id="form-errors".*?<li>[^<]*1', page, re.S)
    assert "nota del acta</textarea>" in page
    assert {a.status for a in services.category_awards(board["a"].category)} == {"provisional"}


def test_sharing_the_tied_place_from_the_page_confirms_it(as_organiser, board):
    response = as_organiser.post(CONFIRM, data={
        "places-0-candidate": board["a"].id,
        "places-1-candidate": board["b"].id, "places-1-shared": "y",
        "places-1-reason": "Empate tras toda la cadena",
        "places-2-candidate": board["c"].id})
    assert response.status_code == 302
    db.session.expire_all()
    awards = services.category_awards(board["a"].category)
    assert [(a.place, a.shared, a.status) for a in awards] == [
        ("gold", True, "confirmed"), ("gold", True, "confirmed"), ("bronze", False, "confirmed")]


def test_confirmed_places_show_the_nominations(as_organiser, board, organiser):
    from app.awards.places import Choice
    category = board["a"].category
    services.confirm_places(category, organiser, [
        Choice(str(board["a"].id), reason="Acta 3"), Choice(str(board["b"].id)),
        Choice(str(board["c"].id))])
    html = as_organiser.get(URL).get_data(as_text=True)
    table = html.split('id="confirmed-places"')[1].split("</table>")[0]
    assert board["a"].reference in table and "Acta 3" in table


def test_before_deliberation_the_page_previews_the_places(as_organiser, jury_category,
                                                         first_round, make_nomination,
                                                         make_juror, score_nomination):
    nomination = make_nomination(jury_category)
    score_nomination(nomination, make_juror(), [9, 9])
    html = as_organiser.get(URL).get_data(as_text=True)
    assert nomination.reference in html.split('id="preview-places"')[1].split("</ol>")[0]


def test_a_category_without_a_round_says_judging_has_not_opened(as_organiser, jury_category):
    html = as_organiser.get(URL).get_data(as_text=True)
    assert 'id="notice"' in html


@pytest.mark.parametrize("role", ["juror", "nominator"])
def test_other_roles_may_not_see_the_page(role, client, sign_in, make_user, board):
    sign_in(make_user(role))
    assert client.get(URL).status_code == 403


def test_the_page_runs_as_many_queries_for_1_as_for_50_nominations(
        as_organiser, jury_category, first_round, make_nomination, make_juror, score_nomination,
        count_queries):
    jurors = [make_juror() for _ in range(2)]
    score_nomination(make_nomination(jury_category), jurors[0], [5, 5])
    editions.apply_transition(jury_category.edition, "open_deliberation")
    one = count_queries(as_organiser, URL)
    jury_category.edition.status = "judging"
    db.session.commit()
    for i in range(49):
        nomination = make_nomination(jury_category)
        for j, juror in enumerate(jurors[: 1 + i % 2]):
            score_nomination(nomination, juror, [1 + (i + j) % 10, 1 + (2 * i) % 10])
    jury_category.edition.status = "deliberation"
    db.session.commit()
    services.recompute_provisional_places(jury_category)
    assert count_queries(as_organiser, URL) == one
