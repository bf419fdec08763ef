"""Organiser pages for editions: transitions, create and edit with dates in the edition's zone."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from sqlalchemy import func, select

from app.editions.models import Edition, EditionStatus
from app.extensions import db


def _edition_form(**overrides) -> dict:
    data = {
        "year": "2027", "name": "V Premios Safe City 2027", "timezone": "America/Lima",
        "nominations_open_at": "2026-09-01T09:00", "nominations_close_at": "2026-10-15T18:00",
        "judging_close_at": "2026-11-30T18:00", "ceremony_at": "2026-12-10T19:30",
        "ceremony_place": "Lima", "score_aggregation": "mean",
    }
    data.update(overrides)
    return data


def _edition_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Edition))


def _problems_of(html: str, transition: str) -> str:
    match = re.search(rf'id="problems-{transition}"[^>]*>(.*?)</div>', html, re.S)
    assert match, f"no problems listed for {transition}"
    return match.group(1)


# -- transitions ------------------------------------------------------------------------------

def test_organiser_applies_a_transition_and_is_redirected_to_the_edition(as_organiser,
                                                                       make_edition, make_category,
                                                                       audit_events, organiser):
    edition = make_edition()
    make_category(edition, "INN")

    response = as_organiser.post("/organiser/editions/2026/transitions/open_nominations")

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/organiser/editions/2026")
    db.session.expire_all()
    assert edition.status == EditionStatus.NOMINATIONS_OPEN.value
    [event] = audit_events("edition.open_nominations")
    assert event.actor_id == organiser.id


def test_a_refused_transition_through_the_route_changes_nothing(as_organiser, make_edition,
                                                               make_category, audit_events):
    edition = make_edition(status="screening")
    make_category(edition, "TUR", criteria=0)

    response = as_organiser.post("/organiser/editions/2026/transitions/open_judging")

    assert response.status_code == 302
    page = as_organiser.get(response.headers["Location"]).get_data(as_text=True)
    assert re.search(r'class="alert alert-danger"[^>]*>[^<]*TUR', page)
    db.session.expire_all()
    assert edition.status == EditionStatus.SCREENING.value
    assert audit_events("edition.open_judging") == []


def test_an_unknown_transition_name_is_not_found(as_organiser, make_edition):
    make_edition()
    assert as_organiser.post("/organiser/editions/2026/transitions/teleport").status_code == 404


def test_a_transition_of_an_unknown_edition_is_not_found(as_organiser):
    assert as_organiser.post("/organiser/editions/1999/transitions/open_nominations").status_code == 404


def test_the_edition_page_lists_the_problems_blocking_a_transition(as_organiser, make_edition,
                                                                  make_category):
    edition = make_edition(status="screening")
    make_category(edition, "INN")
    make_category(edition, "TUR", criteria=0)

    response = as_organiser.get("/organiser/editions/2026")

    assert response.status_code == 200
    problems = _problems_of(response.get_data(as_text=True), "open_judging")
    assert "TUR" in problems
    assert "INN" not in problems


def test_the_edition_page_offers_a_ready_transition_without_problems(as_organiser, make_edition,
                                                                    make_category):
    edition = make_edition()
    make_category(edition, "INN")
    html = as_organiser.get("/organiser/editions/2026").get_data(as_text=True)
    assert "/organiser/editions/2026/transitions/open_nominations" in html
    assert 'id="problems-open_nominations"' not in html


def test_the_transition_route_is_forbidden_to_jurors(client, sign_in, juror, make_edition,
                                                    make_category):
    edition = make_edition()
    make_category(edition, "INN")
    sign_in(juror)
    assert client.post("/organiser/editions/2026/transitions/open_nominations").status_code == 403
    db.session.expire_all()
    assert edition.status == EditionStatus.DRAFT.value


# -- create and edit --------------------------------------------------------------------------

def test_dates_typed_in_the_form_are_stored_in_utc_from_the_editions_time_zone(as_organiser):
    response = as_organiser.post("/organiser/editions/new", data=_edition_form())

    assert response.status_code == 302
    edition = db.session.scalar(select(Edition).where(Edition.year == 2027))
    assert edition.timezone == "America/Lima"
    assert edition.nominations_open_at == datetime(2026, 9, 1, 14, 0, tzinfo=timezone.utc)
    assert edition.nominations_close_at == datetime(2026, 10, 15, 23, 0, tzinfo=timezone.utc)
    assert edition.ceremony_at == datetime(2026, 12, 11, 0, 30, tzinfo=timezone.utc)


def test_dates_follow_the_time_zone_chosen_for_the_edition(as_organiser):
    response = as_organiser.post("/organiser/editions/new",
                                 data=_edition_form(timezone="America/El_Salvador"))
    assert response.status_code == 302
    edition = db.session.scalar(select(Edition).where(Edition.year == 2027))
    assert edition.nominations_open_at == datetime(2026, 9, 1, 15, 0, tzinfo=timezone.utc)


def test_creating_an_edition_writes_an_audit_event(as_organiser, audit_events, organiser):
    as_organiser.post("/organiser/editions/new", data=_edition_form())
    [event] = audit_events("edition.created")
    assert event.actor_id == organiser.id
    assert event.summary["year"] == 2027


def test_the_edit_form_shows_the_stored_dates_in_local_time(as_organiser):
    as_organiser.post("/organiser/editions/new", data=_edition_form())

    html = as_organiser.get("/organiser/editions/2027/edit").get_data(as_text=True)

    assert 'value="2026-09-01T09:00"' in html
    assert 'value="2026-10-15T18:00"' in html
    assert 'value="2026-12-10T19:30"' in html


def test_editing_an_edition_keeps_local_times_round_trip(as_organiser):
    as_organiser.post("/organiser/editions/new", data=_edition_form())
    response = as_organiser.post("/organiser/editions/2027/edit",
                                 data=_edition_form(name="Edición renombrada",
                                                    nominations_open_at="2026-09-02T08:15"))
    assert response.status_code == 302
    edition = db.session.scalar(select(Edition).where(Edition.year == 2027))
    db.session.refresh(edition)
    assert edition.name == "Edición renombrada"
    assert edition.nominations_open_at == datetime(2026, 9, 2, 13, 15, tzinfo=timezone.utc)
    assert edition.nominations_close_at == datetime(2026, 10, 15, 23, 0, tzinfo=timezone.utc)


def test_an_unknown_time_zone_is_a_form_error_and_the_typed_values_are_kept(as_organiser):
    response = as_organiser.post("/organiser/editions/new",
                                 data=_edition_form(timezone="Mars/Olympus_Mons"))

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert re.search(r'<input[^>]*id="timezone"[^>]*is-invalid|<input[^>]*is-invalid[^>]*id="timezone"',
                     html)
    assert 'value="Mars/Olympus_Mons"' in html
    assert 'value="V Premios Safe City 2027"' in html
    assert 'value="2026-09-01T09:00"' in html
    assert _edition_count() == 0


def test_a_duplicate_year_is_refused_with_a_message_and_nothing_is_created(as_organiser,
                                                                          make_edition):
    make_edition(year=2027)

    response = as_organiser.post("/organiser/editions/new", data=_edition_form())

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert re.search(r'class="alert alert-danger"[^>]*>[^<]*2027', html)
    assert _edition_count() == 1
    assert 'value="V Premios Safe City 2027"' in html


def test_changing_an_editions_year_to_a_taken_one_is_refused(as_organiser, make_edition):
    make_edition(year=2026)
    other = make_edition(year=2027)

    response = as_organiser.post("/organiser/editions/2027/edit", data=_edition_form(year="2026"))

    assert response.status_code == 200
    db.session.expire_all()
    assert other.year == 2027


def test_nominations_closing_before_they_open_are_refused(as_organiser):
    response = as_organiser.post("/organiser/editions/new", data=_edition_form(
        nominations_open_at="2026-10-01T09:00", nominations_close_at="2026-09-01T09:00"))

    assert response.status_code == 200
    assert "alert-danger" in response.get_data(as_text=True)
    assert _edition_count() == 0


def test_judging_closing_before_nominations_close_is_refused(as_organiser):
    response = as_organiser.post("/organiser/editions/new", data=_edition_form(
        judging_close_at="2026-10-01T09:00"))
    assert response.status_code == 200
    assert _edition_count() == 0


def test_the_edition_list_shows_every_edition(as_organiser, make_edition):
    make_edition(year=2025)
    make_edition(year=2026)
    html = as_organiser.get("/organiser/editions").get_data(as_text=True)
    assert "Premios Safe City 2025" in html and "Premios Safe City 2026" in html


def test_an_unknown_edition_page_is_not_found(as_organiser):
    assert as_organiser.get("/organiser/editions/2099").status_code == 404


def test_a_refused_transition_shows_the_reason_after_the_redirect(as_organiser, make_edition,
                                                                 make_category):
    make_category(make_edition(status="screening"), "TUR", criteria=0)

    response = as_organiser.post("/organiser/editions/2026/transitions/open_judging",
                                 follow_redirects=True)

    assert response.status_code == 200
    assert response.request.path == "/organiser/editions/2026"
    assert re.search(r'class="alert alert-danger"[^>]*>[^<]*TUR', response.get_data(as_text=True))
