"""The edition seal: its canonical form, what it holds, and `edition verify` catching tampering."""
from __future__ import annotations

import contextvars
import json
from decimal import Decimal

import pytest
from flask_babel import force_locale
from sqlalchemy import select, text

from app.audit.models import AuditEvent
from app.editions import closing, seal
from app.extensions import db
from app.judging.models import JurorProfile
from app.municipalities.models import Municipality
from tests.editions.closing_world import closable  # noqa: F401  (fixture)


@pytest.fixture(autouse=True)
def english(app):
    """Messages in English, so tests can match them (the default language is Spanish)."""
    with force_locale("en"):
        yield


@pytest.fixture
def closed(closable):
    closing.close_edition(closable.edition)
    db.session.expire_all()
    return closable


def _document(edition) -> dict:
    return json.loads(edition.seal_document)


def _cli(app, *args):
    """Run `flask …` in a copy of the context, so the CLI's actor binding does not leak."""
    return contextvars.copy_context().run(app.test_cli_runner().invoke, args=list(args))


def _tamper(sql: str, **params) -> None:
    """Change a row behind the application's back, as someone with database access could."""
    with db.engine.begin() as connection:
        connection.execute(text(sql), params)
    db.session.expire_all()


# -- canonical form (pure) ----------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    (7, "7"), (-3, "-3"), (82.5, "82.5"), (10.0, "10"), (1e-05, "0.00001"), (-0.0, "0"),
    (1e22, "10000000000000000000000"), (0.1 + 0.2, "0.30000000000000004"),
    (Decimal("10.000"), "10"), (Decimal("0.250"), "0.25"),
])
def test_numbers_are_written_as_their_shortest_plain_decimal(value, expected):
    assert seal.decimal_string(value) == expected


def test_infinity_cannot_be_sealed():
    with pytest.raises(ValueError):
        seal.decimal_string(float("inf"))


def test_canonical_json_sorts_keys_drops_spaces_keeps_accents_and_quotes_numbers():
    data = seal.canonical({"b": [1, 2.5, True, None], "a": "Jesús María"})
    assert data == '{"a":"Jesús María","b":["1","2.5",true,null]}'.encode("utf-8")


# -- what is sealed -------------------------------------------------------------------------------

def test_the_seal_holds_the_confirmed_places_in_order(closed):
    places = [(p["category"], p["position"], p["place"], p["recipient"])
              for p in _document(closed.edition)["places"]]
    assert places == [
        ("INN", "1", "gold", {"nomination": "SCA-2026-INN-0001"}),
        ("INN", "2", "silver", {"nomination": "SCA-2026-INN-0002"}),
        ("INN", "3", "bronze", {"nomination": "SCA-2026-INN-0003"}),
        ("PER", "1", "gold", {"municipality": "070101"}),
        ("PER", "2", "silver", {"municipality": "150122"}),
        ("PER", "3", "bronze", {"municipality": "150131"}),
    ]


def test_the_seal_holds_the_ranking_used_with_its_rows_and_source(closed):
    [ranking] = _document(closed.edition)["rankings"]
    assert (ranking["category"], ranking["period"], ranking["min_effective_n"]) == (
        "PER", "2026-T3", "100")
    assert [(r["code"], r["pct"], r["rank"]) for r in ranking["rows"][:3]] == [
        ("070101", "12", "1"), ("150122", "20", "2"), ("150131", "30", "3")]
    assert ranking["rows"][-1]["status"] == "insufficient_sample"
    assert len(ranking["sources"]) == 1 and len(ranking["sources"][0]["sha256"]) == 64


def test_the_score_matrix_is_anonymised_and_complete(closed):
    document = closed.edition.seal_document
    matrix = _document(closed.edition)["score_matrix"]
    assert len(matrix) == 4 * 3 * 2  # nominations × jurors × criteria
    assert {row["juror"] for row in matrix} == {"J1", "J2", "J3"}
    assert "@example.org" not in document and "Jurado" not in document
    assert matrix[:2] == [
        {"category": "INN", "competing": True, "criterion": "1", "juror": "J1",
         "reference": "SCA-2026-INN-0001", "scale_max": "10", "scale_min": "1", "score": "9"},
        {"category": "INN", "competing": True, "criterion": "2", "juror": "J1",
         "reference": "SCA-2026-INN-0001", "scale_max": "10", "scale_min": "1", "score": "9"}]


