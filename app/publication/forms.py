"""The closing checklist's forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, TextAreaField, ValidationError
from wtforms.validators import Length

from app.editions.closing import REASON_MAX


class CloseForm(FlaskForm):
    excuse_drafts = BooleanField(_l("Close although some reviews are still drafts"))
    reason = TextAreaField(_l("Why the drafts are excused (recorded in the audit log)"),
                           validators=[Length(max=REASON_MAX)])

    def validate_reason(self, field) -> None:
        if self.excuse_drafts.data and not (field.data or "").strip():
            raise ValidationError(_l("Give the reason for closing with reviews still in draft."))

    @property
    def excuse(self) -> str | None:
        """The reason when the drafts are excused, else None (closing then refuses drafts)."""
        return self.reason.data if self.excuse_drafts.data else None
