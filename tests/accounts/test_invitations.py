"""Organisers invite jurors and organisers by an emailed link that expires, works once and can be withdrawn."""
from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.accounts import services
from app.accounts.models import Invitation
from app.db_types import utcnow
from app.extensions import db
from tests.accounts.helpers import PASSWORD, STRONG_PASSWORD, alerts, is_signed_in

INVITED = "jurado.nuevo@example.org"


def invite_by_form(client, email=INVITED, name="Jimena Jurado", role="juror"):
    return client.post("/people/invite", data={"email": email, "name": name, "role": role})


def accept_form(client, path, name="Jimena Jurado", password=STRONG_PASSWORD, locale="es"):
    return client.post(path, data={"name": name, "password": password, "password_again": password,
                                   "locale": locale})


@pytest.fixture
def as_organiser(client, organiser, login):
    login(organiser)
    return client


@pytest.fixture
def invitation_path(app, organiser, last_link):
    """The link of a juror invitation made by the organiser, opened by a browser that is not signed in."""
    services.invite(organiser, INVITED, "Jimena Jurado", "juror")
    return last_link(INVITED)


def _invitations() -> list[Invitation]:
    return list(db.session.scalars(select(Invitation).order_by(Invitation.id)))


# -- sending -----------------------------------------------------------------------------------

def test_organiser_invites_a_juror(as_organiser):
    response = invite_by_form(as_organiser)
    assert response.status_code == 302
    assert response.headers["Location"] == "/people"
    [invitation] = _invitations()
    assert (invitation.email, invitation.role, invitation.name) == (INVITED, "juror", "Jimena Jurado")


def test_invitation_mail_carries_the_link(as_organiser, outbox, mail_links):
    invite_by_form(as_organiser)
    assert [m["To"] for m in outbox()] == [INVITED]
    assert mail_links(INVITED)[0].startswith("/invitations/")


def test_invitation_email_is_stored_in_lower_case(as_organiser, outbox):
    invite_by_form(as_organiser, email="Jurado.Nuevo@Example.ORG")
    assert _invitations()[0].email == INVITED
    assert outbox()[0]["To"] == INVITED


def test_invitation_expires_after_the_configured_days(app, organiser):
    now = utcnow()
    invitation = services.invite(organiser, INVITED, "Jimena", "juror", now=now)
    assert invitation.expires_at == now + timedelta(days=app.config["INVITATION_DAYS"])


def test_only_the_token_hash_is_stored(app, invitation_path):
    token = invitation_path.rsplit("/", 1)[1]
    [invitation] = _invitations()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in invitation.token_hash


def test_invitation_is_audited_with_the_organiser_as_actor(as_organiser, organiser, audit_events):
    invite_by_form(as_organiser)
    [event] = audit_events("invitation.created")
    assert event.actor_id == organiser.id
    assert event.summary == {"email": INVITED, "role": "juror"}


def test_invitation_with_an_invalid_address_is_refused(as_organiser, outbox):
    response = invite_by_form(as_organiser, email="not-an-address")
    assert response.status_code == 400
    assert 'id="email-error"' in response.get_data(as_text=True)
    assert _invitations() == [] and outbox() == []


def test_nominators_cannot_be_invited_through_the_form(as_organiser):
    assert invite_by_form(as_organiser, role="nominator").status_code == 400
    assert _invitations() == []


def test_service_refuses_to_invite_a_nominator(app, organiser):
    with pytest.raises(services.AccountError):
        services.invite(organiser, INVITED, "Nadie", "nominator")


@pytest.mark.parametrize("role", ["nominator", "juror"])
def test_only_organisers_may_invite(client, make_user, login, role):
    login(make_user(role))
    assert invite_by_form(client).status_code == 403
    assert _invitations() == []


def test_anonymous_visitor_cannot_invite(client):
    response = invite_by_form(client)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_people_page_lists_accounts_and_pending_invitations(as_organiser, juror, invitation_path):
    html = as_organiser.get("/people").get_data(as_text=True)
    assert juror.email in html
    assert INVITED in html


def test_inviting_again_withdraws_the_earlier_link(app, organiser, invitation_path):
    services.invite(organiser, INVITED, "Jimena Jurado", "juror")
    assert app.test_client().get(invitation_path).status_code == 410


# -- accepting as a new person -----------------------------------------------------------------

def test_link_shows_the_account_form_to_a_new_person(client, invitation_path):
    response = client.get(invitation_path)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="password"' in html
    assert 'value="Jimena Jurado"' in html


def test_accepting_creates_a_confirmed_juror(client, invitation_path):
    response = accept_form(client, invitation_path, locale="en")
    assert response.status_code == 302
    user = services.find_user_by_email(INVITED)
    assert user.role_names == {"juror"}
    assert user.email_confirmed_at is not None
    assert user.locale == "en"
    assert user.password_hash.startswith("scrypt:")


def test_accepting_signs_the_new_juror_in(client, invitation_path):
    accept_form(client, invitation_path)
    assert is_signed_in(client)


def test_accepting_marks_the_invitation_used_and_audits_it(client, invitation_path, audit_events):
    accept_form(client, invitation_path)
    user = services.find_user_by_email(INVITED)
    assert _invitations()[0].accepted_at is not None
    [event] = audit_events("invitation.accepted")
    assert event.actor_id == user.id
    assert event.summary == {"user_id": user.id, "role": "juror"}


