"""The organisers' certificate pages, recipients' downloads and the public check."""
from __future__ import annotations

import io
import time
import zipfile
from datetime import datetime, timezone

import pytest
from markupsafe import escape
from PIL import Image

from app.certificates import jobs, services
from app.certificates.models import Certificate, CertificateSettings
from app.extensions import db
from app.municipalities.models import Representation
from app.nominations.models import Nomination
from tests.certificates.conftest import INN_ES, SEAL, certificates_of, pdf_text

BASE = "/organiser/editions/2026/certificates"


@pytest.fixture
def generated(world):
    job = jobs.request_generation(world.edition)
    jobs.run_job(job.id, processes=1)
    certificates = certificates_of(world.edition)
    world.by_award = {c.award_id: c for c in certificates if c.award_id}
    world.gold_certificate = world.by_award[world.awards[0].id]
    world.jury_certificate = next(c for c in certificates if c.kind == "jury")
    return world


def _html(response) -> str:
    return response.get_data(as_text=True)


# -- the organisers' pages --------------------------------------------------------------------

def test_the_overview_lists_every_certificate_with_its_status(as_organiser, generated):
    html = _html(as_organiser.get(BASE))
    assert html.count('data-status="issued"') == 6
    assert generated.gold_certificate.short_code in html and "Municipalidad de Jesús María" in html


def test_the_overview_filters_by_kind(as_organiser, generated):
    html = _html(as_organiser.get(f"{BASE}?kind=jury"))
    assert html.count('data-status="issued"') == 1 and "Julio Íñiguez Ñahui" in html


def test_generating_from_the_page_runs_in_the_background_until_done(as_organiser, world):
    response = as_organiser.post(f"{BASE}/generate")
    assert response.status_code == 302
    deadline = time.monotonic() + 60
    while (status := as_organiser.get(f"{BASE}/job.json").get_json())["status"] != "done":
        assert status["status"] in ("queued", "running"), status
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert (status["done"], status["total"], status["percent"]) == (6, 6, 100)
    assert 'data-status="done"' in _html(as_organiser.get(BASE))


def test_a_running_generation_refreshes_its_page(as_organiser, world):
    job = jobs.request_generation(world.edition)
    jobs.claim(job.id)
    response = as_organiser.get(BASE)
    assert response.headers["Refresh"] == "3"
    assert 'data-status="running"' in _html(response)


def test_a_stalled_generation_offers_to_resume(as_organiser, world):
    job = jobs.request_generation(world.edition)
    jobs.claim(job.id)
    job.heartbeat_at = datetime(2026, 1, 1, tzinfo=timezone.utc)
    db.session.commit()
    response = as_organiser.get(BASE)
    assert "Refresh" not in response.headers
    assert "Reanudar la generación" in _html(response)


def test_generating_before_the_edition_closes_is_refused_with_a_message(as_organiser, world):
    world.edition.status = "deliberation"
    db.session.commit()
    response = as_organiser.post(f"{BASE}/generate", follow_redirects=True)
    assert "Los certificados se emiten cuando la edición está cerrada." in _html(response)
    assert certificates_of(world.edition) == []


def test_the_overview_runs_as_many_queries_with_50_rows_as_with_1(as_organiser, count_queries,
                                                                  make_edition, make_category, nominator):
    edition = make_edition(2027, status="closed")
    category = make_category(edition, "INN")

    def add_finalists(count):
        for number in range(count):
            db.session.add(Nomination(category=category, submitter_id=nominator.id, status="finalist",
                                      nominee_type="institution", nominee_name=f"Instituto {number}"))
        services.plan_certificates(edition)
        db.session.commit()
    add_finalists(1)
    one = count_queries(as_organiser, "/organiser/editions/2027/certificates")
    add_finalists(49)
    assert count_queries(as_organiser, "/organiser/editions/2027/certificates") == one


