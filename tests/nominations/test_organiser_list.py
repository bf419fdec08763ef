"""The organiser's list: filters, search, order, pages, counts, and a bounded number of queries."""
from __future__ import annotations

import re

from app.extensions import db
from app.nominations import services
from tests.nominations.organiser_helpers import LIST, listed_ids

pytest_plugins = ["tests.nominations.organiser_fixtures"]  # the `call` and `nominate` fixtures


def _ids(client, **params) -> list[int]:
    response = client.get(LIST, query_string=params)
    assert response.status_code == 200
    return listed_ids(response.get_data(as_text=True))


def test_drafts_are_hidden_unless_asked_for(as_organiser, call, nominate):
    submitted = nominate(call.inn, "Serenazgo conectado")
    draft = nominate(call.inn, "Borrador a medias", submit=False)

    assert _ids(as_organiser) == [submitted.id]
    assert _ids(as_organiser, status="draft") == [draft.id]


def test_each_filter_narrows_the_list(as_organiser, organiser, call, nominate, nominate_person,
                                      make_municipality):
    inn = nominate(call.inn, "Cámaras en parques")
    pre = nominate(call.pre, "Patrullaje preventivo")
    salvadoran = nominate(call.pre, "Alumbrado seguro",
                          municipality=make_municipality("San Salvador", "0614", country="SV"))
    person = nominate_person(call.esp, country="CO")
    services.screen(organiser, [pre], eligible=True)

    assert set(_ids(as_organiser)) == {inn.id, pre.id, salvadoran.id, person.id}
    assert set(_ids(as_organiser, category="PRE")) == {pre.id, salvadoran.id}
    assert _ids(as_organiser, category="pre", status="eligible") == [pre.id]
    assert _ids(as_organiser, country="SV") == [salvadoran.id]
    assert _ids(as_organiser, country="co") == [person.id]
    assert _ids(as_organiser, municipality=inn.municipality_id) == [inn.id]
    assert _ids(as_organiser, status="withdrawn") == []


def test_an_unknown_filter_value_is_ignored_rather_than_failing(as_organiser, call, nominate):
    nomination = nominate(call.inn)
    assert _ids(as_organiser, status="nonsense", sort="password", dir="sideways", page="x") == [nomination.id]


def test_search_finds_by_reference_title_and_municipality_name_ignoring_case_and_accents(
        as_organiser, call, nominate, make_municipality):
    penalolen = nominate(call.inn, "Cámaras en parques",
                         municipality=make_municipality("Peñalolén", "CL1", country="CL"))
    other = nominate(call.pre, "Alumbrado público")

    assert _ids(as_organiser, q=other.reference) == [other.id]
    assert _ids(as_organiser, q=other.reference.lower()[:-2]) == [other.id]
    assert _ids(as_organiser, q="penalolen") == [penalolen.id]
    assert _ids(as_organiser, q="PEÑALOLÉN") == [penalolen.id]
    assert _ids(as_organiser, q="camaras") == [penalolen.id]
    assert _ids(as_organiser, q="ALUMBRADO") == [other.id]
    assert _ids(as_organiser, q="%") == []


def test_sorting_by_title_and_by_reference_both_ways(as_organiser, call, nominate):
    b = nominate(call.inn, "Bicicletas de serenazgo")
    a = nominate(call.pre, "alarmas comunitarias")
    c = nominate(call.inn, "Cámaras en parques")

    assert _ids(as_organiser, sort="title") == [a.id, b.id, c.id]
    assert _ids(as_organiser, sort="title", dir="desc") == [c.id, b.id, a.id]
    assert _ids(as_organiser, sort="reference") == [b.id, c.id, a.id]  # INN-0001, INN-0002, PRE-0001
    assert _ids(as_organiser, sort="reference", dir="desc") == [a.id, c.id, b.id]
    assert _ids(as_organiser, sort="category", dir="desc")[0] == a.id
    assert _ids(as_organiser, sort="submitted_at", dir="desc") == [c.id, a.id, b.id]


