"""What list pages share: filters read from the query string and written back into links."""
from __future__ import annotations

from dataclasses import fields, replace


def changed_args(filters, **changes) -> dict:
    """The query-string values of a filters dataclass that differ from its defaults, after
    applying `changes`: short links that keep every other filter."""
    changed = replace(filters, **changes)
    default = type(filters)()
    return {f.name: getattr(changed, f.name) for f in fields(filters)
            if getattr(changed, f.name) != getattr(default, f.name)}
