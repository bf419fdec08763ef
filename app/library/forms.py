from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField
from wtforms.validators import DataRequired, Length, Regexp


class HistoryUploadForm(FlaskForm):
    file = FileField(_l("Awards of earlier editions (CSV or XLSX)"),
                     validators=[FileRequired(_l("Choose the file to import."))])


class HistoryConfirmForm(FlaskForm):
    """The previewed file, kept in storage under its checksum until the organiser confirms."""
    sha256 = HiddenField(validators=[DataRequired(), Regexp(r"^[0-9a-f]{64}$")])
    filename = HiddenField(validators=[DataRequired(), Length(max=200)])
