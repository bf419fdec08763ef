"""The API's HTTP conventions: pagination, ETag and caching, CORS, JSON errors."""
from __future__ import annotations

import hashlib

from flask import Blueprint

from app.extensions import db
from tests.api.conftest import get_json

ENGLISH = {"Accept-Language": "en"}


# -- pagination -----------------------------------------------------------------------------------

def test_a_page_links_to_the_first_next_and_last(client, editions):
    response = client.get("/api/v1/editions/2026/categories?per_page=1")
    assert [c["code"] for c in response.get_json()["data"]] == ["INN"]
    assert response.get_json()["meta"] == {"page": 1, "per_page": 1, "total": 3, "pages": 3}
    links = response.headers["Link"]
    base = "http://localhost/api/v1/editions/2026/categories"
    assert f'<{base}?page=2&per_page=1>; rel="next"' in links
    assert f'<{base}?page=3&per_page=1>; rel="last"' in links
    assert 'rel="prev"' not in links


def test_the_last_page_links_back_and_not_forward(client, editions):
    response = client.get("/api/v1/editions/2026/categories?per_page=2&page=2")
    assert [c["code"] for c in response.get_json()["data"]] == ["ESP"]
    assert 'page=1&per_page=2>; rel="prev"' in response.headers["Link"]
    assert 'rel="next"' not in response.headers["Link"]


def test_a_page_past_the_end_is_empty(client, editions):
    body = get_json(client, "/api/v1/editions?page=9")
    assert body["data"] == [] and body["meta"]["total"] == 2


def test_unreadable_paging_parameters_are_refused_with_a_reason(client, editions):
    for query in ("per_page=101", "per_page=0", "page=0", "page=abc", "page=1.5", "page=-1",
                  "page=1&page=2", "page=99999999999999999999"):
        body = get_json(client, f"/api/v1/editions?{query}", 400, headers=ENGLISH)
        assert body["error"]["code"] == "bad_request", query
        assert "page" in body["error"]["message"], query
    message = get_json(client, "/api/v1/rankings/2026-T3?quarters=13", 400, headers=ENGLISH)
    assert message["error"]["message"] == ("The parameter quarters must be a whole number from "
                                           "1 to 12.")


# -- ETag and caching -----------------------------------------------------------------------------

def test_answers_carry_a_strong_etag_over_the_body_and_a_public_cache(client, editions):
    response = client.get("/api/v1/editions/2026")
    assert response.headers["ETag"] == f'"{hashlib.sha256(response.get_data()).hexdigest()}"'
    assert response.headers["Cache-Control"] == "public, max-age=60"


def test_a_current_copy_gets_304_without_a_body(client, editions):
    etag = client.get("/api/v1/editions/2026/categories").headers["ETag"]
    for sent in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        response = client.get("/api/v1/editions/2026/categories", headers={"If-None-Match": sent})
        assert response.status_code == 304 and response.get_data() == b"", sent
        assert response.headers["ETag"] == etag
        assert response.headers["Cache-Control"] == "public, max-age=60"


def test_a_changed_resource_gets_a_new_etag(client, editions):
    etag = client.get("/api/v1/editions/2027").headers["ETag"]
    editions.judging.name = "V Premios Safe City 2027"
    db.session.commit()
    response = client.get("/api/v1/editions/2027", headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.headers["ETag"] != etag


# -- CORS ------------------------------------------------------------------------------------------

def test_any_site_may_read_answers_and_errors(client, editions):
    for url in ("/api/v1/editions", "/api/v1/editions/1999", "/api/v1/nothing-here"):
        assert client.get(url).headers["Access-Control-Allow-Origin"] == "*", url
    assert "ETag" in client.get("/api/v1/editions").headers["Access-Control-Expose-Headers"]


def test_a_preflight_is_answered(client, editions):
    response = client.options("/api/v1/editions/2026/categories", headers={
        "Origin": "https://data.example.org", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "If-None-Match"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]
    assert "If-None-Match" in response.headers["Access-Control-Allow-Headers"]


def test_pages_outside_the_api_get_no_cors_header(client, editions):
    assert "Access-Control-Allow-Origin" not in client.get("/editions/2026").headers


# -- errors ----------------------------------------------------------------------------------------

def test_an_unknown_address_is_a_json_404(client, editions):
    body = get_json(client, "/api/v1/nothing-here", 404)
    assert body["error"]["code"] == "not_found" and body["error"]["message"]


def test_a_write_is_a_json_405_naming_the_allowed_methods(client, editions):
    for method in ("post", "put", "delete", "patch"):
        response = getattr(client, method)("/api/v1/editions")
        assert response.status_code == 405, method
        assert response.get_json()["error"]["code"] == "method_not_allowed"
        assert "GET" in response.headers["Allow"]


def test_too_many_checks_are_a_json_429(app, client, editions):
    app.config["CERTIFICATE_CHECK_RATE_LIMIT"] = "2 per minute"
    url = "/api/v1/certificates/SCA-0000-0000"
    statuses = [client.get(url).status_code for _ in range(2)]
    response = client.get(url, headers=ENGLISH)
    assert statuses == [404, 404] and response.status_code == 429
    assert response.get_json()["error"] == {
        "code": "too_many_requests",
        "message": "Too many attempts in a short time. Please wait a minute and try again."}


def test_an_unexpected_failure_is_a_json_500(database_url):
    from app import create_app
    app = create_app({"TESTING": False, "SQLALCHEMY_DATABASE_URI": database_url,
                      "PROPAGATE_EXCEPTIONS": False})
    boom = Blueprint("boom", __name__)

    @boom.get("/api/v1/boom")
    def explode():
        raise RuntimeError("kaboom")

    app.register_blueprint(boom)
    response = app.test_client().get("/api/v1/boom")
    with app.app_context():
        db.engine.dispose()
    assert response.status_code == 500 and response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.get_json()["error"]["code"] == "internal_server_error"
    assert "kaboom" not in response.get_data(as_text=True)
