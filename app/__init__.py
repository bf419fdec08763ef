"""Safe City Awards: the application factory."""
from __future__ import annotations

from pathlib import Path

from flask import Flask, g, request
from flask_login import current_user

from app.config import load_config
from app.extensions import babel, bootstrap, csrf, db, limiter, login_manager, migrate

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    from app.http_input import CleanInputRequest
    app.request_class = CleanInputRequest
    app.config.update(load_config(Path(app.instance_path)))
    if config:
        app.config.update(config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from app.ops import logging as ops_logging, security
    security.init_app(app)  # first: refuses to start in production with a weak secret
    ops_logging.init_app(app)  # first before_request hook, so every later one logs the request id
    _init_extensions(app)
    _register_blueprints(app)
    _register_hooks(app)
    from app import errors, templating
    errors.register(app)
    templating.register(app)
    from app import cli
    cli.register(app)
    return app


def _init_extensions(app: Flask) -> None:
    from app import models  # noqa: F401  (every model registered before Alembic looks)
    from app.i18n import select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True,
                     compare_type=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(PROJECT_ROOT / "translations"))
    bootstrap.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message_category = "warning"

    from flask_babel import lazy_gettext as _l
    login_manager.login_message = _l("Please log in to see this page.")


def _register_blueprints(app: Flask) -> None:
    from app.accounts.routes import bp as accounts_bp
    from app.api.routes import bp as api_bp
    from app.audit.routes import bp as audit_bp
    from app.awards.routes import bp as awards_bp
    from app.broadcasts.routes import bp as broadcasts_bp
    from app.certificates.routes import bp as certificates_bp
    from app.cooperation.routes import bp as cooperation_bp
    from app.cooperation.routes import organiser_bp as organiser_cooperation_bp
    from app.editions.routes import bp as editions_bp
    from app.exports.routes import bp as exports_bp
    from app.judging.assignment_routes import bp as assignments_bp
    from app.judging.import_routes import bp as review_imports_bp
    from app.judging.juror_routes import bp as jurors_bp
    from app.judging.results_routes import bp as results_bp
    from app.judging.review_routes import bp as reviews_bp
    from app.library.municipality_routes import bp as municipality_pages_bp
    from app.library.routes import admin_bp as library_admin_bp
    from app.library.routes import bp as library_bp
    from app.municipalities.routes import bp as municipalities_bp
    from app.municipalities.routes import representation_bp
    from app.nominations.organiser_routes import bp as organiser_nominations_bp
    from app.notifications.routes import bp as notifications_bp
    from app.nominations.routes import bp as nominations_bp
    from app.perception.organiser_routes import bp as perception_admin_bp
    from app.perception.routes import bp as rankings_bp
    from app.public.routes import bp as public_bp
    from app.publication.routes import bp as results_public_bp
    from app.publication.routes import organiser_bp as closing_bp
    from app.ops.routes import bp as ops_bp

    for bp in (public_bp, accounts_bp, editions_bp, municipalities_bp, representation_bp,
               nominations_bp, rankings_bp, organiser_nominations_bp, jurors_bp,
               perception_admin_bp, review_imports_bp, awards_bp, reviews_bp, results_bp,
               assignments_bp, certificates_bp, results_public_bp, closing_bp, ops_bp,
               cooperation_bp, organiser_cooperation_bp, library_bp, library_admin_bp,
               municipality_pages_bp, api_bp, notifications_bp, audit_bp, exports_bp,
               broadcasts_bp):
        app.register_blueprint(bp)


def _register_hooks(app: Flask) -> None:
    from app.audit import chain  # noqa: F401  (chains every new audit event as it is flushed)
    from app.audit.context import reset_actor_context, set_actor_context
    from app.editions.freeze_guard import refuse_writes_to_frozen_editions
    from app.i18n import share_wtforms_translations

    @app.before_request
    def _bind_actor() -> None:
        user_id = current_user.id if current_user.is_authenticated else None
        g._actor_token = set_actor_context(user_id, request.remote_addr)

    @app.teardown_request
    def _unbind_actor(exc) -> None:
        token = g.pop("_actor_token", None)
        if token is not None:
            reset_actor_context(token)

    app.before_request(refuse_writes_to_frozen_editions)
    app.before_request(share_wtforms_translations)
