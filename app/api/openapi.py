"""The OpenAPI 3.1 document of /api/v1, as data. It describes exactly what app/api/serializers.py
returns; tests validate the document, its examples, and the live API against it (schemathesis).
The human page /api/v1/docs is rendered from it."""
from __future__ import annotations

import copy
import json

from app.api.http import DEFAULT_PER_PAGE, MAX_AGE_SECONDS, MAX_PAGE, MAX_PER_PAGE
from app.api.queries import EDITION_YEARS, PUBLIC_STATUSES
from app.awards.models import Place
from app.certificates.models import CertificateKind
from app.editions.models import CategoryKind, NomineeType
from app.perception.periods import MAX_WINDOW_QUARTERS

VERSION = "1.0.0"
SERVER = "/api/v1"

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
NUMBER = {"type": "number"}
BOOLEAN = {"type": "boolean"}
TIME = {"type": "string", "format": "date-time"}
URL = {"type": "string", "format": "uri"}
SHA256 = {"type": "string", "pattern": "^[0-9a-f]{64}$"}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict) -> dict:
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    result = copy.deepcopy(schema)
    result["type"] = [schema["type"], "null"]
    return result


def _object(properties: dict, description: str = "") -> dict:
    """A closed object whose every property is always present (null where it says so)."""
    schema = {"type": "object", "additionalProperties": False, "required": list(properties),
              "properties": properties}
    if description:
        schema["description"] = description
    return schema


def _enum(values) -> dict:
    return {"type": "string", "enum": [getattr(v, "value", v) for v in values]}


def _list_of(name: str) -> dict:
    return _object({"data": {"type": "array", "items": _ref(name)}, "meta": _ref("PageMeta")})


# -- schemas ------------------------------------------------------------------------------------

