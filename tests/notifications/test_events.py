"""Each event of the awards mails the right people, through a real SMTP server on loopback, in
both parts and their language, and records the message with its kind and object."""
from __future__ import annotations

from sqlalchemy import select

from app import storage
from app.accounts import services as accounts
from app.certificates import jobs
from app.certificates import services as certificates
from app.certificates.models import Certificate
from app.editions.services import apply_transition
from app.extensions import db
from app.judging import assignments
from app.municipalities import services as municipalities
from app.nominations import services as nominations
from app.notifications.models import MailMessage
from tests.mail.smtp import parts
from tests.nominations.factories import COMPLETE, PDF_BYTES


def _records(kind: str) -> list[MailMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(MailMessage).where(MailMessage.kind == kind)
                                   .order_by(MailMessage.id)))


def _only(smtp, address: str):
    (message,) = smtp.to(address)
    text, html = parts(message)
    return message, text, html


def test_registering_mails_a_confirmation_link(app, smtp):
    user = accounts.register_nominator("ana@example.org", "Ana", "una frase bastante larga", "en")

    message, text, html = _only(smtp, "ana@example.org")
    assert message["Subject"] == "Confirm your email address — Safe City Awards"
    assert "/confirm/" in text and "/confirm/" in html
    (record,) = _records("confirm_email")
    assert (record.recipient_id, record.locale, record.status) == (user.id, "en", "sent")
    assert (record.object_type, record.object_id) == ("users", str(user.id))


def test_a_password_reset_mails_a_link(app, smtp, make_user):
    user = make_user(email="ana@example.org")
    accounts.request_password_reset("ana@example.org")

    _message, text, html = _only(smtp, "ana@example.org")
    assert "/password/reset/" in text and "/password/reset/" in html
    (record,) = _records("reset_password")
    assert record.recipient_id == user.id and record.status == "sent"


def test_a_juror_invitation_is_mailed(app, smtp, organiser):
    invitation = accounts.invite(organiser, "jurado@example.org", "Julia", "juror")

    _message, text, html = _only(smtp, "jurado@example.org")
    assert "/invitations/" in text and "/invitations/" in html
    (record,) = _records("invitation")
    assert (record.object_type, record.object_id) == ("invitations", str(invitation.id))


def test_a_representation_request_is_mailed_to_every_organiser(app, smtp, organiser, make_user,
                                                                make_municipality):
    other = make_user("organiser", email="otra@example.org", locale="en")
    make_user("organiser", email="inactiva@example.org", active=False)
    nominator = make_user("nominator", email="nora@example.org", name="Nora")
    representation = municipalities.request_representation(
        nominator, make_municipality("Miraflores"), "Gerente", "01 555")

    assert sorted(r[0] for r, _ in smtp.messages) == ["organiser@example.org", "otra@example.org"]
    message, text, html = _only(smtp, other.email)
    assert message["Subject"] == "Request to review: Nora asks to represent Miraflores"
    assert "/organiser/representations" in text and "/organiser/representations" in html
    records = _records("representation_requested")
    assert {r.recipient_id for r in records} == {organiser.id, other.id}
    assert {r.object_id for r in records} == {str(representation.id)}


def test_a_representation_decision_is_mailed_to_the_requester(app, smtp, organiser, make_user,
                                                               make_municipality):
    nominator = make_user("nominator", email="nora@example.org")
    representation = municipalities.request_representation(
        nominator, make_municipality("Miraflores"), "Gerente", "01 555")
    municipalities.decide_representation(organiser, representation, confirm=False,
                                         reason="No es funcionaria municipal")

    _message, text, html = _only(smtp, "nora@example.org")
    assert "No es funcionaria municipal" in text and "No es funcionaria municipal" in html
    (record,) = _records("representation_decision")
    assert record.recipient_id == nominator.id


def test_a_submitted_nomination_is_mailed_with_its_pdf_receipt(app, smtp, organiser, make_user,
                                                                make_edition, make_category,
                                                                make_municipality):
    edition = make_edition(2026, status="nominations_open")
    category = make_category(edition, "INN")
    municipality = make_municipality("San Isidro", "150131")
    representative = make_user("nominator", email="gerente@example.org")
    municipalities.decide_representation(organiser, municipalities.request_representation(
        representative, municipality, "Gerente", "01 555"), confirm=True)
    draft = nominations.start_nomination(representative, category, "municipality", municipality)
    nominations.submit(representative, draft, COMPLETE)

    (message,) = [m for m in smtp.to("gerente@example.org") if draft.reference in m["Subject"]]
    text, html = parts(message)
    assert draft.reference in text and draft.reference in html
    (receipt,) = message.iter_attachments()
    assert receipt.get_content_type() == "application/pdf"
    assert receipt.get_content().startswith(b"%PDF-")
    (record,) = _records("nomination_submitted")
    assert (record.object_type, record.object_id, record.status) == (
        "nominations", str(draft.id), "sent")


