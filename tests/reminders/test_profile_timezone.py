"""A juror chooses the time zone their reminders follow, or keeps the edition's."""
from __future__ import annotations

from app.extensions import db

PROFILE = {"organisation": "Universidad de Chile", "country": "CL", "municipality": "0",
           "expertise": "Prevención situacional"}


def test_the_profile_offers_latin_american_zones_and_the_editions(juror, sign_in):
    html = sign_in(juror).get("/jury/profile").get_data(as_text=True)
    assert 'name="timezone"' in html
    assert '<option selected value="">Igual que la edición</option>' in html
    assert 'value="America/Santiago"' in html and 'value="Europe/Madrid"' in html


def test_a_chosen_zone_is_saved_and_audited(juror, sign_in, audit_events):
    response = sign_in(juror).post("/jury/profile", data={**PROFILE, "timezone": "America/Santiago"})
    assert response.status_code == 302
    assert db.session.get(type(juror), juror.id).timezone == "America/Santiago"
    [created] = audit_events("juror_profile.created")
    assert created.summary["timezone"] == [None, "America/Santiago"]


def test_same_as_the_edition_clears_the_zone(juror, sign_in):
    juror.timezone = "Europe/Madrid"
    db.session.commit()
    client = sign_in(juror)
    assert 'selected value="Europe/Madrid"' in client.get("/jury/profile").get_data(as_text=True)
    client.post("/jury/profile", data={**PROFILE, "timezone": ""})
    assert db.session.get(type(juror), juror.id).timezone is None


def test_a_zone_not_offered_is_refused_and_the_form_kept(juror, sign_in):
    response = sign_in(juror).post("/jury/profile", data={**PROFILE, "timezone": "Mars/Olympus"})
    assert response.status_code == 400
    assert "Prevención situacional" in response.get_data(as_text=True)
    assert db.session.get(type(juror), juror.id).timezone is None
