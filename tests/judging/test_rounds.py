"""Rounds of a jury category and its judging settings: services and the organiser's forms."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from flask_babel import force_locale

from app.editions.freeze import EditionFrozen
from app.extensions import db
from app.judging import rounds
from app.judging.models import Round, RoundEntry
from app.judging.rounds import RoundError

JURY = "/organiser/editions/2026/categories/INN/jury"


@pytest.fixture(autouse=True)
def english(app):
    """Service refusals read in English here; the pages' tests check the Spanish default."""
    with force_locale("en"):
        yield


def _at(days: int) -> datetime:
    return (datetime.now(timezone.utc) + timedelta(days=days)).replace(microsecond=0)


# -- which nominations a round holds ------------------------------------------------------------

def test_first_round_holds_the_screened_in_nominations(jury_category, first_round, make_nomination):
    kept = [make_nomination(jury_category, status=s) for s in ("eligible", "shortlisted", "finalist")]
    for status in ("submitted", "ineligible", "withdrawn", "draft"):
        make_nomination(jury_category, status=status)
    assert [n.id for n in rounds.round_nominations(first_round)] == [n.id for n in kept]


def test_a_later_round_holds_only_the_nominations_moved_into_it(organiser, jury_category,
                                                                first_round, make_nomination):
    moved, _stayed = make_nomination(jury_category), make_nomination(jury_category)
    final = rounds.add_final_round(organiser, jury_category, None, None)
    db.session.add(RoundEntry(round_id=final.id, nomination_id=moved.id))
    db.session.commit()
    assert rounds.round_nominations(final) == [moved]


def test_the_deadline_is_the_rounds_own_closing_else_the_editions(judging_edition, first_round):
    assert rounds.round_deadline(first_round) == judging_edition.judging_close_at
    first_round.closes_at = _at(3)
    assert rounds.round_deadline(first_round) == first_round.closes_at
    first_round.closes_at = None
    judging_edition.judging_close_at = _at(-1)
    assert rounds.is_overdue(first_round)


# -- managing rounds ----------------------------------------------------------------------------

def test_adding_a_final_round_turns_the_first_into_screening(organiser, jury_category, first_round):
    final = rounds.add_final_round(organiser, jury_category, _at(1), _at(20))
    assert (final.position, final.kind) == (2, "final")
    assert db.session.get(Round, first_round.id).kind == "screening"
    assert rounds.current_round(jury_category).id == final.id


def test_adding_a_round_is_audited(organiser, jury_category, first_round, audit_events):
    rounds.add_final_round(organiser, jury_category, None, _at(20))
    [event] = audit_events("round.added")
    assert event.summary["kind"] == "final" and event.summary["position"] == 2


def test_a_third_round_is_refused(organiser, jury_category, first_round):
    rounds.add_final_round(organiser, jury_category, None, None)
    with pytest.raises(RoundError, match="already has a screening round and a final round"):
        rounds.add_final_round(organiser, jury_category, None, None)


def test_rounds_are_not_added_before_judging_opens(organiser, make_edition, make_category):
    category = make_category(make_edition(2027, status="screening"), "INN")
    with pytest.raises(RoundError, match="once judging has opened"):
        rounds.add_final_round(organiser, category, None, None)


def test_a_round_closing_before_it_opens_is_refused(organiser, first_round):
    with pytest.raises(RoundError, match="close after it opens"):
        rounds.update_round_dates(organiser, first_round, _at(5), _at(4))


def test_changing_round_dates_is_audited_with_old_and_new(organiser, first_round, audit_events):
    before = first_round.closes_at
    rounds.update_round_dates(organiser, first_round, None, _at(9))
    [event] = audit_events("round.dates_changed")
    assert event.summary["closes_at"][0] == before.isoformat()
    assert db.session.get(Round, first_round.id).closes_at == _at(9)


def test_closing_now_stops_the_round_and_reopening_undoes_it(organiser, first_round, audit_events):
    rounds.close_round(organiser, first_round)
    assert not first_round.is_open(datetime.now(timezone.utc))
    rounds.reopen_round(organiser, first_round)
    assert first_round.closed_at is None
    assert [e.action for e in audit_events()][-2:] == ["round.closed", "round.reopened"]


def test_closing_a_closed_round_is_refused(organiser, first_round):
    rounds.close_round(organiser, first_round)
    with pytest.raises(RoundError, match="already closed"):
        rounds.close_round(organiser, first_round)


