from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateTimeLocalField, DecimalField, IntegerField, SelectField,
                     StringField, TextAreaField, ValidationError)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from app.i18n import is_valid_timezone

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _when(label):
    return DateTimeLocalField(label, format=DATETIME_FORMAT, validators=[Optional()])


class EditionForm(FlaskForm):
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(2000, 2100)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=160)])
    timezone = StringField(_l("Time zone"), default="America/Lima",
                           validators=[DataRequired(), Length(max=64)])
    nominations_open_at = _when(_l("Opening of nominations"))
    nominations_close_at = _when(_l("Closing of nominations"))
    judging_close_at = _when(_l("End of judging"))
    ceremony_at = _when(_l("Ceremony date"))
    ceremony_place = StringField(_l("Ceremony place"), validators=[Length(max=200)])
    score_aggregation = SelectField(_l("Score of a nomination"), choices=[
        ("mean", _l("Mean of the reviews")), ("median", _l("Median of the reviews")),
        ("trimmed_mean", _l("Trimmed mean (without highest and lowest, from 5 reviews)"))])
    juror_normalisation = BooleanField(_l("Also show scores normalised per juror (z-scores)"))

    def validate_timezone(self, field):
        if not is_valid_timezone(field.data or ""):
            raise ValidationError(_l("Unknown time zone; use a name like America/Lima."))


class CategoryForm(FlaskForm):
    code = StringField(_l("Code"), validators=[
        DataRequired(), Length(min=2, max=10),
        Regexp(r"^[A-Za-z][A-Za-z0-9]*$", message=_l("Use letters and digits only, e.g. INN."))])
    position = IntegerField(_l("Order"), validators=[Optional(), NumberRange(0, 999)])
    name_es = StringField(_l("Name (Spanish)"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Name (English)"), validators=[Length(max=200)])
    description_es = TextAreaField(_l("Description (Spanish)"), render_kw={"rows": 4})
    description_en = TextAreaField(_l("Description (English)"), render_kw={"rows": 4})
    kind = SelectField(_l("How it is decided"), choices=[
        ("jury", _l("By the jury, with a rubric")),
        ("ranking", _l("By the perception ranking"))])
    admits_municipality = BooleanField(_l("Municipalities may be nominated"))
    admits_person = BooleanField(_l("People may be nominated"))
    admits_institution = BooleanField(_l("Institutions may be nominated"))
    allows_self_nomination = BooleanField(_l("Self-nomination allowed"), default=True)
    places_gold = IntegerField(_l("Gold places"), default=1, validators=[InputRequired(), NumberRange(0, 20)])
    places_silver = IntegerField(_l("Silver places"), default=1, validators=[InputRequired(), NumberRange(0, 20)])
    places_bronze = IntegerField(_l("Bronze places"), default=1, validators=[InputRequired(), NumberRange(0, 20)])
    mentions = IntegerField(_l("Honourable mentions"), default=0, validators=[InputRequired(), NumberRange(0, 50)])
    min_reviews = IntegerField(_l("Minimum reviews per nomination"), default=3,
                               validators=[InputRequired(), NumberRange(0, 50)])
    max_nominations_per_nominee = IntegerField(
        _l("Nominations per nominee in this category (0 = no limit)"), default=1,
        validators=[InputRequired(), NumberRange(0, 50)])


class CriterionForm(FlaskForm):
    name_es = StringField(_l("Name (Spanish)"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Name (English)"), validators=[Length(max=200)])
    guidance_es = TextAreaField(_l("Guidance for jurors (Spanish)"), render_kw={"rows": 3})
    guidance_en = TextAreaField(_l("Guidance for jurors (English)"), render_kw={"rows": 3})
    weight = DecimalField(_l("Weight"), places=3, validators=[
        InputRequired(), NumberRange(min=0.001, message=_l("The weight must be greater than zero."))])
    scale_min = IntegerField(_l("Lowest score"), default=1, validators=[InputRequired(), NumberRange(0, 100)])
    scale_max = IntegerField(_l("Highest score"), default=10, validators=[InputRequired(), NumberRange(1, 100)])
    is_tie_breaker = BooleanField(_l("Breaks ties"))
    position = IntegerField(_l("Order"), validators=[Optional(), NumberRange(0, 999)])

    def validate_scale_max(self, field):
        if self.scale_min.data is not None and field.data is not None and field.data <= self.scale_min.data:
            raise ValidationError(_l("The highest score must be above the lowest."))