def _schemas() -> dict:
    text = _nullable(STRING)
    source = {"period": STRING, "name": STRING, "organisation": text, "note": text,
              "synthetic": {**BOOLEAN, "description": "True for demonstration data, not a real "
                                                      "survey."}}
    return {
        "Error": _object({"error": _object({
            "code": {**STRING, "description": "Machine-readable: bad_request, not_found, "
                                               "method_not_allowed, too_many_requests, "
                                               "internal_server_error."},
            "message": {**STRING, "description": "For people, in the language asked for by "
                                                  "Accept-Language (Spanish by default)."}})}),
        "PageMeta": _object({"page": {**INTEGER, "minimum": 1},
                             "per_page": {**INTEGER, "minimum": 1, "maximum": MAX_PER_PAGE},
                             "total": {**INTEGER, "minimum": 0},
                             "pages": {**INTEGER, "minimum": 0}}),
        "Edition": _object({
            "year": INTEGER,
            "name": STRING,
            "status": {**_enum(PUBLIC_STATUSES), "description": "Draft editions are never listed."},
            "timezone": {**STRING, "description": "IANA time zone of the edition's dates."},
            "nominations_open_at": _nullable(TIME),
            "nominations_close_at": _nullable(TIME),
            "judging_close_at": _nullable(TIME),
            "ceremony_at": _nullable(TIME),
            "ceremony_place": text,
            "results_published": BOOLEAN,
            "published_at": _nullable(TIME),
            "links": _object({"self": URL, "categories": URL,
                              "results": {**_nullable(URL),
                                          "description": "Null until the results are published."},
                              "page": URL}),
        }),
        "EditionList": _list_of("Edition"),
        "Criterion": _object({"name_es": STRING, "name_en": text, "guidance_es": text,
                              "guidance_en": text,
                              "weight_percent": {**NUMBER, "minimum": 0, "maximum": 100}}),
        "Category": _object({
            "code": STRING,
            "name_es": STRING,
            "name_en": text,
            "description_es": text,
            "description_en": text,
            "kind": _enum(CategoryKind),
            "nominee_types": {"type": "array", "items": _enum(NomineeType)},
            "places": _object({"gold": {**INTEGER, "minimum": 0},
                               "silver": {**INTEGER, "minimum": 0},
                               "bronze": {**INTEGER, "minimum": 0},
                               "mentions": {**INTEGER, "minimum": 0}},
                              "How many places of each kind the category may award."),
            "criteria": {"type": "array", "items": _ref("Criterion"),
                         "description": "The jury's rubric; empty for ranking categories."},
        }),
        "CategoryList": _list_of("Category"),
        "Municipality": _object({"name": STRING, "code": text, "country": STRING,
                                 "mayor_name": text}),
        "Nominee": _object({"type": _enum(NomineeType), "name": STRING, "role": text,
                            "municipality": _nullable(_ref("Municipality"))}),
        "Place": _object({
            "place": _enum(Place),
            "position": INTEGER,
            "shared": BOOLEAN,
            "nominee": _ref("Nominee"),
            "nomination": {**_nullable(_ref("NominationSummary")),
                           "description": "The programme that won (jury categories)."},
            "ranking": {**_nullable(_ref("RankingFigures")),
                        "description": "The perception index behind the place (ranking "
                                       "categories)."},
            "reason": {**text, "description": "The organisers' recorded reason, if any."},
        }),
        "NominationSummary": _object({"reference": text, "title": STRING, "summary": STRING}),
        "RankingFigures": _object({"pct": _nullable(NUMBER), "ci_low": _nullable(NUMBER),
                                   "ci_high": _nullable(NUMBER), "rank": _nullable(INTEGER)}),
        "CategoryResults": _object({
            "code": STRING, "name_es": STRING, "name_en": text, "kind": _enum(CategoryKind),
            "void": {**BOOLEAN, "description": "Declared void (desierto): no places."},
            "void_reason": text,
            "places": {"type": "array", "items": _ref("Place")},
        }),
        "Seal": _object({
            "sha256": {**_nullable(SHA256),
                       "description": "SHA-256 of the sealed document at document_url."},
            "sealed_at": _nullable(TIME),
            "document_url": URL,
            "score_matrix_url": {**URL, "description": "The anonymised score matrix (CSV)."},
        }),
        "Results": _object({
            "edition": _object({"year": INTEGER, "name": STRING}),
            "published_at": _nullable(TIME),
            "categories": {"type": "array", "items": _ref("CategoryResults")},
            "seal": _ref("Seal"),
            "method": {"type": "object", "additionalProperties": True,
                       "description": "How scores and the ranking were computed, as sealed."},
            "links": _object({"self": URL, "edition": URL, "page": URL}),
        }),
        "Source": _object(source),
        "RankingLinks": _object({"self": URL, "page": URL, "csv": URL}),
        "RankingPeriod": _object({**source, "links": _ref("RankingLinks")}),
        "RankingPeriodList": _list_of("RankingPeriod"),
        "RankingRow": _object({
            "code": {**STRING, "description": "Official code of the municipality (UBIGEO)."},
            "name": STRING,
            "respondents": {**INTEGER, "minimum": 0},
            "effective_n": {**NUMBER, "description": "Kish effective sample size."},
            "pct": {**NUMBER, "description": "Share who feel they may be victims of a crime in "
                                             "the next 12 months, 0-100 (lower ranks higher)."},
            "ci_low": {**_nullable(NUMBER), "description": "Wilson 95 % interval, low end."},
            "ci_high": _nullable(NUMBER),
            "rank": _nullable(INTEGER),
            "rank_best": _nullable(INTEGER),
            "rank_worst": _nullable(INTEGER),
            "status": _enum(["ranked", "insufficient_sample"]),
        }),
        "Ranking": _object({
            "period": STRING,
            "periods": {"type": "array", "items": STRING},
            "quarters": {**INTEGER, "minimum": 1, "maximum": MAX_WINDOW_QUARTERS},
            "synthetic": BOOLEAN,
            "sources": {"type": "array", "items": _ref("Source")},
            "rows": {"type": "array", "items": _ref("RankingRow")},
            "links": _ref("RankingLinks"),
        }),
        "Certificate": _object({
            "code": {**STRING, "description": "The short code printed on the certificate."},
            "valid": BOOLEAN,
            "status": _enum(["valid", "revoked"]),
            "kind": _enum(CertificateKind),
            "recipient": STRING,
            "recipient_detail": text,
            "place": _nullable(_enum(Place)),
            "category": _nullable(_ref("CertificateCategory")),
            "edition": _object({"year": INTEGER, "name": STRING, "seal_sha256": _nullable(SHA256)}),
            "issued_at": _nullable(TIME),
            "revoked_at": _nullable(TIME),
            "revoke_reason": text,
            "replaced_by": {**text, "description": "Short code of the certificate that replaced "
                                                   "this one."},
            "pdf_sha256": _nullable(SHA256),
            "check_url": URL,
        }),
        "CertificateCategory": _object({"code": STRING, "name_es": STRING, "name_en": text}),
    }


