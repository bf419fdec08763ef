"""An agreement's life: the organiser moves it step by step, dates it, names its signatories,
attaches the signed PDF; invalid steps are refused; every change is audited with old and new."""
from __future__ import annotations

import io
from datetime import date

import pytest

from app.cooperation import services
from app.cooperation.models import Agreement
from app.extensions import db
from app.nominations.uploads import MAX_BYTES, UploadRejected
from tests.nominations.factories import PDF_BYTES

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _move(client, agreement, target, **data):
    return client.post(f"/organiser/cooperation/agreements/{agreement.id}/status/{target}",
                       data={f"{target}-{k}": v for k, v in data.items()})


def _fresh(agreement) -> Agreement:
    db.session.expire_all()
    return db.session.get(Agreement, agreement.id)


def test_the_organiser_moves_an_agreement_through_every_step_each_audited(
        world, make_agreement, sign_in, audit_events):
    agreement = make_agreement()
    client = sign_in(world.organiser)
    assert _move(client, agreement, "in_talks").status_code == 302
    assert _move(client, agreement, "signed", on="2025-03-01",
                 signatories="Alcalde de San Miguel\nAlcaldesa del Callao").status_code == 302
    assert _move(client, agreement, "in_execution", on="2025-04-01").status_code == 302
    assert _move(client, agreement, "concluded", on="2025-12-15").status_code == 302
    agreement = _fresh(agreement)
    assert (agreement.status, agreement.signed_on, agreement.started_on, agreement.concluded_on) == (
        "concluded", date(2025, 3, 1), date(2025, 4, 1), date(2025, 12, 15))
    assert agreement.signatories == "Alcalde de San Miguel\nAlcaldesa del Callao"
    summaries = [e.summary for e in audit_events("agreement.status_changed")]
    assert [s["status"] for s in summaries] == [
        ["requested", "in_talks"], ["in_talks", "signed"], ["signed", "in_execution"],
        ["in_execution", "concluded"]]
    assert summaries[1]["signed_on"] == [None, "2025-03-01"]
    assert summaries[1]["signatories"] == ["", "Alcalde de San Miguel\nAlcaldesa del Callao"]
    assert {e.actor_id for e in audit_events("agreement.status_changed")} == {world.organiser.id}


def test_an_invalid_step_is_refused_with_a_message(world, make_agreement, sign_in, audit_events):
    agreement = make_agreement()
    response = _move(sign_in(world.organiser), agreement, "concluded", on="2025-03-01")
    assert response.status_code == 409
    assert "no puede pasar de Solicitado a Concluido" in response.get_data(as_text=True)
    assert _fresh(agreement).status == "requested"
    assert audit_events("agreement.status_changed") == []


def test_a_final_agreement_cannot_be_withdrawn(world, make_agreement):
    agreement = make_agreement(("in_talks", date(2025, 2, 1)), ("signed", date(2025, 3, 1)),
                               ("in_execution", date(2025, 4, 1)), ("concluded", date(2025, 5, 1)))
    with pytest.raises(services.CooperationError):
        services.move_agreement(world.organiser, agreement, "withdrawn", date(2025, 6, 1))


@pytest.mark.parametrize("steps", [(), (("in_talks", date(2025, 2, 1)),),
                                   (("in_talks", date(2025, 2, 1)), ("signed", date(2025, 3, 1)))])
def test_an_agreement_can_be_withdrawn_from_any_open_step(steps, world, make_agreement):
    agreement = make_agreement(*steps)
    services.move_agreement(world.organiser, agreement, "withdrawn", date(2025, 6, 1))
    assert (agreement.status, agreement.withdrawn_on) == ("withdrawn", date(2025, 6, 1))


def test_signing_needs_the_signatories(world, make_agreement, sign_in):
    agreement = make_agreement(("in_talks", date(2025, 2, 1)))
    agreement.signatories = ""
    db.session.commit()
    response = _move(sign_in(world.organiser), agreement, "signed", on="2025-03-01", signatories="")
    assert response.status_code == 409
    assert _fresh(agreement).status == "in_talks"


@pytest.mark.parametrize("on", ["2999-01-01", "2024-12-31"])
def test_a_step_dated_in_the_future_or_before_the_previous_one_is_refused(on, world,
                                                                          make_agreement, sign_in):
    agreement = make_agreement(("in_talks", date(2025, 2, 1)))
    response = _move(sign_in(world.organiser), agreement, "signed", on=on, signatories="Alcalde")
    assert response.status_code == 409
    assert _fresh(agreement).status == "in_talks"


