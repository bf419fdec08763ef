"""The nominator's pages: the form keeps what was typed, autosave answers JSON, files are checked."""
from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from app.db_types import utcnow
from app.extensions import db
from app.nominations import services
from app.nominations.models import Attachment
from tests.nominations.factories import COMPLETE, PDF_BYTES


def _form(values: dict, revision=None) -> dict:
    data = {k: v for k, v in values.items() if k != "results"}
    for i, row in enumerate(values.get("results", [])):
        for key, value in row.items():
            data[f"results-{i}-{key}"] = value
    if revision is not None:
        data["revision"] = str(revision)
    return data


def test_starting_a_nomination_opens_the_form(client, sign_in, representative, municipality, inn):
    sign_in(representative)
    response = client.post("/my/nominations/new", data={
        "category": "INN", "nominee_type": "municipality", "municipality": municipality.id})
    assert response.status_code == 302 and response.location.endswith("/edit")


def test_a_failed_submission_keeps_everything_typed_and_lists_the_problems(client, sign_in, representative, draft):
    sign_in(representative)
    typed = {"title": "Mi programa", "summary": "Resumen escrito con cuidado", "action": "submit"}
    response = client.post(f"/nominations/{draft.id}/edit", data=_form(typed, draft.revision))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="Mi programa"' in page and "Resumen escrito con cuidado" in page
    assert 'id="form-errors"' in page and 'href="#problem"' in page
    db.session.refresh(draft)
    assert draft.title == "Mi programa" and draft.status == "draft"


def test_a_complete_form_submits_and_shows_the_reference(client, sign_in, representative, draft):
    sign_in(representative)
    response = client.post(f"/nominations/{draft.id}/edit",
                           data=_form({**COMPLETE, "action": "submit"}, draft.revision))
    assert response.status_code == 302
    db.session.refresh(draft)
    assert draft.reference == "SCA-2026-INN-0001"
    assert draft.reference in client.get(f"/nominations/{draft.id}").get_data(as_text=True)


def test_autosave_stores_the_draft_and_returns_the_new_revision(client, sign_in, representative, draft):
    sign_in(representative)
    loaded = draft.revision
    response = client.post(f"/nominations/{draft.id}/autosave",
                           data=_form({"title": "Autoguardado"}, loaded))
    assert response.status_code == 200
    body = response.get_json()
    assert body["ok"] is True and body["revision"] == loaded + 1
    db.session.refresh(draft)
    assert draft.title == "Autoguardado"


def test_autosave_after_the_session_expired_says_so_and_changes_nothing(client, draft):
    response = client.post(f"/nominations/{draft.id}/autosave", data=_form({"title": "perdido?"}, 1))
    assert response.status_code == 401
    assert response.get_json()["error"] == "session_expired"
    db.session.refresh(draft)
    assert draft.title == ""


def test_autosave_from_a_stale_tab_is_a_conflict(client, sign_in, representative, draft):
    sign_in(representative)
    loaded = draft.revision
    client.post(f"/nominations/{draft.id}/autosave", data=_form({"title": "Pestaña A"}, loaded))
    stale = client.post(f"/nominations/{draft.id}/autosave", data=_form({"title": "Pestaña B"}, loaded))
    assert stale.status_code == 409 and stale.get_json()["error"] == "conflict"
    db.session.refresh(draft)
    assert draft.title == "Pestaña A"


def test_autosave_requires_the_csrf_token(app, client, sign_in, representative, draft):
    app.config["WTF_CSRF_ENABLED"] = True
    sign_in(representative)
    response = client.post(f"/nominations/{draft.id}/autosave", data=_form({"title": "x"}, draft.revision))
    assert response.status_code == 400


def _upload(client, draft, name, data):
    return client.post(f"/nominations/{draft.id}/attachments",
                       data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def _stored_files(app) -> list[Path]:
    root = Path(app.config["STORAGE_DIR"])
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _attachment_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Attachment))


