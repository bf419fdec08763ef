"""Forms of deliberation: the ranking category's settings, confirming places, and the reasons
for reopening places or declaring a category void."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DecimalField, FieldList, Form, FormField, RadioField,
                     SelectField, SelectMultipleField, TextAreaField, ValidationError)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from app.awards import places
from app.awards.services import REASON_MAX, RankingSettings
from app.editions.models import Category

SCOPE_QUARTER, SCOPE_WINDOW = "quarter", "window"
ELIGIBLE_ALL, ELIGIBLE_SELECTED = "all", "selected"


class RankingSettingsForm(FlaskForm):
    scope = RadioField(_l("Ranking used"), default=SCOPE_QUARTER, choices=[
        (SCOPE_QUARTER, _l("One quarter")),
        (SCOPE_WINDOW, _l("Several quarters pooled (a window)"))])
    period = SelectField(_l("Quarter (the last one of a window)"), choices=[],
                         validate_choice=False)
    window_start = SelectField(_l("First quarter of the window"), choices=[],
                               validate_choice=False)
    min_effective_n = DecimalField(_l("Minimum effective sample size"), default=100, places=1,
                                   validators=[InputRequired(), NumberRange(
                                       min=1, max=100000,
                                       message=_l("Use a number between 1 and 100000."))])
    eligibility = RadioField(_l("Eligible municipalities"), default=ELIGIBLE_ALL, choices=[
        (ELIGIBLE_ALL, _l("All municipalities with data")),
        (ELIGIBLE_SELECTED, _l("Only the municipalities ticked below"))])
    eligible_codes = SelectMultipleField(_l("Municipalities"), choices=[], validate_choice=False)

    def validate_window_start(self, field):
        if self.scope.data == SCOPE_WINDOW and not field.data:
            raise ValidationError(_l("Choose the first quarter of the window."))

    def set_periods(self, periods: list[str], category: Category) -> None:
        """Imported quarters, plus the category's own choice even if its data went away."""
        known = list(periods)
        for value in (category.ranking_period, category.ranking_window_start):
            if value and value not in known:
                known.append(value)
        self.period.choices = [(p, p) for p in known]
        self.window_start.choices = [("", "—")] + [(p, p) for p in known]

    def fill(self, category: Category, periods: list[str]) -> None:
        """Show the stored settings, or sensible defaults: the newest quarter, all with data."""
        self.scope.data = SCOPE_WINDOW if category.ranking_window_start else SCOPE_QUARTER
        self.period.data = category.ranking_period or (periods[0] if periods else "")
        self.window_start.data = category.ranking_window_start or ""
        self.min_effective_n.data = category.ranking_min_effective_n or 100
        codes = category.ranking_eligible_codes
        self.eligibility.data = ELIGIBLE_ALL if codes is None else ELIGIBLE_SELECTED
        self.eligible_codes.data = list(codes or [])

    def apply_group(self, action: str, groups: dict[str, list[str]]) -> None:
        """"select:<province>" ticks a whole province, "clear:<province>" unticks it."""
        verb, _sep, province = action.partition(":")
        codes = set(groups.get(province, []))
        current = set(self.eligible_codes.data or [])
        self.eligible_codes.data = sorted(current | codes if verb == "select" else current - codes)
        self.eligibility.data = ELIGIBLE_SELECTED

    def settings(self) -> RankingSettings:
        window = self.scope.data == SCOPE_WINDOW
        selected = self.eligibility.data == ELIGIBLE_SELECTED
        return RankingSettings(
            period=self.period.data or "",
            window_start=(self.window_start.data or None) if window else None,
            min_effective_n=float(self.min_effective_n.data),
            eligible_codes=list(self.eligible_codes.data or []) if selected else None)


class PlaceForm(Form):
    """One row of the confirmation: who gets it, whether it shares the place above, and why."""

    candidate = SelectField(_l("Recipient"), choices=[], validate_choice=False)
    shared = BooleanField(_l("Shares the place above"))
    reason = TextAreaField(_l("Reason"), render_kw={"rows": 2},
                           validators=[Length(max=REASON_MAX)])


class ConfirmPlacesForm(FlaskForm):
    places = FieldList(FormField(PlaceForm))

    def set_candidates(self, options: list[tuple[str, str]]) -> None:
        for entry in self.places:
            entry.form.candidate.choices = [("", "—")] + options

    def choices(self) -> list[places.Choice]:
        return [places.Choice(entry.form.candidate.data or "", bool(entry.form.shared.data),
                              entry.form.reason.data or "") for entry in self.places]


class ReasonForm(FlaskForm):
    """A decision that only needs its reason: declaring a category void, undoing that,
    reopening confirmed places. Each is built with its own prefix, so one page holds several."""

    reason = TextAreaField(_l("Reason"), render_kw={"rows": 3}, validators=[
        DataRequired(message=_l("Give a reason; it is recorded in the audit log.")),
        Length(max=REASON_MAX)])
