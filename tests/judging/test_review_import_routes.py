"""The organisers' page for paper scores: upload → preview → confirm, the downloads, who may
use them, CSRF, and bounded query counts."""
from __future__ import annotations

import io
import re

import openpyxl
import pytest
from flask_babel import force_locale
from sqlalchemy import event, func, select

from app import storage
from app.audit.services import record
from app.extensions import db
from app.judging import imports
from app.judging.models import Assignment, Review
from tests.nominations.factories import PDF_BYTES

PAGE = "/organiser/editions/2026/categories/INN/reviews/import"
CONFIRM = PAGE + "/confirm"
EXPORT = "/organiser/editions/2026/categories/INN/reviews/export"


@pytest.fixture
def scene(jury_category, first_round, make_nomination, make_juror):
    nominations = [make_nomination(jury_category) for _ in range(2)]
    jurors = [make_juror(email="ana@example.org"), make_juror(email="beto@example.org")]
    return {"category": jury_category, "nominations": nominations, "jurors": jurors}


def _csv(nominations, emails=("ana@example.org",), scores=(7, 8)) -> bytes:
    lines = ["referencia;correo;criterio;puntaje;comentario"]
    for nomination in nominations:
        for email in emails:
            lines += [f"{nomination.reference};{email};1;{scores[0]};Buen diagnóstico",
                      f"{nomination.reference};{email};2;{scores[1]};"]
    return ("\n".join(lines) + "\n").encode()


def _upload(client, data: bytes, name: str = "acta.csv", **extra):
    return client.post(PAGE, data={"file": (io.BytesIO(data), name), **extra},
                       content_type="multipart/form-data")


