"""What `flask demo load` builds, loaded once for the module (every test here only reads)."""
from __future__ import annotations

from sqlalchemy import func, select

from app.accounts.models import User
from app.editions.models import Category, Edition, RubricCriterion
from app.extensions import db
from app.municipalities.models import Municipality
from app.nominations.models import Nomination


def _counts() -> dict[str, int]:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (User, Edition, Category, RubricCriterion, Municipality, Nomination)}


def test_demo_load_creates_the_2026_edition_with_its_people(loaded_demo):
    edition = db.session.scalar(select(Edition).where(Edition.year == 2026))
    assert edition.name == "IV Premios Safe City 2026"
    assert edition.status == "nominations_open"
    assert [c.code for c in edition.categories] == ["PER", "ESP", "INN", "RTS", "TDG", "TUR", "PRE", "CRI"]
    counts = _counts()
    assert counts["User"] == 1 + 5 + 10
    assert counts["Municipality"] == 50
    assert counts["Nomination"] >= 10


def test_demo_categories_follow_the_programme(loaded_demo):
    categories = {c.code: c for c in db.session.scalars(select(Category))}
    assert categories["PER"].kind == "ranking" and categories["PER"].criteria == []
    assert categories["ESP"].admitted_nominee_types == ["person", "institution"]
    for code in ("INN", "RTS", "TDG", "TUR", "PRE", "CRI"):
        category = categories[code]
        assert category.admitted_nominee_types == ["municipality"]
        assert 4 <= len(category.criteria) <= 6
        assert sum(1 for c in category.criteria if c.is_tie_breaker) == 1


def test_demo_load_prints_logins_that_work(loaded_demo):
    app, output = loaded_demo
    client = app.test_client()
    line = next(l for l in output.splitlines() if l.strip().startswith("organiser"))
    _role, email, password = line.split()
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302
    assert client.get("/organiser/editions").status_code == 200


def test_demo_submitted_nominations_have_reference_codes(loaded_demo):
    submitted = db.session.scalars(select(Nomination).where(Nomination.status == "submitted")).all()
    assert submitted
    for nomination in submitted:
        code = nomination.category.code
        assert nomination.reference.startswith(f"SCA-2026-{code}-")
    drafts = db.session.scalars(select(Nomination).where(Nomination.status == "draft")).all()
    assert all(n.reference is None for n in drafts)


def test_demo_has_nominations_in_every_screening_state_with_pdf_attachments(loaded_demo):
    from app import storage
    from app.nominations.models import Attachment
    statuses = set(db.session.scalars(select(Nomination.status)))
    assert {"draft", "submitted", "eligible", "ineligible"} <= statuses
    attachments = db.session.scalars(select(Attachment)).all()
    assert attachments and all(a.content_type == "application/pdf" for a in attachments)
    assert storage.read(attachments[0].sha256).startswith(b"%PDF-")


def test_demo_representatives_are_confirmed_for_their_municipality(loaded_demo):
    from app.municipalities.models import Representation
    representations = db.session.scalars(select(Representation)).all()
    assert len(representations) == 7 and all(r.is_confirmed for r in representations)


def test_demo_previous_edition_is_in_judging_with_submitted_and_draft_reviews(loaded_demo):
    from app.judging.models import Assignment, Review
    past = db.session.scalar(select(Edition).where(Edition.year == 2025))
    assert past.status == "judging"
    assert db.session.scalar(select(Edition.status).where(Edition.year == 2026)) == "nominations_open"
    statuses = db.session.scalars(select(Review.status).where(Review.version > 0)).all()
    assert statuses.count("submitted") >= 20 and statuses.count("draft") >= 2
    jurors = set(db.session.scalars(select(Assignment.juror_id)))
    assert len(jurors) == 5


def test_demo_imports_every_synthetic_quarter_and_the_2026_t3_microdata(loaded_demo):
    from app.perception.models import PerceptionImport
    imports = db.session.scalars(select(PerceptionImport)).all()
    active = {i.period: i for i in imports if i.active}
    assert len(active) == 11 and "2024-T1" in active
    assert active["2026-T3"].shape == "microdata"
    assert all(i.synthetic for i in imports)
