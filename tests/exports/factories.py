"""A judged edition built directly on the models: nominations, jurors, assignments, reviews,
a certificate and a perception ranking, so export and audit tests set up only what they need."""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal

from app import storage
from app.accounts.models import User
from app.certificates.models import Certificate
from app.editions.models import Category, Edition
from app.extensions import db
from app.judging.models import (Assignment, ConflictDeclaration, Review, ReviewScore,
                                ReviewStatus, Round)
from app.judging.rounds import ensure_default_round
from app.municipalities.models import Municipality
from app.nominations.models import Nomination
from app.perception import services as perception

SUBMITTED_AT = datetime(2026, 3, 2, 3, 30, tzinfo=timezone.utc)  # 1 March, 22:30 in Lima


@dataclass
class Judged:
    edition: Edition
    category: Category
    round: Round
    jurors: list[User]
    nominations: list[Nomination] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)


def add_nomination(category: Category, submitter: User, n: int,
                   status: str = "eligible") -> Nomination:
    municipality = Municipality(name=f"Municipio {n}", country="PE", official_code=f"15{n:04d}")
    nomination = Nomination(
        category=category, submitter_id=submitter.id, status=status,
        nominee_type="municipality", municipality=municipality,
        reference=f"SCA-{category.edition.year}-{category.code}-{n:04d}",
        title=f"Programa {n}", summary=f"Resumen {n}", budget_amount=Decimal("1234.50"),
        budget_currency="PEN", period_start="2024-03", period_end="2025-06",
        submitted_at=SUBMITTED_AT)
    db.session.add(nomination)
    return nomination


def add_review(assignment: Assignment, scores: list[int | None], submitted: bool = True,
               comment: str = "Comentario general") -> Review:
    review = Review(assignment=assignment, overall_comment=comment,
                    status=ReviewStatus.SUBMITTED.value if submitted else ReviewStatus.DRAFT.value,
                    submitted_at=SUBMITTED_AT if submitted else None)
    for criterion, score in zip(assignment.nomination.category.criteria, scores):
        review.scores.append(ReviewScore(criterion_id=criterion.id, score=score,
                                         scale_min=criterion.scale_min,
                                         scale_max=criterion.scale_max,
                                         comment=f"Sobre {criterion.name_es}"))
    db.session.add(review)
    return review


def judged(make_edition, make_category, make_user, nominations: int = 1, jurors: int = 2,
           status: str = "judging") -> Judged:
    """INN (two criteria, weights 10 and 20) in an edition in judging: each nomination reviewed
    and submitted by every juror, each juror declared for the category."""
    edition = make_edition(2026, status=status)
    category = make_category(edition, "INN", min_reviews=2)
    round_ = ensure_default_round(category)
    people = [make_user("juror", email=f"jurado{i + 1}@example.org", name=f"Jurado {i + 1}")
              for i in range(jurors)]
    for juror in people:
        db.session.add(ConflictDeclaration(juror_id=juror.id, category_id=category.id))
    submitter = make_user("nominator", email="nominadora@example.org")
    scene = Judged(edition, category, round_, people)
    add_nominations(scene, submitter, nominations)
    return scene


def add_nominations(scene: Judged, submitter: User, count: int) -> None:
    start = len(scene.nominations)
    for n in range(start + 1, start + count + 1):
        nomination = add_nomination(scene.category, submitter, n)
        scene.nominations.append(nomination)
        for index, juror in enumerate(scene.jurors):
            assignment = Assignment(round=scene.round, juror_id=juror.id, nomination=nomination)
            scene.reviews.append(add_review(assignment, [5 + index, 7 + index]))
    db.session.commit()


def add_certificate(edition: Edition, nomination: Nomination | None, n: int = 1) -> Certificate:
    certificate = Certificate(
        edition_id=edition.id, kind="finalist", nomination_id=nomination.id if nomination else None,
        recipient_name=f"Municipalidad {n}", recipient_detail="Alcaldesa Rosa Quispe",
        code=f"{n:020d}", short_code=f"SCA-{n:04d}-0000", status="issued", issued_at=SUBMITTED_AT,
        pdf_sha256=storage.store(b"%PDF-1.4 certificado").sha256)
    db.session.add(certificate)
    db.session.commit()
    return certificate


def import_ranking(period: str = "2026-T3") -> None:
    """Two Lima districts with enough respondents to be ranked (Miraflores better)."""
    db.session.add_all([Municipality(name="Miraflores", country="PE", official_code="150122"),
                        Municipality(name="San Isidro", country="PE", official_code="150131")])
    db.session.commit()
    perception.import_file(io.BytesIO(b"ubigeo,respondents,pct\n150122,400,45.5\n150131,420,52.4\n"),
                           "t3.csv", period, perception.Source(name="Prueba", synthetic=True))
