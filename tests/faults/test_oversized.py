"""A request body over MAX_CONTENT_LENGTH is refused with a clear 413, never a 500."""
from __future__ import annotations

from app import create_app


def test_the_limit_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("MAX_CONTENT_LENGTH", "1234")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["MAX_CONTENT_LENGTH"] == 1234


def test_an_oversized_form_gets_a_translated_413_page(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post("/login", data={"email": "a@example.org", "password": "x" * 2000},
                           headers={"Accept-Language": "es"})
    assert response.status_code == 413
    assert "text/html" in response.content_type
    assert "nada se guardó" in response.get_data(as_text=True)


def test_an_oversized_request_asking_for_json_gets_a_json_413(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post("/login", data={"email": "a@example.org", "password": "x" * 2000},
                           headers={"Accept": "application/json"})
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "request_entity_too_large"
