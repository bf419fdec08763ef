from flask_wtf import FlaskForm
from wtforms import HiddenField


class LanguageForm(FlaskForm):
    locale = HiddenField()
    next = HiddenField()