# -- parameters, headers and shared responses ------------------------------------------------------

PARAMETERS = {
    "Page": {"name": "page", "in": "query", "required": False,
             "description": "Page number, from 1.",
             "schema": {**INTEGER, "minimum": 1, "maximum": MAX_PAGE, "default": 1}},
    "PerPage": {"name": "per_page", "in": "query", "required": False,
                "description": f"Items per page, at most {MAX_PER_PAGE}.",
                "schema": {**INTEGER, "minimum": 1, "maximum": MAX_PER_PAGE,
                           "default": DEFAULT_PER_PAGE}},
    "Year": {"name": "year", "in": "path", "required": True,
             "description": "Year of the edition.",
             "schema": {**INTEGER, "minimum": EDITION_YEARS[0], "maximum": EDITION_YEARS[1]},
             "example": 2026},
    "Period": {"name": "period", "in": "path", "required": True,
               "description": "A quarter, written 2026-T3 (2026T3, 2026-Q3 and T3 2026 are read "
                              "too). The ranking of a window of several quarters ends here.",
               "schema": {**STRING, "pattern": "^[0-9]{4}-T[1-4]$"}, "example": "2026-T3"},
    "Quarters": {"name": "quarters", "in": "query", "required": False,
                 "description": "Pool this many quarters ending with the period (a window).",
                 "schema": {**INTEGER, "minimum": 1, "maximum": MAX_WINDOW_QUARTERS,
                            "default": 1}},
    "Code": {"name": "code", "in": "path", "required": True,
             "description": "The certificate's short code (SCA-7K2M-9QXP) or the long code of "
                            "its QR link; case, spaces and dashes do not matter.",
             "schema": {**STRING, "minLength": 1, "maxLength": 64}, "example": "SCA-7K2M-9QXP"},
    "IfNoneMatch": {"name": "If-None-Match", "in": "header", "required": False,
                    "description": "The ETag of a copy you have: 304 if it is still current.",
                    "schema": STRING},
}

HEADERS = {
    "ETag": {"description": "Strong validator over the JSON body.", "schema": STRING},
    "Cache-Control": {"description": f"public, max-age={MAX_AGE_SECONDS}", "schema": STRING},
    "Link": {"description": "RFC 8288 links to the first, prev, next and last pages.",
             "schema": STRING},
    "Access-Control-Allow-Origin": {"description": "Always *: any site may read the API.",
                                    "schema": STRING},
}


def _error_example(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message}}


RESPONSES = {
    "NotModified": {"description": "Your copy (If-None-Match) is current; no body.",
                    "headers": {"ETag": {"$ref": "#/components/headers/ETag"},
                                "Cache-Control": {"$ref": "#/components/headers/Cache-Control"}}},
    "BadRequest": {"description": "A query parameter cannot be read; the message says why.",
                   "content": {"application/json": {
                       "schema": _ref("Error"),
                       "example": _error_example(
                           "bad_request", "The parameter per_page must be a whole number from 1 "
                                          "to 100.")}}},
    "NotFound": {"description": "Nothing public has this address (unknown, draft or not yet "
                               "published).",
                 "content": {"application/json": {
                     "schema": _ref("Error"),
                     "example": _error_example("not_found", "No public edition has this year.")}}},
    "TooManyRequests": {"description": "Too many checks from your address; wait a minute.",
                        "content": {"application/json": {
                            "schema": _ref("Error"),
                            "example": _error_example(
                                "too_many_requests", "Too many attempts in a short time. Please "
                                                     "wait a minute and try again.")}}},
    "ServerError": {"description": "Our fault; it was logged.",
                    "content": {"application/json": {
                        "schema": _ref("Error"),
                        "example": _error_example("internal_server_error",
                                                  "An unexpected error occurred on our side.")}}},
}


def _ok(schema: str, example, description: str, listing: bool = False) -> dict:
    headers = {name: {"$ref": f"#/components/headers/{name}"}
               for name in ("ETag", "Cache-Control", "Access-Control-Allow-Origin")}
    if listing:
        headers["Link"] = {"$ref": "#/components/headers/Link"}
    return {"description": description, "headers": headers,
            "content": {"application/json": {"schema": _ref(schema), "example": example}}}