def test_a_screening_decision_is_mailed_to_the_submitter(app, smtp, organiser, jury_category,
                                                         make_nomination):
    nomination = make_nomination(jury_category, status="submitted")
    nominations.screen(organiser, [nomination], eligible=False, reason="Fuera de plazo")

    _message, text, html = _only(smtp, nomination.submitter.email)
    assert "Fuera de plazo" in text and "Fuera de plazo" in html
    (record,) = _records("nomination_screened")
    assert record.object_id == str(nomination.id)


def test_each_juror_gets_one_mail_per_manual_assignment_listing_the_new_nominations(
        app, smtp, organiser, first_round, jury_category, make_nomination, make_juror):
    first, second = make_nomination(jury_category), make_nomination(jury_category)
    ana, bruno = make_juror("ana@example.org"), make_juror("bruno@example.org")
    assignments.add_assignments(organiser, first_round, [(ana, first), (ana, second),
                                                         (bruno, second)])

    _message, text, html = _only(smtp, "ana@example.org")
    assert first.reference in text and second.reference in text
    assert first.reference in html and second.reference in html
    _message, text, _html = _only(smtp, "bruno@example.org")
    assert second.reference in text and first.reference not in text
    records = _records("assignment")
    assert sorted(r.recipient_id for r in records) == sorted([ana.id, bruno.id])
    assert {(r.object_type, r.object_id) for r in records} == {("rounds", str(first_round.id))}


def test_an_automatic_assignment_mails_each_juror_once(app, smtp, organiser, first_round,
                                                       jury_category, make_nomination, make_juror):
    for _ in range(3):
        make_nomination(jury_category)
    jurors = [make_juror(f"jurado{n}@example.org") for n in range(2)]
    result = assignments.run_automatic(organiser, first_round, k=2)

    assert result.added == 6
    assert sorted(r[0] for r, _ in smtp.messages) == sorted([j.email for j in jurors])
    assert len(_records("assignment")) == 2


def test_publishing_results_mails_every_submitter_and_juror_once(app, smtp, world):
    apply_transition(world.edition, "publish")

    addresses = sorted(r[0] for r, _ in smtp.messages)
    assert addresses == sorted(["ana@example.org", "bob@example.org", "carla@example.org",
                                "julio@example.org", "ines@example.org"])
    message, text, html = _only(smtp, "bob@example.org")
    assert message["Subject"] == "The results of IV Premios Safe City 2026 are published"
    assert "/editions/2026/results" in text and "/editions/2026/results" in html
    assert world.mention.reference in text
    _message, text, _html = _only(smtp, "carla@example.org")
    assert world.finalist.reference in text and world.person.reference in text
    records = _records("results_published")
    assert {(r.object_type, r.object_id) for r in records} == {("editions", str(world.edition.id))}


def test_a_certificate_is_mailed_once_however_often_it_is_delivered(app, smtp, world):
    certificate = Certificate(edition_id=world.edition.id, kind="jury", juror_id=world.juror.id,
                              recipient_name=world.juror.name, code="1" * 20,
                              short_code="SCA-1111-1111", status="issued",
                              pdf_sha256=storage.store(PDF_BYTES).sha256)
    db.session.add(certificate)
    db.session.commit()

    assert certificates.deliver(certificate) == 1
    assert certificates.deliver(certificate) == 0

    message, text, html = _only(smtp, "julio@example.org")
    assert "SCA-1111-1111" in text and "SCA-1111-1111" in html
    assert next(message.iter_attachments()).get_content_type() == "application/pdf"
    (record,) = _records("certificate_issued")
    assert (record.object_type, record.object_id, record.recipient_id) == (
        "certificates", str(certificate.id), world.juror.id)
    assert certificate.emailed_at is not None


def test_a_bulk_certificate_run_records_each_mail(app, smtp, world):
    jobs.run_job(jobs.request_generation(world.edition).id, processes=1)

    records = _records("certificate_issued")
    assert sorted(r.to_address for r in records) == sorted(r[0] for r, _ in smtp.messages)
    assert {r.status for r in records} == {"sent"} and {r.object_type for r in records} == {
        "certificates"}
    for _, message in smtp.messages:
        assert all(parts(message))
