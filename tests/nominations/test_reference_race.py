"""Two first submissions in a category that has no reference counter yet: the second waits for
the first's counter row instead of failing on it (the load test's last minute found a 409 here)."""
from __future__ import annotations

import threading
import time

from app.editions.models import Category
from app.extensions import db
from app.nominations import services


def _reference_in_own_transaction(app, category_id: int, out: list) -> None:
    with app.app_context():
        category = db.session.get(Category, category_id)
        out.append(services._next_reference(category))
        db.session.commit()
        db.session.remove()


def test_two_first_references_of_a_category_are_numbered_one_after_the_other(app, inn):
    first = services._next_reference(inn)  # uncommitted: the counter row is new and locked
    others: list[str] = []
    racer = threading.Thread(target=_reference_in_own_transaction, args=(app, inn.id, others))
    racer.start()
    time.sleep(0.3)  # the racer reaches the counter while this transaction still holds it
    db.session.commit()
    racer.join(timeout=30)
    assert [first, *others] == ["SCA-2026-INN-0001", "SCA-2026-INN-0002"]