def test_rounds_are_frozen_once_the_edition_closes(organiser, judging_edition, jury_category,
                                                   first_round):
    judging_edition.status = "closed"
    db.session.commit()
    for attempt in (lambda: rounds.add_final_round(organiser, jury_category, None, None),
                    lambda: rounds.update_round_dates(organiser, first_round, None, _at(2)),
                    lambda: rounds.close_round(organiser, first_round)):
        with pytest.raises(EditionFrozen, match="is closed"):
            attempt()


def test_a_ranking_category_has_no_jury(organiser, judging_edition, make_category):
    ranking = make_category(judging_edition, "PER", kind="ranking", criteria=0)
    with pytest.raises(RoundError, match="no jury"):
        rounds.update_judging_settings(organiser, ranking, {"review_visibility": "never"})


# -- judging settings ---------------------------------------------------------------------------

SETTINGS = {"review_visibility": "after_own", "blind_submitter": True, "blind_nominee": False,
            "overall_comment_required": False}


def test_judging_settings_are_saved_and_audited(organiser, jury_category, audit_events):
    changes = rounds.update_judging_settings(organiser, jury_category, SETTINGS)
    assert changes["review_visibility"] == ["never", "after_own"]
    assert jury_category.blind_submitter and not jury_category.overall_comment_required
    assert audit_events("category.judging_settings")[0].summary["blind_submitter"] == [False, True]


def test_hiding_a_municipal_nominee_is_refused(organiser, jury_category):
    with pytest.raises(RoundError, match="people or institutions"):
        rounds.update_judging_settings(organiser, jury_category, {**SETTINGS, "blind_nominee": True})


def test_hiding_a_person_nominee_is_allowed(organiser, judging_edition, make_category):
    special = make_category(judging_edition, "ESP", admits_municipality=False, admits_person=True)
    rounds.update_judging_settings(organiser, special, {**SETTINGS, "blind_nominee": True})
    assert special.blind_nominee


def test_an_unknown_visibility_is_refused(organiser, jury_category):
    with pytest.raises(RoundError, match="other reviews"):
        rounds.update_judging_settings(organiser, jury_category,
                                       {**SETTINGS, "review_visibility": "always"})


# -- the forms ----------------------------------------------------------------------------------

def test_settings_form_saves_and_returns_to_the_jury_page(as_organiser, jury_category):
    response = as_organiser.post(JURY + "/settings", data={
        "review_visibility": "after_published", "blind_submitter": "y"})
    assert response.status_code == 302 and "/jury" in response.location
    assert jury_category.review_visibility == "after_published"
    assert jury_category.blind_submitter and not jury_category.overall_comment_required


def test_settings_form_with_a_bad_choice_says_so_and_keeps_the_rest(as_organiser, jury_category):
    response = as_organiser.post(JURY + "/settings", data={
        "review_visibility": "always", "blind_submitter": "y"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Opción inválida" in page
    assert re.search(r'<input[^>]*\bchecked\b[^>]*id="blind_submitter"', page)
    assert jury_category.review_visibility == "never"


def test_round_dates_are_read_in_the_editions_time_zone(as_organiser, first_round):
    response = as_organiser.post(f"{JURY}/rounds/{first_round.id}/dates",
                                 data={"opens_at": "2026-12-01T09:00", "closes_at": "2026-12-20T18:00"})
    assert response.status_code == 302
    assert first_round.closes_at == datetime(2026, 12, 20, 23, 0, tzinfo=timezone.utc)


def test_reversed_round_dates_show_the_error_without_changing_anything(as_organiser, first_round):
    before = first_round.closes_at
    response = as_organiser.post(f"{JURY}/rounds/{first_round.id}/dates",
                                 data={"opens_at": "2026-12-20T09:00", "closes_at": "2026-12-01T18:00"})
    assert response.status_code == 409
    assert "debe cerrar después de abrir" in response.get_data(as_text=True)
    assert first_round.closes_at == before


def test_a_final_round_is_added_from_the_page(as_organiser, jury_category, first_round):
    response = as_organiser.post(JURY + "/rounds", data={"closes_at": "2027-01-10T18:00"})
    assert response.status_code == 302
    assert [r.kind for r in rounds.rounds_of(jury_category)] == ["screening", "final"]


def test_close_now_from_the_page(as_organiser, first_round):
    assert as_organiser.post(f"{JURY}/rounds/{first_round.id}/close").status_code == 302
    assert first_round.closed_at is not None


def test_a_round_of_another_category_is_not_found(as_organiser, judging_edition, make_category,
                                                  first_round):
    other = rounds.ensure_default_round(make_category(judging_edition, "PRE"))
    db.session.commit()
    assert as_organiser.post(f"{JURY}/rounds/{other.id}/close").status_code == 404
