"""Constants and small checks shared by the account tests."""
from __future__ import annotations

import re

from tests.conftest import PASSWORD  # the password of every account made by `make_user`

STRONG_PASSWORD = "una frase bastante larga"
OTHER_STRONG_PASSWORD = "otra frase para entrar"

__all__ = ["PASSWORD", "STRONG_PASSWORD", "OTHER_STRONG_PASSWORD", "alerts", "is_signed_in"]


def is_signed_in(client) -> bool:
    """Whether the client's session still opens the profile page (anonymous visitors are redirected)."""
    return client.get("/profile").status_code == 200


_ALERT = re.compile(r'<div class="alert alert-(\w+)" role="alert">(.*?)</div>', re.S)


def alerts(response) -> list[tuple[str, str]]:
    """The flashed messages a page shows, as (Bootstrap colour, text): 'danger' for errors."""
    return [(kind, text.strip()) for kind, text in _ALERT.findall(response.get_data(as_text=True))]
