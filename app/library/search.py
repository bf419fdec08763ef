"""Accent- and case-insensitive search text: pure functions, the same on SQLite and PostgreSQL.

The library stores each entry's text folded once (`LibraryEntry.search_text`) and folds the
visitor's words the same way, so a plain LIKE finds "prevención" when "PREVENCION" is typed.
"""
from __future__ import annotations

from typing import Iterable

from app.perception.parsing import fold

MAX_WORDS = 8


def normalise(text: str | None) -> str:
    """NFKD, combining marks stripped, casefolded; punctuation becomes spaces (so "co-gestión,"
    is "co gestion") and LIKE's wildcards never survive."""
    return fold(text or "")


def search_text(parts: Iterable[str | None]) -> str:
    """The folded text of every searchable field, one string."""
    return " ".join(folded for folded in (normalise(p) for p in parts) if folded)


def search_words(query: str | None) -> list[str]:
    """The distinct folded words of a query, in order, at most MAX_WORDS."""
    return list(dict.fromkeys(normalise(query).split()))[:MAX_WORDS]
