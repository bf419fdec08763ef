"""Hybrid judging: paper scores imported from CSV/XLSX (parser, row checks, the all-or-nothing
service, audit, CLI) and submitted reviews exported in the same shape (round trip)."""
from __future__ import annotations

import csv
import hashlib
import io
import zipfile

import openpyxl
import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.judging import imports
from app.judging.imports import (Context, CriterionRef, ExistingReview, ImportRow, JurorRef,
                                 NominationRef, parse, validate)
from app.judging.models import (Assignment, Conflict, Review, ReviewScore, Round, RoundEntry,
                                RoundKind)
from tests.nominations.factories import PDF_BYTES

HEADER = "reference,juror_email,criterion,score,comment\n"


def _codes(problems) -> list[tuple[int | None, str]]:
    return [(p.row, p.code) for p in problems]


# -- reading files (pure) ----------------------------------------------------------------------

def test_english_headers_give_one_row_per_line_with_its_row_number():
    parsed = parse((HEADER + "SCA-2026-INN-0001,ana@example.org,1,7,Clear plan\n").encode())
    assert parsed.problems == []
    assert parsed.rows == [ImportRow(2, "SCA-2026-INN-0001", "ana@example.org", "1", "7",
                                     "Clear plan")]


def test_spanish_headers_are_recognised_whatever_their_case_and_accents():
    text = ("REFERENCIA;Correo electrónico;Criterio;Puntaje;Comentario\n"
            "SCA-1;ana@example.org;2;9;Bien\n")
    (row,) = parse(text.encode()).rows
    assert (row.reference, row.juror_email, row.criterion, row.score, row.comment) == (
        "SCA-1", "ana@example.org", "2", "9", "Bien")


def test_utf8_byte_order_mark_is_not_part_of_the_first_header():
    parsed = parse(("\ufeff" + HEADER + "SCA-1,ana@example.org,1,7,\n").encode())
    assert parsed.problems == [] and parsed.rows[0].reference == "SCA-1"


def test_cp1252_file_keeps_its_accents():
    text = ("referencia;correo;criterio;puntaje;comentario\n"
            "SCA-1;ana@example.org;Gestión;7;Muy buena ejecución\n")
    (row,) = parse(text.encode("cp1252")).rows
    assert (row.criterion, row.comment) == ("Gestión", "Muy buena ejecución")


def test_latin1_bytes_outside_cp1252_still_decode():
    data = (HEADER + "SCA-1,ana@example.org,1,7,").encode() + b"a\x81b\n"
    (row,) = parse(data).rows
    assert row.comment == "a\x81b"


