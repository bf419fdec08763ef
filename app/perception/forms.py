"""Forms of the organiser's survey import: the upload, then the preview that confirms it.

The preview form carries every choice the import depends on (quarter, how the file is read, the
role of each column); `settings_of` turns it into plain data and `fingerprint` names one set of
choices, so an import runs only with the choices whose preview the organiser saw.
"""
from __future__ import annotations

import hashlib
import json
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (BooleanField, DateField, FieldList, Form, FormField, HiddenField, SelectField,
                     StringField, TextAreaField)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.perception import parsing
from app.perception.periods import parse_period

ENCODINGS = {"utf-8": "utf-8", "cp1252": "cp1252", "latin-1": "latin-1"}
SEPARATORS = {"comma": ",", "semicolon": ";", "tab": "\t"}
DECIMALS = {"point": ".", "comma": ","}

ROLE_LABELS = {
    parsing.ROLE_DISTRICT_CODE: _l("district code (UBIGEO, six digits)"),
    parsing.ROLE_CCDD: _l("department code (CCDD)"),
    parsing.ROLE_CCPP: _l("province code (CCPP)"),
    parsing.ROLE_CCDI: _l("district code within the province (CCDI)"),
    parsing.ROLE_DISTRICT_NAME: _l("district name"),
    parsing.ROLE_WEIGHT: _l("respondent weight (expansion factor)"),
    parsing.ROLE_ANSWER: _l("answer (1 = yes, 2 = no)"),
    parsing.ROLE_RESPONDENTS: _l("number of respondents"),
    parsing.ROLE_PCT: _l("percentage answering yes (0 to 100)"),
    parsing.ROLE_EFFECTIVE_N: _l("effective sample size"),
    parsing.ROLE_PERIOD: _l("quarter of the row"),
    parsing.ROLE_RESPONDENT_ID: _l("part of the respondent's identifier"),
}
ROLE_CHOICES = [(parsing.ROLE_IGNORE, _l("ignore this column"))] + [
    (role, label) for role, label in ROLE_LABELS.items()]

SHAPE_LABELS = {
    parsing.MICRODATA: _l("Microdata (one row per respondent)"),
    parsing.AGGREGATES: _l("Aggregates (one row per district)"),
}


def _quarter(form, field) -> None:
    try:
        parse_period(field.data or "")
    except ValueError:
        raise ValidationError(_l("Write the quarter as 2026-T3 (2026T3, 2026-Q3 and T3 2026 are "
                                 "accepted too).")) from None


class ImportDetailsForm(FlaskForm):
    """The quarter and the source, asked at the upload and editable on the preview."""

    period = StringField(_l("Quarter"), validators=[DataRequired(_l("Write the quarter.")),
                                                    Length(max=20), _quarter],
                         render_kw={"placeholder": "2026-T3"})
    source_name = StringField(_l("Source"), validators=[Length(max=200)])
    organisation = StringField(_l("Organisation"), validators=[Length(max=200)])
    fieldwork_start = DateField(_l("Fieldwork start"), validators=[Optional()])
    fieldwork_end = DateField(_l("Fieldwork end"), validators=[Optional()])
    method_notes = TextAreaField(_l("Method notes"), validators=[Length(max=5000)],
                                 render_kw={"rows": 3})
    public_note = TextAreaField(_l("Public note (shown with the ranking)"),
                                validators=[Length(max=2000)], render_kw={"rows": 2})
    synthetic = BooleanField(_l("Synthetic data (not a real survey)"))
    sheet = StringField(_l("Sheet (XLSX only; empty for the first sheet)"),
                        validators=[Length(max=100)])

    def validate_fieldwork_end(self, field) -> None:
        if field.data and self.fieldwork_start.data and field.data < self.fieldwork_start.data:
            raise ValidationError(_l("The fieldwork cannot end before it starts."))


class UploadForm(ImportDetailsForm):
    file = FileField(_l("Survey file (CSV or XLSX)"),
                     validators=[FileRequired(_l("Choose the file to import."))])


class ColumnRoleForm(Form):
    column = HiddenField()
    shown = HiddenField()  # the role the preview showed, to tell which selects were changed
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)


