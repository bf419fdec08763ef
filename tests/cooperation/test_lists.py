"""The public list of signed agreements, and the organisers' queue and dashboard."""
from __future__ import annotations

from datetime import date

from app.cooperation import queries
from app.cooperation.models import Agreement, CooperationRequest
from app.extensions import db
from app.municipalities.models import Representation

SIGNED = (("in_talks", date(2025, 2, 1)), ("signed", date(2025, 3, 1)))


def test_the_public_list_shows_only_signed_agreements_and_what_followed(world, make_agreement,
                                                                       make_entry, client):
    make_agreement()
    make_agreement(("in_talks", date(2025, 2, 1)))
    make_agreement(("withdrawn", date(2025, 2, 1)))
    make_agreement(*SIGNED)
    make_agreement(*SIGNED, ("in_execution", date(2025, 4, 1)))
    concluded = make_agreement(*SIGNED, ("in_execution", date(2025, 4, 1)),
                               ("concluded", date(2025, 5, 1)))
    assert [a.status for a in queries.public_agreements()] == [
        "concluded", "in_execution", "signed"]  # the latest signature first, then the latest
    page = client.get("/convenios").get_data(as_text=True)
    assert page.count("<tr>") == 1 + 3  # the header and three agreements
    assert "Callao" in page and "San Miguel" in page and concluded.programme_title in page
    assert f'href="/experiencias/{world.entry.id}"' in page


def test_the_public_list_shows_no_notes_contacts_or_signatories(world, make_agreement, client):
    agreement = make_agreement(*SIGNED, contact_email="privado@municallao.gob.pe",
                               contact_phone="999 888 777")
    agreement.notes = "Nota interna: el alcalde duda."
    db.session.commit()
    page = client.get("/convenios").get_data(as_text=True)
    assert agreement.programme_title in page
    for private in ("Nota interna", "privado@municallao.gob.pe", "999 888 777", "Carla Callao",
                    "Alcalde de San Miguel", "Cómo se organiza"):
        assert private not in page


def test_the_queue_lists_new_requests_first_and_filters_by_status(world, make_request,
                                                                 make_agreement, as_organiser):
    brokered = make_agreement()
    newest = make_request(learning_goals="Lo más nuevo")
    page = as_organiser.get("/organiser/cooperation").get_data(as_text=True)
    assert page.index(f'data-request="{newest.id}"') < page.index(
        f'data-request="{brokered.request_id}"')
    filtered = as_organiser.get("/organiser/cooperation?request_status=brokered&agreement_status="
                                "signed").get_data(as_text=True)
    assert f'data-request="{newest.id}"' not in filtered and "data-agreement" not in filtered


def _add_requests(world, make_municipality, make_entry, n, start):
    """n requests (written directly), each from its own municipality about its own programme;
    every second one brokered, every fourth signed."""
    for i in range(start, start + n):
        asking = make_municipality(f"Municipio {i}", code=f"X{i}")
        host = make_municipality(f"Anfitrión {i}", code=f"H{i}")
        db.session.add(Representation(user_id=world.requester.id, municipality_id=asking.id,
                                      position="Gerente", office_phone="01", status="confirmed"))
        entry = make_entry(host, title=f"Programa {i}")
        request = CooperationRequest(library_entry_id=entry.id, requester_id=world.requester.id,
                                     requesting_municipality_id=asking.id,
                                     host_municipality_id=host.id, learning_goals="Aprender",
                                     contact_name="Carla", contact_email="carla@example.org",
                                     status="brokered" if i % 2 else "new")
        db.session.add(request)
        db.session.flush()
        if i % 2:
            db.session.add(Agreement(request_id=request.id, library_entry_id=entry.id,
                                     programme_title=entry.title, host_municipality_id=host.id,
                                     partner_municipality_id=asking.id,
                                     status="signed" if i % 4 == 1 else "requested",
                                     requested_on=date(2025, 1, 10),
                                     signed_on=date(2025, 3, 1) if i % 4 == 1 else None))
        db.session.commit()


def test_the_lists_run_as_many_queries_for_50_rows_as_for_1(
        app, world, make_municipality, make_entry, as_organiser, count_queries):
    requester = app.test_client()
    with requester.session_transaction() as session:
        session["_user_id"], session["_fresh"] = world.requester.get_id(), True
    urls = {as_organiser: ("/organiser/cooperation", "/organiser/cooperation/dashboard", "/convenios"),
            requester: ("/cooperacion/mis-solicitudes",)}

    def counts():
        return [count_queries(client, url) for client, paths in urls.items() for url in paths]
    _add_requests(world, make_municipality, make_entry, 2, 0)
    few = counts()
    _add_requests(world, make_municipality, make_entry, 48, 2)
    assert counts() == few


def test_the_dashboard_counts_requests_per_programme_and_agreements_per_status_and_year(
        world, make_agreement, make_request, as_organiser):
    make_request()
    make_agreement(*SIGNED)
    make_agreement()
    board = queries.dashboard()
    assert board.per_programme == [(world.entry.id, world.entry.title, 2024, 3)]
    assert board.requests_per_status == {"new": 1, "brokered": 2}
    assert board.per_year_status == {(2025, "signed"): 1, (2025, "requested"): 1}
    assert board.total == 2 and board.year_total(2025) == 2
    page = as_organiser.get("/organiser/cooperation/dashboard").get_data(as_text=True)
    assert '<meter min="0" max="3" value="3"' in page