def _operation(operation_id: str, tag: str, summary: str, description: str, parameters: list[str],
               ok: dict, errors: list[str]) -> dict:
    responses = {"200": ok, "304": {"$ref": "#/components/responses/NotModified"}}
    codes = {"BadRequest": "400", "NotFound": "404", "TooManyRequests": "429"}
    for name in errors:
        responses[codes[name]] = {"$ref": f"#/components/responses/{name}"}
    responses["500"] = {"$ref": "#/components/responses/ServerError"}
    return {"get": {
        "operationId": operation_id, "tags": [tag], "summary": summary,
        "description": description,
        "parameters": [{"$ref": f"#/components/parameters/{p}"} for p in parameters + ["IfNoneMatch"]],
        "responses": responses}}


# -- examples -----------------------------------------------------------------------------------

BASE = "https://premios.example.org"
_META = {"page": 1, "per_page": DEFAULT_PER_PAGE, "total": 1, "pages": 1}
EDITION_EXAMPLE = {
    "year": 2026, "name": "IV Premios Safe City 2026", "status": "published",
    "timezone": "America/Lima", "nominations_open_at": "2026-03-01T05:00:00Z",
    "nominations_close_at": "2026-06-30T04:59:59Z", "judging_close_at": "2026-09-15T04:59:59Z",
    "ceremony_at": "2026-11-20T00:00:00Z", "ceremony_place": "Lima",
    "results_published": True, "published_at": "2026-11-21T15:00:00Z",
    "links": {"self": f"{BASE}/api/v1/editions/2026",
              "categories": f"{BASE}/api/v1/editions/2026/categories",
              "results": f"{BASE}/api/v1/editions/2026/results",
              "page": f"{BASE}/editions/2026"},
}
CATEGORY_EXAMPLE = {
    "code": "INN", "name_es": "Innovación tecnológica aplicada a la seguridad",
    "name_en": "Technological innovation applied to security",
    "description_es": "Programas que usan tecnología para prevenir el delito.",
    "description_en": "Programmes that use technology to prevent crime.",
    "kind": "jury", "nominee_types": ["municipality"],
    "places": {"gold": 1, "silver": 1, "bronze": 1, "mentions": 2},
    "criteria": [{"name_es": "Impacto", "name_en": "Impact",
                  "guidance_es": "Resultados medidos.", "guidance_en": "Measured results.",
                  "weight_percent": 60.0},
                 {"name_es": "Innovación", "name_en": "Innovation", "guidance_es": None,
                  "guidance_en": None, "weight_percent": 40.0}],
}
SOURCE_EXAMPLE = {"period": "2026-T3", "name": "Encuesta de percepción", "organisation": "INEI",
                  "note": None, "synthetic": False}
RANKING_LINKS_EXAMPLE = {"self": f"{BASE}/api/v1/rankings/2026-T3",
                         "page": f"{BASE}/ranking/2026-T3", "csv": f"{BASE}/ranking/2026-T3.csv"}
