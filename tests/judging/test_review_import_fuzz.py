"""Fuzzing the hybrid-judging import: any file is read without an exception, and the service
either imports it whole or refuses it (ImportRefused) with nothing written — checked from
another connection after every try."""
from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.extensions import db
from app.judging import imports
from app.judging.models import Assignment, Review, ReviewScore
from tests.conftest import committed_count, csv_bytes

# The examples of one test share its database; each works on whatever the earlier ones left,
# which the checks allow for, so the function-scoped fixtures' health check can be suppressed.
FUZZ = settings(max_examples=50, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
HEADER = ["reference", "juror_email", "criterion", "score", "comment"]
CELL = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@given(st.binary(max_size=400))
def test_any_bytes_are_read_as_rows_or_problems(data):
    parsed = imports.parse(data)
    assert parsed.rows or parsed.problems or not data.strip()


# What the `scoring` fixture makes: its nomination's reference, its juror, INN's two criteria.
REFERENCES = ["SCA-2026-INN-0001", "SCA-2026-INN-9999"]
EMAILS = ["julia.jurado@example.org", "nadie@example.org"]
CRITERIA = ["1", "2", "Criterio 1", "7"]
ROW = st.tuples(st.one_of(st.sampled_from(REFERENCES), CELL),
                st.one_of(st.sampled_from(EMAILS), CELL),
                st.one_of(st.sampled_from(CRITERIA), CELL),
                st.one_of(st.integers(-2, 12).map(str), CELL),
                CELL).map(list)
VALID = [[REFERENCES[0], EMAILS[0], "1", "7", "Bien"], [REFERENCES[0], EMAILS[0], "2", "9", ""]]


@FUZZ
@example(rows=VALID)
@given(rows=st.lists(ROW, min_size=1, max_size=6))
def test_an_import_is_all_or_nothing_whatever_the_rows(rows, scoring):
    """Rows mix the category's real references, juror, criteria and scores with arbitrary
    text: files are sometimes valid, mostly refused, never half written."""
    assert scoring.nomination.reference == REFERENCES[0] and scoring.juror.email == EMAILS[0]
    before = [committed_count(model) for model in (Review, ReviewScore, Assignment)]
    try:
        plan = imports.import_reviews(scoring.category, csv_bytes(HEADER, rows), "papel.csv")
    except imports.ImportRefused as refusal:
        assert refusal.plan.problems
        assert all(imports.describe(p) for p in refusal.plan.problems)
        assert [committed_count(model) for model in (Review, ReviewScore, Assignment)] == before
        return
    assert plan.reviews
    stored = db.session.scalars(select(Review).where(Review.status == "submitted")).all()
    assert stored and all(s.scale_min <= s.score <= s.scale_max
                          for review in stored for s in review.scores)
