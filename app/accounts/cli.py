"""`flask users ...`: create and list accounts from the shell."""
from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from app.accounts import services
from app.accounts.models import ROLE_VALUES, User
from app.audit.context import bind_cli_actor
from app.extensions import db


@click.group(help="Manage user accounts.")
def users():
    bind_cli_actor()


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", "roles", required=True, multiple=True, type=click.Choice(ROLE_VALUES))
@click.option("--locale", default="es", type=click.Choice(["es", "en"]))
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def create(email: str, name: str, roles: tuple[str, ...], locale: str, password_stdin: bool):
    """Create a confirmed account; asks for the password unless --password-stdin is given."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = services.create_user(email, name, password, list(roles), locale, confirmed=True)
        db.session.commit()
    except services.AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error))
    click.echo(f"Created {user.email} ({', '.join(sorted(user.role_names))}).")


@users.command("list")
@with_appcontext
def list_users():
    """Print every account with its roles and state."""
    for user in db.session.scalars(select(User).order_by(User.email)):
        state = "active" if user.active else "deactivated"
        click.echo(f"{user.email}\t{user.name}\t{','.join(sorted(user.role_names))}\t{state}")
