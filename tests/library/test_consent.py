"""Consent to publication: asked when submitting, withdrawn or given again later, audited."""
import pytest
from sqlalchemy import select

from app.extensions import db
from app.municipalities.models import Municipality
from app.municipalities import services as municipalities
from app.nominations import services as nominations
from tests.nominations.factories import COMPLETE, PDF_BYTES


@pytest.fixture
def representative(make_user, make_municipality, organiser):
    user = make_user("nominator", email="gerente@example.org")
    municipality = make_municipality("San Isidro", "150131")
    request = municipalities.request_representation(user, municipality, "Gerente", "01 555 0101")
    municipalities.decide_representation(organiser, request, confirm=True)
    return user


@pytest.fixture
def draft(representative, make_edition, make_category):
    category = make_category(make_edition(2026, status="nominations_open"), "INN")
    municipality = db.session.scalar(select(Municipality).where(Municipality.official_code == "150131"))
    nomination = nominations.start_nomination(representative, category, "municipality", municipality)
    nominations.save_draft(representative, nomination, COMPLETE, None)
    return nomination


def _submit(client, nomination, **extra):
    data = {"action": "submit", "revision": str(nomination.revision), **extra}
    return client.post(f"/nominations/{nomination.id}/edit", data=data)


def test_the_form_asks_for_consent_while_drafting(sign_in, representative, draft):
    html = sign_in(representative).get(f"/nominations/{draft.id}/edit").get_data(as_text=True)
    assert 'type="checkbox"' in html and 'name="publication_consent"' in html


def test_ticking_the_box_records_consent_with_its_time(sign_in, representative, draft, audit_events):
    assert _submit(sign_in(representative), draft, publication_consent="y").status_code == 302
    db.session.refresh(draft)
    assert draft.status == "submitted" and draft.publication_consent is True
    assert draft.publication_consent_at == draft.submitted_at
    assert audit_events("nomination.submitted")[0].summary["publication_consent"] is True


def test_leaving_it_unticked_records_a_refusal(sign_in, representative, draft):
    _submit(sign_in(representative), draft)
    db.session.refresh(draft)
    assert draft.publication_consent is False and draft.publication_consent_at is not None


def test_the_submitter_withdraws_and_gives_consent_again_from_the_nomination_page(
        sign_in, representative, draft, audit_events):
    client = sign_in(representative)
    _submit(client, draft, publication_consent="y")
    assert 'name="consent" value="0"' in client.get(f"/nominations/{draft.id}").get_data(as_text=True)
    url = f"/nominations/{draft.id}/publication-consent"
    assert client.post(url, data={"consent": "0"}).status_code == 302
    db.session.refresh(draft)
    assert draft.publication_consent is False
    client.post(url, data={"consent": "1"})
    db.session.refresh(draft)
    assert draft.publication_consent is True
    assert [e.summary["consent"] for e in audit_events("nomination.publication_consent")] == [False, True]


def test_another_nominator_cannot_change_the_consent(sign_in, make_user, representative, draft):
    _submit(sign_in(representative), draft, publication_consent="y")
    client = sign_in(make_user("nominator", email="otro@example.org"))
    assert client.post(f"/nominations/{draft.id}/publication-consent", data={"consent": "0"}).status_code == 403
    db.session.refresh(draft)
    assert draft.publication_consent is True


def test_a_draft_decides_consent_by_submitting(representative, draft):
    with pytest.raises(nominations.NominationError):
        nominations.set_publication_consent(representative, draft, True)


def test_a_malformed_consent_answer_is_refused(sign_in, representative, draft):
    _submit(sign_in(representative), draft)
    response = sign_in(representative).post(f"/nominations/{draft.id}/publication-consent",
                                             data={"consent": "maybe"})
    assert response.status_code == 400


def test_the_submitter_marks_a_document_public_and_private_again(sign_in, representative, draft,
                                                                 audit_events):
    attachment = nominations.add_attachment(representative, draft, "informe.pdf", PDF_BYTES)
    client = sign_in(representative)
    url = f"/nominations/{draft.id}/attachments/{attachment.id}/public"
    assert client.post(url, data={"public": "1"}).status_code == 302
    db.session.refresh(attachment)
    assert attachment.is_public is True
    assert 'name="public" value="0"' in client.get(f"/nominations/{draft.id}").get_data(as_text=True)
    client.post(url, data={"public": "0"})
    db.session.refresh(attachment)
    assert attachment.is_public is False
    assert [e.summary["public"] for e in audit_events("attachment.publication")] == [True, False]


def test_an_organiser_cannot_mark_a_document_public(as_organiser, representative, draft):
    attachment = nominations.add_attachment(representative, draft, "informe.pdf", PDF_BYTES)
    url = f"/nominations/{draft.id}/attachments/{attachment.id}/public"
    assert as_organiser.post(url, data={"public": "1"}).status_code == 403