def test_a_pdf_is_attached_and_stored_by_its_checksum(app, client, sign_in, representative, draft):
    sign_in(representative)
    assert _upload(client, draft, "informe final.pdf", PDF_BYTES).status_code == 302
    (attachment,) = db.session.scalars(select(Attachment)).all()
    assert attachment.filename == "informe final.pdf" and attachment.content_type == "application/pdf"
    assert [p.name for p in _stored_files(app)] == [attachment.sha256]


def test_an_exe_renamed_pdf_is_refused_and_nothing_stored(app, client, sign_in, representative, draft):
    sign_in(representative)
    _upload(client, draft, "informe.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    assert _attachment_count() == 0 and _stored_files(app) == []


def test_an_empty_file_is_refused(app, client, sign_in, representative, draft):
    sign_in(representative)
    _upload(client, draft, "vacio.pdf", b"")
    assert _attachment_count() == 0 and _stored_files(app) == []


def test_an_oversized_file_is_refused(app, client, sign_in, representative, draft):
    sign_in(representative)
    _upload(client, draft, "grande.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024))
    assert _attachment_count() == 0 and _stored_files(app) == []


def test_a_path_traversal_name_is_reduced_to_its_base_name(client, sign_in, representative, draft):
    sign_in(representative)
    _upload(client, draft, "../../etc/passwd.pdf", PDF_BYTES)
    assert db.session.scalar(select(Attachment.filename)) == "passwd.pdf"


def test_a_ninth_file_is_refused(client, sign_in, representative, draft):
    sign_in(representative)
    for i in range(8):
        _upload(client, draft, f"f{i}.pdf", PDF_BYTES + bytes([i]))
    _upload(client, draft, "noveno.pdf", PDF_BYTES + b"9")
    assert _attachment_count() == 8


def test_refusal_messages_are_shown_translated(client, sign_in, make_user, municipality, make_representative, inn):
    user = make_representative(municipality, "ingles@example.org")
    user.locale = "es"
    db.session.commit()
    draft = services.start_nomination(user, inn, "municipality", municipality)
    sign_in(user)
    response = _upload(client, draft, "x.pdf", b"")
    page = client.get(response.location).get_data(as_text=True)
    assert "x.pdf" in page and "is empty" not in page


def test_attachments_are_downloads_with_safe_headers(client, sign_in, representative, draft):
    attachment = services.add_attachment(representative, draft, "informe.pdf", PDF_BYTES)
    sign_in(representative)
    response = client.get(f"/nominations/{draft.id}/attachments/{attachment.id}")
    assert response.status_code == 200 and response.data == PDF_BYTES
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]


def test_another_municipality_cannot_open_a_nomination_or_its_files(client, sign_in, make_representative,
                                                                      make_municipality, representative, draft):
    attachment = services.add_attachment(representative, draft, "informe.pdf", PDF_BYTES)
    outsider = make_representative(make_municipality("Miraflores", "150122"), "mira@example.org")
    sign_in(outsider)
    assert client.get(f"/nominations/{draft.id}").status_code == 403
    assert client.get(f"/nominations/{draft.id}/edit").status_code == 403
    assert client.get(f"/nominations/{draft.id}/attachments/{attachment.id}").status_code == 403
    assert f"/nominations/{draft.id}" not in client.get("/my/nominations").get_data(as_text=True)


def test_an_attachment_of_another_nomination_is_not_found_through_mine(client, sign_in, make_representative,
                                                                        make_municipality, inn, representative, draft):
    other_municipality = make_municipality("Miraflores", "150122")
    other = make_representative(other_municipality, "mira@example.org")
    theirs = services.start_nomination(other, inn, "municipality", other_municipality)
    their_file = services.add_attachment(other, theirs, "secreto.pdf", PDF_BYTES)
    sign_in(representative)
    assert client.get(f"/nominations/{draft.id}/attachments/{their_file.id}").status_code == 404


def test_my_nominations_lists_the_drafts_of_my_municipality(client, sign_in, make_representative,
                                                             municipality, draft):
    services.save_draft(draft.submitter, draft, {"title": "Borrador compartido"}, draft.revision)
    colleague = make_representative(municipality, "colega@example.org")
    sign_in(colleague)
    assert "Borrador compartido" in client.get("/my/nominations").get_data(as_text=True)


def test_withdrawing_through_the_page(client, sign_in, representative, draft):
    sign_in(representative)
    client.post(f"/nominations/{draft.id}/withdraw", data={"reason": "Duplicada"})
    db.session.refresh(draft)
    assert draft.status == "withdrawn"


def test_representation_request_and_confirmation(client, sign_in, make_user, municipality, organiser, outbox):
    user = make_user("nominator", email="nueva@example.org")
    sign_in(user)
    client.post("/my/municipality", data={"municipality": municipality.id, "position": "Gerente",
                                          "office_phone": "01 555 0101"})
    from app.municipalities.models import Representation
    representation = db.session.scalar(select(Representation))
    assert representation.status == "requested"
    sign_in(organiser)
    client.post(f"/organiser/representations/{representation.id}/decision", data={"decision": "confirm"})
    db.session.refresh(representation)
    assert representation.status == "confirmed"
    assert any(m["To"] == "nueva@example.org" for m in outbox())


def test_rejecting_a_representation_needs_a_reason(client, sign_in, make_user, municipality, organiser):
    from app.municipalities import services as municipalities
    representation = municipalities.request_representation(make_user("nominator"), municipality, "X", "1")
    sign_in(organiser)
    client.post(f"/organiser/representations/{representation.id}/decision", data={"decision": "reject"})
    db.session.refresh(representation)
    assert representation.status == "requested"


def test_a_partial_autosave_leaves_the_other_fields_alone(client, sign_in, representative, draft):
    services.save_draft(representative, draft, {"title": "Título", "summary": "Resumen"}, draft.revision)
    sign_in(representative)
    client.post(f"/nominations/{draft.id}/autosave", data=_form({"problem": "Problema"}, draft.revision))
    db.session.refresh(draft)
    assert (draft.title, draft.summary, draft.problem) == ("Título", "Resumen", "Problema")


def test_the_receipt_is_downloaded_as_a_pdf_with_the_reference(client, sign_in, representative, draft):
    from io import BytesIO

    from pypdf import PdfReader
    services.submit(representative, draft, COMPLETE)
    sign_in(representative)
    response = client.get(f"/nominations/{draft.id}/receipt.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.data)).pages)
    assert "SCA-2026-INN-0001" in text


def test_a_draft_has_no_receipt(client, sign_in, representative, draft):
    sign_in(representative)
    assert client.get(f"/nominations/{draft.id}/receipt.pdf").status_code == 404


def _close_nominations(edition) -> None:
    edition.nominations_close_at = utcnow() - timedelta(seconds=1)
    db.session.commit()


def test_a_late_submission_is_refused_with_the_deadline_and_keeps_what_was_typed(
        client, sign_in, representative, draft):
    sign_in(representative)
    _close_nominations(draft.category.edition)
    typed = {**COMPLETE, "title": "Escrito a último minuto", "action": "submit"}
    response = client.post(f"/nominations/{draft.id}/edit", data=_form(typed, draft.revision))
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert 'value="Escrito a último minuto"' in page
    assert "Las postulaciones cerraron el" in page and "No se guardó nada" in page
    db.session.refresh(draft)
    assert draft.status == "draft" and draft.title != "Escrito a último minuto"


def test_opening_the_form_after_the_deadline_says_why_it_cannot_be_edited(
        client, sign_in, representative, draft):
    sign_in(representative)
    _close_nominations(draft.category.edition)
    response = client.get(f"/nominations/{draft.id}/edit", follow_redirects=True)
    assert response.request.path == f"/nominations/{draft.id}"
    assert "Las postulaciones cerraron el" in response.get_data(as_text=True)
