"""The leaderboard's form: move the ticked nominations, or the first N places, on."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from app.judging.results import FINALIST, NEXT_ROUND, SHORTLISTED

TICKED = "ticked"
TOP = "top"


class MoveForm(FlaskForm):
    scope = RadioField(_l("Which nominations"), default=TICKED,
                       choices=[(TICKED, _l("The ticked nominations")),
                                (TOP, _l("The first places"))],
                       validators=[DataRequired()])
    top_n = IntegerField(_l("Number of places"),
                         validators=[Optional(), NumberRange(min=1, max=10000,
                                                             message=_l("Give a number from 1 on."))])
    target = RadioField(_l("Move them to"), validators=[InputRequired(
        message=_l("Choose where to move the nominations."))])

    def __init__(self, *args, next_round: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.target.choices = [(SHORTLISTED, _l("The shortlist")), (FINALIST, _l("The finalists"))]
        if next_round:
            self.target.choices.append((NEXT_ROUND, _l("The next round")))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.scope.data == TOP and self.top_n.data is None and not self.top_n.errors:
            self.top_n.errors = list(self.top_n.errors) + [
                _l("Give how many of the first places to move.")]
            valid = False
        return valid
