"""Forms of the jurors' onboarding: profile, conflict declaration, later conflicts, dismissal."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, FieldList, Form, FormField, HiddenField, RadioField,
                     SelectField, StringField, TextAreaField)
from wtforms.validators import DataRequired, Length

REASON_MAX = 1000
NO_CONFLICT = "none"
CONFLICT = "conflict"


class JurorProfileForm(FlaskForm):
    organisation = StringField(_l("Organisation you work for"),
                               validators=[DataRequired(), Length(max=200)],
                               render_kw={"autocomplete": "organization"})
    country = SelectField(_l("Country"), validators=[DataRequired()])
    municipality = SelectField(_l("Municipality you work for, if any"), coerce=int, default=0)
    expertise = TextAreaField(_l("Expertise"), validators=[DataRequired(), Length(max=2000)],
                              render_kw={"rows": 3})
    timezone = SelectField(_l("Time zone for reminders"), default="")


class NomineeAnswerForm(Form):
    """One row of the declaration: no conflict, or a conflict with its reason."""
    nomination_id = HiddenField()
    answer = RadioField(_l("Conflict of interest"), default=NO_CONFLICT,
                        choices=[(NO_CONFLICT, _l("No conflict")),
                                 (CONFLICT, _l("I have a conflict"))])
    reason = TextAreaField(_l("Reason for the conflict"), validators=[Length(max=REASON_MAX)],
                           render_kw={"rows": 2})

    def decision(self) -> str | None:
        """None for no conflict, else the reason (possibly blank, which the service refuses)."""
        return (self.reason.data or "") if self.answer.data == CONFLICT else None


class DeclarationForm(FlaskForm):
    answers = FieldList(FormField(NomineeAnswerForm))
    confirm = BooleanField(
        _l("I have gone through the whole list and have no other conflict of interest in this "
           "category."),
        validators=[DataRequired(message=_l("Confirm that you went through the whole list."))])

    def decisions(self) -> dict[int, str | None]:
        """Nomination id → None or the reason; rows with a malformed id are left out."""
        result = {}
        for entry in self.answers:
            value = entry.form.nomination_id.data or ""
            if value.isdigit():
                result[int(value)] = entry.form.decision()
        return result


class AddConflictForm(FlaskForm):
    reason = TextAreaField(_l("Reason for the conflict"),
                           validators=[DataRequired(), Length(max=REASON_MAX)],
                           render_kw={"rows": 2})


class DismissConflictForm(FlaskForm):
    reason = TextAreaField(_l("Reason for dismissing"),
                           validators=[DataRequired(), Length(max=REASON_MAX)],
                           render_kw={"rows": 2})
    category = HiddenField()
