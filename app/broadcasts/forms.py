"""The organiser's broadcast form: edition, audience, subject, message; preview or send."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.broadcasts.services import AUDIENCE_LABELS, BODY_MAX, SUBJECT_MAX


class BroadcastForm(FlaskForm):
    edition = SelectField(_l("Edition"), coerce=int, validators=[DataRequired()])
    audience = SelectField(_l("Send to"), choices=list(AUDIENCE_LABELS.items()),
                           validators=[DataRequired()])
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=SUBJECT_MAX)])
    body = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=BODY_MAX)],
                         render_kw={"rows": 10})
    preview = SubmitField(_l("Preview"))
    send = SubmitField(_l("Send"))
