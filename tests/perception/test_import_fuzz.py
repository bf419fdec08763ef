"""Fuzzing the import service: any file is either imported whole or refused with ImportRefused,
never another exception and never a partial import (checked in the database after each try)."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from app.extensions import db
from app.municipalities.services import seed_districts
from app.perception import parsing, services
from app.perception.models import PerceptionFigure, PerceptionImport
from app.perception.periods import parse_period
from tests.conftest import committed_count

DATA = Path(__file__).resolve().parents[2] / "app" / "data"
PERIOD = "2026-T3"
SOURCE = services.Source(name="Fuzz", synthetic=True)

# The examples of one test share its database: each example starts by removing every import
# (`_attempt`), so none depends on what an earlier one left; that is why the function-scoped
# fixture health check can be suppressed.
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def districts(app):
    seed_districts()


def _attempt(data: bytes, roles: dict[str, str] | None = None):
    """Import `data` into an empty quarter; return the import or the refusal, checked either way."""
    db.session.execute(delete(PerceptionFigure))
    db.session.execute(delete(PerceptionImport))
    db.session.commit()
    db.session.expunge_all()
    try:
        survey_import = services.import_file(io.BytesIO(data), "fuzz.csv", PERIOD, SOURCE, roles=roles)
    except services.ImportRefused as refusal:
        assert not db.session.new and not db.session.dirty
        assert committed_count(PerceptionImport) == 0 and committed_count(PerceptionFigure) == 0
        assert str(refusal)
        return refusal
    figures = survey_import.figures
    assert figures and committed_count(PerceptionImport) == 1 and committed_count(PerceptionFigure) == len(figures)
    for figure in figures:
        assert figure.respondents > 0 and 0 <= figure.pct <= 100
        assert 1 - 1e-9 <= figure.effective_n <= figure.respondents * (1 + 1e-9)
    ranking = services.ranking([parse_period(PERIOD)])
    assert len(ranking) == len(figures)
    return survey_import


# ---------------------------------------------------------------------------- strategies

NASTY_NUMBERS = ["1e309", "-1e309", "nan", "NaN", "inf", "-inf", "Infinity", "-0", "0", "-0,0", "1e-320",
                 "1e-200", "1e200", "1e300", "9" * 400, "", " ", "1_000", "0x10", "1.234,5", "1,234.5",
                 "١٢", "12e", "--1"]
NUMBER_COLUMNS = {"FACTOR": (1.0, 900.0), "FACTOR07": (1.0, 900.0), "respondents": (400, 2000),
                  "pct": (0.0, 100.0), "effective_n": (1.0, 400.0)}
# Cells that make a valid file, then cells that may not; a "clean" file uses only the first.
CELLS = {
    "UBIGEO": (["150122", "150131", "150101", "070101", "150118"], ["999999", "15012", "1501220", ""]),
    "CCDD": (["15"], ["07", "7", "", "99", "150"]),
    "CCPP": (["01", "1"], ["", "99"]),
    "CCDI": (["01", "22", "31"], ["", "99", "1.5"]),
    "NOMBREDI": (["MIRAFLORES", "San Isidro", "LURIGANCHO", "MAGDALENA VIEJA", "BRE¥A", "Breña"],
                 ["Miraflorez", "Atlántida", "MAGDALENA", ""]),
    "P611": (["1", "2", "0", "sí", "si", "No", "yes"], ["3", "", "1,0", "nan"]),
    "PERIODO": (["2026-T3", "2026T3", "T3 2026"], ["2026-T2", "2026-T9", ""]),
}
CELLS["ubigeo"], CELLS["distrito"] = CELLS["UBIGEO"], CELLS["NOMBREDI"]


def _values(column: str, decimal: str, clean: bool):
    if column in NUMBER_COLUMNS:
        low, high = NUMBER_COLUMNS[column]
        if isinstance(low, int):
            valid = st.integers(low, high).map(str)
        else:
            valid = st.floats(low, high).map(lambda v: f"{v:.4f}".replace(".", decimal))
        return valid if clean else st.one_of(valid, st.sampled_from(NASTY_NUMBERS))
    if column in CELLS:
        good, bad = CELLS[column]
        return st.sampled_from(good if clean else good + bad)
    ids = st.integers(0, 99_999).map(str)
    return ids if clean else st.one_of(ids, st.text(max_size=6))


@st.composite
def survey_files(draw) -> tuple[bytes, dict[str, str] | None]:
    """A CSV shaped like a survey file, with headers in any order, any dialect and any values."""
    microdata = draw(st.booleans())
    if microdata:
        district = draw(st.sampled_from([["UBIGEO"], ["CCDD", "CCPP", "CCDI"], ["NOMBREDI"]]))
        columns = district + [draw(st.sampled_from(["FACTOR", "FACTOR07"])), "P611"]
        columns += draw(st.lists(st.sampled_from(["CONGLOME", "VIVIENDA", "CODPERSO"]), unique=True, max_size=2))
    else:
        columns = [draw(st.sampled_from(["ubigeo", "distrito"])), "respondents", "pct"]
        columns += draw(st.lists(st.just("effective_n"), max_size=1))
    columns += draw(st.lists(st.sampled_from(["PERIODO", "AREA", "P612"]), unique=True, max_size=2))
    columns = draw(st.permutations(columns))
    separator = draw(st.sampled_from([",", ";", "\t"]))
    decimal = "." if separator == "," else draw(st.sampled_from([".", ","]))
    clean = draw(st.booleans())
    row = st.tuples(*(_values(c, decimal, clean) for c in columns))
    if microdata:
        rows = draw(st.lists(row, max_size=15))
    else:  # one row per district, so that clean files can be valid
        where = columns.index("ubigeo" if "ubigeo" in columns else "distrito")
        rows = draw(st.lists(row, max_size=6, unique_by=lambda r: r[where]))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(columns)
    writer.writerows(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "cp1252"]))
    roles = draw(st.none() | st.dictionaries(st.sampled_from(columns + ["NOPE"]),
                                             st.sampled_from(list(parsing.ROLES) + ["ignore", "bogus"]),
                                             max_size=2))
    return out.getvalue().encode(encoding, errors="replace"), roles


# ---------------------------------------------------------------------------- properties


@FUZZ
@given(data=st.binary(max_size=4000))
def test_random_bytes_are_imported_or_refused_whole(districts, data):
    _attempt(data)


@FUZZ
@given(file=survey_files())
def test_survey_files_in_any_encoding_separator_and_column_order_are_imported_or_refused_whole(districts, file):
    data, roles = file
    _attempt(data, roles)


@FUZZ
@given(cut=st.integers(min_value=0, max_value=30_000), sample=st.sampled_from(
    ["perception_microdata_synthetic_2026T3.csv", "perception_quarterly_synthetic.csv"]))
def test_a_sample_file_cut_anywhere_is_imported_or_refused_whole(districts, cut, sample):
    _attempt((DATA / sample).read_bytes()[:cut])


BAD_CELLS = {"respondents": ["0", "-0", "1e309", "nan", "2.5", "1e300", ""],
             "pct": ["1e309", "nan", "inf", "-inf", "100.5", "-0.1", "abc", ""],
             "effective_n": ["0", "-0", "1e-320", "0.5", "nan", "inf", "401"]}
GOOD_CODES = ["150101", "150103", "150104", "150105", "150106", "150108", "150110", "150111"]


@FUZZ
@given(count=st.integers(1, len(GOOD_CODES)), position=st.integers(0, len(GOOD_CODES)),
       column=st.sampled_from(sorted(BAD_CELLS)), data=st.data())
def test_a_valid_file_with_one_bad_row_is_refused_naming_that_row(districts, count, position, column, data):
    rows = [[code, "400", "45.5", "380"] for code in GOOD_CODES[:count]]
    bad = ["150122", "400", "45.5", "380"]
    bad[["respondents", "pct", "effective_n"].index(column) + 1] = data.draw(st.sampled_from(BAD_CELLS[column]))
    rows.insert(min(position, count), bad)
    text = "ubigeo,respondents,pct,effective_n\n" + "".join(",".join(r) + "\n" for r in rows)
    refusal = _attempt(text.encode())
    assert isinstance(refusal, services.ImportRefused)
    assert {p.row for p in refusal.problems} == {min(position, count) + 2}


# ---------------------------------------------------------------------------- found by fuzzing


@pytest.mark.parametrize("text", [
    pytest.param("", id="empty"), pytest.param("\n\r\n  \n", id="blank-lines"),
    pytest.param("\ufeff", id="bom-only"), pytest.param("\x00\x00\x00", id="nul-bytes"),
    pytest.param("UBIGEO;FACTOR;P611\n", id="header-only"), pytest.param("ubigeo,respondents,pct\n\n\n", id="header-and-blank"),
])
def test_an_empty_file_is_refused_as_empty(districts, text):
    refusal = _attempt(text.encode("utf-8"))
    assert isinstance(refusal, services.ImportRefused)
    assert [p.code for p in refusal.problems] == ["empty_file"]


@pytest.mark.parametrize("weight", ["1e200", "1e-200", "1e309", "nan", "-0", "0"])
def test_a_weight_whose_square_would_not_be_a_usable_number_is_refused_with_its_row(districts, weight):
    refusal = _attempt(f"UBIGEO;FACTOR;P611\n150122;12,5;1\n150122;{weight};2\n".encode())
    assert isinstance(refusal, services.ImportRefused)
    assert [p.row for p in refusal.problems] == [3]


@pytest.mark.parametrize("respondents, effective_n", [("1e300", ""), ("400", "1e-320"), ("400", "0.5")])
def test_counts_that_cannot_be_stored_or_ranked_are_refused_with_their_row(districts, respondents, effective_n):
    refusal = _attempt(f"ubigeo,respondents,pct,effective_n\n150122,{respondents},45,{effective_n}\n".encode())
    assert isinstance(refusal, services.ImportRefused)
    assert [(p.row, p.code) for p in refusal.problems] == [(2, "bad_number")]


def test_a_file_whose_every_row_is_valid_is_imported(districts):
    survey_import = _attempt(b"UBIGEO;FACTOR;P611\n150122;1e-99;1\n150122;1e99;2\n")
    assert isinstance(survey_import, PerceptionImport) and survey_import.figures[0].respondents == 2
