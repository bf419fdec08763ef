"""Forms of cooperation: the request to replicate a programme, and the organisers' brokering."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from app.cooperation import status
from app.cooperation.labels import DATE_LABELS

LEARNING_GOALS_MAX = 4000
TEXT_MAX = 4000


class ReplicateForm(FlaskForm):
    """"Quiero replicar esta experiencia": the asking municipality, what it wants to learn, a contact."""

    municipality = SelectField(_l("Municipality that asks"), coerce=int,
                               validators=[InputRequired(_l("Choose the municipality that asks."))])
    learning_goals = TextAreaField(
        _l("What would you like to learn from this experience?"),
        validators=[DataRequired(), Length(max=LEARNING_GOALS_MAX)], render_kw={"rows": 6})
    contact_name = StringField(_l("Contact person"), validators=[DataRequired(), Length(max=160)])
    contact_email = EmailField(_l("Contact email"),
                               validators=[DataRequired(), Email(), Length(max=254)])
    contact_phone = StringField(_l("Contact phone"), validators=[Optional(), Length(max=40)],
                                render_kw={"inputmode": "tel"})


class BrokerForm(FlaskForm):
    """The organiser opens an agreement; the host is asked for only when the programme has none."""

    host_municipality = SelectField(_l("Host municipality (whose programme is replicated)"),
                                    coerce=int, validators=[Optional()])
    requested_on = DateField(_l("Date of the request"), validators=[DataRequired()])


class DeclineForm(FlaskForm):
    reason = TextAreaField(_l("Reason (the requesting municipality reads it)"),
                           validators=[DataRequired(), Length(max=2000)], render_kw={"rows": 3})


class TransitionForm(FlaskForm):
    """One step of an agreement (the target status is in the URL); one form per possible step."""

    on = DateField(_l("Date"), validators=[Optional()])
    signatories = TextAreaField(_l("Signatories (name and post, one per line)"),
                                validators=[Length(max=TEXT_MAX)], render_kw={"rows": 3})


class AgreementDetailsForm(FlaskForm):
    """Corrections after the fact: signatories, notes and the date of every step reached."""

    signatories = TextAreaField(_l("Signatories (name and post, one per line)"),
                                validators=[Length(max=TEXT_MAX)], render_kw={"rows": 3})
    notes = TextAreaField(_l("Notes (only the parties and the organisers read them)"),
                          validators=[Length(max=TEXT_MAX)], render_kw={"rows": 5})
    requested_on = DateField(DATE_LABELS[status.REQUESTED], validators=[Optional()])
    signed_on = DateField(DATE_LABELS[status.SIGNED], validators=[Optional()])
    started_on = DateField(DATE_LABELS[status.IN_EXECUTION], validators=[Optional()])
    concluded_on = DateField(DATE_LABELS[status.CONCLUDED], validators=[Optional()])
    withdrawn_on = DateField(DATE_LABELS[status.WITHDRAWN], validators=[Optional()])


class SignedPdfForm(FlaskForm):
    file = FileField(_l("Signed agreement (PDF)"),
                     validators=[FileRequired(_l("Choose the PDF of the signed agreement."))])
