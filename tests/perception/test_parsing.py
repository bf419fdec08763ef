"""Tests of the streaming perception-survey parser (pure Python, no app, no database)."""
from __future__ import annotations

import codecs
import csv
import io
import math
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.perception import parsing
from app.perception.parsing import (
    AGGREGATES,
    MICRODATA,
    Dialect,
    MissingColumns,
    detect_roles,
    parse,
    preview,
    shape,
    sniff,
)
from app.perception.statistics import DistrictSums

DATA = Path(__file__).resolve().parents[2] / "app" / "data"
MICRO = DATA / "perception_microdata_synthetic_2026T3.csv"
QUARTERLY = DATA / "perception_quarterly_synthetic.csv"
DISTRICTS_CSV = DATA / "districts_lima_callao.csv"


@pytest.fixture(scope="module")
def districts() -> dict[str, str]:
    with DISTRICTS_CSV.open(encoding="utf-8", newline="") as fh:
        return {r["ubigeo"]: r["name"] for r in csv.DictReader(fh)}


def _parse_text(text: str, districts, encoding="utf-8", **kw):
    return parse(io.BytesIO(text.encode(encoding)), districts, **kw)


def _codes(result):
    return [(p.row, p.code) for p in result.problems]


MICRO_HEAD = "UBIGEO;FACTOR;P611\n"
AGG_HEAD = "ubigeo,district,respondents,effective_n,pct_insecure\n"


# ---------------------------------------------------------------------------- sample files


