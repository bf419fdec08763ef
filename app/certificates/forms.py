"""Forms of certificates: the organisers' settings, revoking, re-issuing; the public check."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (BooleanField, DateField, FieldList, Form, FormField, SelectField, StringField,
                     TextAreaField)
from wtforms.validators import DataRequired, Length, Optional

from app.certificates import documents, services
from app.certificates.models import CertificateKind, CertificateSettings

LANGUAGE_CHOICES = [("es", _l("Spanish")), ("en", _l("English"))]
KINDS = [k.value for k in CertificateKind]
LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)


def wording_field_name(kind: str, locale: str) -> str:
    return f"wording_{kind}_{locale}"


class SignatoryForm(Form):
    name = StringField(_l("Name"), validators=[Length(max=120)])
    title_es = StringField(_l("Title in Spanish"), validators=[Length(max=160)])
    title_en = StringField(_l("Title in English"), validators=[Length(max=160)])


class SettingsForm(FlaskForm):
    """Wording per kind and language (8 fields, added below), signatories, city, date, logo."""

    signatories = FieldList(FormField(SignatoryForm), min_entries=services.SIGNATORIES_MAX,
                            max_entries=services.SIGNATORIES_MAX)
    city = StringField(_l("City"), validators=[Length(max=120)])
    issue_date = DateField(_l("Date on the certificates"), validators=[Optional()])
    logo = FileField(_l("Organiser's logo (PNG or JPEG, at most 2 MB)"))
    remove_logo = BooleanField(_l("Remove the current logo"))
    preview_kind = SelectField(_l("Sample certificate"), choices=[
        (kind, label) for kind, label in documents.KIND_LABELS.items()])
    preview_locale = SelectField(_l("Sample language"), choices=LANGUAGE_CHOICES)

    def wording_fields(self):
        """(kind label, [(language name, field)]) per kind, for the template."""
        return [(documents.KIND_LABELS[kind],
                 [(LANGUAGE_NAMES[locale], self[wording_field_name(kind, locale)])
                  for locale in documents.LOCALES]) for kind in KINDS]

    def fill(self, settings: CertificateSettings) -> None:
        for kind in KINDS:
            for locale in documents.LOCALES:
                self[wording_field_name(kind, locale)].data = documents.effective_wording(
                    settings, kind, locale)
        rows = list(settings.signatories or [])
        for entry, row in zip(self.signatories.entries, rows + [{}] * services.SIGNATORIES_MAX):
            for key in ("name", "title_es", "title_en"):
                entry.form[key].data = row.get(key, "")
        self.city.data = settings.city
        self.issue_date.data = settings.issue_date

    def values(self) -> services.SettingsInput:
        wording = {kind: {locale: self[wording_field_name(kind, locale)].data or ""
                          for locale in documents.LOCALES} for kind in KINDS}
        signatories = [{key: entry.form[key].data or "" for key in ("name", "title_es", "title_en")}
                       for entry in self.signatories.entries]
        return services.SettingsInput(wording=wording, signatories=signatories,
                                      city=self.city.data or "", issue_date=self.issue_date.data)

    def logo_bytes(self) -> bytes | None:
        upload = self.logo.data
        if upload is None or not getattr(upload, "filename", ""):
            return None
        return upload.read()


for _kind in KINDS:
    for _locale in documents.LOCALES:
        setattr(SettingsForm, wording_field_name(_kind, _locale), TextAreaField(
            documents.KIND_LABELS[_kind], validators=[Length(max=1000)], render_kw={"rows": 3}))


class GenerateForm(FlaskForm):
    """Only the CSRF token: generating takes no input."""


class RevokeForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=services.REASON_MAX)],
                           render_kw={"rows": 2})


class ReissueForm(FlaskForm):
    recipient_name = StringField(_l("Recipient"), validators=[DataRequired(),
                                                              Length(max=services.NAME_MAX)])
    recipient_detail = StringField(_l("Line under the name"),
                                   validators=[Length(max=services.NAME_MAX)])
    locale = SelectField(_l("Language of the certificate"), choices=LANGUAGE_CHOICES)
    reason = TextAreaField(_l("What was corrected"),
                           validators=[DataRequired(), Length(max=services.REASON_MAX)],
                           render_kw={"rows": 2})


class VerifyForm(FlaskForm):
    """The public check: a GET form, so no CSRF token (it changes nothing)."""

    class Meta:
        csrf = False

    code = StringField(_l("Verification code"), validators=[DataRequired(), Length(max=60)],
                       render_kw={"autocomplete": "off", "autocapitalize": "characters",
                                  "spellcheck": "false", "placeholder": "SCA-XXXX-XXXX"})
