"""The demo's earlier-edition awards: San Miguel's 2024 award among them, loaded once."""
from sqlalchemy import func, select

from app.demo import content
from app.demo.services import ensure_history
from app.extensions import db
from app.library.models import HistoricalAward, LibraryEntry
from app.municipalities.services import seed_districts


def test_the_demo_history_holds_san_miguels_integrated_security_centre(make_user):
    seed_districts()
    make_user("organiser", email=content.ORGANISER["email"])
    ensure_history()
    award = db.session.scalar(select(HistoricalAward).where(HistoricalAward.year == 2024))
    assert award.municipality.name == "San Miguel" and award.place == "gold"
    assert award.title == "Centro Integrado de Seguridad Ciudadana"
    awards = db.session.scalars(select(HistoricalAward)).all()
    assert 5 <= len(awards) <= 7 and all(2019 <= a.year <= 2025 for a in awards)
    assert all("demo" in a.summary for a in awards)


def test_loading_the_demo_history_twice_adds_nothing(make_user):
    seed_districts()
    make_user("organiser", email=content.ORGANISER["email"])
    ensure_history()
    ensure_history()
    assert db.session.scalar(select(func.count()).select_from(HistoricalAward)) == len(content.HISTORY)
    assert db.session.scalar(select(func.count()).select_from(LibraryEntry)) == len(content.HISTORY)
