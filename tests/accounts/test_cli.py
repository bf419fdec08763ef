"""`flask users create|list`: accounts from the shell, with clear errors and non-zero exits."""
from __future__ import annotations

import pytest

from app.accounts import services
from tests.accounts.helpers import STRONG_PASSWORD


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def create(runner, *extra, email="Olga@Example.org", role="organiser", password=STRONG_PASSWORD):
    return runner.invoke(args=["users", "create", "--email", email, "--name", "Olga Organizadora",
                               "--role", role, "--password-stdin", *extra], input=password + "\n")


def test_create_makes_a_confirmed_organiser(runner):
    result = create(runner)
    assert result.exit_code == 0, result.output
    user = services.find_user_by_email("olga@example.org")
    assert user.role_names == {"organiser"}
    assert user.email_confirmed_at is not None
    assert user.name == "Olga Organizadora"


def test_create_stores_the_email_in_lower_case_and_prints_it(runner):
    result = create(runner)
    assert services.find_user_by_email("olga@example.org").email == "olga@example.org"
    assert "olga@example.org" in result.output


def test_create_reads_the_password_from_stdin(runner):
    create(runner)
    assert services.authenticate("olga@example.org", STRONG_PASSWORD).has_role("organiser")


def test_create_accepts_several_roles(runner):
    result = create(runner, "--role", "juror")
    assert result.exit_code == 0, result.output
    assert services.find_user_by_email("olga@example.org").role_names == {"organiser", "juror"}


def test_create_accepts_windows_line_endings(runner):
    runner.invoke(args=["users", "create", "--email", "olga@example.org", "--name", "Olga",
                        "--role", "juror", "--password-stdin"], input=STRONG_PASSWORD + "\r\n")
    assert services.authenticate("olga@example.org", STRONG_PASSWORD)


def test_create_records_an_audit_event(runner, audit_events):
    create(runner)
    [event] = audit_events("user.created")
    assert event.summary == {"email": "olga@example.org", "roles": ["organiser"]}


def test_weak_password_exits_non_zero_with_the_reason(runner, user_count):
    result = create(runner, password="1234567890")
    assert result.exit_code != 0
    assert "Error: " + " ".join(services.password_problems("1234567890", "olga@example.org")) in result.output
    assert user_count() == 0


def test_empty_stdin_is_refused(runner, user_count):
    result = create(runner, password="")
    assert result.exit_code != 0
    assert "Error:" in result.output
    assert user_count() == 0


def test_duplicate_email_exits_non_zero(runner, make_user, user_count):
    make_user("juror", email="olga@example.org")
    result = create(runner)
    assert result.exit_code != 0
    assert "Error:" in result.output
    assert user_count() == 1


def test_unknown_role_exits_non_zero(runner, user_count):
    result = create(runner, role="admin")
    assert result.exit_code != 0
    assert "admin" in result.output
    assert user_count() == 0


def test_list_prints_each_account_with_roles_and_state(runner, make_user):
    make_user("juror", "nominator", email="julia@example.org", name="Julia")
    make_user("nominator", email="dora@example.org", name="Dora", active=False)
    result = runner.invoke(args=["users", "list"])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "dora@example.org\tDora\tnominator\tdeactivated",
        "julia@example.org\tJulia\tjuror,nominator\tactive",
    ]


def test_list_shows_an_account_created_by_the_cli(runner):
    create(runner)
    assert "olga@example.org" in runner.invoke(args=["users", "list"]).output