def test_the_zip_holds_every_issued_certificate_named_by_code_and_recipient(as_organiser, generated):
    response = as_organiser.get(f"{BASE}/all.zip")
    assert response.is_streamed and "Content-Length" not in response.headers
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    gold = generated.gold_certificate
    assert len(archive.namelist()) == 6
    assert f"{gold.short_code}-municipalidad-de-jesus-maria.pdf" in archive.namelist()
    assert archive.read(f"{gold.short_code}-municipalidad-de-jesus-maria.pdf")[:5] == b"%PDF-"


# -- settings and preview -----------------------------------------------------------------------

def _settings_form(**changes) -> dict:
    data = {"city": "Arequipa", "issue_date": "2026-12-04", "signatories-0-name": "Ricardo Núñez",
            "signatories-0-title_es": "Director", "signatories-0-title_en": "Director",
            "preview_kind": "award", "preview_locale": "es"}
    data.update(changes)
    return data


def test_settings_are_saved_and_shown_again(as_organiser, world):
    response = as_organiser.post(f"{BASE}/settings", data=_settings_form(
        wording_jury_es="Gracias, {{ recipient }}."))
    assert response.status_code == 302
    settings = db.session.query(CertificateSettings).one()
    assert (settings.city, settings.wording) == ("Arequipa", {"jury": {"es": "Gracias, {{ recipient }}."}})
    assert settings.signatories == [{"name": "Ricardo Núñez", "title_es": "Director", "title_en": "Director"}]
    html = _html(as_organiser.get(f"{BASE}/settings"))
    assert "Gracias, {{ recipient }}." in html and 'value="Arequipa"' in html


def test_a_wording_that_escapes_the_sandbox_is_refused_and_kept(as_organiser, world):
    typed = "Hola {{ ''.__class__.__mro__ }}"
    response = as_organiser.post(f"{BASE}/settings", data=_settings_form(wording_award_es=typed))
    html = _html(response)
    assert response.status_code == 400
    assert "El texto usa algo que los certificados no permiten" in html
    assert str(escape(typed)) in html
    assert db.session.query(CertificateSettings).count() == 0


