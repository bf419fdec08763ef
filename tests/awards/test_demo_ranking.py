"""The demo edition's PER category is decided by the 2026-T3 ranking of Lima and Callao."""
from __future__ import annotations

from sqlalchemy import select

from app.awards import services
from app.editions.models import Category
from app.extensions import db


def _per() -> Category:
    return db.session.scalar(select(Category).where(Category.code == "PER"))


def test_the_demo_per_category_uses_2026_t3_with_the_default_minimum(loaded_demo):
    per = _per()
    assert (per.ranking_period, per.ranking_window_start, per.ranking_min_effective_n) == (
        "2026-T3", None, 100.0)


def test_every_lima_and_callao_district_is_eligible_in_the_demo(loaded_demo):
    per = _per()
    assert len(per.ranking_eligible_codes) == 50
    assert {"150122", "070101"} <= set(per.ranking_eligible_codes)


def test_the_demo_ranking_gives_the_per_category_its_five_places(loaded_demo):
    per = _per()
    preview = services.deliberation(per).preview
    assert [slot.place for slot in preview] == ["gold", "silver", "bronze", "mention", "mention"]
