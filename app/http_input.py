"""What every request's form carries, cleaned once before any route reads it."""
from __future__ import annotations

from flask import Request


class CleanFormRequest(Request):
    """Form values without NUL characters: nobody types one, and PostgreSQL refuses them in text
    columns (a 500 instead of the re-shown form)."""

    def _load_form_data(self) -> None:
        super()._load_form_data()
        form = self.__dict__.get("form")
        if form and any("\x00" in value for value in form.values()):
            self.__dict__["form"] = self.parameter_storage_class(
                (key, value.replace("\x00", "")) for key, value in form.items(multi=True))