RESULTS_EXAMPLE = {
    "edition": {"year": 2026, "name": "IV Premios Safe City 2026"},
    "published_at": "2026-11-21T15:00:00Z",
    "categories": [
        {"code": "INN", "name_es": "Innovación tecnológica aplicada a la seguridad",
         "name_en": "Technological innovation applied to security", "kind": "jury",
         "void": False, "void_reason": None,
         "places": [{"place": "gold", "position": 1, "shared": False,
                     "nominee": {"type": "municipality", "name": "Jesús María", "role": None,
                                 "municipality": {"name": "Jesús María", "code": "150113",
                                                  "country": "PE",
                                                  "mayor_name": "Jesús Gálvez Núñez"}},
                     "nomination": {"reference": "SCA-2026-INN-0001",
                                    "title": "Centro Integrado de Seguridad",
                                    "summary": "Cámaras y serenazgo coordinados."},
                     "ranking": None, "reason": None}]},
        {"code": "PER", "name_es": "Mejor percepción de seguridad ciudadana", "name_en": None,
         "kind": "ranking", "void": False, "void_reason": None,
         "places": [{"place": "gold", "position": 1, "shared": False,
                     "nominee": {"type": "municipality", "name": "San Isidro", "role": None,
                                 "municipality": {"name": "San Isidro", "code": "150131",
                                                  "country": "PE", "mayor_name": None}},
                     "nomination": None,
                     "ranking": {"pct": 31.4, "ci_low": 27.1, "ci_high": 36.0, "rank": 1},
                     "reason": None}]},
    ],
    "seal": {"sha256": "9f2b" * 16, "sealed_at": "2026-11-20T23:00:00Z",
             "document_url": f"{BASE}/editions/2026/results/seal.json",
             "score_matrix_url": f"{BASE}/editions/2026/results/scores.csv"},
    "method": {"aggregation": "mean", "normalisation": "none"},
    "links": {"self": f"{BASE}/api/v1/editions/2026/results",
              "edition": f"{BASE}/api/v1/editions/2026", "page": f"{BASE}/editions/2026/results"},
}
RANKING_EXAMPLE = {
    "period": "2026-T3", "periods": ["2026-T3"], "quarters": 1, "synthetic": False,
    "sources": [SOURCE_EXAMPLE],
    "rows": [{"code": "150131", "name": "San Isidro", "respondents": 420, "effective_n": 400.0,
              "pct": 31.4, "ci_low": 27.1, "ci_high": 36.0, "rank": 1, "rank_best": 1,
              "rank_worst": 2, "status": "ranked"},
             {"code": "150130", "name": "San Borja", "respondents": 90, "effective_n": 80.0,
              "pct": 30.0, "ci_low": None, "ci_high": None, "rank": None, "rank_best": None,
              "rank_worst": None, "status": "insufficient_sample"}],
    "links": RANKING_LINKS_EXAMPLE,
}
CERTIFICATE_EXAMPLE = {
    "code": "SCA-7K2M-9QXP", "valid": True, "status": "valid", "kind": "award",
    "recipient": "Municipalidad de Jesús María", "recipient_detail": "Alcalde Jesús Gálvez Núñez",
    "place": "gold",
    "category": {"code": "INN", "name_es": "Innovación tecnológica aplicada a la seguridad",
                 "name_en": "Technological innovation applied to security"},
    "edition": {"year": 2026, "name": "IV Premios Safe City 2026", "seal_sha256": "9f2b" * 16},
    "issued_at": "2026-11-22T14:00:00Z", "revoked_at": None, "revoke_reason": None,
    "replaced_by": None, "pdf_sha256": "3c1d" * 16,
    "check_url": f"{BASE}/verify/7K2M9QXPW4RTY6ZA3BCD",
}


# -- the document -----------------------------------------------------------------------------

