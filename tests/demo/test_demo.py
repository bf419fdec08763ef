"""`flask demo load` can run again without duplicating anything, and leaves other data alone."""
from __future__ import annotations

from sqlalchemy import func, select

from app.accounts.models import User
from app.editions.models import Category, Edition, RubricCriterion
from app.extensions import db
from app.municipalities.models import Municipality
from app.nominations.models import Nomination
from app.perception.models import PerceptionImport


def _counts() -> dict[str, int]:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (User, Edition, Category, RubricCriterion, Municipality, Nomination,
                          PerceptionImport)}


def _load(app, tmp_path):
    app.instance_path = str(tmp_path)
    return app.test_cli_runner().invoke(args=["demo", "load"])


def test_demo_load_twice_creates_no_duplicates(app, tmp_path):
    _load(app, tmp_path)
    first = _counts()
    result = _load(app, tmp_path)
    assert result.exit_code == 0, result.output
    assert _counts() == first


def test_demo_load_if_empty_leaves_an_existing_database_alone(app, tmp_path, make_edition):
    make_edition(2030)
    app.instance_path = str(tmp_path)
    result = app.test_cli_runner().invoke(args=["demo", "load", "--if-empty"])
    assert result.exit_code == 0
    assert _counts()["Edition"] == 1 and _counts()["User"] == 0


def test_demo_logins_never_print_a_password_that_does_not_open_the_account(app, tmp_path):
    _load(app, tmp_path)
    (tmp_path / "demo-logins.txt").write_text("organizacion@demo.premiossafecity.org\twrong-password\n")
    output = app.test_cli_runner().invoke(args=["demo", "logins", "--role", "organiser"]).output
    assert "wrong-password" not in output and "(unknown)" in output
