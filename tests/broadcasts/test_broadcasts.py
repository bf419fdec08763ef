"""Organisers write to a group of an edition: who is in each audience, the preview that sends
nothing, the send that reaches exactly the audience, and who may do it."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.broadcasts import services
from app.extensions import db
from app.judging.models import ConflictDeclaration
from app.municipalities.models import Representation
from app.notifications.models import Broadcast, MailMessage
from tests.mail.smtp import parts

NEW = "/organiser/broadcasts/new"


@pytest.fixture
def people(judging_edition, jury_category, first_round, make_user, make_juror, make_nomination,
           make_assignment, make_review, make_municipality):
    """Everyone an audience could hold, and some who must never be in one."""
    behind, done, declared = (make_juror(email=f"{n}@example.org") for n in
                              ("behind", "done", "declared"))
    behind.locale = "en"
    drafter = make_user("nominator", email="drafter@example.org", name="Dora Borrador")
    submitter = make_user("nominator", email="submitter@example.org", name="Sergio Enviado")
    withdrawer = make_user("nominator", email="withdrawer@example.org", name="Wilma Retiro")
    representative = make_user("nominator", email="rep@example.org", name="Rita Representante")
    pending = make_user("nominator", email="pending@example.org", name="Pedro Pendiente")
    inactive = make_user("nominator", email="inactive@example.org", active=False)
    make_nomination(jury_category, status="draft", submitter=drafter)
    make_nomination(jury_category, status="draft", submitter=inactive)
    nomination = make_nomination(jury_category, submitter=submitter)
    make_nomination(jury_category, status="withdrawn", submitter=withdrawer)
    make_assignment(behind, nomination)
    make_review(make_assignment(done, nomination), [8, 7])
    db.session.add(ConflictDeclaration(juror_id=declared.id, category_id=jury_category.id))
    home = make_municipality("Surco", "150140")
    for user, status in ((representative, "confirmed"), (pending, "requested")):
        db.session.add(Representation(user_id=user.id, municipality_id=home.id, position="Gerente",
                                      office_phone="01 555 0000", status=status))
    db.session.commit()
    return SimpleNamespace(edition=judging_edition, behind=behind, done=done, declared=declared,
                           drafter=drafter, submitter=submitter, representative=representative)


def emails(users) -> list[str]:
    return sorted(user.email for user in users)


def form(people, audience="jurors_behind", **values):
    return {"edition": str(people.edition.id), "audience": audience,
            "subject": "Quedan pocos días", "body": "Estimados:\n\nLes recordamos el plazo.",
            **values}


# -- audiences ------------------------------------------------------------------------------------

def test_jurors_behind_are_those_with_unsubmitted_reviews(people):
    assert emails(services.recipients(people.edition, "jurors_behind")) == ["behind@example.org"]


def test_all_jurors_are_those_assigned_or_declared_in_the_edition(people):
    assert emails(services.recipients(people.edition, "jurors")) == [
        "behind@example.org", "declared@example.org", "done@example.org"]


def test_nominators_with_drafts_leave_out_inactive_accounts(people):
    assert emails(services.recipients(people.edition, "nominators_with_drafts")) == [
        "drafter@example.org"]


def test_submitters_are_those_of_submitted_nominations_not_withdrawn(people):
    assert emails(services.recipients(people.edition, "submitters")) == ["submitter@example.org"]


def test_representatives_are_the_confirmed_ones(people):
    assert emails(services.recipients(people.edition, "representatives")) == ["rep@example.org"]


def test_an_unknown_audience_is_refused(people):
    with pytest.raises(services.BroadcastError):
        services.recipients(people.edition, "everyone")


# -- preview and send -----------------------------------------------------------------------------

def test_preview_shows_the_count_and_the_message_and_sends_nothing(as_organiser, people, outbox):
    response = as_organiser.post(NEW, data={**form(people, "jurors"), "preview": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "3 personas recibirán este mensaje." in html
    assert "declared@example.org" in html and "Les recordamos el plazo." in html
    assert 'value="Enviar a 3 personas"' in html
    assert "Quedan pocos días</textarea>" not in html and 'value="Quedan pocos días"' in html
    assert outbox() == [] and db.session.scalar(select(Broadcast)) is None
    assert db.session.scalar(select(MailMessage)) is None


def test_send_reaches_exactly_the_audience_each_in_their_language(as_organiser, people, outbox):
    response = as_organiser.post(NEW, data={**form(people), "send": "1"})
    assert response.status_code == 302
    [message] = outbox()
    plain, html = parts(message)
    assert message["To"] == "behind@example.org" and message["Subject"] == "Quedan pocos días"
    assert plain.startswith("Hello Jurado 1,") and "Les recordamos el plazo." in plain
    assert "Les recordamos el plazo.</p>" in html


def test_send_records_the_broadcast_and_audits_it(as_organiser, organiser, people):
    as_organiser.post(NEW, data={**form(people, "jurors"), "send": "1"})
    broadcast = db.session.scalar(select(Broadcast))
    assert (broadcast.audience, broadcast.recipient_count, broadcast.sent_by_id) == (
        "jurors", 3, organiser.id)
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "broadcast.sent"))
    assert event.summary["recipients"] == 3 and event.actor_id == organiser.id
    kinds = set(db.session.scalars(select(MailMessage.kind)))
    assert kinds == {"broadcast"}


def test_send_goes_through_a_real_smtp_server(organiser, people, smtp):
    services.send_broadcast(organiser, people.edition, "submitters", "Resultados", "Hola.")
    (recipients, message), = smtp.messages
    assert recipients == ["submitter@example.org"]
    assert "Hola, Sergio Enviado," in parts(message)[0]


def test_nobody_in_the_audience_sends_nothing_and_says_so(as_organiser, people, outbox,
                                                          judging_edition):
    db.session.delete(people.representative)
    db.session.commit()
    response = as_organiser.post(NEW, data={**form(people, "representatives"), "send": "1"})
    assert response.status_code == 400
    assert "Nadie está en este grupo" in response.get_data(as_text=True)
    assert outbox() == [] and db.session.scalar(select(Broadcast)) is None


def test_a_subject_on_several_lines_is_refused(organiser, people):
    with pytest.raises(services.BroadcastError) as refused:
        services.send_broadcast(organiser, people.edition, "jurors", "Uno\nBcc: x@example.org",
                                "Texto")
    assert refused.value.field == "subject"


def test_a_missing_message_is_refused_and_the_form_kept(as_organiser, people, outbox):
    response = as_organiser.post(NEW, data={**form(people, body=""), "send": "1"})
    assert response.status_code == 400
    assert 'value="Quedan pocos días"' in response.get_data(as_text=True)
    assert outbox() == []


# -- access ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["juror", "nominator"])
def test_only_organisers_may_send(role, people, make_user, sign_in, outbox):
    client = sign_in(make_user(role))
    response = client.post(NEW, data={**form(people), "send": "1"})
    assert response.status_code == 403 and outbox() == []


def test_anonymous_visitors_go_to_the_login_page(client):
    response = client.get("/organiser/broadcasts")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# -- the list -------------------------------------------------------------------------------------

def test_the_list_shows_past_broadcasts_and_one_opens(as_organiser, organiser, people):
    broadcast = services.send_broadcast(organiser, people.edition, "jurors", "Aviso", "Línea uno")
    page = as_organiser.get("/organiser/broadcasts").get_data(as_text=True)
    assert f'data-broadcast="{broadcast.id}"' in page and "Todos los jurados de la edición" in page
    shown = as_organiser.get(f"/organiser/broadcasts/{broadcast.id}").get_data(as_text=True)
    assert "Línea uno" in shown and 'id="recipient-count">3<' in shown


def test_an_unknown_broadcast_is_not_found(as_organiser):
    assert as_organiser.get("/organiser/broadcasts/999").status_code == 404


def test_the_list_runs_the_same_queries_for_1_and_50_broadcasts(as_organiser, organiser,
                                                               judging_edition, count_queries):
    def add(n):
        db.session.add_all(Broadcast(edition_id=judging_edition.id, audience="jurors",
                                     subject=f"Aviso {i}", body="Texto", recipient_count=2,
                                     sent_by_id=organiser.id) for i in range(n))
        db.session.commit()
    add(1)
    one = count_queries(as_organiser, "/organiser/broadcasts")
    add(49)
    assert count_queries(as_organiser, "/organiser/broadcasts") == one
