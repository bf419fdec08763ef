"""Juror profiles: who the juror is and works for; the municipality makes conflicts automatic."""
from __future__ import annotations

import re
from dataclasses import dataclass

from babel import Locale
from babel.dates import get_timezone_location
from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.services import record
from app.extensions import db
from app.i18n import is_valid_timezone
from app.judging.conflicts import detect_automatic_conflicts, remove_stale_automatic_conflicts
from app.judging.models import JurorProfile
from app.municipalities.models import Municipality

PROFILE_FIELDS = ("organisation", "country", "municipality_id", "expertise")
_ISO_COUNTRY = re.compile(r"^[A-Z]{2}$")
# Offered for reminders; without a choice the edition's zone is used.
REMINDER_TIMEZONES = (
    "America/Lima", "America/Bogota", "America/Mexico_City", "America/Santiago",
    "America/Buenos_Aires", "America/Sao_Paulo", "America/Caracas", "America/La_Paz",
    "America/Guatemala", "America/El_Salvador", "America/Costa_Rica", "America/Panama",
    "America/Montevideo", "America/Asuncion", "America/Guayaquil", "America/Havana",
    "America/Santo_Domingo", "Europe/Madrid")


class ProfileError(Exception):
    """A refusal the user can read, and the form field it is about."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ProfileSaved:
    profile: JurorProfile
    changes: dict
    new_conflicts: int
    removed_conflicts: int


def country_codes() -> frozenset[str]:
    """ISO 3166 two-letter codes Babel knows (its numeric regions such as 419 are left out)."""
    return frozenset(code for code in Locale("en").territories if _ISO_COUNTRY.match(code))


def country_choices(locale: str) -> list[tuple[str, str]]:
    """(code, name in the user's language), sorted by name."""
    names = Locale.parse(locale).territories
    return sorted(((code, names.get(code, code)) for code in country_codes()),
                  key=lambda choice: choice[1].casefold())


def timezone_choices(locale: str, current: str | None = None) -> list[tuple[str, str]]:
    """(zone, its place in the user's language), sorted by that name; a zone the juror already
    has keeps its place in the list."""
    zones = REMINDER_TIMEZONES + ((current,) if current and current not in REMINDER_TIMEZONES
                                  and is_valid_timezone(current) else ())
    # Babel names Buenos Aires by its tz link ("Argentina/Buenos Aires"); keep the city only.
    labels = [(zone, get_timezone_location(zone, locale=locale).replace("Argentina/", ""))
              for zone in zones]
    return sorted(((zone, label[:1].upper() + label[1:]) for zone, label in labels),
                  key=lambda choice: choice[1].casefold())


def profile_of(user) -> JurorProfile | None:
    return db.session.scalar(select(JurorProfile).where(JurorProfile.user_id == user.id))


def save_profile(user, organisation: str, country: str, municipality_id: int | None,
                 expertise: str, timezone: str | None = None) -> ProfileSaved:
    """Create or update the juror's profile and their time zone for reminders (None: the
    edition's); a new municipality refreshes their automatic conflicts in the editions not
    closed yet. Audited; one commit."""
    values = {"organisation": (organisation or "").strip(),
              "country": (country or "").strip().upper(),
              "municipality_id": municipality_id or None,
              "expertise": (expertise or "").strip()}
    if not values["organisation"]:
        raise ProfileError(_("Tell us the organisation you work for."), "organisation")
    if values["country"] not in country_codes():
        raise ProfileError(_("Choose your country."), "country")
    if values["municipality_id"] is not None and db.session.get(
            Municipality, values["municipality_id"]) is None:
        raise ProfileError(_("Choose a municipality from the list."), "municipality")
    if not values["expertise"]:
        raise ProfileError(_("Describe your expertise in a few words."), "expertise")
    zone = (timezone or "").strip() or None
    if zone is not None and not is_valid_timezone(zone):
        raise ProfileError(_("Choose a time zone from the list."), "timezone")
    profile = profile_of(user)
    created = profile is None
    if created:
        profile = JurorProfile(user_id=user.id)
        db.session.add(profile)
    changes = {name: [None if created else getattr(profile, name), value]
               for name, value in values.items()
               if created or getattr(profile, name) != value}
    for name, value in values.items():
        setattr(profile, name, value)
    if user.timezone != zone:
        changes["timezone"] = [user.timezone, zone]
        user.timezone = zone
    db.session.flush()
    removed = remove_stale_automatic_conflicts(user) if "municipality_id" in changes else []
    detected = detect_automatic_conflicts(user)
    if changes:
        record("juror_profile.created" if created else "juror_profile.updated", profile,
               actor_id=user.id, summary=changes)
    db.session.commit()
    return ProfileSaved(profile, changes, len(detected), len(removed))
