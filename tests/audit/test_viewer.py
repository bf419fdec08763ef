"""The organisers' audit viewer: filters, newest first, keyset pages, readable summaries, the
filtered view as CSV/XLSX, organisers only, and a page cost that does not grow with the log."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, timezone

import pytest
from openpyxl import load_workbook

from app.audit import viewer
from app.audit.services import record
from app.extensions import db

URL = "/organiser/audit"
LIMA = "America/Lima"


def _event(action: str, obj=None, *, at: datetime | None = None, actor=None, **summary):
    event = record(action, obj, summary=summary, actor_id=actor.id if actor else None)
    if at is not None:
        event.occurred_at = at
    db.session.commit()
    return event


def _actions(filters: viewer.Filters, zone: str = LIMA) -> list[str]:
    return [e.action for e in viewer.page(filters, zone).events]


# -- plain functions --------------------------------------------------------------------------

def test_summary_values_read_as_text():
    assert viewer.value_text("Motivo") == "Motivo"
    assert viewer.value_text(7) == "7" and viewer.value_text(7.5) == "7.5"
    assert viewer.value_text(None) == "—"
    assert viewer.value_text(["INN", "PRE"]) == "INN, PRE"
    assert viewer.value_text({"12": [3, 5]}) == '{"12": [3, 5]}'
    assert viewer.value_text([{"a": 1}]) == '[{"a": 1}]'


def test_a_summary_reads_as_key_value_pairs_in_recorded_order():
    summary = {"reference": "SCA-2026-INN-0001", "scores": {"12": [None, 8]}, "count": 2}
    assert viewer.summary_items(summary) == [
        ("reference", "SCA-2026-INN-0001"), ("scores", '{"12": [null, 8]}'), ("count", "2")]
    assert viewer.summary_text(summary) == (
        'reference: SCA-2026-INN-0001; scores: {"12": [null, 8]}; count: 2')
    assert viewer.summary_text({}) == ""


def test_malformed_dates_are_reported_and_left_out_of_the_filter():
    parsed = viewer.parse_filters({"from": "25/11/2026", "to": "2026-11-30", "action": "x.y",
                                   "actor_id": "abc", "before": "-3"})
    assert set(parsed.problems) == {"from"}
    f = parsed.filters
    assert (f.date_from, f.date_to, f.action, f.actor_id, f.before) == (
        None, date(2026, 11, 30), "x.y", None, None)


def test_dates_beyond_any_plausible_year_are_reported():
    parsed = viewer.parse_filters({"from": "0001-01-01", "to": "9999-12-31"})
    assert set(parsed.problems) == {"from", "to"}
    assert (parsed.filters.date_from, parsed.filters.date_to) == (None, None)


def test_an_end_before_the_start_is_reported():
    parsed = viewer.parse_filters({"from": "2026-11-30", "to": "2026-11-01"})
    assert set(parsed.problems) == {"to"}
    assert (parsed.filters.date_from, parsed.filters.date_to) == (date(2026, 11, 30), None)


def test_filters_give_back_their_query_string():
    f = viewer.parse_filters({"object_type": "nominations", "object_id": "7", "from": "2026-01-01",
                              "before": "40"}).filters
    assert f.args() == {"object_type": "nominations", "object_id": "7", "from": "2026-01-01",
                        "before": 40}
    assert f.without_page().args(action="review.submitted") == {
        "object_type": "nominations", "object_id": "7", "from": "2026-01-01",
        "action": "review.submitted"}


# -- the service --------------------------------------------------------------------------------

def test_events_come_newest_first(app):
    for action in ("a.first", "a.second", "a.third"):
        _event(action)
    assert _actions(viewer.Filters()) == ["a.third", "a.second", "a.first"]


def test_filter_by_object_type_and_id(app, make_municipality):
    ate, lurin = make_municipality("Ate", "150103"), make_municipality("Lurín", "150119")
    _event("municipality.updated", ate)
    _event("municipality.updated", lurin)
    _event("other.thing", object_type="nominations", object_id=str(ate.id))
    by_object = viewer.Filters(object_type="municipalities", object_id=str(lurin.id))
    assert [(e.object_type, e.object_id) for e in viewer.page(by_object, LIMA).events] == [
        ("municipalities", str(lurin.id))]
    assert len(viewer.page(viewer.Filters(object_type="municipalities"), LIMA).events) == 2


def test_filter_by_actor_name_email_or_id(app, make_user):
    ana = make_user("organiser", email="ana.perez@example.org", name="Ana Pérez")
    beto = make_user("juror", email="beto@example.org", name="Beto Ríos")
    _event("by.ana", actor=ana)
    _event("by.beto", actor=beto)
    _event("by.nobody")
    assert _actions(viewer.Filters(actor="pérez")) == ["by.ana"]
    assert _actions(viewer.Filters(actor="BETO@")) == ["by.beto"]
    assert _actions(viewer.Filters(actor_id=ana.id)) == ["by.ana"]


def test_filter_by_action(app):
    _event("review.submitted")
    _event("review.reopened")
    assert _actions(viewer.Filters(action="review.reopened")) == ["review.reopened"]
    assert viewer.actions() == ["review.reopened", "review.submitted"]


def test_dates_are_whole_days_in_the_reader_s_zone(app):
    _event("late.on.the.28th", at=datetime(2026, 3, 1, 4, 30, tzinfo=timezone.utc))  # 23:30 in Lima
    _event("early.on.the.1st", at=datetime(2026, 3, 1, 5, 30, tzinfo=timezone.utc))  # 00:30 in Lima
    first_of_march = viewer.Filters(date_from=date(2026, 3, 1), date_to=date(2026, 3, 1))
    assert _actions(first_of_march) == ["early.on.the.1st"]
    assert _actions(viewer.Filters(date_to=date(2026, 2, 28))) == ["late.on.the.28th"]
    assert _actions(first_of_march, "UTC") == ["early.on.the.1st", "late.on.the.28th"]


def test_keyset_pages_walk_the_log_both_ways(app):
    ids = [_event(f"n.{i}").id for i in range(5)]
    first = viewer.page(viewer.Filters(), LIMA, per_page=2)
    assert [e.id for e in first.events] == [ids[4], ids[3]] and first.newer is None
    second = viewer.page(viewer.Filters(before=first.older), LIMA, per_page=2)
    assert [e.id for e in second.events] == [ids[2], ids[1]]
    last = viewer.page(viewer.Filters(before=second.older), LIMA, per_page=2)
    assert [e.id for e in last.events] == [ids[0]] and last.older is None
    back = viewer.page(viewer.Filters(after=last.newer), LIMA, per_page=2)
    assert [e.id for e in back.events] == [ids[2], ids[1]]
    assert viewer.page(viewer.Filters(after=back.newer), LIMA, per_page=2).newer is None


def test_objects_on_the_page_link_to_their_organiser_pages(app, make_edition, make_category,
                                                           make_municipality):
    edition = make_edition(2026)
    category = make_category(edition, "INN")
    municipality = make_municipality()
    for obj in (edition, category, municipality):
        _event("x.changed", obj)
    _event("x.gone", object_type="editions", object_id="9999")
    targets = viewer.object_targets(viewer.page(viewer.Filters(), LIMA).events)
    assert targets == {
        ("editions", str(edition.id)): ("editions.show_edition", {"year": 2026}),
        ("categories", str(category.id)): ("editions.show_category", {"year": 2026, "code": "INN"}),
        ("municipalities", str(municipality.id)): ("municipalities.edit_municipality",
                                                   {"municipality_id": municipality.id})}


def test_the_reader_s_zone_is_theirs_when_valid_else_lima(make_user):
    assert viewer.zone_for(make_user("organiser")) == LIMA
    user = make_user("organiser")
    user.timezone = "America/El_Salvador"
    assert viewer.zone_for(user) == "America/El_Salvador"
    user.timezone = "Mars/Olympus"
    assert viewer.zone_for(user) == LIMA


# -- the pages --------------------------------------------------------------------------------

def test_the_page_shows_time_actor_action_object_and_a_readable_summary(as_organiser, organiser,
                                                                        make_municipality):
    ate = make_municipality("Ate", "150103")
    event = _event("municipality.updated", ate, actor=organiser,
                   at=datetime(2026, 3, 1, 5, 30, 7, tzinfo=timezone.utc),
                   name=["Ate", "Ate Vitarte"], confirmed=True)
    html = as_organiser.get(URL).get_data(as_text=True)
    assert "2026-03-01 00:30:07" in html
    assert "Olga Organizadora" in html and "municipality.updated" in html
    assert "Ate, Ate Vitarte" in html and ">sí<" in html
    assert f'href="/organiser/municipalities/{ate.id}/edit"' in html
    assert f'id="event-{event.id}"' in html
    assert "Registro de auditoría" in html


def test_a_malformed_date_is_explained_and_kept_in_the_form(as_organiser):
    _event("a.thing")
    response = as_organiser.get(URL, query_string={"from": "ayer"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="ayer"' in html and "AAAA-MM-DD" in html
    assert 'data-action="a.thing"' in html


def test_the_filtered_view_downloads_as_csv_with_spanish_headers(as_organiser, organiser):
    _event("keep.me", actor=organiser, motivo="Error de digitación")
    _event("leave.me.out")
    response = as_organiser.get(f"{URL}/export.csv", query_string={"action": "keep.me",
                                                                   "before": "1"})
    assert response.headers["Content-Disposition"] == "attachment; filename=audit-log.csv"
    (row,) = csv.DictReader(io.StringIO(response.data.decode("utf-8-sig")))
    assert (row["Acción"], row["Persona"], row["Correo electrónico"]) == (
        "keep.me", "Olga Organizadora", "organiser@example.org")
    assert row["Datos"] == "motivo: Error de digitación"


def test_the_xlsx_download_has_numbers_and_times_as_such(as_organiser):
    event = _event("a.thing", at=datetime(2026, 3, 1, 5, 30, 7, tzinfo=timezone.utc))
    sheet = load_workbook(io.BytesIO(as_organiser.get(f"{URL}/export.xlsx").data)).active
    assert sheet.cell(2, 1).value == event.id and sheet.cell(2, 1).data_type == "n"
    assert sheet.cell(2, 2).value == datetime(2026, 3, 1, 0, 30, 7)


def test_the_page_runs_as_many_queries_for_50_events_as_for_1(as_organiser, organiser,
                                                              count_queries, make_edition):
    edition = make_edition(2026)
    _event("edition.updated", edition, actor=organiser, field="name")
    few = count_queries(as_organiser, URL)
    for i in range(49):
        _event("edition.updated", edition, actor=organiser, field=f"name {i}")
    db.session.expire_all()
    assert count_queries(as_organiser, URL) == few
    assert count_queries(as_organiser, f"{URL}/export.csv") == count_queries(
        as_organiser, f"{URL}/export.xlsx")


@pytest.mark.parametrize("role", ["nominator", "juror"])
def test_other_roles_are_refused(client, sign_in, make_user, role):
    sign_in(make_user(role))
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}/export.csv").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/login" in response.location
