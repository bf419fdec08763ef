"""What every request carries, cleaned once before any route reads it."""
from __future__ import annotations

from typing import Any

from flask import Request


def _without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    if isinstance(value, dict):
        return {_without_nul(key): _without_nul(item) for key, item in value.items()}
    return value


class CleanInputRequest(Request):
    """Form values and JSON bodies without NUL characters: nobody types one, and PostgreSQL
    refuses them in text columns (a 500 instead of the re-shown form or the JSON error)."""

    def _load_form_data(self) -> None:
        super()._load_form_data()
        form = self.__dict__.get("form")
        if form and any("\x00" in value for value in form.values()):
            self.__dict__["form"] = self.parameter_storage_class(
                (key, value.replace("\x00", "")) for key, value in form.items(multi=True))

    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True) -> Any:
        return _without_nul(super().get_json(force=force, silent=silent, cache=cache))