def test_the_score_matrix_leaves_out_conflicted_reviews(closable):
    juror = closable.jurors[2]
    db.session.scalar(select(JurorProfile).where(JurorProfile.user_id == juror.id)
                      ).municipality_id = closable.nominations["C"].municipality_id
    db.session.commit()
    closing.close_edition(closable.edition)
    matrix = _document(closable.edition)["score_matrix"]
    assert len(matrix) == 22
    assert not [r for r in matrix if r["reference"] == "SCA-2026-INN-0003" and r["juror"] == "J3"]


# -- verifying --------------------------------------------------------------------------------

def test_verify_passes_on_an_untouched_edition(app, closed):
    result = _cli(app, "edition", "verify", "--edition", "2026")
    assert result.exit_code == 0, result.output
    assert f"Seal OK: {closed.edition.seal_sha256}" in result.output
    assert result.output.rstrip().endswith("OK")


def test_verify_still_passes_after_publishing_and_later_audit_events(app, closed):
    from app.audit.services import record
    from app.editions.services import apply_transition
    apply_transition(closed.edition, "publish")
    record("test.after_closing", summary={"n": 1})
    db.session.commit()
    assert closing.verify(closed.edition).ok


def test_renaming_a_municipality_or_a_jurors_profile_does_not_break_the_seal(closed):
    db.session.scalar(select(Municipality).where(Municipality.official_code == "070101")
                      ).name = "Callao (Cercado)"
    db.session.scalar(select(JurorProfile).where(JurorProfile.user_id == closed.jurors[0].id)
                      ).municipality_id = closed.nominations["A"].municipality_id
    db.session.commit()
    assert closing.verify(closed.edition).ok


def test_verify_fails_when_a_score_row_is_changed_in_the_database(app, closed):
    score_id = closed.reviews[0].scores[0].id
    _tamper("UPDATE review_scores SET score = 2 WHERE id = :id", id=score_id)
    result = _cli(app, "edition", "verify", "--edition", "2026")
    assert result.exit_code == 1
    assert "MISMATCH: score_matrix, item 1: sealed" in result.output
    assert '"score":"9"' in result.output and '"score":"2"' in result.output


def test_verify_fails_when_a_place_is_changed_in_the_database(closed):
    _tamper("UPDATE awards SET score = 99.5 WHERE position = 1")
    result = closing.verify(closed.edition)
    assert not result.ok
    assert any(line.startswith("places, item 1") for line in result.seal_problems)


def test_verify_fails_when_the_stored_seal_is_rewritten(closed):
    _tamper("UPDATE editions SET seal_sha256 = :fake", fake="0" * 64)
    assert "The stored seal document does not hash to the stored seal." in closing.verify(
        closed.edition).seal_problems


def test_verify_fails_when_an_audit_rows_summary_is_changed(app, closed):
    outcomes = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "edition.outcomes"))
    _tamper("UPDATE audit_events SET summary = :summary WHERE id = :id",
            summary=json.dumps({"winner": ["SCA-2026-INN-0004"]}), id=outcomes.id)
    result = _cli(app, "edition", "verify", "--edition", "2026")
    assert result.exit_code == 1
    assert (f"MISMATCH: event #{outcomes.id} (edition.outcomes) does not match its hash"
            in result.output)
    assert "Seal OK" in result.output  # the results themselves were not touched


def test_verify_of_an_edition_never_closed_fails(app, make_edition):
    make_edition(2027, status="judging")
    result = _cli(app, "edition", "verify", "--edition", "2027")
    assert result.exit_code == 1
    assert "has no seal" in result.output


def test_close_from_the_cli_prints_the_seal(app, closable):
    result = _cli(app, "edition", "close", "--edition", "2026")
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert closable.edition.seal_sha256 in result.output


def test_close_from_the_cli_explains_a_refusal(app, closable):
    closable.reviews[0].status, closable.reviews[0].submitted_at = "draft", None
    db.session.commit()
    result = _cli(app, "edition", "close", "--edition", "2026")
    assert result.exit_code == 1
    assert "reviews still in draft: 1" in result.output


def test_close_from_the_cli_can_excuse_drafts(app, closable):
    closable.reviews[0].status, closable.reviews[0].submitted_at = "draft", None
    db.session.commit()
    result = _cli(app, "edition", "close", "--edition", "2026", "--excuse-drafts",
                  "Jurado ausente")
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert closable.edition.drafts_excused_reason == "Jurado ausente"
