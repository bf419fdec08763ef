"""The organisers' leaderboard page: the table, the sensitivity line, the jurors' plot, the CSV,
and moving nominations on; its query count does not grow with the nominations."""
from __future__ import annotations

import csv
import io
import re

import pytest

from app.extensions import db
from app.judging import results
from app.judging.models import Round, RoundEntry, RoundKind

URL = "/organiser/editions/2026/categories/INN/leaderboard"


@pytest.fixture
def scored(jury_category, first_round, make_nomination, make_juror, score_nomination):
    """A: 7/9 and 5/5 · B: 10/10 twice · C: 1/1 once (one review short)."""
    a, b, c = (make_nomination(jury_category) for _ in range(3))
    j1, j2 = make_juror(), make_juror()
    score_nomination(a, j1, [7, 9])
    score_nomination(a, j2, [5, 5])
    score_nomination(b, j1, [10, 10])
    score_nomination(b, j2, [10, 10])
    score_nomination(c, j1, [1, 1])
    return {"a": a, "b": b, "c": c, "j1": j1, "j2": j2}


def references_in_order(html: str) -> list[str]:
    return re.findall(r'<tr data-reference="([^"]+)"', html)


def test_rows_come_in_leaderboard_order(as_organiser, scored):
    html = as_organiser.get(URL).get_data(as_text=True)
    assert references_in_order(html) == [scored[k].reference for k in ("b", "a", "c")]


def test_row_shows_its_flag(as_organiser, scored):
    html = as_organiser.get(URL).get_data(as_text=True)
    row = html.split(f'data-reference="{scored["c"].reference}"')[1].split("</tr>")[0]
    assert 'data-flag="too_few_reviews"' in row


def test_page_says_whether_the_method_changes_the_top_places(as_organiser, scored):
    html = as_organiser.get(URL).get_data(as_text=True)
    section = html.split('id="sensitivity"')[1].split("</section>")[0]
    assert ("son los mismos con la media, la mediana, la media recortada y el puntaje normalizado"
            in section)


def test_page_draws_one_lane_per_juror_with_a_text_alternative(as_organiser, scored):
    html = as_organiser.get(URL).get_data(as_text=True)
    assert html.count("<g data-juror=") == 2
    assert 'aria-labelledby="juror-plot-title juror-plot-desc"' in html
    assert html.count("data-juror-id=") == 2


def test_category_without_a_round_says_judging_has_not_opened(as_organiser, judging_edition,
                                                               make_category):
    make_category(judging_edition, "INN")
    response = as_organiser.get(URL)
    assert "no tiene ninguna ronda" in response.get_data(as_text=True)


def test_unknown_category_is_not_found(as_organiser, scored):
    assert as_organiser.get("/organiser/editions/2026/categories/NOPE/leaderboard").status_code == 404


def test_unknown_round_is_not_found(as_organiser, scored):
    assert as_organiser.get(URL + "?round=9").status_code == 404


def test_juror_is_refused(client, sign_in, scored):
    assert sign_in(scored["j1"]).get(URL).status_code == 403


def test_long_leaderboard_is_paged_keeping_global_positions(as_organiser, scored, monkeypatch):
    monkeypatch.setattr(results, "PER_PAGE", 2)
    html = as_organiser.get(URL + "?page=2").get_data(as_text=True)
    assert references_in_order(html) == [scored["c"].reference]
    assert 'data-position="3"' in html


def test_csv_has_every_row_with_unrounded_figures(as_organiser, scored):
    response = as_organiser.get(URL + ".csv")
    assert response.headers["Content-Disposition"].endswith('leaderboard-2026-INN-round1.csv"')
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [r["reference"] for r in rows] == [scored[k].reference for k in ("b", "a", "c")]
    a_total = 100 * ((10 * 7 + 20 * 9) / 30 - 1) / 9
    b_total = 100 * ((10 * 5 + 20 * 5) / 30 - 1) / 9
    assert float(rows[1]["score_mean"]) == pytest.approx((a_total + b_total) / 2, abs=1e-12)
    assert rows[2]["flags"] == "too_few_reviews"


