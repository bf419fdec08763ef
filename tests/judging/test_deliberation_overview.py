"""The edition's deliberation overview: each category's state, tied places, reviews in draft;
and `undecided_categories`, which closing uses."""
from __future__ import annotations

import re

import pytest

from app.awards import services
from app.awards.places import Choice
from app.editions import services as editions
from app.extensions import db
from app.judging.rounds import ensure_default_round

URL = "/organiser/editions/2026/deliberation"


@pytest.fixture
def edition(judging_edition, jury_category, first_round, make_category, make_nomination,
            make_juror, score_nomination, organiser):
    """INN: provisional places, the third tied with the fourth, and two reviews in draft;
    RTS: places confirmed; TUR: declared void; PER: a ranking category without a ranking."""
    rts, tur = make_category(judging_edition, "RTS"), make_category(judging_edition, "TUR")
    make_category(judging_edition, "PER", kind="ranking", criteria=0)
    rts_round = ensure_default_round(rts)
    db.session.commit()
    j1, j2, late = make_juror(), make_juror(), make_juror()
    for scores in ([9, 9], [8, 8], [7, 7], [7, 7]):
        nomination = make_nomination(jury_category)
        score_nomination(nomination, j1, scores)
        score_nomination(nomination, j2, scores)
        if scores == [8, 8]:
            score_nomination(nomination, late, [5, 5], submitted=False)
    score_nomination(nomination, late, [5, 5], submitted=False)
    winner = make_nomination(rts)
    score_nomination(winner, j1, [9, 9], round_=rts_round)
    editions.apply_transition(judging_edition, "open_deliberation")
    rts_places = services.category_awards(rts)
    services.confirm_places(rts, organiser, [Choice(str(a.nomination_id)) for a in rts_places])
    services.declare_void(tur, organiser, "Sin postulaciones suficientes")
    return judging_edition


def _row(html: str, code: str) -> str:
    return re.search(rf'<tr data-code="{code}".*?</tr>', html, re.S).group(0)


@pytest.mark.parametrize("code,state", [("INN", "provisional"), ("RTS", "confirmed"),
                                        ("TUR", "void"), ("PER", "no_places")])
def test_each_category_shows_its_state(as_organiser, edition, code, state):
    html = as_organiser.get(URL).get_data(as_text=True)
    assert f'data-state="{state}"' in _row(html, code)


def test_the_reviews_still_in_draft_are_counted_per_category(as_organiser, edition):
    html = as_organiser.get(URL).get_data(as_text=True)
    assert 'data-drafts="2"' in _row(html, "INN") and 'data-drafts="0"' in _row(html, "RTS")


def test_tied_provisional_places_are_counted(as_organiser, edition):
    html = as_organiser.get(URL).get_data(as_text=True)
    assert 'data-ties="1"' in _row(html, "INN") and 'data-ties="0"' in _row(html, "RTS")


def test_the_void_reason_is_shown(as_organiser, edition):
    assert "Sin postulaciones suficientes" in _row(as_organiser.get(URL).get_data(as_text=True),
                                                   "TUR")


def test_the_summary_counts_the_undecided_categories_and_the_drafts(as_organiser, edition):
    html = as_organiser.get(URL).get_data(as_text=True)
    summary = html.split('id="summary"')[1].split("</p>")[0]
    assert "2 categorías" in summary and "2 evaluaciones" in summary


def test_each_category_links_to_its_deliberation_page(as_organiser, edition):
    html = as_organiser.get(URL).get_data(as_text=True)
    assert 'href="/organiser/editions/2026/categories/INN/deliberation"' in _row(html, "INN")


def test_the_edition_page_links_to_the_overview(as_organiser, edition):
    assert f'href="{URL}"' in as_organiser.get("/organiser/editions/2026").get_data(as_text=True)


def test_undecided_categories_are_those_neither_void_nor_confirmed(edition):
    assert [c.code for c in services.undecided_categories(edition)] == ["INN", "PER"]


@pytest.mark.parametrize("role", ["juror", "nominator"])
def test_other_roles_may_not_see_the_overview(role, client, sign_in, make_user, edition):
    sign_in(make_user(role))
    assert client.get(URL).status_code == 403


def test_an_unknown_edition_is_not_found(as_organiser):
    assert as_organiser.get("/organiser/editions/1999/deliberation").status_code == 404
