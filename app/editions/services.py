"""Edition rules: the status machine and its checks, categories, rubrics."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Callable

from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.services import record
from app.db_types import utcnow
from app.editions.models import (Category, CategoryKind, Edition, EditionStatus,
                                 RubricCriterion)
from app.extensions import db
from app.i18n import is_valid_timezone


class EditionError(Exception):
    """A refused change, with a message for the organiser."""


@dataclass(frozen=True)
class Transition:
    name: str
    source: EditionStatus
    target: EditionStatus
    check: Callable[[Edition], list[str]]


def current_edition() -> Edition | None:
    """The edition the public sees: the latest one that is no longer a draft."""
    return db.session.scalar(
        select(Edition).where(Edition.status != EditionStatus.DRAFT.value)
        .order_by(Edition.year.desc()).limit(1))


def _check_open_nominations(edition: Edition) -> list[str]:
    problems = []
    if not edition.categories:
        problems.append(_("the edition has no categories"))
    if not edition.nominations_open_at or not edition.nominations_close_at:
        problems.append(_("the nomination dates are not set"))
    elif edition.nominations_close_at <= edition.nominations_open_at:
        problems.append(_("nominations close before they open"))
    for category in edition.categories:
        if not category.admitted_nominee_types:
            problems.append(_("category %(code)s admits no nominee type", code=category.code))
    return problems


def _check_open_judging(edition: Edition) -> list[str]:
    problems = []
    if not edition.judging_close_at:
        problems.append(_("the judging deadline is not set"))
    for category in edition.categories:
        if category.is_jury and not category.criteria:
            problems.append(_("category %(code)s has no rubric", code=category.code))
    return problems


def _no_checks(edition: Edition) -> list[str]:
    return []


def _check_close(edition: Edition) -> list[str]:
    from app.editions.closing import close_problems
    return close_problems(edition)


TRANSITIONS: dict[str, Transition] = {t.name: t for t in [
    Transition("open_nominations", EditionStatus.DRAFT, EditionStatus.NOMINATIONS_OPEN,
               _check_open_nominations),
    Transition("close_nominations", EditionStatus.NOMINATIONS_OPEN, EditionStatus.SCREENING,
               _no_checks),
    Transition("reopen_nominations", EditionStatus.SCREENING, EditionStatus.NOMINATIONS_OPEN,
               _check_open_nominations),
    Transition("open_judging", EditionStatus.SCREENING, EditionStatus.JUDGING, _check_open_judging),
    Transition("open_deliberation", EditionStatus.JUDGING, EditionStatus.DELIBERATION, _no_checks),
    Transition("close", EditionStatus.DELIBERATION, EditionStatus.CLOSED, _check_close),
    Transition("publish", EditionStatus.CLOSED, EditionStatus.PUBLISHED, _no_checks),
]}


def available_transitions(edition: Edition) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if t.source.value == edition.status]


def transition_problems(edition: Edition, name: str) -> list[str]:
    """Why the transition cannot happen now; empty when it can."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        return [_("unknown action")]
    if edition.status != transition.source.value:
        return [_("the edition is not in the right status for this action")]
    return transition.check(edition)


def apply_transition(edition: Edition, name: str, now: datetime | None = None) -> Edition:
    problems = transition_problems(edition, name)
    if problems:
        raise EditionError(_("Not possible: %(reasons)s.", reasons="; ".join(problems)))
    transition = TRANSITIONS[name]
    previous = edition.status
    edition.status = transition.target.value
    edition.status_changed_at = now or utcnow()
    record(f"edition.{name}", edition, summary={"from": previous, "to": edition.status})
    _set_up_status(edition)
    db.session.commit()
    return edition


def _set_up_status(edition: Edition) -> None:
    """What entering a status prepares in other features, in the transition's transaction."""
    if edition.status == EditionStatus.JUDGING.value:
        from app.judging.rounds import ensure_default_round
        for category in edition.categories:
            if category.is_jury:
                ensure_default_round(category)
    if edition.status == EditionStatus.DELIBERATION.value:
        from app.awards.services import fill_provisional_places
        for category in edition.categories:
            fill_provisional_places(category)
    if edition.status == EditionStatus.CLOSED.value:
        from app.editions.closing import finalise
        finalise(edition)
    if edition.status == EditionStatus.PUBLISHED.value:
        edition.published_at = edition.status_changed_at
        from app.notifications.events import results_published
        results_published(edition)
        from app.library.services import refresh_edition
        refresh_edition(edition)


EDITION_FIELDS = ("year", "name", "timezone", "nominations_open_at", "nominations_close_at",
                  "judging_close_at", "ceremony_at", "ceremony_place", "score_aggregation",
                  "juror_normalisation")


def _validate_edition(values: dict, edition: Edition | None) -> None:
    if not is_valid_timezone(values["timezone"]):
        raise EditionError(_("Unknown time zone: %(tz)s.", tz=values["timezone"]))
    clash = db.session.scalar(select(Edition).where(Edition.year == values["year"]))
    if clash is not None and clash is not edition:
        raise EditionError(_("There is already an edition for %(year)d.", year=values["year"]))
    opens, closes = values.get("nominations_open_at"), values.get("nominations_close_at")
    if opens and closes and closes <= opens:
        raise EditionError(_("Nominations must close after they open."))
    judging = values.get("judging_close_at")
    if judging and closes and judging <= closes:
        raise EditionError(_("Judging must close after nominations close."))


def create_edition(values: dict) -> Edition:
    _validate_edition(values, None)
    edition = Edition(**{k: values[k] for k in EDITION_FIELDS if k in values})
    db.session.add(edition)
    record("edition.created", edition, summary={k: values.get(k) for k in EDITION_FIELDS})
    db.session.commit()
    return edition


