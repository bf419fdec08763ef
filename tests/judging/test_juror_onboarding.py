"""Jurors accept or decline their invitation, then fill in a profile whose municipality makes
their conflicts with that municipality's nominations automatic."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from app.accounts import services as accounts
from app.accounts.models import Invitation
from app.extensions import db
from app.judging.models import Conflict, JurorProfile
from app.judging.profiles import ProfileError, save_profile

INVITED = "jimena.jurado@example.org"
STRONG = "una frase bastante larga"


@pytest.fixture
def invite(app, organiser):
    """Invite someone as juror (or organiser) and return the path of the mailed link."""
    def make(email: str = INVITED, role: str = "juror") -> str:
        accounts.invite(organiser, email, "Jimena Jurado", role)
        mails = sorted(Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml"))
        text = mails[-1].read_text()
        return "/invitations/" + re.search(r"/invitations/(\S+)", text).group(1)
    return make


def _accept_as_new(client, path):
    return client.post(path, data={"name": "Jimena Jurado", "password": STRONG,
                                   "password_again": STRONG, "locale": "es"})


def _invitation() -> Invitation:
    return db.session.scalar(select(Invitation).order_by(Invitation.id.desc()))


def _profile_data(**values):
    data = {"organisation": "Universidad de Lima", "country": "PE", "municipality": "0",
            "expertise": "Prevención del delito"}
    data.update(values)
    return data


# -- invitation: accept ----------------------------------------------------------------------

def test_new_juror_goes_to_the_profile_page_after_accepting(client, invite):
    response = _accept_as_new(client, invite())
    assert response.status_code == 302
    assert response.headers["Location"] == "/jury/profile"


def test_existing_account_goes_to_the_profile_page_after_accepting(client, invite, make_user,
                                                                    sign_in):
    path = invite()
    sign_in(make_user("nominator", email=INVITED))
    response = client.post(path)
    assert response.headers["Location"] == "/jury/profile"


def test_organiser_invitation_still_leads_home(client, invite):
    response = _accept_as_new(client, invite("otra@example.org", role="organiser"))
    assert response.headers["Location"] == "/"


# -- invitation: decline ---------------------------------------------------------------------

def test_invitation_page_offers_to_decline(client, invite):
    path = invite()
    html = client.get(path).get_data(as_text=True)
    assert f'action="{path}/decline"' in html


def test_declining_records_the_time_and_stops_the_link(app, client, invite):
    path = invite()
    response = client.post(f"{path}/decline")
    assert response.status_code == 302
    assert _invitation().declined_at is not None
    assert app.test_client().get(path).status_code == 410


def test_declining_is_audited(client, invite, audit_events):
    client.post(f"{invite()}/decline")
    [event] = audit_events("invitation.declined")
    assert event.object_id == str(_invitation().id)
    assert event.summary == {"email": INVITED, "role": "juror"}


def test_declined_invitation_cannot_be_accepted(client, invite):
    path = invite()
    client.post(f"{path}/decline")
    assert _accept_as_new(client, path).status_code == 410
    assert accounts.find_user_by_email(INVITED) is None


def test_declining_an_unknown_link_gets_410(client):
    assert client.post("/invitations/no-such-token/decline").status_code == 410


def test_declining_needs_the_csrf_token(app, client, invite):
    path = invite()
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(f"{path}/decline").status_code == 400
    assert _invitation().declined_at is None


def test_organiser_sees_the_invitation_declined(client, invite, make_user, sign_in):
    client.post(f"{invite()}/decline")
    sign_in(make_user("organiser", email="english@example.org", locale="en"))
    html = client.get("/people").get_data(as_text=True)
    row = re.search(rf"{re.escape(INVITED)}.*?</li>", html, re.S).group(0)
    assert "declined" in row
    assert "Withdraw" not in row


# -- profile ---------------------------------------------------------------------------------

def test_profile_page_shows_the_form_to_a_juror(juror, sign_in):
    response = sign_in(juror).get("/jury/profile")
    assert response.status_code == 200
    assert 'name="organisation"' in response.get_data(as_text=True)


def test_saving_the_profile_stores_it(juror, sign_in, make_municipality):
    home = make_municipality("Surco", "150140")
    response = sign_in(juror).post("/jury/profile", data=_profile_data(municipality=str(home.id)))
    assert response.status_code == 302
    profile = db.session.scalar(select(JurorProfile).where(JurorProfile.user_id == juror.id))
    assert (profile.organisation, profile.country, profile.municipality_id, profile.expertise) == (
        "Universidad de Lima", "PE", home.id, "Prevención del delito")


def test_saving_the_profile_is_audited_with_the_changes(juror, sign_in, audit_events):
    client = sign_in(juror)
    client.post("/jury/profile", data=_profile_data())
    client.post("/jury/profile", data=_profile_data(organisation="PUCP"))
    [created] = audit_events("juror_profile.created")
    [updated] = audit_events("juror_profile.updated")
    assert created.actor_id == juror.id
    assert updated.summary == {"organisation": ["Universidad de Lima", "PUCP"]}


def test_profile_without_organisation_is_refused_and_keeps_what_was_typed(juror, sign_in):
    response = sign_in(juror).post("/jury/profile",
                                   data=_profile_data(organisation="", expertise="Urbanismo táctico"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="organisation-error"' in html
    assert "Urbanismo táctico" in html
    assert db.session.scalar(select(JurorProfile)) is None


def test_profile_with_an_unknown_country_is_refused(juror, sign_in):
    response = sign_in(juror).post("/jury/profile", data=_profile_data(country="XX"))
    assert response.status_code == 400
    assert 'id="country-error"' in response.get_data(as_text=True)


def test_service_refuses_an_unknown_municipality(app, juror):
    with pytest.raises(ProfileError) as error:
        save_profile(juror, "ONG", "PE", 9999, "Policía comunitaria")
    assert error.value.field == "municipality"


def test_nominator_may_not_open_the_juror_profile(nominator, sign_in):
    assert sign_in(nominator).get("/jury/profile").status_code == 403


def test_anonymous_visitor_is_sent_to_log_in_for_the_profile(client):
    response = client.get("/jury/profile")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_profile_page_links_to_the_declaration_of_each_jury_category(juror, sign_in, jury_category):
    html = sign_in(juror).get("/jury/profile").get_data(as_text=True)
    assert f"/jury/categories/{jury_category.id}/conflicts" in html


# -- automatic conflicts ---------------------------------------------------------------------

def _conflicts(juror) -> list[Conflict]:
    return list(db.session.scalars(select(Conflict).where(Conflict.juror_id == juror.id)))


def test_profile_municipality_makes_conflicts_automatic(juror, sign_in, jury_category,
                                                        make_nomination, make_municipality):
    home = make_municipality("Surco", "150140")
    nomination = make_nomination(jury_category, municipality=home)
    make_nomination(jury_category)
    sign_in(juror).post("/jury/profile", data=_profile_data(municipality=str(home.id)))
    assert [(c.nomination_id, c.kind, c.is_active) for c in _conflicts(juror)] == [
        (nomination.id, "automatic", True)]


def test_automatic_conflict_is_audited(juror, sign_in, jury_category, make_nomination,
                                       make_municipality, audit_events):
    home = make_municipality("Surco", "150140")
    nomination = make_nomination(jury_category, municipality=home)
    sign_in(juror).post("/jury/profile", data=_profile_data(municipality=str(home.id)))
    [event] = audit_events("conflict.detected")
    assert event.summary == {"juror_id": juror.id, "nomination_id": nomination.id}


def test_no_automatic_conflict_in_a_closed_edition(juror, make_edition, make_category,
                                                   make_nomination, make_municipality):
    home = make_municipality("Surco", "150140")
    make_nomination(make_category(make_edition(2025, status="closed"), "INN"), municipality=home)
    save_profile(juror, "ONG", "PE", home.id, "Policía comunitaria")
    assert _conflicts(juror) == []


def test_draft_nominations_get_no_automatic_conflict(juror, jury_category, make_nomination,
                                                     make_municipality):
    home = make_municipality("Surco", "150140")
    make_nomination(jury_category, municipality=home, status="draft")
    save_profile(juror, "ONG", "PE", home.id, "Policía comunitaria")
    assert _conflicts(juror) == []


def test_saving_again_does_not_duplicate_automatic_conflicts(juror, jury_category, make_nomination,
                                                            make_municipality):
    home = make_municipality("Surco", "150140")
    make_nomination(jury_category, municipality=home)
    save_profile(juror, "ONG", "PE", home.id, "Policía comunitaria")
    save_profile(juror, "ONG Nueva", "PE", home.id, "Policía comunitaria")
    assert len(_conflicts(juror)) == 1


def test_changing_municipality_drops_the_automatic_conflicts_that_no_longer_hold(
        juror, jury_category, make_nomination, make_municipality):
    old, new = make_municipality("Surco", "150140"), make_municipality("Barranco", "150104")
    make_nomination(jury_category, municipality=old)
    later = make_nomination(jury_category, municipality=new)
    save_profile(juror, "ONG", "PE", old.id, "Policía comunitaria")
    save_profile(juror, "ONG", "PE", new.id, "Policía comunitaria")
    assert [c.nomination_id for c in _conflicts(juror)] == [later.id]


def test_declared_conflicts_survive_a_change_of_municipality(juror, jury_category, make_nomination,
                                                             make_municipality):
    nomination = make_nomination(jury_category)
    db.session.add(Conflict(juror_id=juror.id, nomination_id=nomination.id, kind="declared",
                            reason="Asesoré el proyecto"))
    db.session.commit()
    save_profile(juror, "ONG", "PE", make_municipality("Surco", "150140").id, "Urbanismo")
    assert [(c.kind, c.reason) for c in _conflicts(juror)] == [("declared", "Asesoré el proyecto")]

