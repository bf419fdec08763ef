"""The API's HTTP conventions: query parameters, pagination, ETag and caching, CORS, errors.

Path parameters that name nothing answer 404; query parameters that cannot be read answer 400
with a message that says what is expected. Error bodies are built by app/errors.py for every
path under /api/."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import NoReturn, Sequence

from flask import Response, abort, jsonify, request, url_for
from flask_babel import gettext as _

from app.extensions import db

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 10_000
MAX_AGE_SECONDS = 60
_DIGITS = re.compile(r"[0-9]{1,9}")
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Link, Retry-After",
}
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language, If-None-Match",
    "Access-Control-Max-Age": "86400",
}


def bad_request(message: str) -> NoReturn:
    abort(400, description=message)


def not_found(message: str) -> NoReturn:
    abort(404, description=message)


def int_arg(name: str, default: int, low: int, high: int) -> int:
    """A whole-number query parameter within [low, high]; 400 with a clear message otherwise."""
    values = request.args.getlist(name)
    if not values:
        return default
    if len(values) > 1:
        bad_request(_("Give the parameter %(name)s only once.", name=name))
    text = values[0].strip()
    if not _DIGITS.fullmatch(text) or not low <= int(text) <= high:
        bad_request(_("The parameter %(name)s must be a whole number from %(low)d to %(high)d.",
                      name=name, low=low, high=high))
    return int(text)


@dataclass(frozen=True)
class PageRequest:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def page_request() -> PageRequest:
    return PageRequest(page=int_arg("page", 1, 1, MAX_PAGE),
                       per_page=int_arg("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE))


@dataclass(frozen=True)
class Page:
    items: Sequence
    request: PageRequest
    total: int

    @property
    def pages(self) -> int:
        return -(-self.total // self.request.per_page)

    def meta(self) -> dict:
        return {"page": self.request.page, "per_page": self.request.per_page,
                "total": self.total, "pages": self.pages}


def page_of_list(items: Sequence, wanted: PageRequest) -> Page:
    """A page of a list already in memory (e.g. an edition's categories)."""
    return Page(items[wanted.offset:wanted.offset + wanted.per_page], wanted, len(items))


def page_of_query(statement, wanted: PageRequest) -> Page:
    """A page of a SELECT, counted in the database."""
    result = db.paginate(statement, page=wanted.page, per_page=wanted.per_page, error_out=False,
                         max_per_page=MAX_PER_PAGE)
    return Page(result.items, wanted, result.total or 0)


def link_header(page: Page, endpoint: str, **values) -> str:
    """RFC 8288 links to the first, previous, next and last pages, keeping per_page."""
    last = max(page.pages, 1)
    targets = {"first": 1, "last": last}
    if page.request.page > 1:
        targets["prev"] = min(page.request.page - 1, last)
    if page.request.page < last:
        targets["next"] = page.request.page + 1
    return ", ".join(
        f'<{url_for(endpoint, page=number, per_page=page.request.per_page, _external=True, **values)}>'
        f'; rel="{rel}"' for rel, number in targets.items())


def listing(page: Page, data: list, endpoint: str, **values) -> Response:
    """A list answer: {"data": [...], "meta": {...}} with its Link header."""
    response = cached_json({"data": data, "meta": page.meta()})
    response.headers["Link"] = link_header(page, endpoint, **values)
    return response


def cached_json(body) -> Response:
    """JSON with a strong ETag over its bytes and a short public cache; 304 when the client's
    If-None-Match already names it."""
    response = jsonify(body)
    etag = hashlib.sha256(response.get_data()).hexdigest()
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
    response.set_etag(etag)
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE_SECONDS}"
    return response


def add_cors(response: Response) -> Response:
    """Any site may read the API from a browser; a preflight learns what it may send."""
    response.headers.update(CORS_HEADERS)
    if request.method == "OPTIONS":
        response.headers.update(PREFLIGHT_HEADERS)
    return response