def document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Safe City Awards public API",
            "version": VERSION,
            "description": (
                "Read-only data of the Safe City Awards (Premios Safe City): editions and their "
                "categories, published results with their seal, the perception-of-insecurity "
                "ranking and the certificate check. Only what the public pages show is here: "
                "draft editions are never listed and results appear once an edition is "
                "published.\n\n"
                "Lists are paginated (`page`, `per_page`) with a `meta` object and a `Link` "
                "header. Every JSON answer carries a strong `ETag` and `Cache-Control: public, "
                f"max-age={MAX_AGE_SECONDS}`; send `If-None-Match` to get 304 when nothing "
                "changed. CORS is open to every origin for GET. Errors are JSON: "
                '`{"error": {"code": "not_found", "message": "..."}}`; a query parameter that '
                "cannot be read answers 400, an address that names nothing public 404."),
        },
        "servers": [{"url": SERVER}],
        "tags": [{"name": "Editions", "description": "Editions, categories and results."},
                 {"name": "Rankings", "description": "The Ranking de Ciudades Seguras."},
                 {"name": "Certificates", "description": "Check a certificate."},
                 {"name": "Document", "description": "This description."}],
        "paths": {
            "/editions": _operation(
                "listEditions", "Editions", "List the editions",
                "Every edition past its draft, newest first.", ["Page", "PerPage"],
                _ok("EditionList", {"data": [EDITION_EXAMPLE], "meta": _META},
                    "A page of editions.", listing=True), ["BadRequest"]),
            "/editions/{year}": _operation(
                "getEdition", "Editions", "One edition",
                "Its status, timeline and links; `links.results` once published.", ["Year"],
                _ok("Edition", EDITION_EXAMPLE, "The edition."), ["NotFound"]),
            "/editions/{year}/categories": _operation(
                "listCategories", "Editions", "The categories of an edition",
                "As the call for nominations shows them: names, kind, who may be nominated, "
                "places and the jury's rubric. Never an outcome.", ["Year", "Page", "PerPage"],
                _ok("CategoryList", {"data": [CATEGORY_EXAMPLE], "meta": _META},
                    "A page of categories.", listing=True), ["BadRequest", "NotFound"]),
            "/editions/{year}/results": _operation(
                "getResults", "Editions", "The published results of an edition",
                "Per category the confirmed places with their nominee and programme, and the "
                "seal: the SHA-256 of the sealed document and links to it and to the anonymised "
                "score matrix. 404 until the edition is published.", ["Year"],
                _ok("Results", RESULTS_EXAMPLE, "The results."), ["NotFound"]),
            "/rankings": _operation(
                "listRankings", "Rankings", "List the quarters with a ranking",
                "Each quarter with survey data, newest first, with its source.",
                ["Page", "PerPage"],
                _ok("RankingPeriodList", {"data": [{**SOURCE_EXAMPLE,
                                                    "links": RANKING_LINKS_EXAMPLE}],
                                          "meta": _META},
                    "A page of quarters.", listing=True), ["BadRequest"]),
            "/rankings/{period}": _operation(
                "getRanking", "Rankings", "The ranking of a quarter or window",
                "Municipalities by perceived insecurity (lower ranks higher), with the 95 % "
                "interval and rank interval; those with too small a sample are listed unranked "
                "at the end. `quarters` pools a window of quarters ending with the period.",
                ["Period", "Quarters"], _ok("Ranking", RANKING_EXAMPLE, "The ranking."),
                ["BadRequest", "NotFound"]),
            "/certificates/{code}": _operation(
                "checkCertificate", "Certificates", "Check a certificate",
                "Whether a certificate is valid or revoked, for whom and for what. Limited per "
                "address (429 beyond it).", ["Code"],
                _ok("Certificate", CERTIFICATE_EXAMPLE, "The certificate."),
                ["NotFound", "TooManyRequests"]),
            "/openapi.json": {"get": {
                "operationId": "getDocument", "tags": ["Document"],
                "summary": "This OpenAPI document",
                "description": "OpenAPI 3.1, as JSON.",
                "parameters": [{"$ref": "#/components/parameters/IfNoneMatch"}],
                "responses": {
                    "200": {"description": "The document.",
                            "content": {"application/json": {"schema": {"type": "object"}}}},
                    "304": {"$ref": "#/components/responses/NotModified"}}}},
            "/docs": {"get": {
                "operationId": "getDocs", "tags": ["Document"],
                "summary": "This documentation as a web page",
                "description": "Rendered from the OpenAPI document.",
                "responses": {"200": {"description": "An HTML page.",
                                      "content": {"text/html": {"schema": STRING}}}}}},
        },
        "components": {"schemas": _schemas(), "parameters": PARAMETERS, "headers": HEADERS,
                       "responses": RESPONSES},
    }


# -- for the human page -------------------------------------------------------------------------

def _resolve(document: dict, item: dict) -> dict:
    while "$ref" in item:
        node = document
        for part in item["$ref"].lstrip("#/").split("/"):
            node = node[part]
        item = node
    return item


def _type_label(schema: dict) -> str:
    label = schema.get("type", "")
    if "minimum" in schema and "maximum" in schema:
        label += f" {schema['minimum']}–{schema['maximum']}"
    if "pattern" in schema:
        label += f" {schema['pattern']}"
    return label


def operations(document: dict) -> list[dict]:
    """Every operation of the document, flattened for the docs page: parameters and responses
    resolved, the example answer pretty-printed."""
    result = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            parameters = [_resolve(document, p) for p in operation.get("parameters", [])]
            responses = []
            example = None
            for status, response in operation["responses"].items():
                response = _resolve(document, response)
                content = response.get("content", {})
                media = next(iter(content), None)
                if status == "200" and media == "application/json" and "example" in content[media]:
                    example = json.dumps(content[media]["example"], indent=2, ensure_ascii=False)
                error = content.get("application/json", {}).get("example") if status != "200" else None
                responses.append({"status": status, "description": response["description"],
                                  "media": media,
                                  "example": json.dumps(error, ensure_ascii=False) if error else None})
            result.append({
                "id": operation["operationId"], "method": method.upper(),
                "path": document["servers"][0]["url"] + path, "tag": operation["tags"][0],
                "summary": operation["summary"], "description": operation["description"],
                "parameters": [{"name": p["name"], "in": p["in"], "required": p["required"],
                                "type": _type_label(p["schema"]),
                                "default": p["schema"].get("default"),
                                "description": p["description"]} for p in parameters],
                "responses": responses, "example": example,
            })
    return result
