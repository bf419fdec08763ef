"""Districts given only by name, as INEI writes them: official names, aliases, mis-encodings."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from app.perception.parsing import fold, load_aliases, parse

DATA = Path(__file__).resolve().parents[2] / "app" / "data"
DISTRICTS_CSV = DATA / "districts_lima_callao.csv"


@pytest.fixture(scope="module")
def district_rows() -> list[dict]:
    with DISTRICTS_CSV.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def districts(district_rows) -> dict[str, str]:
    return {r["ubigeo"]: r["name"] for r in district_rows}


def _by_name(names: list[str], districts, encoding: str = "utf-8"):
    """Parse an aggregates file that gives each district by name only."""
    body = "".join(f"{name};400;50,0\n" for name in names)
    return parse(io.BytesIO(("NOMBREDI;encuestados;porcentaje\n" + body).encode(encoding)), districts)


def _only_district(result) -> str:
    assert result.problems == [] and result.ok
    (code,) = result.districts
    return code


def test_lurigancho_is_inei_s_name_for_lurigancho_chosica(districts):
    assert _only_district(_by_name(["LURIGANCHO"], districts)) == "150118"


def test_san_juan_de_lurigancho_stays_its_own_district(districts):
    assert _only_district(_by_name(["SAN JUAN DE LURIGANCHO"], districts)) == "150132"


def test_magdalena_vieja_is_pueblo_libre(districts):
    assert _only_district(_by_name(["MAGDALENA VIEJA"], districts)) == "150121"


def test_magdalena_del_mar_is_not_pueblo_libre(districts):
    assert _only_district(_by_name(["MAGDALENA DEL MAR"], districts)) == "150120"


def test_carmen_de_la_legua_reynoso_is_accepted_with_a_hyphen(districts):
    assert _only_district(_by_name(["CARMEN DE LA LEGUA-REYNOSO"], districts)) == "070103"


def test_lima_is_the_cercado_district(districts):
    assert _only_district(_by_name(["LIMA"], districts)) == "150101"


def test_brena_without_the_tilde_is_brena(districts):
    assert _only_district(_by_name(["BRENA"], districts)) == "150105"


def test_brena_written_in_dos_code_page_850_is_brena(districts):
    result = _by_name(["BREÑA"], districts, encoding="cp850")  # read as 'BRE¥A'
    assert _only_district(result) == "150105"


def test_brena_read_as_mojibake_yen_sign_is_brena(districts):
    assert _only_district(_by_name(["BRE¥A"], districts)) == "150105"


def test_brena_written_as_utf8_read_as_windows_1252_is_brena(districts):
    assert _only_district(_by_name(["BREÃ‘A"], districts)) == "150105"


def test_every_official_name_of_the_district_list_is_accepted(district_rows, districts):
    names = [r["official_name"] for r in district_rows]
    result = _by_name(names, districts)
    assert result.problems == []
    assert {code: values.row - 2 for code, values in result.districts.items()} == {
        r["ubigeo"]: i for i, r in enumerate(district_rows)}


def test_a_near_miss_of_an_official_name_is_suggested_not_accepted(districts):
    result = _by_name(["LURIGANCH"], districts)
    assert not result.ok and result.districts == {}
    (problem,) = result.problems
    assert problem.code == "unknown_district" and problem.row == 2
    assert problem.params == {"value": "LURIGANCH", "suggestion": "Lurigancho-Chosica (LURIGANCHO)"}


def test_a_near_miss_of_an_alias_is_suggested_not_accepted(districts):
    result = _by_name(["MAGDALENA VIEJO"], districts)
    assert result.districts == {}
    assert [p.params["suggestion"] for p in result.problems] == ["Pueblo Libre (MAGDALENA VIEJA)"]


def test_a_garbled_name_that_no_repair_explains_is_refused(districts):
    result = _by_name(["BRE¥O"], districts)
    assert result.districts == {} and [p.code for p in result.problems] == ["unknown_district"]


def test_aliases_only_apply_to_districts_in_the_list(districts):
    without = {code: name for code, name in districts.items() if code != "150118"}
    result = _by_name(["LURIGANCHO"], without)
    assert result.districts == {} and [p.code for p in result.problems] == ["unknown_district"]


def test_aliases_given_by_the_caller_replace_the_built_in_table(districts):
    text = "distrito,respondents,pct\nCHOSICA,400,50\nLURIGANCHO,400,50\n"
    result = parse(io.BytesIO(text.encode()), districts, aliases={"Chosica": "150118"})
    assert "150118" in result.districts
    assert [(p.row, p.code) for p in result.problems] == [(3, "unknown_district")]


def test_the_alias_table_names_known_districts_and_never_another_districts_name(districts):
    aliases = load_aliases()
    assert aliases and set(aliases.values()) <= set(districts)
    display = {fold(name): code for code, name in districts.items()}
    for alias, code in aliases.items():
        assert display.get(fold(alias), code) == code, alias


def test_an_import_by_official_names_stores_the_aliased_districts(app):
    from app.municipalities.services import seed_districts
    from app.perception import services

    seed_districts()
    text = "distrito;encuestados;porcentaje\nLURIGANCHO;400;61,5\nMAGDALENA VIEJA;380;48,0\nBRE\xa5A;390;70,0\n"
    survey_import = services.import_file(io.BytesIO(text.encode("latin-1")), "inei.csv", "2026-T3",
                                         services.Source(name="INEI"))
    stored = {f.municipality.official_code: f.pct for f in survey_import.figures}
    assert stored == {"150118": 61.5, "150121": 48.0, "150105": 70.0}
