"""Who is acting and from where, set by the web or CLI layer so services need not touch `request`."""
from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class ActorContext:
    user_id: int | None
    ip: str | None


_current: ContextVar[ActorContext] = ContextVar("audit_actor", default=ActorContext(None, None))


def set_actor_context(user_id: int | None, ip: str | None):
    return _current.set(ActorContext(user_id, ip))


def reset_actor_context(token) -> None:
    _current.reset(token)


def current_actor_context() -> ActorContext:
    return _current.get()


def bind_cli_actor() -> None:
    """For a CLI command: no user, "cli" as the origin, released when the command ends."""
    import click
    token = set_actor_context(None, "cli")
    click.get_current_context().call_on_close(lambda: reset_actor_context(token))