def test_the_list_is_paginated_by_25(as_organiser, call, nominate):
    created = [nominate(call.inn, f"Programa {i:02d}").id for i in range(27)]

    first, second = _ids(as_organiser), _ids(as_organiser, page=2)
    assert len(first) == 25 and len(second) == 2
    assert first + second == created
    assert _ids(as_organiser, page=3) == []
    page = as_organiser.get(LIST).get_data(as_text=True)
    assert "27" in page and 'aria-current="page"' in page


def _counts(html: str) -> dict[tuple[str, str], str]:
    table = html.split('id="counts"', 1)[1].split("</table>", 1)[0]
    cells = {}
    for code, row in re.findall(r'<tr data-category="(\w+)">(.*?)</tr>', table, re.S):
        for status, value in re.findall(r'data-status="(\w+)">(.*?)</td>', row, re.S):
            cells[(code, status)] = re.sub(r"<[^>]+>", "", value).strip()
    footer = table.split("<tfoot>", 1)[1]
    for status, value in re.findall(r'data-status="(\w+)">(.*?)</td>', footer, re.S):
        cells[("total", status)] = value.strip()
    return cells


def test_counts_per_category_and_status(as_organiser, organiser, call, nominate):
    first, second = nominate(call.inn, "Uno"), nominate(call.inn, "Dos")
    nominate(call.inn, "Tres", submit=False)
    third = nominate(call.pre, "Cuatro")
    services.screen(organiser, [first], eligible=True)
    services.screen(organiser, [third], eligible=False, reason="Fuera de plazo")

    cells = _counts(as_organiser.get(LIST).get_data(as_text=True))

    assert cells[("INN", "draft")] == "1"
    assert cells[("INN", "submitted")] == "1" and second.status == "submitted"
    assert cells[("INN", "eligible")] == "1"
    assert cells[("INN", "ineligible")] == "0"
    assert cells[("INN", "total")] == "3"
    assert cells[("PRE", "ineligible")] == "1" and cells[("PRE", "total")] == "1"
    assert cells[("ESP", "total")] == "0"
    assert cells[("total", "total")] == "4"
    assert ("INN", "withdrawn") not in cells


def test_the_list_runs_as_many_queries_for_50_nominations_as_for_1(as_organiser, call, nominate,
                                                                   count_queries):
    urls = [LIST, LIST + "?q=programa&sort=title&dir=desc", LIST + "?country=PE&status=submitted",
            LIST + "?status=draft"]
    nominate(call.inn, "Programa 0")
    nominate(call.inn, "Programa borrador", submit=False)
    few = [count_queries(as_organiser, url) for url in urls]
    for i in range(1, 50):
        nominate(call.pre if i % 2 else call.inn, f"Programa {i}", submit=i % 10 != 0)
    db.session.expire_all()
    assert [count_queries(as_organiser, url) for url in urls] == few


def test_an_unknown_edition_is_not_found(as_organiser, call):
    assert as_organiser.get(LIST, query_string={"edition": 1999}).status_code == 404


def test_the_latest_edition_is_shown_by_default_and_others_on_request(as_organiser, make_edition,
                                                                      make_category, call, nominate):
    older = make_category(make_edition(2025, status="nominations_open"), "INN")
    old = nominate(older, "Del año pasado")
    new = nominate(call.inn, "De este año")

    assert _ids(as_organiser) == [new.id]
    assert _ids(as_organiser, edition=2025) == [old.id]


def test_organisers_see_the_nominations_and_representatives_in_the_menu(as_organiser, call):
    page = as_organiser.get(LIST).get_data(as_text=True)
    assert f'href="{LIST}"' in page and 'href="/organiser/representations"' in page
    assert 'href="/my/nominations"' in page


def test_other_signed_in_people_see_only_their_own_nominations_in_the_menu(client, sign_in, nominator):
    page = sign_in(nominator).get("/profile").get_data(as_text=True)
    assert 'href="/my/nominations"' in page
    assert f'href="{LIST}"' not in page
