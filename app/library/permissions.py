"""Who may do what in the library: the public reads it, organisers import its history."""
from app.accounts.permissions import is_organiser


def can_manage_history(user) -> bool:
    return is_organiser(user)