def _hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}"[^>]*value="([^"]*)"', html).group(1)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_page_offers_the_upload_and_the_downloads(as_organiser, scene):
    html = as_organiser.get(PAGE).get_data(as_text=True)
    assert 'id="upload-form"' in html and 'enctype="multipart/form-data"' in html
    assert EXPORT + ".csv" in html and EXPORT + ".xlsx" in html


@pytest.mark.parametrize("role", ["juror", "nominator"])
def test_other_roles_are_refused(client, sign_in, make_user, scene, role):
    sign_in(make_user(role, email=f"{role}-x@example.org"))
    assert client.get(PAGE).status_code == 403
    assert _upload(client, _csv(scene["nominations"][:1])).status_code == 403
    assert client.get(EXPORT + ".csv").status_code == 403


def test_anonymous_visitor_is_sent_to_log_in(client, scene):
    response = client.get(EXPORT + ".xlsx")
    assert response.status_code == 302 and "/login" in response.location


def test_ranking_category_has_no_import_page(as_organiser, judging_edition, make_category):
    make_category(judging_edition, "PER", kind="ranking", criteria=0)
    assert as_organiser.get(PAGE.replace("INN", "PER")).status_code == 404


def test_preview_shows_what_would_be_recorded_and_writes_no_review(as_organiser, scene):
    data = _csv(scene["nominations"], ("ana@example.org", "beto@example.org"))
    response = _upload(as_organiser, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("<tr>") - 1 == 4  # the header row and four planned reviews
    assert 'id="confirm-form"' in html
    assert (_count(Review), _count(Assignment)) == (0, 0)


def test_preview_lists_every_problem_with_its_row_and_offers_no_confirmation(as_organiser, scene):
    n1 = scene["nominations"][0]
    data = (f"reference,juror_email,criterion,score\n{n1.reference},ana@example.org,1,0\n"
            f"SCA-404,ana@example.org,2,5\n").encode()
    response = _upload(as_organiser, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.findall(r'data-row="(\d*)" data-code="(\w+)"', html) == [
        ("2", "score_out_of_scale"), ("2", "missing_criteria"), ("3", "unknown_reference")]
    assert 'id="confirm-form"' not in html
    assert _count(Review) == 0


def test_problems_are_shown_in_spanish_by_default(client, sign_in, make_user, scene):
    sign_in(make_user("organiser", email="org-es@example.org", locale="es"))
    response = _upload(client, b"reference,score\nSCA-1,7\n")
    with force_locale("es"):
        expected = imports.describe(imports.Problem(1, "missing_columns",
                                                    {"columns": ["juror_email", "criterion"]}))
    assert expected.split(".")[0] in response.get_data(as_text=True)


def test_confirm_imports_the_previewed_file(as_organiser, scene, audit_events):
    data = _csv(scene["nominations"])
    html = _upload(as_organiser, data, "acta del jurado.csv").get_data(as_text=True)
    response = as_organiser.post(CONFIRM, data={"sha256": _hidden(html, "sha256"),
                                                "filename": _hidden(html, "filename")})
    assert response.status_code == 302 and response.location.endswith(PAGE)
    reviews = db.session.scalars(select(Review)).all()
    assert len(reviews) == 2 and {r.source for r in reviews} == {"import"}
    assert reviews[0].source_note.startswith("acta del jurado.csv · sha256:")
    (event_,) = audit_events("reviews.imported")
    assert event_.actor_id is not None and event_.summary["reviews"] == 2


def test_earlier_imports_are_listed_after_confirming(as_organiser, scene):
    html = _upload(as_organiser, _csv(scene["nominations"]), "acta.csv").get_data(as_text=True)
    as_organiser.post(CONFIRM, data={"sha256": _hidden(html, "sha256"), "filename": "acta.csv"})
    page = as_organiser.get(PAGE).get_data(as_text=True)
    assert 'id="earlier"' in page and "acta.csv" in page


def test_confirm_checks_the_rows_again(as_organiser, scene, make_assignment, make_review):
    n1 = scene["nominations"][0]
    html = _upload(as_organiser, _csv([n1])).get_data(as_text=True)
    make_review(make_assignment(scene["jurors"][0], n1), [5, 5])  # submitted online meanwhile
    response = as_organiser.post(CONFIRM, data={"sha256": _hidden(html, "sha256"),
                                                "filename": "acta.csv"})
    assert response.status_code == 409
    assert 'data-code="submitted_online"' in response.get_data(as_text=True)
    assert db.session.scalar(select(Review.source)) == "online"


def test_confirm_of_a_file_never_uploaded_asks_to_upload_again(as_organiser, scene):
    response = as_organiser.post(CONFIRM, data={"sha256": "0" * 64, "filename": "x.csv"})
    assert response.status_code == 302 and response.location.endswith(PAGE)


def test_confirm_with_a_malformed_checksum_is_a_bad_request(as_organiser, scene):
    assert as_organiser.post(CONFIRM, data={"sha256": "../../etc/passwd",
                                            "filename": "x.csv"}).status_code == 400


def test_upload_larger_than_the_limit_is_refused(as_organiser, scene, monkeypatch):
    monkeypatch.setattr(imports, "MAX_BYTES", 100)
    response = _upload(as_organiser, _csv(scene["nominations"]))
    assert response.status_code == 413 and 'id="file-error"' in response.get_data(as_text=True)


def test_pdf_upload_is_refused_by_its_content(as_organiser, scene, app):
    response = _upload(as_organiser, PDF_BYTES, "acta.csv")
    assert response.status_code == 422
    assert 'data-code="not_tabular"' in response.get_data(as_text=True)


def test_upload_without_a_file_keeps_the_page_with_an_error(as_organiser, scene):
    response = as_organiser.post(PAGE, data={}, content_type="multipart/form-data")
    assert response.status_code == 400 and 'id="file-error"' in response.get_data(as_text=True)


def test_preview_writes_only_the_file_to_storage_when_it_is_clean(as_organiser, scene):
    data = _csv(scene["nominations"])
    _upload(as_organiser, data)
    assert storage.read(storage.sha256_of(data)) == data


def test_csv_download_holds_the_submitted_reviews(as_organiser, scene, make_assignment,
                                                  make_review):
    make_review(make_assignment(scene["jurors"][0], scene["nominations"][0]), [7, 9])
    response = as_organiser.get(EXPORT + ".csv")
    text = response.get_data().decode("utf-8-sig")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert text.splitlines()[0] == ",".join(imports.EXPORT_COLUMNS)
    assert len(text.splitlines()) == 3


def test_xlsx_download_keeps_scores_as_numbers(as_organiser, scene, make_assignment, make_review):
    make_review(make_assignment(scene["jurors"][0], scene["nominations"][0]), [7, 9])
    response = as_organiser.get(EXPORT + ".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.get_data())).active
    assert [row[6] for row in sheet.iter_rows(min_row=2, values_only=True)] == [7, 9]


# -- CSRF --------------------------------------------------------------------------------------

def test_upload_without_the_csrf_token_is_refused(app, as_organiser, scene):
    app.config["WTF_CSRF_ENABLED"] = True
    assert _upload(as_organiser, _csv(scene["nominations"])).status_code == 400


def test_confirm_without_the_csrf_token_is_refused_and_writes_nothing(app, as_organiser, scene):
    data = _csv(scene["nominations"])
    storage.store(data)
    app.config["WTF_CSRF_ENABLED"] = True
    response = as_organiser.post(CONFIRM, data={"sha256": storage.sha256_of(data),
                                                "filename": "acta.csv"})
    assert response.status_code == 400 and _count(Review) == 0


def test_upload_and_confirm_with_the_page_tokens_are_accepted(app, as_organiser, scene):
    app.config["WTF_CSRF_ENABLED"] = True
    token = _hidden(as_organiser.get(PAGE).get_data(as_text=True), "csrf_token")
    preview = _upload(as_organiser, _csv(scene["nominations"]), csrf_token=token)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    confirm = as_organiser.post(CONFIRM, data={"csrf_token": _hidden(html, "csrf_token"),
                                               "sha256": _hidden(html, "sha256"),
                                               "filename": _hidden(html, "filename")})
    assert confirm.status_code == 302 and _count(Review) == 2


# -- query counts ------------------------------------------------------------------------------

def _statements_of(callable_, reads_only: bool = False) -> int:
    """SQL statements run by a POST (count_queries only GETs); `reads_only` leaves out the
    INSERTs, one per new row on SQLite."""
    statements = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        callable_()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    if reads_only:
        statements = [s for s in statements if not s.lstrip().upper().startswith("INSERT")]
    return len(statements)


def _many(category, make_nomination, count: int):
    return [make_nomination(category) for _ in range(count)]


def test_preview_query_count_does_not_grow_with_the_rows(as_organiser, scene, make_nomination):
    one = _csv(scene["nominations"][:1])
    few = _statements_of(lambda: _upload(as_organiser, one))
    fifty = _csv(_many(scene["category"], make_nomination, 50))
    db.session.expire_all()
    assert _statements_of(lambda: _upload(as_organiser, fifty)) == few


def test_confirm_query_count_does_not_grow_with_the_rows(as_organiser, scene, make_nomination):
    def confirm(data: bytes) -> int:
        html = _upload(as_organiser, data).get_data(as_text=True)
        form = {"sha256": _hidden(html, "sha256"), "filename": "acta.csv"}
        return _statements_of(lambda: as_organiser.post(CONFIRM, data=form), reads_only=True)
    one = _csv(scene["nominations"][:1])
    fifty = _csv(_many(scene["category"], make_nomination, 50))
    # The chain's very first event reads the log once to start it; both counts start with a head.
    record("test.chain_started")
    db.session.commit()
    few = confirm(one)
    db.session.expire_all()
    assert confirm(fifty) == few


def test_export_query_count_does_not_grow_with_the_reviews(as_organiser, scene, make_nomination,
                                                           make_assignment, make_review,
                                                           count_queries):
    ana = scene["jurors"][0]
    make_review(make_assignment(ana, scene["nominations"][0]), [7, 9])
    few = [count_queries(as_organiser, EXPORT + ext) for ext in (".csv", ".xlsx")]
    for nomination in _many(scene["category"], make_nomination, 49):
        make_review(make_assignment(ana, nomination), [5, 6])
    db.session.expire_all()
    assert [count_queries(as_organiser, EXPORT + ext) for ext in (".csv", ".xlsx")] == few


def test_page_query_count_does_not_grow_with_earlier_imports(as_organiser, scene, organiser,
                                                             count_queries):
    def imported(n: int) -> None:
        for i in range(n):
            record("reviews.imported", scene["category"], actor_id=organiser.id,
                   summary={"file": f"acta-{i}.csv", "sha256": "ab" * 32, "reviews": 1,
                            "assignments": 1})
        db.session.commit()
    imported(1)
    few = count_queries(as_organiser, PAGE)
    imported(19)
    db.session.expire_all()
    assert count_queries(as_organiser, PAGE) == few