@pytest.mark.parametrize("separator", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
def test_each_separator_is_detected(separator):
    text = separator.join(["reference", "juror_email", "criterion", "score"]) + "\n" + \
        separator.join(["SCA-1", "ana@example.org", "1", "7"]) + "\n"
    (row,) = parse(text.encode()).rows
    assert (row.reference, row.score) == ("SCA-1", "7")


def test_blank_lines_are_skipped_and_later_rows_keep_their_file_numbers():
    parsed = parse((HEADER + "\n,,,,\nSCA-1,ana@example.org,1,7,\n").encode())
    assert [r.row for r in parsed.rows] == [4]


def _xlsx(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_numbers_are_read_as_whole_scores():
    data = _xlsx([["Referencia", "Correo", "Criterio", "Puntaje"],
                  ["SCA-1", "ana@example.org", 1, 7], ["SCA-1", "ana@example.org", 2, 8.0]])
    parsed = parse(data)
    assert [(r.row, r.criterion, r.score) for r in parsed.rows] == [(2, "1", "7"), (3, "2", "8")]


def test_missing_required_columns_are_reported_on_the_header_row():
    parsed = parse(b"reference,email,comment\nSCA-1,ana@example.org,x\n")
    (problem,) = parsed.problems
    assert (problem.row, problem.code, problem.params["columns"]) == (1, "missing_columns",
                                                                     ["criterion", "score"])
    assert imports.describe(problem).startswith("Missing columns: criterion, score.")


def test_column_given_twice_is_reported_on_the_header_row():
    parsed = parse(b"reference,juror_email,criterion,score,puntaje\nSCA-1,ana@example.org,1,7,8\n")
    assert _codes(parsed.problems) == [(1, "duplicate_column")]
    assert parsed.problems[0].params["column"] == "puntaje"


def test_file_with_too_many_rows_is_refused(monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 2)
    data = (HEADER + "SCA-1,ana@example.org,1,7,\n" * 3).encode()
    assert _codes(parse(data).problems) == [(None, "too_many_rows")]


def test_header_without_data_rows_is_reported():
    assert _codes(parse(HEADER.encode()).problems) == [(None, "no_rows")]


def test_empty_file_is_reported():
    assert _codes(parse(b" \n\n").problems) == [(None, "empty_file")]


def test_pdf_is_refused_by_its_content_whatever_its_name():
    assert _codes(parse(PDF_BYTES).problems) == [(None, "not_tabular")]


def test_zip_archive_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert _codes(parse(buffer.getvalue()).problems) == [(None, "not_tabular")]


def test_damaged_workbook_is_reported_as_unreadable():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "not xml")
        archive.writestr("xl/workbook.xml", "not xml either")
    assert _codes(parse(buffer.getvalue()).problems) == [(None, "bad_xlsx")]


def test_quote_an_export_puts_before_formula_text_is_removed():
    (row,) = parse((HEADER + "SCA-1,ana@example.org,1,7,'=bien hecho\n").encode()).rows
    assert row.comment == "=bien hecho"


# -- checking rows (pure) ----------------------------------------------------------------------

CATEGORY = "INN (2026)"


def _context(**changes) -> Context:
    """INN with two criteria on 1–10, two eligible nominations and two jurors, nothing assigned."""
    values = dict(
        category=CATEGORY,
        criteria=[CriterionRef(11, 1, "Innovación", "Innovation", 1, 10),
                  CriterionRef(12, 2, "Impacto", "Impact", 1, 10)],
        nominations={"SCA-1": NominationRef(1, "SCA-1", CATEGORY, "eligible", True),
                     "SCA-2": NominationRef(2, "SCA-2", CATEGORY, "eligible", True),
                     "SCA-TUR": NominationRef(3, "SCA-TUR", "TUR (2026)", "eligible", True),
                     "SCA-SUB": NominationRef(4, "SCA-SUB", CATEGORY, "submitted", True),
                     "SCA-OUT": NominationRef(5, "SCA-OUT", CATEGORY, "eligible", False)},
        jurors={"ana@example.org": JurorRef(21, "ana@example.org", True),
                "beto@example.org": JurorRef(22, "beto@example.org", True),
                "nora@example.org": JurorRef(23, "nora@example.org", False)})
    values.update(changes)
    return Context(**values)


def _rows(*lines: str) -> list[ImportRow]:
    """Rows numbered from 2 as under a header: 'reference,email,criterion,score[,comment]'."""
    rows = []
    for number, line in enumerate(lines, start=2):
        cells = line.split(",") + [""]
        rows.append(ImportRow(number, cells[0], cells[1], cells[2], cells[3], cells[4]))
    return rows


def test_rows_of_a_juror_and_nomination_make_one_review():
    plan = validate(_rows("SCA-1,ana@example.org,Innovación,7,Sólido", "SCA-1,ana@example.org,2,9"),
                    _context())
    assert plan.ok
    (review,) = plan.reviews
    assert (review.nomination_id, review.juror_id, review.rows) == (1, 21, [2, 3])
    assert {c: (s.score, s.comment) for c, s in review.scores.items()} == {11: (7, "Sólido"),
                                                                          12: (9, "")}
    assert review.action == imports.ACTION_CREATE and review.needs_assignment


def test_criterion_is_found_by_english_name_ignoring_case_and_accents():
    plan = validate(_rows("SCA-1,ana@example.org,INNOVATION,7", "sca-1,ANA@example.org,impácto,9"),
                    _context())
    assert plan.ok and set(plan.reviews[0].scores) == {11, 12}


def test_whole_number_written_with_decimals_is_accepted():
    plan = validate(_rows("SCA-1,ana@example.org,1,7.0", "SCA-1,ana@example.org,2,9"), _context())
    assert plan.reviews[0].scores[11].score == 7


FULL = "SCA-2,beto@example.org,1,5"  # a valid first criterion; each case adds its own rows
ROW_ERRORS = [
    ("unknown_reference", ["SCA-404,ana@example.org,1,7"], 2),
    ("wrong_category", ["SCA-TUR,ana@example.org,1,7"], 2),
    ("not_eligible", ["SCA-SUB,ana@example.org,1,7"], 2),
    ("not_in_round", ["SCA-OUT,ana@example.org,1,7"], 2),
    ("unknown_juror", ["SCA-1,nadie@example.org,1,7"], 2),
    ("not_a_juror", ["SCA-1,nora@example.org,1,7"], 2),
    ("missing_value", ["SCA-1,,1,7"], 2),
    ("unknown_criterion", ["SCA-2,beto@example.org,2,7", "SCA-2,beto@example.org,Costo,7"], 3),
    ("unknown_criterion", ["SCA-2,beto@example.org,2,7", "SCA-2,beto@example.org,3,7"], 3),
    ("score_not_integer", ["SCA-2,beto@example.org,2,7.5"], 2),
    ("score_not_integer", ["SCA-2,beto@example.org,2,siete"], 2),
    ("score_out_of_scale", ["SCA-2,beto@example.org,2,11"], 2),
    ("score_out_of_scale", ["SCA-2,beto@example.org,2,0"], 2),
    ("duplicate_row", ["SCA-2,beto@example.org,2,7", "SCA-2,beto@example.org,Impact,8"], 4),
]


@pytest.mark.parametrize("code, lines, row", ROW_ERRORS,
                         ids=[f"{c}-{i}" for i, (c, _l, _r) in enumerate(ROW_ERRORS)])
def test_each_row_error_is_reported_with_its_row_number(code, lines, row):
    rows = _rows(*lines, FULL) if code != "duplicate_row" else _rows(FULL, *lines)
    plan = validate(rows, _context())
    assert (row, code) in _codes(plan.problems)
    assert not plan.ok


def test_review_lacking_a_criterion_is_reported_at_its_first_row():
    plan = validate(_rows("SCA-1,ana@example.org,1,7", "SCA-2,beto@example.org,2,6"), _context())
    assert _codes(plan.problems) == [(2, "missing_criteria"), (3, "missing_criteria")]
    assert plan.problems[0].params["criteria"] == "Impacto"


def test_conflicted_juror_is_a_row_error():
    plan = validate(_rows("SCA-1,ana@example.org,1,7", "SCA-1,ana@example.org,2,7"),
                    _context(conflicted={(21, 1)}))
    assert _codes(plan.problems) == [(2, "conflicted")]


def test_submitted_online_review_cannot_be_overwritten():
    existing = {(21, 1): ExistingReview("submitted", "online")}
    plan = validate(_rows("SCA-1,ana@example.org,1,7", "SCA-1,ana@example.org,2,7"),
                    _context(assigned={(21, 1)}, reviews=existing))
    assert _codes(plan.problems) == [(2, "submitted_online")]


@pytest.mark.parametrize("existing, action", [
    (ExistingReview("draft", "online"), imports.ACTION_REPLACE_DRAFT),
    (ExistingReview("submitted", "import"), imports.ACTION_REPLACE_IMPORT),
], ids=["online-draft", "earlier-import"])
def test_draft_or_earlier_import_is_replaced(existing, action):
    plan = validate(_rows("SCA-1,ana@example.org,1,7", "SCA-1,ana@example.org,2,7"),
                    _context(assigned={(21, 1)}, reviews={(21, 1): existing}))
    assert plan.ok and plan.reviews[0].action == action and not plan.reviews[0].needs_assignment


def test_every_problem_of_the_file_is_reported_in_row_order():
    plan = validate(_rows("SCA-1,ana@example.org,1,7", "SCA-1,ana@example.org,2,99",
                          "SCA-404,ana@example.org,1,7", "SCA-2,nadie@example.org,1,7"),
                    _context())
    assert _codes(plan.problems) == [(3, "score_out_of_scale"), (4, "unknown_reference"),
                                     (5, "unknown_juror")]


def test_ambiguous_criterion_name_asks_for_the_position():
    criteria = [CriterionRef(11, 1, "Impacto", "Impact", 1, 10),
                CriterionRef(12, 2, "Impacto", "Reach", 1, 10)]
    plan = validate(_rows("SCA-1,ana@example.org,impacto,7"), _context(criteria=criteria))
    assert (2, "ambiguous_criterion") in _codes(plan.problems)


def test_problem_message_names_the_value_and_the_scale():
    plan = validate(_rows("SCA-1,ana@example.org,2,11"), _context())
    lines = imports.problem_lines([p for p in plan.problems if p.code == "score_out_of_scale"])
    assert lines == ["row 2: The score 11 is outside the scale of Impacto (1 to 10)."]


# -- the service (database) --------------------------------------------------------------------

@pytest.fixture
def scene(jury_category, first_round, make_nomination, make_juror):
    """INN in judging: two eligible nominations and two jurors, nothing assigned yet."""
    nominations = [make_nomination(jury_category) for _ in range(2)]
    jurors = [make_juror(email="ana@example.org"), make_juror(email="beto@example.org")]
    return {"category": jury_category, "round": first_round, "nominations": nominations,
            "jurors": jurors}


def _csv(*lines: str) -> bytes:
    return (HEADER + "".join(line + "\n" for line in lines)).encode()


def _full(nomination, email: str, first: int = 7, second: int = 8) -> list[str]:
    return [f"{nomination.reference},{email},1,{first},Comentario {first}",
            f"{nomination.reference},{email},Criterio 2,{second},"]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_import_records_submitted_reviews_with_the_file_as_source(scene):
    n1, _ = scene["nominations"]
    data = _csv(*_full(n1, "ana@example.org", 7, 9))
    imports.import_reviews(scene["category"], data, "acta-jurado.csv")
    (review,) = db.session.scalars(select(Review)).all()
    assert review.is_submitted and review.submitted_at is not None and review.source == "import"
    assert review.source_note == f"acta-jurado.csv · sha256:{hashlib.sha256(data).hexdigest()[:12]}"
    assert sorted((s.score, s.comment) for s in review.scores) == [(7, "Comentario 7"), (9, "")]


def test_row_for_unassigned_juror_creates_an_import_assignment_in_the_current_round(scene):
    n1, _ = scene["nominations"]
    imports.import_reviews(scene["category"], _csv(*_full(n1, "ana@example.org")), "acta.csv")
    (assignment,) = db.session.scalars(select(Assignment)).all()
    assert (assignment.round_id, assignment.juror_id, assignment.nomination_id) == (
        scene["round"].id, scene["jurors"][0].id, n1.id)
    assert assignment.source == "import"


def test_existing_assignment_is_kept_with_its_source(scene, make_assignment):
    n1, _ = scene["nominations"]
    assignment = make_assignment(scene["jurors"][0], n1)
    imports.import_reviews(scene["category"], _csv(*_full(n1, "ana@example.org")), "acta.csv")
    assert _count(Assignment) == 1
    db.session.refresh(assignment)
    assert assignment.source == "manual" and assignment.review.source == "import"


def test_nothing_is_written_when_one_row_fails(scene, audit_events):
    n1, n2 = scene["nominations"]
    data = _csv(*_full(n1, "ana@example.org"), *_full(n2, "beto@example.org", 7, 11))
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_reviews(scene["category"], data, "acta.csv")
    assert _codes(refused.value.plan.problems) == [(5, "score_out_of_scale")]
    assert (_count(Review), _count(Assignment), _count(ReviewScore)) == (0, 0, 0)
    assert audit_events("reviews.imported") == [] and audit_events("review.imported") == []


def test_juror_conflicted_through_their_municipality_is_a_row_error(
        jury_category, first_round, make_nomination, make_juror, make_municipality):
    home = make_municipality("Surco", "150140")
    nomination = make_nomination(jury_category, municipality=home)
    make_juror(email="local@example.org", municipality=home)
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_reviews(jury_category, _csv(*_full(nomination, "local@example.org")),
                               "a.csv")
    assert _codes(refused.value.plan.problems) == [(2, "conflicted")]
    assert _count(Assignment) == 0


def test_declared_conflict_is_a_row_error(scene):
    n1, _ = scene["nominations"]
    db.session.add(Conflict(juror_id=scene["jurors"][1].id, nomination_id=n1.id,
                            kind="declared", reason="Asesoré el proyecto"))
    db.session.commit()
    plan = imports.preview(scene["category"], _csv(*_full(n1, "beto@example.org")), "a.csv")
    assert _codes(plan.problems) == [(2, "conflicted")]


def test_juror_with_a_submitted_online_review_is_refused(scene, make_assignment, make_review):
    n1, _ = scene["nominations"]
    make_review(make_assignment(scene["jurors"][0], n1), [5, 5])
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_reviews(scene["category"], _csv(*_full(n1, "ana@example.org")), "a.csv")
    assert _codes(refused.value.plan.problems) == [(2, "submitted_online")]
    assert sorted(s.score for s in db.session.scalars(select(ReviewScore))) == [5, 5]


def test_online_draft_is_replaced_submitted_and_its_version_raised(scene, make_assignment,
                                                                   make_review):
    n1, _ = scene["nominations"]
    draft = make_review(make_assignment(scene["jurors"][0], n1), [3, None], submitted=False)
    imports.import_reviews(scene["category"], _csv(*_full(n1, "ana@example.org", 6, 4)), "a.csv")
    db.session.refresh(draft)
    assert (draft.status, draft.source, draft.version) == ("submitted", "import", 2)
    assert sorted(s.score for s in draft.scores) == [4, 6]
    assert _count(ReviewScore) == 2


def test_import_is_audited_once_with_counts_and_once_per_review(scene, audit_events):
    n1, n2 = scene["nominations"]
    data = _csv(*_full(n1, "ana@example.org"), *_full(n2, "ana@example.org"),
                *_full(n2, "beto@example.org"))
    imports.import_reviews(scene["category"], data, "acta.csv")
    (event,) = audit_events("reviews.imported")
    assert {k: event.summary[k] for k in ("file", "rows", "reviews", "created", "assignments")} == {
        "file": "acta.csv", "rows": 6, "reviews": 3, "created": 3, "assignments": 3}
    assert event.summary["sha256"] == hashlib.sha256(data).hexdigest()
    assert len(audit_events("review.imported")) == 3


def test_nomination_of_another_category_is_reported(scene, judging_edition, make_category,
                                                    make_nomination):
    other = make_nomination(make_category(judging_edition, "TUR"))
    plan = imports.preview(scene["category"], _csv(*_full(other, "ana@example.org")), "a.csv")
    assert _codes(plan.problems) == [(2, "wrong_category"), (3, "wrong_category")]
    assert plan.problems[0].params["category"] == "TUR (2026)"


def test_nomination_not_yet_eligible_is_reported(scene, make_nomination):
    pending = make_nomination(scene["category"], status="submitted")
    plan = imports.preview(scene["category"], _csv(*_full(pending, "ana@example.org")), "a.csv")
    assert _codes(plan.problems) == [(2, "not_eligible"), (3, "not_eligible")]


def test_later_round_takes_only_the_nominations_moved_into_it(scene):
    n1, n2 = scene["nominations"]
    final = Round(category_id=scene["category"].id, position=2, kind=RoundKind.FINAL.value)
    db.session.add(final)
    db.session.flush()
    db.session.add(RoundEntry(round_id=final.id, nomination_id=n1.id))
    db.session.commit()
    data = _csv(*_full(n1, "ana@example.org"), *_full(n2, "ana@example.org"))
    plan = imports.preview(scene["category"], data, "a.csv")
    assert _codes(plan.problems) == [(4, "not_in_round"), (5, "not_in_round")]


def test_account_without_the_juror_role_is_reported(scene, make_user):
    n1, _ = scene["nominations"]
    make_user("nominator", email="nora@example.org")
    plan = imports.preview(scene["category"], _csv(*_full(n1, "Nora@Example.org")), "a.csv")
    assert _codes(plan.problems) == [(2, "not_a_juror"), (3, "not_a_juror")]


def test_import_is_refused_before_judging_opens(make_edition, make_category, make_nomination,
                                                make_juror):
    category = make_category(make_edition(2026, status="screening"), "INN")
    nomination = make_nomination(category)
    make_juror(email="ana@example.org")
    plan = imports.preview(category, _csv(*_full(nomination, "ana@example.org")), "a.csv")
    assert _codes(plan.problems) == [(None, "not_judging")]


def test_preview_writes_nothing(scene):
    n1, _ = scene["nominations"]
    plan = imports.preview(scene["category"], _csv(*_full(n1, "ana@example.org")), "a.csv")
    assert plan.ok and plan.created == 1 and plan.new_assignments == 1
    assert (_count(Review), _count(Assignment)) == (0, 0)


def test_category_without_a_round_gets_its_first_round(jury_category, make_nomination, make_juror):
    nomination = make_nomination(jury_category)
    make_juror(email="ana@example.org")
    imports.import_reviews(jury_category, _csv(*_full(nomination, "ana@example.org")), "a.csv")
    (round_,) = db.session.scalars(select(Round)).all()
    assert round_.position == 1 and db.session.scalar(select(Assignment.round_id)) == round_.id


# -- export and round trip ---------------------------------------------------------------------

@pytest.fixture
def reviewed(scene, make_assignment, make_review):
    """Three submitted online reviews (one with a formula-like comment) and one draft."""
    (n1, n2), (ana, beto) = scene["nominations"], scene["jurors"]
    make_review(make_assignment(ana, n1), [7, 9])
    make_review(make_assignment(beto, n1), [4, 6])
    review = make_review(make_assignment(ana, n2), [10, 1])
    review.scores[0].comment = "=SUM(A1); muy buena idea"
    db.session.commit()
    make_review(make_assignment(beto, n2), [2, None], submitted=False)
    return scene


def test_export_has_one_row_per_submitted_review_and_criterion(reviewed):
    n1 = reviewed["nominations"][0]
    rows = imports.export_rows(reviewed["category"])
    assert len(rows) == 6
    assert rows[0] == {"reference": n1.reference, "juror_email": "ana@example.org",
                       "criterion": "Criterio 1", "weight": 10, "scale_min": 1, "scale_max": 10,
                       "score": 7, "source": "online", "comment": ""}


def test_export_leaves_out_reviews_of_a_juror_conflicted_since(reviewed):
    from app.judging.models import Conflict
    n1, (ana, _beto) = reviewed["nominations"][0], reviewed["jurors"]
    db.session.add(Conflict(juror_id=ana.id, nomination_id=n1.id, kind="declared", reason="Asesoró"))
    db.session.commit()
    rows = imports.export_rows(reviewed["category"])
    assert len(rows) == 4
    assert (n1.reference, "ana@example.org") not in {(r["reference"], r["juror_email"]) for r in rows}


def test_exported_csv_has_the_documented_columns_and_no_byte_order_mark_for_scripts(reviewed):
    text = imports.to_csv(imports.export_rows(reviewed["category"]), bom=False).decode()
    header = next(csv.reader(io.StringIO(text)))
    assert header == ["reference", "juror_email", "criterion", "weight", "scale_min", "scale_max",
                      "score", "source", "comment"]


def test_xlsx_export_stores_numbers_as_numbers(reviewed):
    data = imports.to_xlsx(imports.export_rows(reviewed["category"]))
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    first = [cell.value for cell in workbook.active[2]]
    assert first[3:7] == [10, 1, 10, 7] and all(isinstance(v, int) for v in first[3:7])


def _empty_the_reviews() -> None:
    """The same edition, nominations and jurors without any assignment or review."""
    db.session.query(ReviewScore).delete()
    db.session.query(Review).delete()
    db.session.query(Assignment).delete()
    db.session.commit()


@pytest.mark.parametrize("render", [lambda rows: imports.to_csv(rows), imports.to_xlsx],
                         ids=["csv", "xlsx"])
def test_exported_file_reimports_cleanly_into_an_empty_copy(reviewed, render):
    category = reviewed["category"]
    before = imports.export_rows(category)
    _empty_the_reviews()
    plan = imports.import_reviews(category, render(before), "export.csv")
    after = imports.export_rows(category)
    assert plan.created == 3 and _count(Assignment) == 3
    assert after == [{**row, "source": "import"} for row in before]


# -- command line ------------------------------------------------------------------------------

@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def test_cli_import_records_the_reviews(runner, scene, tmp_path):
    n1, _ = scene["nominations"]
    path = tmp_path / "acta.csv"
    path.write_bytes(_csv(*_full(n1, "ana@example.org")))
    result = runner.invoke(args=["reviews", "import", str(path), "--edition", "2026",
                                 "--category", "inn"])
    assert result.exit_code == 0, result.output
    assert "1 submitted review(s) recorded from 2 rows" in result.output
    assert _count(Review) == 1


def test_cli_dry_run_writes_nothing(runner, scene, tmp_path):
    n1, _ = scene["nominations"]
    path = tmp_path / "acta.csv"
    path.write_bytes(_csv(*_full(n1, "ana@example.org")))
    result = runner.invoke(args=["reviews", "import", str(path), "--edition", "2026",
                                 "--category", "INN", "--dry-run"])
    assert result.exit_code == 0
    assert "1 submitted review(s) would be recorded" in result.output
    assert (_count(Review), _count(Assignment)) == (0, 0)


def test_cli_prints_every_problem_with_its_row_and_fails(runner, scene, tmp_path):
    n1, _ = scene["nominations"]
    path = tmp_path / "acta.csv"
    path.write_bytes(_csv(f"{n1.reference},ana@example.org,1,12,", "SCA-404,ana@example.org,2,5,"))
    result = runner.invoke(args=["reviews", "import", str(path), "--edition", "2026",
                                 "--category", "INN", "--dry-run"])
    assert result.exit_code == 1
    assert "row 2: The score 12 is outside the scale of Criterio 1 (1 to 10)." in result.output
    assert "row 3: No nomination has the reference SCA-404." in result.output
    assert _count(Review) == 0


def test_cli_export_writes_one_row_per_review_and_criterion(runner, reviewed, tmp_path):
    out = tmp_path / "inn.csv"
    result = runner.invoke(args=["reviews", "export", "--edition", "2026", "--category", "INN",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 6 and rows[0]["juror_email"] == "ana@example.org"
    assert rows[0]["score"] == "7" and rows[0]["source"] == "online"


def test_cli_refuses_an_unknown_category(runner, scene, tmp_path):
    result = runner.invoke(args=["reviews", "export", "--edition", "2026", "--category", "XYZ",
                                 "--out", str(tmp_path / "x.csv")])
    assert result.exit_code == 1 and "has no category XYZ" in result.output
