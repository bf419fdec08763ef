"""Organisers deactivate and reactivate accounts; a deactivated account loses its sessions."""
from __future__ import annotations

import pytest

from app.accounts import services
from tests.accounts.helpers import PASSWORD, is_signed_in


def set_active(client, user, active: bool):
    return client.post(f"/people/{user.id}/active", data={"active": "1" if active else "0"})


@pytest.fixture
def as_organiser(client, organiser, login):
    login(organiser)
    return client


def test_organiser_deactivates_an_account(as_organiser, nominator):
    response = set_active(as_organiser, nominator, False)
    assert response.status_code == 302
    assert response.headers["Location"] == "/people"
    assert nominator.active is False


def test_deactivation_ends_the_users_existing_session(as_organiser, nominator, signed_in):
    browser = signed_in(nominator)
    set_active(as_organiser, nominator, False)
    assert not is_signed_in(browser)


def test_deactivated_user_cannot_sign_in_again(as_organiser, nominator, app):
    set_active(as_organiser, nominator, False)
    with pytest.raises(services.AccountError):
        services.authenticate(nominator.email, PASSWORD)


def test_deactivation_is_audited_with_the_organiser_as_actor(as_organiser, organiser, nominator,
                                                              audit_events):
    set_active(as_organiser, nominator, False)
    [event] = audit_events("user.deactivated")
    assert (event.actor_id, event.object_type, event.object_id) == (organiser.id, "users", str(nominator.id))


def test_organiser_cannot_deactivate_themselves(as_organiser, organiser):
    assert set_active(as_organiser, organiser, False).status_code == 403
    assert organiser.active is True
    assert is_signed_in(as_organiser)


def test_service_refuses_self_deactivation(app, organiser):
    with pytest.raises(services.AccountError):
        services.set_active(organiser, organiser, False)
    assert organiser.active is True


def test_organiser_can_deactivate_another_organiser(as_organiser, make_user):
    other = make_user("organiser")
    set_active(as_organiser, other, False)
    assert other.active is False


def test_organiser_reactivates_an_account(as_organiser, make_user, signed_in, audit_events):
    user = make_user("juror", active=False)
    set_active(as_organiser, user, True)
    assert user.active is True
    assert is_signed_in(signed_in(user))
    assert len(audit_events("user.activated")) == 1


def test_setting_the_same_state_again_writes_no_event(app, organiser, nominator, audit_events):
    services.set_active(organiser, nominator, True)
    assert audit_events() == []


@pytest.mark.parametrize("role", ["nominator", "juror"])
def test_only_organisers_may_deactivate(client, make_user, login, organiser, role):
    login(make_user(role))
    assert set_active(client, organiser, False).status_code == 403
    assert organiser.active is True


def test_deactivating_an_unknown_account_gets_404(as_organiser):
    assert as_organiser.post("/people/999/active", data={"active": "0"}).status_code == 404


def test_deactivate_button_is_not_shown_for_oneself(as_organiser, organiser, nominator):
    html = as_organiser.get("/people").get_data(as_text=True)
    assert f'action="/people/{nominator.id}/active"' in html
    assert f'action="/people/{organiser.id}/active"' not in html