def update_edition(edition: Edition, values: dict) -> Edition:
    _validate_edition(values, edition)
    if edition.has_reached(EditionStatus.CLOSED):
        raise EditionError(_("The edition is closed; its settings can no longer change."))
    changes = _apply(edition, values, EDITION_FIELDS)
    if changes:
        record("edition.updated", edition, summary=changes)
        db.session.commit()
    return edition


def _apply(obj, values: dict, fields) -> dict:
    """Set the given fields and return {field: [old, new]} for those that changed."""
    changes = {}
    for field in fields:
        if field in values and getattr(obj, field) != values[field]:
            changes[field] = [getattr(obj, field), values[field]]
            setattr(obj, field, values[field])
    return changes


CATEGORY_FIELDS = ("code", "position", "name_es", "name_en", "description_es", "description_en",
                   "kind", "admits_municipality", "admits_person", "admits_institution",
                   "allows_self_nomination", "places_gold", "places_silver", "places_bronze",
                   "mentions", "min_reviews", "max_nominations_per_nominee")


def _validate_category(edition: Edition, values: dict, category: Category | None) -> None:
    code = values["code"]
    clash = next((c for c in edition.categories if c.code == code and c is not category), None)
    if clash is not None:
        raise EditionError(_("Category code %(code)s is already used in this edition.", code=code))
    if not (values.get("admits_municipality") or values.get("admits_person")
            or values.get("admits_institution")):
        raise EditionError(_("Choose at least one kind of nominee."))


def _refuse_after_judging_started(edition: Edition, what: str) -> None:
    if edition.has_reached(EditionStatus.JUDGING):
        raise EditionError(what)


def create_category(edition: Edition, values: dict) -> Category:
    values = {**values, "code": values["code"].strip().upper()}
    _validate_category(edition, values, None)
    _refuse_after_judging_started(
        edition, _("Judging has started: categories can no longer be added."))
    if "position" not in values:
        values["position"] = len(edition.categories) + 1
    category = Category(edition=edition, **{k: values[k] for k in CATEGORY_FIELDS if k in values})
    db.session.add(category)
    record("category.created", category, summary={"edition": edition.year, "code": category.code})
    db.session.commit()
    return category


def update_category(category: Category, values: dict) -> Category:
    values = {**values, "code": values["code"].strip().upper()}
    edition = category.edition
    _validate_category(edition, values, category)
    if edition.has_reached(EditionStatus.JUDGING):
        locked = {"code", "kind", "admits_municipality", "admits_person", "admits_institution"}
        if any(k in values and getattr(category, k) != values[k] for k in locked):
            raise EditionError(_("Judging has started: the code, kind and nominee types of "
                                 "category %(code)s can no longer change.", code=category.code))
    if edition.has_reached(EditionStatus.CLOSED):
        raise EditionError(_("The edition is closed; its categories can no longer change."))
    changes = _apply(category, values, CATEGORY_FIELDS)
    if changes:
        record("category.updated", category, summary=changes)
        db.session.commit()
    return category


CRITERION_FIELDS = ("name_es", "name_en", "guidance_es", "guidance_en", "weight", "scale_min",
                    "scale_max", "is_tie_breaker", "position")


def rubric_is_locked(category: Category) -> bool:
    """A rubric is fixed once judging starts, so every juror scores against the same one."""
    return category.edition.has_reached(EditionStatus.JUDGING)


def _refuse_rubric_change(category: Category) -> None:
    if rubric_is_locked(category):
        raise EditionError(_("Judging has started: the rubric of category %(code)s can no longer "
                             "change.", code=category.code))
    if category.kind != CategoryKind.JURY.value:
        raise EditionError(_("Category %(code)s is decided by the ranking and has no rubric.",
                             code=category.code))


def _validate_criterion(values: dict) -> None:
    if Decimal(values["weight"]) <= 0:
        raise EditionError(_("The weight must be greater than zero."))
    if int(values.get("scale_min", 1)) >= int(values.get("scale_max", 10)):
        raise EditionError(_("The lowest score must be below the highest."))


def _clear_other_tie_breakers(category: Category, keep: RubricCriterion) -> None:
    """At most one tie-break criterion: choosing one unmarks the others."""
    for other in category.criteria:
        if other is not keep and other.is_tie_breaker:
            other.is_tie_breaker = False
    db.session.flush()


def add_criterion(category: Category, values: dict) -> RubricCriterion:
    _refuse_rubric_change(category)
    _validate_criterion(values)
    if "position" not in values:
        values = {**values, "position": len(category.criteria) + 1}
    criterion = RubricCriterion(**{k: values[k] for k in CRITERION_FIELDS if k in values})
    tie_breaker = criterion.is_tie_breaker
    criterion.is_tie_breaker = False
    category.criteria.append(criterion)
    db.session.flush()
    if tie_breaker:
        _clear_other_tie_breakers(category, criterion)
        criterion.is_tie_breaker = True
    record("criterion.created", criterion, summary={"category": category.code, **values})
    db.session.commit()
    return criterion


def update_criterion(criterion: RubricCriterion, values: dict) -> RubricCriterion:
    category = criterion.category
    _refuse_rubric_change(category)
    _validate_criterion(values)
    if values.get("is_tie_breaker"):
        _clear_other_tie_breakers(category, criterion)
    changes = _apply(criterion, values, CRITERION_FIELDS)
    if changes:
        record("criterion.updated", criterion, summary={"category": category.code, **changes})
        db.session.commit()
    return criterion


def delete_criterion(criterion: RubricCriterion) -> None:
    category = criterion.category
    _refuse_rubric_change(category)
    record("criterion.deleted", criterion,
           summary={"category": category.code, "name_es": criterion.name_es})
    category.criteria.remove(criterion)
    db.session.delete(criterion)
    db.session.commit()