def test_a_logo_that_is_not_an_image_is_refused_with_a_message(as_organiser, world):
    data = _settings_form(logo=(io.BytesIO(b"<html>not a logo</html>"), "logo.png"))
    response = as_organiser.post(f"{BASE}/settings", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "El logo debe ser una imagen PNG o JPEG." in _html(response)


def test_the_preview_is_a_sample_pdf_of_the_saved_settings(as_organiser, world):
    response = as_organiser.get(f"{BASE}/preview.pdf?preview_kind=award&preview_locale=es")
    assert response.mimetype == "application/pdf"
    text = pdf_text(response.get_data())
    assert "MUESTRA" in text and "Municipalidad de San Miguel" in text and INN_ES in text


def test_previewing_as_typed_uses_the_unsaved_wording(as_organiser, world):
    response = as_organiser.post(f"{BASE}/preview.pdf", data=_settings_form(
        wording_award_en="Well done, {{ recipient }}!", preview_locale="en"))
    assert response.mimetype == "application/pdf"
    assert "Well done, Municipality of San Miguel!" in pdf_text(response.get_data())
    assert db.session.query(CertificateSettings).count() == 0


def test_previewing_a_bad_wording_explains_the_problem(as_organiser, world):
    response = as_organiser.post(f"{BASE}/preview.pdf", data=_settings_form(
        wording_award_es="{{ recipent }}"))
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "recipent" in _html(response)


# -- revoking and re-issuing ------------------------------------------------------------------------

def test_revoking_needs_a_reason(as_organiser, generated):
    url = f"{BASE}/{generated.gold_certificate.id}/revoke"
    response = as_organiser.post(url, data={"reason": "  "})
    assert response.status_code == 400
    assert db.session.get(Certificate, generated.gold_certificate.id).status == "issued"


def test_revoking_is_recorded_with_its_reason(as_organiser, generated, audit_events):
    gold = generated.gold_certificate
    response = as_organiser.post(f"{BASE}/{gold.id}/revoke", data={"reason": "Premio anulado"})
    assert response.status_code == 302
    revoked = db.session.get(Certificate, gold.id)
    assert (revoked.status, revoked.revoke_reason) == ("revoked", "Premio anulado")
    event = audit_events("certificate.revoked")[-1]
    assert event.summary["reason"] == "Premio anulado" and event.object_id == str(gold.id)


def test_the_check_page_shows_a_revoked_certificate_as_revoked(client, generated):
    services.revoke(generated.gold_certificate, "Premio anulado por el comité")
    html = _html(client.get(f"/verify/{generated.gold_certificate.code}"))
    assert 'data-status="revoked"' in html and "Revocado." in html
    assert "Premio anulado por el comité" in html and 'data-status="valid"' not in html


def test_reissuing_gives_a_new_code_and_the_old_one_points_to_it(as_organiser, client, generated, outbox):
    old = generated.gold_certificate
    response = as_organiser.post(f"{BASE}/{old.id}/reissue", data={
        "recipient_name": "Municipalidad Distrital de Jesús María",
        "recipient_detail": "representada por su alcalde, Jesús Gálvez Núñez", "locale": "es",
        "reason": "Nombre oficial corregido"})
    assert response.status_code == 302
    old = db.session.get(Certificate, old.id)
    new = db.session.get(Certificate, old.replaced_by_id)
    assert (old.status, new.status) == ("revoked", "issued")
    assert new.code != old.code and new.short_code != old.short_code
    assert new.award_id == old.award_id
    assert "Municipalidad Distrital de Jesús María" in pdf_text(
        as_organiser.get(f"/certificates/{new.id}.pdf").get_data())
    html = _html(client.get(f"/verify/{old.short_code}"))
    assert "Nombre oficial corregido" in html and f">{new.short_code}</a>" in html
    assert outbox()[-1]["To"] == "ana@example.org"


def test_a_revoked_certificate_cannot_be_reissued(as_organiser, generated):
    services.revoke(generated.gold_certificate, "Anulado")
    response = as_organiser.post(f"{BASE}/{generated.gold_certificate.id}/reissue", data={
        "recipient_name": "Otro nombre", "recipient_detail": "", "locale": "es", "reason": "Corrección"})
    assert response.status_code == 400
    assert "Solo se puede reemitir un certificado válido." in _html(response)


# -- the public check ---------------------------------------------------------------------------

def test_the_check_page_shows_recipient_award_edition_date_and_seal(client, generated):
    gold = generated.gold_certificate
    html = _html(client.get(f"/verify/{gold.code}"))
    assert 'data-status="valid"' in html
    for expected in ("Municipalidad de Jesús María", "Jesús Gálvez Núñez", "Premio Oro", INN_ES,
                     "IV Premios Safe City 2026", SEAL, gold.pdf_sha256):
        assert expected in html


def test_a_code_typed_loosely_leads_to_its_certificate(client, generated):
    short = generated.gold_certificate.short_code
    typed = short.lower().replace("-", " ").replace("sca ", "")
    response = client.get("/verify", query_string={"code": typed})
    assert response.status_code == 302 and response.location.endswith(f"/verify/{short}")


def test_an_invalid_code_is_explained(client, generated):
    response = client.get("/verify", query_string={"code": "SCA-1234"})
    assert response.status_code == 400
    assert "Ese no es un código válido." in _html(response)


def test_an_unknown_code_is_not_found(client, generated):
    response = client.get("/verify/" + "0" * 20)
    assert response.status_code == 404 and "Ningún certificado tiene el código" in _html(response)
    assert client.get("/api/v1/certificates/" + "0" * 20).status_code == 404


def test_a_certificate_not_issued_yet_is_not_found(client, world):
    planned = services.plan_certificates(world.edition)
    db.session.commit()
    assert client.get(f"/verify/{planned[0].code}").status_code == 404


def test_the_api_answers_the_same_as_json(client, generated):
    gold = generated.gold_certificate
    services.revoke(gold, "Premio anulado")
    data = client.get(f"/api/v1/certificates/{gold.short_code.lower()}").get_json()
    assert data["code"] == gold.short_code and data["status"] == "revoked" and data["valid"] is False
    assert data["recipient"] == "Municipalidad de Jesús María" and data["place"] == "gold"
    assert data["category"]["name_es"] == INN_ES
    assert data["edition"] == {"year": 2026, "name": "IV Premios Safe City 2026", "seal_sha256": SEAL}
    assert data["revoke_reason"] == "Premio anulado" and data["issued_at"]
    assert data["check_url"].endswith(f"/verify/{gold.code}")


def test_the_check_is_rate_limited(app, client, generated):
    app.config["CERTIFICATE_CHECK_RATE_LIMIT"] = "3 per minute"
    codes = [client.get(f"/api/v1/certificates/{generated.gold_certificate.code}").status_code
             for _ in range(4)]
    assert codes == [200, 200, 200, 429]


# -- recipients -----------------------------------------------------------------------------------

def test_the_nominator_finds_and_downloads_their_certificate(sign_in, generated):
    client = sign_in(generated.ana)
    html = _html(client.get("/my/nominations"))
    gold = generated.gold_certificate
    assert "Mis certificados" in html and gold.short_code in html
    response = client.get(f"/certificates/{gold.id}.pdf")
    assert response.status_code == 200 and response.get_data()[:5] == b"%PDF-"
    assert "municipalidad-de-jesus-maria.pdf" in response.headers["Content-Disposition"]


def test_another_nominator_may_not_download_it(sign_in, generated):
    client = sign_in(generated.carla)
    assert generated.gold_certificate.short_code not in _html(client.get("/my/nominations"))
    assert client.get(f"/certificates/{generated.gold_certificate.id}.pdf").status_code == 403


def test_the_juror_finds_and_downloads_theirs_on_the_jury_page(sign_in, generated):
    client = sign_in(generated.juror)
    jury = generated.jury_certificate
    assert jury.short_code in _html(client.get("/jury"))
    assert client.get(f"/certificates/{jury.id}.pdf").status_code == 200
    assert client.get(f"/certificates/{generated.gold_certificate.id}.pdf").status_code == 403


def test_a_municipalitys_representative_gets_its_ranking_award(sign_in, make_user, world, outbox):
    representative = make_user("nominator", email="rep@sanisidro.gob.pe", name="Rosa Pérez")
    db.session.add(Representation(user_id=representative.id, municipality_id=world.san_isidro.id,
                                  position="Gerente", office_phone="01 555", status="confirmed"))
    db.session.commit()
    jobs.run_job(jobs.request_generation(world.edition).id, processes=1)
    ranking = next(c for c in certificates_of(world.edition) if c.award_id == world.awards[3].id)
    assert [m["To"] for m in outbox()].count("rep@sanisidro.gob.pe") == 1
    client = sign_in(representative)
    assert ranking.short_code in _html(client.get("/my/nominations"))
    assert client.get(f"/certificates/{ranking.id}.pdf").status_code == 200


def test_a_revoked_certificate_is_no_longer_downloadable_by_its_recipient(sign_in, generated, organiser):
    services.revoke(generated.gold_certificate, "Anulado")
    assert sign_in(generated.ana).get(f"/certificates/{generated.gold_certificate.id}.pdf").status_code == 403
    assert sign_in(organiser).get(f"/certificates/{generated.gold_certificate.id}.pdf").status_code == 200


def test_an_uploaded_logo_is_kept_shown_and_removable(as_organiser, world):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(buffer, "JPEG")
    data = _settings_form(logo=(io.BytesIO(buffer.getvalue()), "logo.jpg"))
    assert as_organiser.post(f"{BASE}/settings", data=data,
                             content_type="multipart/form-data").status_code == 302
    assert 'alt="Logo actual"' in _html(as_organiser.get(f"{BASE}/settings"))
    logo = as_organiser.get(f"{BASE}/logo")
    assert logo.mimetype == "image/jpeg" and logo.get_data() == buffer.getvalue()
    as_organiser.post(f"{BASE}/settings", data=_settings_form(remove_logo="y"))
    assert as_organiser.get(f"{BASE}/logo").status_code == 404