class PreviewForm(ImportDetailsForm):
    # Not offered for workbooks, so an absent value is allowed (it means "detect").
    encoding = SelectField(_l("Encoding"), validate_choice=False, choices=[
        ("utf-8", "UTF-8"), ("cp1252", "Windows-1252"), ("latin-1", "Latin-1 (ISO-8859-1)")])
    separator = SelectField(_l("Separator"), validate_choice=False, choices=[
        ("comma", _l("comma (,)")), ("semicolon", _l("semicolon (;)")), ("tab", _l("tab"))])
    decimal = SelectField(_l("Decimal mark"), validate_choice=False, choices=[
        ("point", _l("point (12.5)")), ("comma", _l("comma (12,5)"))])
    columns = FieldList(FormField(ColumnRoleForm))
    replace = BooleanField(_l("Replace the quarter's current data (the earlier import is kept "
                              "for the record)"))
    previewed = HiddenField()


DETAIL_FIELDS = ("period", "source_name", "organisation", "fieldwork_start", "fieldwork_end",
                 "method_notes", "public_note", "synthetic", "sheet")


def details_of(form: ImportDetailsForm) -> dict:
    """The quarter and source fields as JSON-ready data (dates as ISO text)."""
    values = {name: form[name].data for name in DETAIL_FIELDS}
    for name in ("fieldwork_start", "fieldwork_end"):
        values[name] = values[name].isoformat() if values[name] else None
    values["synthetic"] = bool(values["synthetic"])
    return values


def settings_of(form: PreviewForm) -> dict:
    """Everything the import depends on, as the form holds it: the dialect in parser terms
    (None: detect) and the roles as {column: role} with the changed selects last, because an
    override wins over earlier ones: a role that fits one column moves to the column just given it."""
    entries = [entry.form for entry in form.columns.entries if entry.form.column.data]
    ordered = sorted(entries, key=lambda entry: entry.role.data != entry.shown.data)
    settings = details_of(form)
    settings.update(encoding=ENCODINGS.get(form.encoding.data or ""),
                    separator=SEPARATORS.get(form.separator.data or ""),
                    decimal=DECIMALS.get(form.decimal.data or ""),
                    roles={entry.column.data: entry.role.data for entry in ordered})
    return settings


def show_dialect(form: PreviewForm, dialect: parsing.Dialect | None) -> None:
    """Set the dialect selects to how the file is actually read."""
    if dialect is None:
        return
    if dialect.format == "csv":
        encoding = "utf-8" if dialect.encoding == "utf-8-sig" else dialect.encoding
        form.encoding.data = encoding if encoding in ENCODINGS else "utf-8"
        form.separator.data = _key(SEPARATORS, dialect.separator)
    else:
        form.encoding.data = form.separator.data = None
    form.decimal.data = _key(DECIMALS, dialect.decimal)


def show_roles(form: PreviewForm, headers: list[str], roles: dict[str, str]) -> None:
    """One role select per column of the file, set to the role the import will use."""
    while form.columns.entries:
        form.columns.pop_entry()
    for header in headers:
        role = roles.get(header, parsing.ROLE_IGNORE)
        form.columns.append_entry({"column": header, "shown": role, "role": role})


def fingerprint(settings: dict) -> str:
    """Names the choices a preview was computed with (source fields excluded: they do not change
    what is read)."""
    try:
        quarter = str(parse_period(settings.get("period") or ""))
    except ValueError:
        quarter = ""
    relevant = {"period": quarter, "sheet": (settings.get("sheet") or "").strip(),
                "encoding": settings.get("encoding"), "separator": settings.get("separator"),
                "decimal": settings.get("decimal"), "roles": settings.get("roles") or {}}
    text = json.dumps(relevant, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def base_filename(name: str) -> str:
    """Browsers on Windows may send a full path; keep its last part."""
    return re.split(r"[/\\]", name or "")[-1].strip()


def _key(mapping: dict[str, str], value: str) -> str | None:
    return next((key for key, char in mapping.items() if char == value), None)
