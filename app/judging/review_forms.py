"""The scoring form: one score choice and one comment per rubric criterion, built per category."""
from __future__ import annotations

import functools
from typing import NamedTuple

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.editions.models import RubricCriterion
from app.judging.reviews import COMMENT_MAX, OVERALL_COMMENT_MAX, ReviewValues


class Scale(NamedTuple):
    """What the form needs of a criterion: plain values, so a cached form class holds no rows."""
    id: int
    scale_min: int
    scale_max: int


def score_field(criterion: Scale | RubricCriterion) -> str:
    return f"score_{criterion.id}"


def comment_field(criterion: Scale | RubricCriterion) -> str:
    return f"comment_{criterion.id}"


class ReviewFormBase(FlaskForm):
    version = HiddenField()
    overall_comment = TextAreaField(_l("Overall comment"),
                                    validators=[Length(max=OVERALL_COMMENT_MAX)],
                                    render_kw={"rows": 5})

    criteria: list[Scale] = []

    def validate(self, extra_validators=None) -> bool:
        """Besides the fields' own checks: each score, when given, is a whole number on its
        criterion's scale (the choices are not enforced, so a stale page gets a clear message)."""
        valid = super().validate(extra_validators)
        for criterion in self.criteria:
            score = self[score_field(criterion)]
            if parse_score(score.data, criterion) is _INVALID:
                score.errors = list(score.errors) + [
                    _("Choose a score between %(low)d and %(high)d.",
                      low=criterion.scale_min, high=criterion.scale_max)]
                valid = False
        return valid

    def expected_version(self) -> int | None:
        value = str(self.version.data or "").strip()
        return int(value) if value.isdigit() else None

    def values(self) -> ReviewValues:
        """What was typed, as plain values (call after validate())."""
        scores = {c.id: parse_score(self[score_field(c)].data, c) for c in self.criteria}
        return ReviewValues(
            scores={k: v for k, v in scores.items() if v is not _INVALID},
            comments={c.id: (self[comment_field(c)].data or "").strip() for c in self.criteria},
            overall_comment=(self.overall_comment.data or "").strip())


_INVALID = object()


def parse_score(raw, criterion: Scale | RubricCriterion):
    """None for no choice, the integer when on the scale, else the _INVALID marker."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        return _INVALID
    return value if criterion.scale_min <= value <= criterion.scale_max else _INVALID


def review_form(criteria: list[RubricCriterion], **kwargs) -> ReviewFormBase:
    """The form of this rubric, instantiated with Flask-WTF's usual arguments."""
    scales = tuple(Scale(c.id, c.scale_min, c.scale_max) for c in criteria)
    return _form_class(scales)(**kwargs)


@functools.lru_cache(maxsize=256)
def _form_class(scales: tuple[Scale, ...]) -> type[ReviewFormBase]:
    """One class per rubric shape: building a class in every request was a sizeable share of
    each draft save."""
    attributes: dict = {"criteria": list(scales)}
    for criterion in scales:
        attributes[score_field(criterion)] = RadioField(
            choices=[(str(v), str(v)) for v in range(criterion.scale_min, criterion.scale_max + 1)],
            validate_choice=False)
        attributes[comment_field(criterion)] = TextAreaField(
            _l("Comment (optional)"), validators=[Length(max=COMMENT_MAX)], render_kw={"rows": 2})
    return type("ReviewForm", (ReviewFormBase,), attributes)


def fill(form: ReviewFormBase, values: ReviewValues, version: int) -> None:
    """Show stored (or kept) values in a form that was not posted."""
    for criterion in form.criteria:
        score = values.scores.get(criterion.id)
        form[score_field(criterion)].data = None if score is None else str(score)
        form[comment_field(criterion)].data = values.comments.get(criterion.id, "")
    form.overall_comment.data = values.overall_comment
    form.version.data = str(version)


class ReopenForm(FlaskForm):
    reason = TextAreaField(_l("Reason for reopening"),
                           validators=[DataRequired(message=_l("Give a reason for reopening the "
                                                               "review.")),
                                       Length(max=2000)], render_kw={"rows": 2})
