"""`flask demo close` takes the demo's edition in judging to published results with certificates."""
from __future__ import annotations

from sqlalchemy import func, select

from app.awards.models import Award, AwardStatus
from app.certificates.models import Certificate, CertificateStatus
from app.editions import closing
from app.editions.models import Category, Edition
from app.extensions import db


def _invoke(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result


def test_demo_close_publishes_the_2025_edition_with_seal_and_certificates_once(app, tmp_path):
    app.instance_path = str(tmp_path)
    _invoke(app, "demo", "load")
    result = _invoke(app, "demo", "close", "--processes", "1")
    edition = db.session.scalar(select(Edition).where(Edition.year == 2025))
    assert edition.status == "published" and edition.seal_sha256 in result.output
    assert closing.verify(edition).ok
    for category in edition.categories:
        confirmed = db.session.scalar(select(func.count()).select_from(Award).where(
            Award.category_id == category.id, Award.status == AwardStatus.CONFIRMED.value))
        assert confirmed or category.declared_void_at, category.code
    issued = db.session.scalar(select(func.count()).select_from(Certificate).where(
        Certificate.edition_id == edition.id, Certificate.status == CertificateStatus.ISSUED.value))
    assert issued > 0 and f"{issued} certificate(s) issued" in result.output
    assert db.session.scalar(select(Edition.status).where(Edition.year == 2026)) == "nominations_open"
    _invoke(app, "demo", "close", "--processes", "1")
    db.session.expire_all()
    assert db.session.scalar(select(Edition.seal_sha256).where(Edition.year == 2025)) == \
        edition.seal_sha256
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == issued


def test_demo_close_refuses_an_edition_still_in_its_call(app, make_edition):
    make_edition(2026, status="nominations_open")
    result = app.test_cli_runner().invoke(args=["demo", "close", "--edition", "2026"])
    assert result.exit_code != 0 and "no jury at work yet" in result.output
    assert db.session.scalar(select(func.count()).select_from(Category).where(
        Category.declared_void_at.is_not(None))) == 0
