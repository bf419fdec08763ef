"""Entries of published awards: built on publishing, only with consent, following its changes."""
from sqlalchemy import select

from app.cooperation.models import CooperationRequest
from app.extensions import db
from app.library import queries
from app.library.models import LibraryEntry
from app.library.services import refresh_edition
from app.nominations import services as nominations


def _entries() -> list[LibraryEntry]:
    return list(db.session.scalars(select(LibraryEntry).order_by(LibraryEntry.id)))


def test_publishing_copies_each_consented_confirmed_place_into_the_library(make_awarded, publish):
    gold = make_awarded("Centro integrado de videovigilancia")
    mention = make_awarded("Escuelas seguras", place="mention")
    publish()
    entries = _entries()
    assert [(e.nomination_id, e.place) for e in entries] == [(gold.id, "gold"), (mention.id, "mention")]
    entry = entries[0]
    assert (entry.source, entry.year, entry.category_code, entry.title) == (
        "award", 2026, "PRE", "Centro integrado de videovigilancia")
    assert entry.results == gold.results and entry.budget_currency == "PEN"
    assert entry.municipality_id == gold.municipality_id and entry.country == "PE"
    assert "videovigilancia" in entry.search_text and "distrito 1" in entry.search_text


def test_no_entry_without_consent_whether_refused_or_never_asked(make_awarded, publish):
    make_awarded("Refused", consent=False)
    make_awarded("Never asked", consent=None)
    publish()
    assert _entries() == []


def test_provisional_places_get_no_entry(make_awarded, publish):
    make_awarded("Provisional", status="provisional")
    publish()
    assert _entries() == []


def test_nothing_is_published_before_the_edition_is(make_awarded, edition):
    make_awarded()
    refresh_edition(edition)
    db.session.commit()
    assert _entries() == []


def test_withdrawing_consent_removes_the_entry_at_once(make_awarded, publish, submitter, audit_events):
    nomination = make_awarded()
    publish()
    nominations.set_publication_consent(submitter, nomination, False)
    assert _entries() == []
    assert nomination.publication_consent is False and nomination.publication_consent_at
    [event] = audit_events("nomination.publication_consent")
    assert event.summary["consent"] is False


def test_giving_consent_again_puts_the_programme_back(make_awarded, publish, submitter):
    nomination = make_awarded(consent=False)
    publish()
    nominations.set_publication_consent(submitter, nomination, True)
    [entry] = _entries()
    assert entry.nomination_id == nomination.id


def test_an_entry_a_cooperation_request_names_is_kept_but_hidden(make_awarded, publish, submitter,
                                                                  make_municipality):
    nomination = make_awarded()
    publish()
    [entry] = _entries()
    db.session.add(CooperationRequest(
        library_entry_id=entry.id, requester_id=submitter.id,
        requesting_municipality_id=make_municipality("Santa Ana", "SA01", "SV").id,
        learning_goals="Cómo integrar las cámaras.", contact_name="Ana", contact_email="ana@example.org"))
    db.session.commit()
    nominations.set_publication_consent(submitter, nomination, False)
    assert [e.id for e in _entries()] == [entry.id]
    assert queries.visible_entry(entry.id) is None
    assert queries.page(queries.Filters()).total == 0


def test_the_cli_fills_the_library_of_an_edition_published_before_it_existed(app, make_awarded, edition):
    make_awarded()
    edition.status = "published"
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["library", "refresh", "2026"])
    assert result.exit_code == 0, result.output
    assert len(_entries()) == 1