def test_organiser_invitation_gives_the_organiser_role(app, client, organiser, last_link):
    services.invite(organiser, "otra.organizadora@example.org", "Otra", "organiser")
    accept_form(client, last_link("otra.organizadora@example.org"))
    assert services.find_user_by_email("otra.organizadora@example.org").role_names == {"organiser"}


def test_accepted_link_cannot_be_used_again(app, client, invitation_path):
    accept_form(client, invitation_path)
    assert app.test_client().get(invitation_path).status_code == 410


def test_weak_password_is_refused_when_accepting(client, invitation_path, user_count):
    response = accept_form(client, invitation_path, password="1234567890")
    assert response.status_code == 200
    assert 'id="password-error"' in response.get_data(as_text=True)
    assert user_count() == 1  # the organiser only
    assert _invitations()[0].accepted_at is None


def test_unknown_link_gets_410(client):
    assert client.get("/invitations/no-such-token").status_code == 410


def test_expired_link_gets_410(app, client, organiser, last_link):
    services.invite(organiser, INVITED, "Jimena Jurado", "juror",
                    now=utcnow() - timedelta(days=app.config["INVITATION_DAYS"] + 1))
    response = client.get(last_link(INVITED))
    assert response.status_code == 410
    assert response.mimetype == "text/html"


def test_expired_link_cannot_be_accepted(app, client, organiser, last_link, user_count):
    services.invite(organiser, INVITED, "Jimena Jurado", "juror",
                    now=utcnow() - timedelta(days=app.config["INVITATION_DAYS"] + 1))
    assert accept_form(client, last_link(INVITED)).status_code == 410
    assert user_count() == 1


def test_service_refuses_an_invitation_accepted_after_its_expiry(app, organiser, invitation_path):
    token = invitation_path.rsplit("/", 1)[1]
    later = utcnow() + timedelta(days=app.config["INVITATION_DAYS"] + 1)
    with pytest.raises(services.AccountError):
        services.accept_invitation(token, None, "Jimena", STRONG_PASSWORD, now=later)


# -- accepting with an existing account ----------------------------------------------------------

def test_signed_in_user_with_the_invited_email_gains_the_role(client, make_user, login, invitation_path):
    user = make_user("nominator", email=INVITED)
    login(user)
    assert client.get(invitation_path).status_code == 200
    response = client.post(invitation_path)
    assert response.status_code == 302
    assert user.role_names == {"nominator", "juror"}
    assert _invitations()[0].accepted_at is not None


def test_accepting_confirms_the_address_of_an_existing_account(client, make_user, login, invitation_path):
    user = make_user("nominator", email=INVITED, confirmed=False)
    login(user)
    client.post(invitation_path)
    assert user.email_confirmed_at is not None


def test_signed_in_user_with_another_email_cannot_accept(client, nominator, login, invitation_path):
    login(nominator)
    response = client.post(invitation_path)
    assert response.status_code == 200
    assert [kind for kind, _t in alerts(response)] == ["danger"]
    assert nominator.role_names == {"nominator"}
    assert _invitations()[0].accepted_at is None


def test_existing_account_must_sign_in_before_accepting(client, make_user, invitation_path, user_count):
    user = make_user("nominator", email=INVITED)
    response = accept_form(client, invitation_path)
    assert response.status_code == 200
    assert user_count() == 2
    assert user.role_names == {"nominator"}
    assert _invitations()[0].accepted_at is None


def test_existing_account_is_sent_back_to_the_link_after_signing_in(client, make_user, invitation_path):
    user = make_user("nominator", email=INVITED)
    html = client.get(invitation_path).get_data(as_text=True)
    assert 'name="password"' not in html
    login_url = re.search(r'href="(/login\?next=[^"]+)"', html).group(1)
    response = client.post(login_url, data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == invitation_path


# -- withdrawing -------------------------------------------------------------------------------

def test_withdrawn_link_gets_410(app, as_organiser, invitation_path):
    [invitation] = _invitations()
    response = as_organiser.post(f"/people/invitations/{invitation.id}/revoke")
    assert response.status_code == 302
    assert app.test_client().get(invitation_path).status_code == 410


def test_withdrawing_is_audited(as_organiser, organiser, invitation_path, audit_events):
    [invitation] = _invitations()
    as_organiser.post(f"/people/invitations/{invitation.id}/revoke")
    [event] = audit_events("invitation.revoked")
    assert (event.actor_id, event.object_id) == (organiser.id, str(invitation.id))


def test_withdrawing_an_accepted_invitation_changes_nothing(app, organiser, invitation_path, audit_events):
    user = services.accept_invitation(invitation_path.rsplit("/", 1)[1], None, "Jimena", STRONG_PASSWORD)
    [invitation] = _invitations()
    services.revoke_invitation(invitation)
    assert invitation.revoked_at is None
    assert audit_events("invitation.revoked") == []
    assert user.has_role("juror")


@pytest.mark.parametrize("role", ["nominator", "juror"])
def test_only_organisers_may_withdraw(client, make_user, login, invitation_path, role):
    login(make_user(role))
    [invitation] = _invitations()
    assert client.post(f"/people/invitations/{invitation.id}/revoke").status_code == 403
    assert invitation.revoked_at is None


def test_withdrawing_an_unknown_invitation_gets_404(as_organiser):
    assert as_organiser.post("/people/invitations/999/revoke").status_code == 404
