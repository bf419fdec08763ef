"""The one helper every state-changing service calls to leave a trace."""
from __future__ import annotations

from typing import Any

from app.audit.context import current_actor_context
from app.audit.models import AuditEvent
from app.extensions import db


def record(action: str, obj: Any = None, *, summary: dict[str, Any] | None = None,
           actor_id: int | None = None, object_type: str | None = None,
           object_id: Any = None) -> AuditEvent:
    """Add an audit event to the current transaction (committed with the change it describes)."""
    context = current_actor_context()
    if obj is not None:
        object_type = object_type or obj.__tablename__
        if getattr(obj, "id", None) is None:
            db.session.add(obj)
            db.session.flush()
        object_id = obj.id if object_id is None else object_id
    event = AuditEvent(
        action=action,
        actor_id=actor_id if actor_id is not None else context.user_id,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        summary=_jsonable(summary or {}),
        ip=context.ip,
    )
    db.session.add(event)
    return event


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
