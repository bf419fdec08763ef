"""Who may do what with accounts; used by routes, templates and tests alike."""
from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user

from app.accounts.models import Role


def is_organiser(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.ORGANISER))


def is_juror(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.JUROR))


def is_nominator(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.NOMINATOR))


def can_deactivate(user, target) -> bool:
    """Organisers deactivate others, never themselves (so an edition always keeps an organiser)."""
    return is_organiser(user) and target.id != user.id


def require(check):
    """Route decorator: anonymous users go to the login page, others without the right get 403."""
    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            from app.extensions import login_manager
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not check(current_user):
                abort(403)
            return view(*args, **kwargs)
        return wrapper
    return decorator


organiser_required = require(is_organiser)
