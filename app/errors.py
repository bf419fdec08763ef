"""Friendly error pages in the visitor's language (JSON for API-style requests)."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from app.editions.freeze import EditionFrozen


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path in {"/healthz", "/readyz"} or (
        request.accept_mimetypes.best == "application/json")


def json_error(status: int, message: str):
    """The API's error body: {"error": {"code": "not_found", "message": "..."}}."""
    code = "_".join(HTTP_STATUS_CODES.get(status, "error").lower().replace("'", "").split())
    return jsonify(error={"code": code, "message": message}), status


def _allow_header(error: HTTPException) -> dict:
    """A 405 names the methods the address accepts (RFC 9110)."""
    return {k: v for k, v in error.get_headers() if k == "Allow"}


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        message = _("Your form expired or was sent from another page. Please go back, "
                    "reload the page and try again; nothing was changed.")
        return render_template("errors/error.html", code=400, title=_("Form expired"),
                               message=message), 400

    @app.errorhandler(IntegrityError)
    def conflict(error: IntegrityError):
        """A database constraint caught what the service checks missed, e.g. two people saving
        the same code at once: nothing was saved, and the user is told so."""
        from app.extensions import db
        db.session.rollback()
        app.logger.warning("integrity error on %s: %s", request.path, error.orig)
        return render_template(
            "errors/error.html", code=409, title=_("Not saved"),
            message=_("This change conflicts with another one saved at the same moment, so "
                      "nothing was saved. Go back, reload the page and try again.")), 409

    @app.errorhandler(EditionFrozen)
    def frozen(error: EditionFrozen):
        """A closed edition refuses writes from any route, even one whose service check was missed."""
        from app.extensions import db
        db.session.rollback()
        if _wants_json():
            return jsonify(error={"code": "edition_closed", "message": str(error)}), 409
        return render_template("errors/error.html", code=409, title=_("Edition closed"),
                               message=str(error)), 409

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        titles = {
            403: _("You do not have access to this page"),
            404: _("Page not found"),
            405: _("Action not allowed"),
            413: _("Request too large"),
            429: _("Too many attempts"),
        }
        messages = {
            403: _("Your account does not have permission for this page. If you think it should, "
                   "contact the organisers."),
            404: _("The page you are looking for does not exist or was moved."),
            413: _("What you sent is larger than this site accepts, so nothing was saved. Please "
                   "send smaller files, or fewer at once."),
            429: _("Too many attempts in a short time. Please wait a minute and try again."),
        }
        code = error.code or 500
        title = titles.get(code, error.name)
        message = messages.get(code, error.description)
        if _wants_json():
            # abort(404, description=...) says more than the generic message; a 429's is its limit
            own = error.description != type(error).description and code != 429
            body, status = json_error(code, error.description if own else messages.get(code, title))
            return body, status, _allow_header(error)
        return render_template("errors/error.html", code=code, title=title,
                               message=message), code, _allow_header(error)

    @app.errorhandler(500)
    def server_error(error):
        # Flask has logged the exception with its traceback (and the request id) already
        if _wants_json():
            return json_error(500, _("An unexpected error occurred on our side. It has been "
                                     "logged; please try again in a few minutes."))
        return render_template(
            "errors/error.html", code=500, title=_("Something went wrong"),
            message=_("An unexpected error occurred on our side. It has been logged; "
                      "please try again in a few minutes.")), 500