def test_shortlisting_ticked_nominations(as_organiser, scored, audit_events):
    response = as_organiser.post(URL + "/move?round=1", data={
        "scope": "ticked", "target": "shortlisted", "ids": [scored["a"].id, scored["c"].id]})
    assert response.status_code == 302
    db.session.expire_all()
    assert (scored["a"].status, scored["b"].status, scored["c"].status) == (
        "shortlisted", "eligible", "shortlisted")
    assert len(audit_events("nomination.shortlisted")) == 2


def test_making_the_top_places_finalists(as_organiser, scored):
    as_organiser.post(URL + "/move", data={"scope": "top", "top_n": "1", "target": "finalist"})
    db.session.expire_all()
    assert (scored["b"].status, scored["a"].status) == ("finalist", "eligible")


def test_move_without_a_target_keeps_the_ticks(as_organiser, scored):
    response = as_organiser.post(URL + "/move", data={"scope": "ticked", "ids": [scored["a"].id]})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'value="{scored["a"].id}" id="pick-{scored["a"].id}" checked' in html
    db.session.expire_all()
    assert scored["a"].status == "eligible"


def test_top_places_without_a_number_is_refused_with_a_message(as_organiser, scored):
    response = as_organiser.post(URL + "/move", data={"scope": "top", "target": "shortlisted"})
    assert response.status_code == 400
    assert "Indique cuántos de los primeros puestos desea mover." in response.get_data(as_text=True)


def test_move_without_ticks_is_refused_with_a_message(as_organiser, scored):
    response = as_organiser.post(URL + "/move", data={"scope": "ticked", "target": "shortlisted"})
    assert response.status_code == 409
    assert "Marque al menos una postulación" in response.get_data(as_text=True)


def test_next_round_is_offered_only_when_a_later_round_exists(as_organiser, scored,
                                                              jury_category):
    assert 'value="next_round"' not in as_organiser.get(URL).get_data(as_text=True)
    db.session.add(Round(category_id=jury_category.id, position=2, kind=RoundKind.FINAL.value))
    db.session.commit()
    assert 'value="next_round"' in as_organiser.get(URL + "?round=1").get_data(as_text=True)


def test_moving_into_the_next_round(as_organiser, scored, jury_category):
    second = Round(category_id=jury_category.id, position=2, kind=RoundKind.FINAL.value)
    db.session.add(second)
    db.session.commit()
    response = as_organiser.post(URL + "/move?round=1", data={
        "scope": "top", "top_n": "2", "target": "next_round"})
    assert response.status_code == 302
    assert db.session.query(RoundEntry).filter_by(round_id=second.id).count() == 2


def test_moving_into_a_missing_next_round_is_refused(as_organiser, scored):
    response = as_organiser.post(URL + "/move", data={"scope": "top", "top_n": "1",
                                                      "target": "next_round"})
    assert response.status_code == 400


def test_closed_edition_offers_no_move(as_organiser, scored, jury_category):
    jury_category.edition.status = "closed"
    db.session.commit()
    html = as_organiser.get(URL).get_data(as_text=True)
    assert 'name="target"' not in html


def test_page_runs_the_same_queries_for_1_and_50_nominations(
        as_organiser, jury_category, first_round, make_nomination, make_juror, score_nomination,
        count_queries):
    jurors = [make_juror() for _ in range(3)]
    score_nomination(make_nomination(jury_category), jurors[0], [5, 5])
    one = count_queries(as_organiser, URL)
    for i in range(49):
        nomination = make_nomination(jury_category)
        for j, juror in enumerate(jurors[: 1 + i % 3]):
            score_nomination(nomination, juror, [1 + (i + j) % 10, 1 + (2 * i) % 10])
    assert count_queries(as_organiser, URL) == one


def test_page_speaks_english_to_an_organiser_who_prefers_it(as_organiser, scored, organiser):
    organiser.locale = "en"
    db.session.commit()
    html = as_organiser.get(URL).get_data(as_text=True)
    assert "Does the method change the winners?" in html
