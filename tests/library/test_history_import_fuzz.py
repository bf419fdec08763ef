"""Fuzzing the import of earlier editions' awards: any file is read without an exception, and
the service either imports it whole or refuses it (HistoryImportRefused) with nothing written —
checked from another connection after every try."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.library import history, services
from app.library.models import HistoricalAward, LibraryEntry
from app.municipalities.services import seed_districts
from tests.conftest import committed_count, csv_bytes
from tests.library.helpers import HEADER

# The examples of one test share its database; a valid file imports once and is skipped after
# (re-imports are skipped), which the checks allow for.
FUZZ = settings(max_examples=50, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
CELL = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
ROW = st.tuples(
    st.one_of(st.integers(2015, 2030).map(str), CELL),
    st.one_of(st.sampled_from(["Prevención del delito", "Premio especial"]), CELL),
    st.one_of(st.sampled_from(["oro", "plata", "mención", "gold"]), CELL),
    st.one_of(st.sampled_from(["Municipalidad de San Miguel", "Fundación Barrio Seguro"]), CELL),
    st.one_of(st.just("Centro Integrado de Seguridad"), CELL),
    CELL,
    st.one_of(st.sampled_from(["PE", "CO", "XX"]), CELL)).map(list)
VALID = [["2024", "Prevención del delito", "oro", "Municipalidad de San Miguel",
          "Centro Integrado de Seguridad", "Videovigilancia.", "PE"]]


@pytest.fixture
def districts(app):
    seed_districts()


@given(st.binary(max_size=400))
def test_any_bytes_are_read_as_rows_or_problems(data):
    rows, problems = history.parse(data)
    assert rows or problems or not data.strip()


@FUZZ
@example(rows=VALID)
@given(rows=st.lists(ROW, min_size=1, max_size=5))
def test_a_history_import_is_all_or_nothing_whatever_the_rows(rows, districts):
    before = (committed_count(HistoricalAward), committed_count(LibraryEntry))
    try:
        plan = services.import_history(csv_bytes(HEADER, rows), "historia.csv")
    except services.HistoryImportRefused as refusal:
        assert refusal.plan.problems
        assert (committed_count(HistoricalAward), committed_count(LibraryEntry)) == before
        return
    added = len(plan.awards)
    assert (committed_count(HistoricalAward), committed_count(LibraryEntry)) == (before[0] + added,
                                                                       before[1] + added)
