from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp


class MunicipalityForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=160)])
    official_name = StringField(_l("Official name"), validators=[Length(max=160)])
    country = StringField(_l("Country (ISO code, 2 letters)"), default="PE", validators=[
        DataRequired(), Regexp(r"^[A-Za-z]{2}$", message=_l("Use the two-letter code, e.g. PE or SV."))])
    region = StringField(_l("Region or department"), validators=[Length(max=120)])
    province = StringField(_l("Province"), validators=[Length(max=120)])
    official_code = StringField(_l("Official code (e.g. UBIGEO)"), validators=[Optional(), Length(max=20)])
    mayor_name = StringField(_l("Mayor's name (for certificates)"), validators=[Length(max=160)])


class RepresentationForm(FlaskForm):
    municipality = SelectField(_l("Municipality"), coerce=int, validators=[DataRequired()])
    position = StringField(_l("Your position"), validators=[DataRequired(), Length(max=160)])
    office_phone = StringField(_l("Office phone"), validators=[DataRequired(), Length(max=40)],
                               render_kw={"autocomplete": "tel", "inputmode": "tel"})
    official_email = EmailField(_l("Official email address (if you have one)"),
                                validators=[Optional(), Email(), Length(max=254)])


class DecisionForm(FlaskForm):
    decision = RadioField(_l("Decision"), choices=[("confirm", _l("Confirm")), ("reject", _l("Reject"))],
                          validators=[DataRequired()])
    reason = TextAreaField(_l("Reason (required to reject)"), validators=[Length(max=1000)])
