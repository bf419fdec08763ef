from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, FieldList, Form, FormField, HiddenField, RadioField, SelectField,
                     StringField, TextAreaField)
from wtforms.validators import DataRequired, Length, Optional

from app.nominations.services import SUMMARY_MAX

CURRENCIES = ["PEN", "USD", "EUR", "COP", "CLP", "MXN", "ARS", "BRL", "BOB", "GTQ", "HNL", "CRC",
              "PYG", "UYU", "DOP", "NIO", "PAB"]


class IndicatorForm(Form):
    indicator = StringField(_l("Indicator"), validators=[Length(max=200)])
    baseline = StringField(_l("Baseline"), validators=[Length(max=60)])
    result = StringField(_l("Result"), validators=[Length(max=60)])
    unit = StringField(_l("Unit"), validators=[Length(max=60)])
    source = StringField(_l("Source"), validators=[Length(max=200)])
    period = StringField(_l("Period"), validators=[Length(max=60)])


class NominationForm(FlaskForm):
    """Every field optional here: drafts store anything; completeness is checked at submission."""

    revision = HiddenField()
    nominee_name = StringField(_l("Nominee's name"), validators=[Length(max=200)])
    nominee_country = StringField(_l("Nominee's country (ISO code, e.g. PE)"), validators=[Length(max=2)])
    nominee_role = StringField(_l("Role or activity"), validators=[Length(max=200)])
    nominee_contact = StringField(_l("Contact (email or phone)"), validators=[Length(max=200)])
    contribution = TextAreaField(_l("Contribution to citizen security"), render_kw={"rows": 6})
    title = StringField(_l("Title of the programme or contribution"), validators=[Length(max=250)])
    summary = TextAreaField(_l("Summary"), render_kw={"rows": 6, "data-maxlength": SUMMARY_MAX})
    problem = TextAreaField(_l("Problem addressed"), render_kw={"rows": 5})
    intervention = TextAreaField(_l("Intervention"), render_kw={"rows": 6})
    results = FieldList(FormField(IndicatorForm), min_entries=3)
    period_start = StringField(_l("Start (month)"), render_kw={"type": "month", "placeholder": "2025-01"})
    period_end = StringField(_l("End (month)"), render_kw={"type": "month", "placeholder": "2025-12"})
    budget_amount = StringField(_l("Budget"), render_kw={"inputmode": "decimal"})
    budget_currency = SelectField(_l("Currency"), choices=[("", "—")] + [(c, c) for c in CURRENCIES],
                                  validators=[Optional()])
    partners = TextAreaField(_l("Partners"), render_kw={"rows": 3})
    evidence_links = TextAreaField(_l("Evidence links (one per line)"), render_kw={"rows": 3})
    publication_consent = BooleanField(_l(
        "I agree that this programme may be published in the library of experiences if it "
        "receives an award or mention"))

    def raw_values(self, formdata) -> dict:
        """The typed values of the fields that were sent: a partial post never blanks the others."""
        values = {name: self[name].data or "" for name in (
            "nominee_name", "nominee_country", "nominee_role", "nominee_contact", "contribution",
            "title", "summary", "problem", "intervention", "period_start", "period_end",
            "budget_amount", "budget_currency", "partners", "evidence_links") if name in formdata}
        if any(key.startswith("results-") for key in formdata):
            values["results"] = [entry.data for entry in self.results.entries]
        return values


class StartNominationForm(FlaskForm):
    category = SelectField(_l("Category"), validators=[DataRequired()])
    nominee_type = RadioField(_l("Who is nominated"), validators=[DataRequired()], choices=[
        ("municipality", _l("A municipality I represent")), ("person", _l("A person")),
        ("institution", _l("An institution"))])
    municipality = SelectField(_l("Municipality"), validators=[Optional()], coerce=int)
    self_nominated = BooleanField(_l("I am nominating myself"))


class WithdrawForm(FlaskForm):
    reason = TextAreaField(_l("Why do you withdraw this nomination?"),
                           validators=[DataRequired(), Length(max=2000)], render_kw={"rows": 3})


class ScreeningForm(FlaskForm):
    """One decision for one nomination or for every one ticked in the list."""

    decision = RadioField(_l("Decision"), validators=[DataRequired(_l("Choose eligible or ineligible."))],
                          choices=[("eligible", _l("Eligible")), ("ineligible", _l("Ineligible"))])
    reason = TextAreaField(_l("Reason (required if ineligible; the submitter reads it)"),
                           validators=[Length(max=2000)], render_kw={"rows": 3})
