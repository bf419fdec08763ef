"""Who may configure the ranking category and decide places; used by routes, templates, tests."""
from __future__ import annotations

from app.accounts.permissions import is_organiser
from app.awards import services
from app.awards.models import Award
from app.editions.models import Category


def can_manage_awards(user) -> bool:
    """Deliberation is the organisers' work; jurors and nominators never see it."""
    return is_organiser(user)


def can_change_ranking_settings(user, category: Category, awards: list[Award]) -> bool:
    return can_manage_awards(user) and services.settings_refusal(category, awards) is None


def can_recompute_places(user, category: Category, awards: list[Award]) -> bool:
    return can_manage_awards(user) and services.recompute_refusal(category, awards) is None


def can_confirm_places(user, category: Category, awards: list[Award]) -> bool:
    return can_manage_awards(user) and services.confirm_refusal(category, awards) is None


def can_reopen_places(user, category: Category, awards: list[Award]) -> bool:
    return can_manage_awards(user) and services.reopen_refusal(category, awards) is None


def can_declare_void(user, category: Category, awards: list[Award]) -> bool:
    return can_manage_awards(user) and services.void_refusal(category, awards) is None


def can_undo_void(user, category: Category) -> bool:
    return can_manage_awards(user) and services.undo_void_refusal(category) is None
