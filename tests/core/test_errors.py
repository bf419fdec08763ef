"""Errors reach the user as friendly pages, never as a stack trace."""
from __future__ import annotations

from flask import Blueprint

from app.extensions import db


def test_unexpected_error_shows_the_friendly_500_page(database_url, tmp_path):
    from app import create_app
    app = create_app({"TESTING": False, "SQLALCHEMY_DATABASE_URI": database_url,
                      "PROPAGATE_EXCEPTIONS": False})
    boom = Blueprint("boom", __name__)

    @boom.get("/boom")
    def explode():
        raise RuntimeError("kaboom")

    app.register_blueprint(boom)
    response = app.test_client().get("/boom", headers={"Accept-Language": "en"})
    with app.app_context():
        db.engine.dispose()
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something went wrong" in page
    assert "kaboom" not in page and "Traceback" not in page


def test_csrf_failure_explains_and_changes_nothing(app, client, nominator):
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/login", data={"email": nominator.email, "password": "x"},
                           headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "Form expired" in response.get_data(as_text=True)


def test_a_constraint_violation_is_reported_as_a_conflict_not_a_crash(database_url):
    from app import create_app
    from app.editions.models import Edition
    app = create_app({"TESTING": False, "SQLALCHEMY_DATABASE_URI": database_url,
                      "PROPAGATE_EXCEPTIONS": False})
    clash = Blueprint("clash", __name__)

    @clash.get("/clash")
    def save_twice():
        db.session.add_all([Edition(year=2099, name="a"), Edition(year=2099, name="b")])
        db.session.commit()

    app.register_blueprint(clash)
    response = app.test_client().get("/clash", headers={"Accept-Language": "en"})
    assert response.status_code == 409
    assert "nothing was saved" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Edition).filter_by(year=2099).count() == 0
        db.engine.dispose()