def test_microdata_sample_matches_an_independent_reading(districts):
    with MICRO.open("rb") as fh:
        result = parse(fh, districts)
    assert result.problems == [] and result.ok
    assert result.shape == MICRODATA
    assert result.dialect == Dialect("csv", result.dialect.encoding, ";", ",", False)
    assert result.dialect.encoding in ("cp1252", "latin-1")
    assert result.roles["CCDD"] == "ccdd" and result.roles["FACTOR"] == "weight"
    assert result.roles["P611"] == "answer" and result.roles["NOMBREDI"] == "district_name"

    # Independent reading: csv module + Decimal.
    counts: dict[str, int] = {}
    sum_w: dict[str, Decimal] = {}
    sum_wy: dict[str, Decimal] = {}
    with MICRO.open(encoding="latin-1", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    for r in rows:
        code = r["CCDD"].zfill(2) + r["CCPP"].zfill(2) + r["CCDI"].zfill(2)
        w = Decimal(r["FACTOR"].replace(",", "."))
        counts[code] = counts.get(code, 0) + 1
        sum_w[code] = sum_w.get(code, Decimal(0)) + w
        sum_wy[code] = sum_wy.get(code, Decimal(0)) + (w if r["P611"] == "1" else 0)
    assert result.rows_read == len(rows)
    assert set(result.districts) == set(counts)
    assert len(result.districts) == 30
    sums = result.districts["150122"]  # Miraflores
    assert isinstance(sums, DistrictSums)
    assert sums.respondents == counts["150122"]
    assert math.isclose(sums.sum_w, float(sum_w["150122"]), rel_tol=1e-12)
    assert math.isclose(sums.sum_wy, float(sum_wy["150122"]), rel_tol=1e-12)
    assert sum(s.respondents for s in result.districts.values()) == len(rows)


def test_aggregate_sample_one_period(districts):
    with QUARTERLY.open("rb") as fh:
        result = parse(fh, districts, period="2026T3")
    assert result.ok, result.problems
    assert result.shape == AGGREGATES
    assert result.roles["period"] == "period" and result.roles["pct_insecure"] == "pct"
    assert result.roles["ubigeo"] == "district_code" and result.roles["effective_n"] == "effective_n"
    with QUARTERLY.open(encoding="utf-8", newline="") as fh:
        expected = [r for r in csv.DictReader(fh) if r["period"] == "2026-T3"]
    assert result.rows_used == len(expected) == len(result.districts) == 30
    for r in expected:
        got = result.districts[r["ubigeo"]]
        assert got.respondents == int(r["respondents"])
        assert got.pct == float(r["pct_insecure"])
        assert got.effective_n == float(r["effective_n"])
        assert got.name == districts[r["ubigeo"]]
    assert "2024-T1" in result.periods_seen


def test_aggregate_sample_without_period_filter_reports_several_periods(districts):
    with QUARTERLY.open("rb") as fh:
        result = parse(fh, districts)
    assert not result.ok
    assert _codes(result) == [(32, "multiple_periods")]
    assert len(result.districts) == 30


def test_period_filter_without_rows_and_bad_filter(districts):
    with QUARTERLY.open("rb") as fh:
        assert _codes(parse(fh, districts, period="2030-T1")) == [(None, "no_rows_for_period")]
    with QUARTERLY.open("rb") as fh:
        assert _codes(parse(fh, districts, period="spring")) == [(None, "bad_period")]


# ---------------------------------------------------------------------------- dialects


def test_sniff_sample_files():
    assert sniff(MICRO.read_bytes()[:65536]) == Dialect("csv", "cp1252", ";", ",", False)
    assert sniff(QUARTERLY.read_bytes()[:65536]) == Dialect("csv", "utf-8", ",", ".", False)


def test_utf8_with_bom(districts):
    text = "UBIGEO;FACTOR;P611\n150122;1,5;1\n150113;2,5;2\n"
    data = codecs.BOM_UTF8 + text.encode("utf-8")
    assert sniff(data).encoding == "utf-8-sig" and sniff(data).bom
    result = parse(io.BytesIO(data), districts)
    assert result.ok, result.problems
    assert result.headers[0] == "UBIGEO"
    assert result.districts["150122"] == DistrictSums(1, 1.5, 2.25, 1.5)
    assert result.districts["150113"] == DistrictSums(1, 2.5, 6.25, 0.0)


def test_tab_separator_and_decimal_point(districts):
    text = "ubigeo\tfactor\trespuesta\n150122\t1.5\tsí\n150122\t0.5\tno\n"
    assert sniff(text.encode()) == Dialect("csv", "utf-8", "\t", ".", False)
    result = _parse_text(text, districts)
    assert result.ok, result.problems
    assert result.districts["150122"] == DistrictSums(2, 2.0, 2.5, 1.5)


def test_decimal_comma_vs_point_and_override(districts):
    comma = "UBIGEO;FACTOR;P611\n150122;1,25;1\n"
    point = "UBIGEO;FACTOR;P611\n150122;1.25;1\n"
    assert sniff(comma.encode()).decimal == ","
    assert sniff(point.encode()).decimal == "."
    assert _parse_text(comma, districts).districts["150122"].sum_w == 1.25
    assert _parse_text(point, districts).districts["150122"].sum_w == 1.25
    # A decimal comma file read with a forced decimal point: every weight is a bad number.
    forced = _parse_text(comma, districts, decimal=".")
    assert _codes(forced) == [(2, "bad_number")]
    # Quoted fields with commas in a comma-separated file do not confuse the separator.
    quoted = 'ubigeo,district,respondents,pct\n150122,"Miraflores, Lima",400,"57.1"\n'
    assert sniff(quoted.encode()).separator == ","
    assert _parse_text(quoted, districts).ok


def test_latin1_accents_after_an_ascii_head(districts):
    # The first 64 KiB are plain ASCII, an accented name comes later: the parser must re-read as Latin-1.
    body = "150122;1,0;1;X\n" * 6000 + "150113;1,0;1;JESÚS MARÍA\n"
    data = ("UBIGEO;FACTOR;P611;NOMBREDI\n" + body).encode("latin-1")
    result = parse(io.BytesIO(data), districts)
    assert result.ok, result.problems[:3]
    assert result.dialect.encoding == "cp1252"
    assert result.districts["150113"].respondents == 1


def test_non_seekable_stream(districts):
    class Pipe(io.RawIOBase):
        def __init__(self, data):
            self._src = io.BytesIO(data)

        def readable(self):
            return True

        def readinto(self, b):
            chunk = self._src.read(min(len(b), 7))
            b[: len(chunk)] = chunk
            return len(chunk)

    with QUARTERLY.open("rb") as fh:
        data = fh.read()
    result = parse(io.BufferedReader(Pipe(data)), districts, period="2026-T3")
    assert result.ok and len(result.districts) == 30


def test_caller_stream_is_left_open(districts):
    fh = io.BytesIO(b"UBIGEO;FACTOR;P611\n150122;1,0;1\n")
    parse(fh, districts)
    assert not fh.closed


def test_xlsx(districts, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Resumen"
    ws.append(["nothing here"])
    data = wb.create_sheet("Datos")
    data.append(["CCDD", "CCPP", "CCDI", "FACTOR", "P611"])
    data.append([15, 1, 22, 120.5, 1])
    data.append([15, 1, 22, 79.5, 2])
    data.append([7, 1, 1, 100, "Sí"])
    data.append([None, None, None, None, None])
    path = tmp_path / "survey.xlsx"
    wb.save(path)
    with path.open("rb") as fh:
        assert sniff(fh.read(1024)).format == "xlsx"
    with path.open("rb") as fh:
        result = parse(fh, districts, sheet="Datos")
    assert result.ok, result.problems
    assert result.dialect.format == "xlsx"
    assert result.districts["150122"] == DistrictSums(2, 200.0, 120.5**2 + 79.5**2, 120.5)
    assert result.districts["070101"] == DistrictSums(1, 100.0, 10000.0, 100.0)
    with path.open("rb") as fh:  # first sheet has no usable columns
        assert [p.code for p in parse(fh, districts).problems] == ["missing_columns"]
    with path.open("rb") as fh:
        assert [p.code for p in parse(fh, districts, sheet="Nope").problems] == ["missing_sheet"]
    with path.open("rb") as fh:
        pv = preview(fh, n=2, sheet="Datos")
    assert pv.shape == MICRODATA and pv.headers[:3] == ["CCDD", "CCPP", "CCDI"] and len(pv.rows) == 2


def test_corrupt_xlsx_is_a_problem(districts):
    result = parse(io.BytesIO(b"PK\x03\x04garbage" * 10), districts)
    assert [p.code for p in result.problems] == ["bad_xlsx"]


# ---------------------------------------------------------------------------- roles and shapes


def test_detect_roles_and_overrides():
    headers = ["Ubigeo", "Distrito", "Factor07", "Respuesta", "Período"]
    assert detect_roles(headers) == {
        "Ubigeo": "district_code", "Distrito": "district_name", "Factor07": "weight",
        "Respuesta": "answer", "Período": "period",
    }
    roles = detect_roles(["COD", "W", "Q"], {"COD": "district_code", "w": "weight", "Q": "answer"})
    assert shape(roles) == MICRODATA
    # An override takes a single-valued role away from the detected column.
    assert detect_roles(["FACTOR", "PESO2"], {"PESO2": "weight"}) == {"PESO2": "weight"}
    assert detect_roles(["FACTOR"], {"FACTOR": "ignore"}) == {}
    with pytest.raises(MissingColumns) as exc:
        shape(detect_roles(["UBIGEO", "FACTOR"]))
    assert exc.value.missing == ["answer"] and exc.value.closest == MICRODATA
    with pytest.raises(MissingColumns) as exc:
        shape(detect_roles(["DISTRITO", "PCT"]))
    assert exc.value.missing == ["respondents"]


def test_map_overrides_in_parse(districts):
    text = "cod;w;q\n150122;2;1\n"
    assert [p.code for p in _parse_text(text, districts).problems] == ["missing_columns"]
    result = _parse_text(text, districts, roles={"cod": "district_code", "w": "weight", "q": "answer"})
    assert result.ok and result.districts["150122"].sum_w == 2.0
    bad = _parse_text(text, districts, roles={"zzz": "weight", "q": "colour"})
    assert {"unknown_column", "unknown_role"} <= {p.code for p in bad.problems}


# ---------------------------------------------------------------------------- validation


def test_every_microdata_reason_with_its_row(districts):
    text = (
        "CONGLOMERADO;VIVIENDA;HOGAR;CODPERSO;UBIGEO;FACTOR;P611\n"  # row 1
        "1;1;1;1;150122;10,5;1\n"  # 2 ok
        "1;1;1;2;999999;10;1\n"  # 3 unknown district
        "1;1;1;3;150122;;1\n"  # 4 missing weight
        "1;1;1;4;150122;0;1\n"  # 5 non-positive weight
        "1;1;1;5;150122;-3;1\n"  # 6 non-positive weight
        "1;1;1;6;150122;nan;1\n"  # 7 non-finite
        "1;1;1;7;150122;1e999;1\n"  # 8 non-finite
        "1;1;1;8;150122;abc;1\n"  # 9 bad number
        "1;1;1;9;150122;10;3\n"  # 10 answer not allowed
        "1;1;1;1;150122;10;1\n"  # 11 duplicate respondent
        "1;1;1;10;150122;10\n"  # 12 wrong field count
        "\n"  # 13 blank: skipped
        "1;1;1;11;;10;1\n"  # 14 missing district
        "1;1;1;12;150122;12,5;no\n"  # 15 ok
    )
    result = _parse_text(text, districts)
    assert _codes(result) == [
        (3, "unknown_district"),
        (4, "missing_weight"),
        (5, "non_positive_weight"),
        (6, "non_positive_weight"),
        (7, "non_finite_number"),
        (8, "non_finite_number"),
        (9, "bad_number"),
        (10, "answer_not_allowed"),
        (11, "duplicate_respondent"),
        (12, "wrong_field_count"),
        (14, "missing_district"),
    ]
    assert not result.ok and result.problem_count == 11
    assert result.problems[0].params["value"] == "999999"
    assert result.districts["150122"] == DistrictSums(2, 23.0, 10.5**2 + 12.5**2, 10.5)
    assert all(p.message for p in result.problems)


def test_answer_codes(districts):
    answers = ["1", "2", "0", "sí", "SI", "si", "No", "yes", "YES", "no"]
    text = MICRO_HEAD + "".join(f"150122;1;{a}\n" for a in answers)
    result = _parse_text(text, districts)
    assert result.ok
    assert result.districts["150122"].sum_wy == 6.0  # 1, sí, SI, si, yes, YES


def test_every_aggregate_reason_with_its_row(districts):
    text = AGG_HEAD + (
        "150122,Miraflores,400,350.5,57.1\n"  # 2 ok
        "150130,San Borja,0,1,50\n"  # 3 non-positive respondents
        "150131,San Isidro,-4,,50\n"  # 4 non-positive respondents
        "150113,Jesús María,400,300,100.5\n"  # 5 pct out of range
        "150120,Magdalena del Mar,400,300,-0.1\n"  # 6 pct out of range
        "150122,Miraflores,400,300,50\n"  # 7 duplicate district
        "150101,Lima,12.5,10,50\n"  # 8 respondents not whole
        "150103,Ate,400,inf,50\n"  # 9 non-finite
        "150104,Barranco,400,0,50\n"  # 10 non-positive effective n
        "150105,Breña,400,500,50\n"  # 11 effective n above respondents
        "123456,Nowhere,400,300,50\n"  # 12 unknown district
        "150106,Carabayllo,400,,\n"  # 13 missing pct
        "150107,Chaclacayo,400,,60\n"  # 14 ok (effective n optional)
    )
    result = _parse_text(text, districts)
    assert _codes(result) == [
        (3, "non_positive_respondents"),
        (4, "non_positive_respondents"),
        (5, "pct_out_of_range"),
        (6, "pct_out_of_range"),
        (7, "duplicate_district"),
        (8, "bad_number"),
        (9, "non_finite_number"),
        (10, "non_positive_effective_n"),
        (11, "effective_n_above_respondents"),
        (12, "unknown_district"),
        (13, "missing_value"),
    ]
    assert result.problems[4].params["first_row"] == 2
    assert set(result.districts) == {"150122", "150107"}
    assert result.districts["150107"].effective_n is None


def test_district_names_ignore_case_and_accents_and_near_misses_are_not_accepted(districts):
    text = "distrito;encuestados;porcentaje\nJESUS MARIA;400;59,0\nmagdalena  del mar;300;45,2\nMiraflorez;350;57\nAtlantis;100;50\n"
    result = _parse_text(text, districts)
    assert result.shape == AGGREGATES and result.dialect.decimal == ","
    assert result.districts["150113"].name == "Jesús María"
    assert result.districts["150113"].pct == 59.0
    assert result.districts["150120"].respondents == 300
    assert _codes(result) == [(4, "unknown_district"), (5, "unknown_district")]
    near = result.problems[0]
    assert near.params["value"] == "Miraflorez" and near.params["suggestion"] == "Miraflores"
    assert "Miraflores" in near.message
    assert result.problems[1].params["suggestion"] == ""
    assert "150122" not in result.districts


def test_codes_are_zero_padded(districts):
    text = "CCDD,CCPP,CCDI,FACTOR,P611\n7,1,1,1,1\n15,1,22,1,2\n"
    result = _parse_text(text, districts)
    assert result.ok and set(result.districts) == {"070101", "150122"}
    result = _parse_text("UBIGEO;FACTOR;P611\n70101;1;1\n", districts)
    assert result.ok and set(result.districts) == {"070101"}


def test_empty_files_and_missing_columns(districts):
    assert _codes(parse(io.BytesIO(b""), districts)) == [(None, "empty_file")]
    assert _codes(parse(io.BytesIO(b"\r\n \n"), districts)) == [(None, "empty_file")]
    assert _codes(parse(io.BytesIO(MICRO_HEAD.encode()), districts)) == [(None, "empty_file")]
    result = parse(io.BytesIO(b"a;b;c\n1;2;3\n"), districts)
    assert _codes(result) == [(1, "missing_columns")]
    assert not result.ok and result.shape is None


def test_problems_are_capped_but_all_counted(districts):
    text = MICRO_HEAD + "999999;1;1\n" * 500
    result = _parse_text(text, districts)
    assert result.problem_count == 500 and len(result.problems) == parsing.MAX_PROBLEMS
    assert result.problems_truncated and not result.ok


def test_preview(districts):
    with MICRO.open("rb") as fh:
        pv = preview(fh, n=3)
        assert fh.tell() == 0 or fh.seekable()
    assert pv.dialect.separator == ";" and pv.dialect.decimal == ","
    assert pv.headers[:4] == ["CONGLOMERADO", "VIVIENDA", "HOGAR", "CODPERSO"]
    assert pv.roles["FACTOR"] == "weight" and pv.shape == MICRODATA
    assert len(pv.rows) == 3 and pv.rows[0][-2] == "94,3536"
    assert pv.problems == []
    assert preview(io.BytesIO(b"")).problems[0].code == "empty_file"


# ---------------------------------------------------------------------------- fuzzing

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FUZZ_DISTRICTS = {"150122": "Miraflores", "150113": "Jesús María", "070101": "Callao"}


def _check_consistent(result, districts):
    assert result.problem_count >= len(result.problems)
    if result.ok:
        assert result.problems == [] and result.shape in (MICRODATA, AGGREGATES)
        assert set(result.districts) <= set(districts)
        for value in result.districts.values():
            assert value.respondents > 0
            if result.shape == MICRODATA:
                assert value.sum_w > 0 and math.isfinite(value.sum_w2)
                assert 0 <= value.sum_wy <= value.sum_w * (1 + 1e-12)
            else:
                assert 0 <= value.pct <= 100
                assert value.effective_n is None or 0 < value.effective_n <= value.respondents


@FUZZ
@given(st.binary(max_size=2000))
def test_fuzz_random_bytes_never_raise(data):
    _check_consistent(parse(io.BytesIO(data), FUZZ_DISTRICTS), FUZZ_DISTRICTS)
    preview(io.BytesIO(data))


HEADERS = ["UBIGEO", "CCDD", "CCPP", "CCDI", "FACTOR", "P611", "distrito", "respondents", "pct",
           "effective_n", "period", "CODPERSO", "x", "", "Peso", "N"]
VALUES = st.one_of(
    st.sampled_from(["150122", "150113", "070101", "15", "01", "22", "1", "2", "0", "sí", "no", "yes",
                     "Miraflores", "JESUS MARIA", "Miraflorez", "2026-T3", "2026T2", "", " ", "nan",
                     "inf", "-inf", "1e400", "-1", "0,5", "1.5", "1,234.5", "1.234,5", "100", "101",
                     '"', "a;b", "x\ny"]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(max_size=8),
)


@st.composite
def csv_files(draw):
    sep = draw(st.sampled_from([",", ";", "\t"]))
    headers = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=7))
    rows = draw(st.lists(st.lists(VALUES, min_size=len(headers) - 1, max_size=len(headers) + 1), max_size=12))
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(headers)
    writer.writerows(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1"]))
    return buf.getvalue().encode(encoding, errors="replace")


@FUZZ
@given(csv_files(), st.sampled_from([None, "2026-T3"]))
def test_fuzz_csv_like_files_never_raise(data, period):
    result = parse(io.BytesIO(data), FUZZ_DISTRICTS, period=period)
    _check_consistent(result, FUZZ_DISTRICTS)
    preview(io.BytesIO(data))
