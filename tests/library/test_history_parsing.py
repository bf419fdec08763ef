"""Reading and checking a history file: pure functions, no application or database."""
from app.library import history
from app.library.history import Context, MunicipalityRef, award_key, parse, validate
from tests.library.helpers import history_csv, history_xlsx

SAN_MIGUEL = MunicipalityRef(1, "San Miguel", "SAN MIGUEL", "PE")
CALLAO = MunicipalityRef(2, "Callao", "CALLAO", "PE")
SANTA_ANA_SV = MunicipalityRef(3, "Santa Ana", "", "SV")
SANTA_ANA_PE = MunicipalityRef(4, "Santa Ana", "", "PE")
CONTEXT = Context([SAN_MIGUEL, CALLAO, SANTA_ANA_SV, SANTA_ANA_PE])

GOOD = "2024,Infraestructura para la seguridad,Oro,Municipalidad de San Miguel,Centro Integrado,Resumen,"


def _plan(*rows: str, context: Context = CONTEXT) -> history.Plan:
    parsed, problems = parse(history_csv(*rows))
    assert not problems
    return validate(parsed, context)


def test_a_good_row_names_its_municipality_without_the_prefix():
    plan = _plan(GOOD)
    assert not plan.problems
    [award] = plan.awards
    assert (award.year, award.place, award.municipality, award.country) == (2024, "gold", SAN_MIGUEL, "PE")
    assert award.recipient_name == "Municipalidad de San Miguel"


def test_the_provincial_prefix_with_its_article_is_understood():
    [award] = _plan("2022,Prevención,oro,Municipalidad Provincial del Callao,Barrio seguro,,").awards
    assert award.municipality == CALLAO


def test_municipality_names_match_without_accents_or_capitals():
    [award] = _plan("2023,Prevención,plata,CÁLLAO,Barrio seguro,,").awards
    assert award.municipality == CALLAO and award.place == "silver"


def test_an_unknown_name_is_taken_as_a_person_or_institution():
    [award] = _plan("2022,Premio especial,Mención honrosa,Fundación Ciudad Segura,Aporte,,CO").awards
    assert award.municipality is None
    assert (award.recipient_name, award.country, award.place) == ("Fundación Ciudad Segura", "CO", "mention")


def test_places_are_understood_in_spanish_and_english():
    words = {"oro": "gold", "Silver": "silver", "BRONCE": "bronze", "mención": "mention",
             "finalista": "finalist", "Honourable mention": "mention", "ganador": "winner"}
    assert {word: history.place_of(word) for word in words} == words


def test_every_problem_is_reported_with_its_row_number():
    plan = _plan(GOOD,
                 "2018,Prevención,oro,Callao,Programa,,",
                 "dos mil,Prevención,oro,Callao,Programa,,",
                 "2024,Prevención,primero,Callao,Programa,,",
                 "2024,,oro,Callao,,,",
                 "2024,Prevención,oro,Callao,Programa,,Perú")
    assert not plan.ok
    assert [(p.row, p.code) for p in plan.problems] == [
        (3, "year_out_of_range"), (4, "bad_year"), (5, "unknown_place"),
        (6, "missing_value"), (6, "missing_value"), (7, "bad_country")]


def test_a_name_shared_by_municipalities_of_two_countries_needs_the_country():
    plan = _plan("2023,Prevención,oro,Municipalidad de Santa Ana,Programa,,")
    assert [(p.row, p.code) for p in plan.problems] == [(2, "ambiguous_municipality")]
    [award] = _plan("2023,Prevención,oro,Municipalidad de Santa Ana,Programa,,SV").awards
    assert award.municipality == SANTA_ANA_SV


def test_the_same_award_twice_in_a_file_is_a_problem():
    plan = _plan(GOOD, GOOD.replace("Oro", "oro").replace("Centro Integrado", "CENTRO INTEGRADO"))
    assert [(p.row, p.code, p.params) for p in plan.problems] == [(3, "duplicate_row", {"first": 2})]


def test_an_award_imported_before_is_skipped_not_refused():
    existing = {award_key(2024, "Infraestructura para la seguridad", "gold", SAN_MIGUEL.id, "",
                          "Centro integrado")}
    plan = _plan(GOOD, "2023,Prevención,plata,Callao,Barrio seguro,,",
                 context=Context(CONTEXT.municipalities, existing))
    assert plan.ok and plan.skipped == [2] and [a.row for a in plan.awards] == [3]


def test_missing_columns_are_named():
    _rows, problems = parse(b"year,category,title\n2024,X,Y\n")
    assert [(p.row, p.code, p.params) for p in problems] == [
        (1, "missing_columns", {"columns": ["place", "recipient", "summary"]})]


def test_english_headers_and_an_xlsx_file_are_read():
    data = history_xlsx([(2024, "Innovation", "gold", "San Miguel", "Integrated centre", "Summary", None)])
    rows, problems = parse(data)
    assert not problems
    [award] = validate(rows, CONTEXT).awards
    assert (award.year, award.municipality, award.title) == (2024, SAN_MIGUEL, "Integrated centre")


def test_a_file_that_is_not_a_table_is_refused_whole():
    _rows, problems = parse(b"%PDF-1.4 not a table")
    assert [p.code for p in problems] == ["not_tabular"]