def test_the_step_date_defaults_to_today(world, make_agreement):
    agreement = make_agreement(("in_talks", date(2025, 2, 1)))
    services.move_agreement(world.organiser, agreement, "withdrawn")
    assert agreement.withdrawn_on == services.today()


def test_correcting_the_details_audits_old_and_new_values(world, make_agreement, sign_in,
                                                          audit_events):
    agreement = make_agreement(("in_talks", date(2025, 2, 1)), ("signed", date(2025, 3, 1)))
    response = sign_in(world.organiser).post(
        f"/organiser/cooperation/agreements/{agreement.id}/details",
        data={"signatories": "Alcalde de San Miguel; Alcalde del Callao",
              "notes": "Visita técnica en abril.", "requested_on": "2025-01-10",
              "signed_on": "2025-03-02"})
    assert response.status_code == 302
    [event] = audit_events("agreement.updated")
    assert event.summary == {"notes": ["", "Visita técnica en abril."],
                             "signed_on": ["2025-03-01", "2025-03-02"]}
    assert _fresh(agreement).notes == "Visita técnica en abril."


def test_a_date_of_a_step_not_reached_is_refused(world, make_agreement):
    agreement = make_agreement()
    with pytest.raises(services.CooperationError):
        services.update_agreement(world.organiser, agreement, {"signed_on": date(2025, 3, 1)})
    with pytest.raises(services.CooperationError):
        services.update_agreement(world.organiser, agreement, {"requested_on": None})


def test_the_signed_pdf_is_stored_and_audited(world, make_agreement, sign_in, audit_events):
    agreement = make_agreement(("in_talks", date(2025, 2, 1)), ("signed", date(2025, 3, 1)))
    response = sign_in(world.organiser).post(
        f"/organiser/cooperation/agreements/{agreement.id}/signed-pdf",
        data={"file": (io.BytesIO(PDF_BYTES), "Convenio firmado.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    agreement = _fresh(agreement)
    assert (agreement.signed_pdf_filename, agreement.signed_pdf_size) == (
        "Convenio firmado.pdf", len(PDF_BYTES))
    [event] = audit_events("agreement.signed_pdf_attached")
    assert event.summary["signed_pdf_sha256"] == [None, agreement.signed_pdf_sha256]


@pytest.mark.parametrize("data", [b"hola, no soy un PDF", PNG_BYTES, b""])
def test_a_signed_pdf_that_is_not_a_pdf_is_refused(data, world, make_agreement, sign_in):
    agreement = make_agreement(("in_talks", date(2025, 2, 1)), ("signed", date(2025, 3, 1)))
    response = sign_in(world.organiser).post(
        f"/organiser/cooperation/agreements/{agreement.id}/signed-pdf",
        data={"file": (io.BytesIO(data), "convenio.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert _fresh(agreement).signed_pdf_sha256 is None


def test_a_signed_pdf_too_large_is_refused(world, make_agreement):
    agreement = make_agreement(("in_talks", date(2025, 2, 1)), ("signed", date(2025, 3, 1)))
    with pytest.raises(UploadRejected) as refused:
        services.attach_signed_pdf(world.organiser, agreement, "convenio.pdf",
                                   PDF_BYTES + b" " * MAX_BYTES)
    assert refused.value.code == "too_large"


def test_a_signed_pdf_waits_for_the_signature(world, make_agreement):
    agreement = make_agreement(("in_talks", date(2025, 2, 1)))
    with pytest.raises(services.CooperationError):
        services.attach_signed_pdf(world.organiser, agreement, "convenio.pdf", PDF_BYTES)


def test_the_agreement_page_shows_its_history(world, make_agreement, sign_in):
    agreement = make_agreement(("in_talks", date(2025, 2, 1)))
    page = sign_in(world.requester).get(f"/cooperacion/convenios/{agreement.id}").get_data(
        as_text=True)
    assert "Convenio abierto" in page and "Solicitado → En conversación" in page
    assert "Siguiente paso" not in page  # the parties read; only organisers act


def test_only_organisers_act_on_agreements(world, make_agreement, sign_in):
    agreement = make_agreement()
    response = _move(sign_in(world.requester), agreement, "in_talks")
    assert response.status_code == 403
    assert _fresh(agreement).status == "requested"
    with pytest.raises(services.CooperationError):
        services.move_agreement(world.requester, agreement, "in_talks")
