"""Safety nets behind the services' own `ensure_not_frozen` checks.

- A flush that inserts, changes or deletes judging rows, places, rounds, conflicts, categories or
  rubrics of a sealed edition (or changes a nomination's status there) raises EditionFrozen, and
  so does a bulk UPDATE or DELETE statement on those tables that reaches a sealed edition. An
  edition is sealed by the close operation (its `sealed_at` is set); that operation and nothing
  else writes inside `frozen_writes_allowed()`.
- A POST to a judging or awards page of a closed edition is refused before the page's own form
  handling, so every such route answers with the same clear message (409).
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

from flask import request
from flask_login import current_user
from sqlalchemy import bindparam, event, inspect, select
from sqlalchemy.orm import Session, lazyload
from sqlalchemy.orm.util import identity_key
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BinaryExpression, BindParameter, BooleanClauseList

from app.accounts.permissions import is_juror, is_organiser
from app.awards.models import Award
from app.editions.freeze import ensure_not_frozen
from app.editions.models import Category, Edition, RubricCriterion
from app.extensions import db
from app.judging.models import (Assignment, Conflict, ConflictDeclaration, Review, ReviewScore,
                                Round, RoundEntry)
from app.nominations.models import Nomination

# Each guarded model's way up to its edition: (relationship, foreign key, parent model).
_PARENT: dict[type, tuple[str | None, str, type]] = {
    Category: ("edition", "edition_id", Edition),
    RubricCriterion: ("category", "category_id", Category),
    Round: ("category", "category_id", Category),
    RoundEntry: (None, "round_id", Round),
    Assignment: ("round", "round_id", Round),
    Review: ("assignment", "assignment_id", Assignment),
    ReviewScore: ("review", "review_id", Review),
    Conflict: ("nomination", "nomination_id", Nomination),
    ConflictDeclaration: (None, "category_id", Category),
    Award: ("category", "category_id", Category),
    Nomination: ("category", "category_id", Category),
}
GUARDED = tuple(cls for cls in _PARENT if cls is not Nomination)

# The blueprints whose POST routes change judging or places.
GUARDED_BLUEPRINTS = frozenset({"assignments", "review_imports", "jurors", "results", "reviews",
                                "awards"})

_allowed: ContextVar[bool] = ContextVar("frozen_writes_allowed", default=False)


@contextmanager
def frozen_writes_allowed() -> Iterator[None]:
    """For the close operation only: its own writes (nomination outcomes) pass the nets."""
    token = _allowed.set(True)
    try:
        yield
    finally:
        _allowed.reset(token)


def is_sealed(edition: Edition | None) -> bool:
    return edition is not None and edition.sealed_at is not None


def edition_of(session: Session, obj, memo: dict | None = None) -> Edition | None:
    """Walk up from a guarded object to its edition: through loaded or assigned relationships
    first (new objects), else through foreign keys (identity map, else one query each). `memo`
    remembers the objects walked through, so a flush of thousands of scores walks up once."""
    memo = {} if memo is None else memo
    walked = []
    while not isinstance(obj, Edition) and id(obj) not in memo:
        walked.append(obj)
        relationship, foreign_key, parent_class = _PARENT[type(obj)]
        parent = obj.__dict__.get(relationship) if relationship else None
        if parent is None:
            key = getattr(obj, foreign_key)
            parent = session.get(parent_class, key) if key is not None else None
        obj = parent
        if obj is None:
            break
    edition = obj if obj is None or isinstance(obj, Edition) else memo[id(obj)]
    memo.update((id(item), edition) for item in walked)
    return edition


def _changes_frozen_data(session: Session, obj) -> bool:
    if isinstance(obj, Nomination):
        return (obj not in session.new and obj not in session.deleted
                and inspect(obj).attrs.status.history.has_changes())
    return obj in session.new or obj in session.deleted or session.is_modified(
        obj, include_collections=False)


@event.listens_for(Session, "before_flush")
def _refuse_frozen_flush(session: Session, flush_context, instances) -> None:
    if _allowed.get():
        return
    memo: dict = {}
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if type(obj) in _PARENT and _changes_frozen_data(session, obj):
            edition = edition_of(session, obj, memo)
            if is_sealed(edition):
                ensure_not_frozen(edition)


def _up_to_edition(model: type):
    """SELECT editions.* FROM model JOIN … JOIN editions: the joins from a guarded table. The
    edition's categories (and their rubrics) load only if asked for: a guard reads its status."""
    statement = select(Edition).options(lazyload(Edition.categories)).select_from(model)
    current = model
    while current is not Edition:
        _relationship, foreign_key, parent_class = _PARENT[current]
        statement = statement.join(parent_class,
                                   getattr(current, foreign_key) == parent_class.id)
        current = parent_class
    return statement


def _loaded_target(session: Session, model: type, whereclause):
    """The one row a statement `… WHERE model.id = :value AND …` targets, when this session has
    it loaded already (a review's version claim, a reopening): no query is needed then."""
    clauses = whereclause.clauses if isinstance(whereclause, BooleanClauseList) else [whereclause]
    if isinstance(whereclause, BooleanClauseList) and whereclause.operator is not operators.and_:
        return None
    for clause in clauses:
        if (isinstance(clause, BinaryExpression) and clause.operator is operators.eq
                and clause.left.compare(model.__table__.c.id)
                and isinstance(clause.right, BindParameter)):
            return session.identity_map.get(identity_key(model, clause.right.value))
    return None


@event.listens_for(Session, "do_orm_execute")
def _refuse_frozen_bulk(state) -> None:
    """A bulk UPDATE/DELETE (e.g. a review's version claim) never reaches a sealed edition."""
    if not (state.is_update or state.is_delete) or _allowed.get() or state.bind_mapper is None:
        return
    model = state.bind_mapper.class_
    if model not in GUARDED:
        return
    whereclause = state.statement.whereclause
    target = _loaded_target(state.session, model, whereclause) if whereclause is not None else None
    if target is not None:
        sealed = edition_of(state.session, target)
        sealed = sealed if is_sealed(sealed) else None
    else:
        statement = _up_to_edition(model).where(Edition.sealed_at.is_not(None))
        if whereclause is not None:
            statement = statement.where(whereclause)
        sealed = state.session.scalars(statement.limit(1)).first()
    if sealed is not None:
        ensure_not_frozen(sealed)


# -- routes -----------------------------------------------------------------------------------

# The edition of a URL's object, by the view argument naming it (in this order): built once, as
# the guard runs before every judging write.
_EDITION_BY_VIEW_ARG = {
    "year": select(Edition).options(lazyload(Edition.categories))
    .where(Edition.year == bindparam("value")),
    **{key: _up_to_edition(model).where(model.id == bindparam("value"))
       for key, model in (("assignment_id", Assignment), ("review_id", Review),
                          ("nomination_id", Nomination), ("category_id", Category))},
}


def _edition_from_view_args(values: dict) -> Edition | None:
    for key, statement in _EDITION_BY_VIEW_ARG.items():
        if key in values:
            return db.session.scalar(statement, {"value": values[key]})
    return None


def refuse_writes_to_frozen_editions() -> None:
    """before_request: a juror's or organiser's POST to a judging or awards page of a closed
    edition gets the closed-edition message (errors.py renders EditionFrozen as a 409)."""
    if request.method != "POST" or request.blueprint not in GUARDED_BLUEPRINTS:
        return
    if not (is_organiser(current_user) or is_juror(current_user)):
        return
    edition = _edition_from_view_args(request.view_args or {})
    if edition is not None:
        ensure_not_frozen(edition)
