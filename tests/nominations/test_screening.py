"""The organiser's detail page and screening, one at a time and in bulk."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from flask_babel import force_locale, gettext

from app.extensions import db
from app.nominations import services
from app.nominations.models import Nomination
from tests.nominations.factories import PDF_BYTES
from tests.nominations.organiser_helpers import CONTENT, LIST, listed_ids

pytest_plugins = ["tests.nominations.organiser_fixtures"]  # the `call` and `nominate` fixtures


def _spanish(msgid: str, **values) -> str:
    with force_locale("es"):
        return gettext(msgid, **values)


def _screening_mails(outbox, nomination: Nomination) -> list:
    subject = _spanish("Screening of your nomination %(ref)s", ref=nomination.reference)
    return [m for m in outbox() if m["To"] == nomination.submitter.email and m["Subject"] == subject]


def _status(nomination: Nomination) -> str:
    db.session.expire_all()
    return db.session.get(Nomination, nomination.id).status


def test_the_detail_shows_the_content_attachments_and_each_version(as_organiser, call, nominate):
    nomination = nominate(call.inn, "Serenazgo conectado")
    submitter = nomination.submitter
    attachment = services.add_attachment(submitter, nomination, "informe.pdf", PDF_BYTES)
    services.submit(submitter, nomination, {**CONTENT, "summary": "Resumen corregido."})

    page = as_organiser.get(f"{LIST}/{nomination.id}").get_data(as_text=True)

    assert nomination.reference in page and "Resumen corregido." in page
    assert f'href="/nominations/{nomination.id}/attachments/{attachment.id}"' in page
    assert attachment.sha256 in page
    assert 'id="version-1"' in page and 'id="version-2"' in page and 'id="version-3"' in page
    version_3 = page.split('id="version-3"', 1)[1].split('id="version-2"', 1)[0]
    version_2 = page.split('id="version-2"', 1)[1].split('id="version-1"', 1)[0]
    assert 'data-changed="summary"' in version_3 and 'data-changed="title"' not in version_3
    assert 'data-changed="attachments"' in version_2 and 'data-changed="summary"' not in version_2
    assert "data-changed" not in page.split('id="version-1"', 1)[1]
    assert submitter.name in version_3
    assert "(hora de Perú)" in version_3


def test_organisers_can_download_the_attachments_linked_from_the_detail(as_organiser, call, nominate):
    nomination = nominate(call.inn)
    attachment = services.add_attachment(nomination.submitter, nomination, "informe.pdf", PDF_BYTES)
    response = as_organiser.get(f"/nominations/{nomination.id}/attachments/{attachment.id}")
    assert response.status_code == 200 and response.data == PDF_BYTES


def test_the_detail_warns_of_likely_duplicates(as_organiser, call, nominate):
    first = nominate(call.inn, "Centro integrado de seguridad ciudadana")
    second = nominate(call.pre, "Centro Integrado de Seguridad Ciudadana 2")
    unrelated = nominate(call.pre, "Huertos urbanos")

    page = as_organiser.get(f"{LIST}/{first.id}").get_data(as_text=True)
    warning = page.split('id="duplicates"', 1)[1].split("</div>", 1)[0]
    assert second.reference in warning and unrelated.reference not in warning
    assert 'id="duplicates"' not in as_organiser.get(f"{LIST}/{unrelated.id}").get_data(as_text=True)


def test_a_draft_can_be_read_but_not_screened(as_organiser, call, nominate):
    draft = nominate(call.inn, "A medias", submit=False)
    page = as_organiser.get(f"{LIST}/{draft.id}").get_data(as_text=True)
    assert "A medias" in page and f'action="{LIST}/{draft.id}/screening"' not in page


def test_marking_eligible_mails_the_submitter_and_is_audited(as_organiser, organiser, call, nominate,
                                                             outbox, audit_events):
    nomination = nominate(call.inn)

    response = as_organiser.post(f"{LIST}/{nomination.id}/screening", data={"decision": "eligible"})

    assert response.status_code == 302 and response.location.endswith(f"{LIST}/{nomination.id}")
    assert _status(nomination) == "eligible"
    assert len(_screening_mails(outbox, nomination)) == 1
    (event,) = audit_events("nomination.screened")
    assert event.actor_id == organiser.id and event.object_id == str(nomination.id)
    assert event.summary["status"] == "eligible"


def test_ineligible_needs_a_reason_and_nothing_changes_without_one(as_organiser, call, nominate,
                                                                   outbox, audit_events):
    nomination = nominate(call.inn)
    mails_before = len(outbox())

    response = as_organiser.post(f"{LIST}/{nomination.id}/screening",
                                 data={"decision": "ineligible", "reason": "   "})

    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert _spanish("Give the reason why the nomination is ineligible.") in page
    assert 'id="decision-ineligible" value="ineligible" checked' in page
    assert _status(nomination) == "submitted"
    assert len(outbox()) == mails_before and audit_events("nomination.screened") == []


def test_ineligible_with_a_reason_is_recorded_shown_and_mailed(as_organiser, call, nominate, outbox,
                                                               audit_events):
    nomination = nominate(call.inn)

    as_organiser.post(f"{LIST}/{nomination.id}/screening",
                      data={"decision": "ineligible", "reason": "El programa empezó después de 2025."})

    db.session.expire_all()
    screened = db.session.get(Nomination, nomination.id)
    assert screened.status == "ineligible"
    assert screened.screening_reason == "El programa empezó después de 2025."
    (mail,) = _screening_mails(outbox, nomination)
    assert "El programa empezó después de 2025." in mail.get_body(("plain",)).get_content()
    assert audit_events("nomination.screened")[0].summary["reason"] == "El programa empezó después de 2025."
    page = as_organiser.get(f"{LIST}/{nomination.id}").get_data(as_text=True)
    assert page.count("El programa empezó después de 2025.") >= 2  # current reason and history


def test_a_screening_without_a_decision_is_refused(as_organiser, call, nominate):
    nomination = nominate(call.inn)
    response = as_organiser.post(f"{LIST}/{nomination.id}/screening", data={"reason": "algo"})
    assert response.status_code == 400 and "algo" in response.get_data(as_text=True)
    assert _status(nomination) == "submitted"


def test_bulk_screening_marks_every_ticked_nomination(as_organiser, call, nominate, outbox, audit_events):
    first, second, untouched = nominate(call.inn, "Uno"), nominate(call.pre, "Dos"), nominate(call.inn, "Tres")

    response = as_organiser.post(f"{LIST}/screening", data={
        "ids": [first.id, second.id], "decision": "eligible", "category": "", "q": "o", "sort": "title"})

    assert response.status_code == 302
    query = parse_qs(urlsplit(response.location).query)
    assert query == {"q": ["o"], "sort": ["title"]}
    assert [_status(n) for n in (first, second, untouched)] == ["eligible", "eligible", "submitted"]
    assert len(_screening_mails(outbox, first)) == 1 and len(_screening_mails(outbox, second)) == 1
    assert {e.object_id for e in audit_events("nomination.screened")} == {str(first.id), str(second.id)}


def test_bulk_ineligible_without_reason_changes_nothing_and_keeps_the_selection(
        as_organiser, call, nominate, outbox, audit_events):
    first, second = nominate(call.inn, "Uno"), nominate(call.inn, "Dos")
    mails_before = len(outbox())

    response = as_organiser.post(f"{LIST}/screening", data={
        "ids": [first.id, second.id], "decision": "ineligible", "reason": "", "category": "INN"})

    assert response.status_code == 302
    query = parse_qs(urlsplit(response.location).query)
    assert query["category"] == ["INN"] and query["decision"] == ["ineligible"]
    assert sorted(query["selected"]) == sorted([str(first.id), str(second.id)])
    assert [_status(n) for n in (first, second)] == ["submitted", "submitted"]
    assert len(outbox()) == mails_before and audit_events("nomination.screened") == []
    page = as_organiser.get(response.location).get_data(as_text=True)
    assert _spanish("Give the reason why the nomination is ineligible.") in page
    assert f'value="{first.id}" id="select-{first.id}" checked' in page
    assert f'value="{second.id}" id="select-{second.id}" checked' in page
    assert 'id="bulk-ineligible" value="ineligible" checked' in page


def test_a_refused_bulk_screening_keeps_the_reason_typed(as_organiser, call, nominate):
    submitted = nominate(call.inn, "Uno")
    draft = nominate(call.pre, "Borrador", submit=False)

    response = as_organiser.post(f"{LIST}/screening", data={
        "ids": [submitted.id, draft.id], "decision": "ineligible", "reason": "Sin evidencia suficiente"})

    assert [_status(n) for n in (submitted, draft)] == ["submitted", "draft"]  # all or nothing
    page = as_organiser.get(response.location).get_data(as_text=True)
    assert ">Sin evidencia suficiente</textarea>" in page
    assert _spanish("Only submitted nominations can be screened: %(refs)s.", refs=str(draft.id)) in page


def test_bulk_screening_with_nothing_ticked_says_so(as_organiser, call, nominate):
    nomination = nominate(call.inn)
    response = as_organiser.post(f"{LIST}/screening", data={"decision": "eligible"})
    page = as_organiser.get(response.location).get_data(as_text=True)
    assert _spanish("Tick at least one nomination to screen.") in page
    assert _status(nomination) == "submitted"


def test_the_list_offers_ticks_only_for_screenable_nominations(as_organiser, call, nominate):
    submitted = nominate(call.inn, "Uno")
    draft = nominate(call.inn, "Borrador", submit=False)
    page = as_organiser.get(LIST, query_string={"status": "draft"}).get_data(as_text=True)
    assert listed_ids(page) == [draft.id] and 'name="ids"' not in page
    assert f'id="select-{submitted.id}"' in as_organiser.get(LIST).get_data(as_text=True)


@pytest.mark.parametrize("role", ["nominator", "juror"])
def test_other_roles_cannot_read_or_screen(client, sign_in, make_user, call, nominate, role):
    nomination = nominate(call.inn)
    sign_in(make_user(role))
    assert client.get(f"{LIST}/{nomination.id}").status_code == 403
    assert client.post(f"{LIST}/{nomination.id}/screening", data={"decision": "eligible"}).status_code == 403
    assert client.post(f"{LIST}/screening", data={"ids": [nomination.id], "decision": "eligible"}).status_code == 403
    assert _status(nomination) == "submitted"


def test_even_the_submitter_cannot_open_the_organiser_pages(client, sign_in, call, nominate):
    nomination = nominate(call.inn)
    sign_in(nomination.submitter)
    assert client.get(LIST).status_code == 403
    assert client.get(f"{LIST}/{nomination.id}").status_code == 403
