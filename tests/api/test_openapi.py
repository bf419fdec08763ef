"""The OpenAPI document is valid, complete, and its examples match its schemas; the human page
is rendered from it and linked from every page's footer."""
from __future__ import annotations

import jsonschema
from openapi_spec_validator import validate

from app.api import openapi


def test_the_document_is_valid_openapi(client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    assert document["openapi"].startswith("3.1") and document["servers"] == [{"url": "/api/v1"}]


def test_the_document_describes_every_api_route(app):
    routes = {rule.rule.removeprefix("/api/v1").replace("<int:", "{").replace("<", "{")
              .replace(">", "}") for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/")}
    assert routes == set(openapi.document()["paths"])


def test_every_example_matches_its_schema():
    document = openapi.document()
    checked = 0
    for path, methods in document["paths"].items():
        for status, response in methods["get"]["responses"].items():
            if "$ref" in response:
                response = document["components"]["responses"][response["$ref"].split("/")[-1]]
            media = response.get("content", {}).get("application/json", {})
            if "example" in media:
                schema = {**media["schema"], "components": document["components"]}
                jsonschema.Draft202012Validator(schema).validate(media["example"])
                checked += 1
    assert checked >= 9


def test_the_docs_page_lists_every_endpoint_with_parameters_and_examples(client):
    page = client.get("/api/v1/docs", headers={"Accept-Language": "en"}).get_data(as_text=True)
    for path in openapi.document()["paths"]:
        assert f"/api/v1{path}</code>" in page, path
    assert "<code>per_page</code>" in page and "Example answer" in page
    assert "IV Premios Safe City 2026" in page
    assert "<script>" not in page and "cdn" not in page.lower()


def test_the_footer_links_to_the_api_docs(client):
    assert 'href="/api/v1/docs"' in client.get("/").get_data(as_text=True)
