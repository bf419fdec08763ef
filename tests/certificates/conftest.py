"""A closed edition with every kind of certificate due, built directly on the models.

Due: INN gold (Municipalidad de Jesús María, mayor given), INN mention (Miraflores, submitter
writes in English), ESP gold (a person, with her role), PER gold (San Isidro, from the ranking),
a finalist without a place (Surquillo), and one juror with a submitted review. Not due: PER
silver (provisional), a shortlisted nomination, a juror with only a draft review.
"""
from __future__ import annotations

import io
import subprocess
from datetime import date, datetime, timezone
from types import SimpleNamespace

import pytest
from flask_babel import force_locale
from pypdf import PdfReader

from app.awards.models import Award
from app.certificates.models import Certificate, CertificateSettings
from app.extensions import db
from app.judging.models import Assignment, JurorProfile, Review, Round
from app.nominations.models import Nomination
from sqlalchemy import select

SEAL = "5eal" * 16
INN_ES = "Innovación tecnológica aplicada a la seguridad"
INN_EN = "Technological innovation applied to security"


@pytest.fixture
def english(app):
    """Service messages in English, so tests can match them (the default language is Spanish)."""
    with force_locale("en"):
        yield


def _now():
    return datetime.now(timezone.utc)


@pytest.fixture
def world(make_edition, make_category, make_municipality, make_user):
    edition = make_edition(2026, status="deliberation")
    edition.name = "IV Premios Safe City 2026"
    inn = make_category(edition, "INN", mentions=1)
    inn.name_es, inn.name_en = INN_ES, INN_EN
    esp = make_category(edition, "ESP", admits_municipality=False, admits_person=True,
                        admits_institution=True)
    esp.name_es = "Premios especiales por contribución a la seguridad ciudadana"
    per = make_category(edition, "PER", kind="ranking", criteria=0)
    per.name_es = "Mejor percepción de seguridad ciudadana"
    jesus_maria = make_municipality("Jesús María", "150113")
    jesus_maria.mayor_name = "Jesús Gálvez Núñez"
    miraflores = make_municipality("Miraflores", "150122")
    surquillo = make_municipality("Surquillo", "150141")
    san_isidro = make_municipality("San Isidro", "150131")
    san_borja = make_municipality("San Borja", "150130")
    ana = make_user("nominator", email="ana@example.org", name="Ana Peña")
    bob = make_user("nominator", email="bob@example.org", name="Bob Brown", locale="en")
    carla = make_user("nominator", email="carla@example.org", name="Carla Ríos")

    def nomination(category, submitter, status, number, **nominee):
        n = Nomination(category=category, submitter_id=submitter.id, status=status,
                       reference=f"SCA-2026-{category.code}-{number:04d}",
                       title=f"Programa {number}", submitted_at=_now(), **nominee)
        db.session.add(n)
        return n

    gold = nomination(inn, ana, "finalist", 1, nominee_type="municipality", municipality=jesus_maria)
    mention = nomination(inn, bob, "finalist", 2, nominee_type="municipality", municipality=miraflores)
    finalist = nomination(inn, carla, "finalist", 3, nominee_type="municipality", municipality=surquillo)
    shortlisted = nomination(inn, carla, "shortlisted", 4, nominee_type="municipality",
                             municipality=san_borja)
    person = nomination(esp, carla, "finalist", 5, nominee_type="person",
                        nominee_name="María José Ávila Peña", nominee_role="Comisaria de la PNP")
    db.session.flush()
    confirmed = {"status": "confirmed", "confirmed_at": _now()}
    awards = [Award(category=inn, place="gold", position=1, nomination_id=gold.id, **confirmed),
              Award(category=inn, place="mention", position=2, nomination_id=mention.id, **confirmed),
              Award(category=esp, place="gold", position=1, nomination_id=person.id, **confirmed),
              Award(category=per, place="gold", position=1, municipality_id=san_isidro.id, **confirmed),
              Award(category=per, place="silver", position=2, municipality_id=san_borja.id)]
    db.session.add_all(awards)
    juror = make_user("juror", email="julio@example.org", name="Julio Íñiguez Ñahui")
    idle = make_user("juror", email="ines@example.org", name="Inés Draft")
    db.session.add(JurorProfile(user_id=juror.id, organisation="Pontificia Universidad Católica"))
    round_ = Round(category_id=inn.id, position=1)
    db.session.add_all([
        Review(assignment=Assignment(round=round_, juror_id=juror.id, nomination_id=gold.id),
               status="submitted", submitted_at=_now()),
        Review(assignment=Assignment(round=round_, juror_id=idle.id, nomination_id=mention.id),
               status="draft"),
    ])
    db.session.commit()
    edition.status = "closed"
    edition.sealed_at = _now()
    edition.seal_sha256 = SEAL
    db.session.commit()
    return SimpleNamespace(edition=edition, inn=inn, esp=esp, per=per, ana=ana, bob=bob,
                           carla=carla, juror=juror, idle=idle, gold=gold, mention=mention,
                           finalist=finalist, shortlisted=shortlisted, person=person,
                           awards=awards, san_isidro=san_isidro)


@pytest.fixture
def signed_settings(world):
    """Signatories, city and date, as organisers set them."""
    settings = CertificateSettings(
        edition_id=world.edition.id, wording={}, city="Lima", issue_date=date(2026, 12, 4),
        signatories=[{"name": "Ricardo Núñez", "title_es": "Director de MIC Latinoamérica",
                      "title_en": "Director, MIC Latin America"},
                     {"name": "Lucía Ángeles", "title_es": "Presidenta del jurado",
                      "title_en": "Chair of the jury"}])
    db.session.add(settings)
    db.session.commit()
    return settings


def certificates_of(edition) -> list[Certificate]:
    db.session.expire_all()
    return list(db.session.scalars(select(Certificate).where(Certificate.edition_id == edition.id)
                                   .order_by(Certificate.id)))


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def qr_payloads(pdf: bytes, tmp_path) -> list[str]:
    """Rasterise the PDF (poppler's pdftoppm) and decode its QR codes (zbar's zbarimg)."""
    pdf_path = tmp_path / "certificate.pdf"
    pdf_path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf_path),
                    str(tmp_path / "page")], check=True)
    result = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable",
                             str(tmp_path / "page.png")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()
