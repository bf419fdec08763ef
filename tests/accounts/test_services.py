"""The account rules on their own, without a request."""
from __future__ import annotations

from datetime import timedelta

import pytest
from werkzeug.security import check_password_hash

from app.accounts import services, tokens
from app.accounts.models import User
from app.db_types import utcnow
from app.extensions import db
from tests.accounts.helpers import PASSWORD, STRONG_PASSWORD


def test_normalise_email_trims_and_lowers():
    assert services.normalise_email("  Ana.Perez@Example.ORG \n") == "ana.perez@example.org"


def test_normalise_email_accepts_none():
    assert services.normalise_email(None) == ""


def test_hash_password_uses_scrypt_at_full_cost(monkeypatch):
    monkeypatch.undo()  # this suite lowers the scrypt work factor for speed; the application does not
    assert services.hash_password(STRONG_PASSWORD).startswith("scrypt:32768:8:1$")


def test_hash_password_uses_scrypt_and_verifies():
    hashed = services.hash_password(STRONG_PASSWORD)
    assert hashed.startswith("scrypt:")
    assert check_password_hash(hashed, STRONG_PASSWORD)
    assert not check_password_hash(hashed, STRONG_PASSWORD + "x")


def test_hash_password_salts_each_hash():
    assert services.hash_password(STRONG_PASSWORD) != services.hash_password(STRONG_PASSWORD)


def test_strong_password_has_no_problems(app):
    assert services.password_problems(STRONG_PASSWORD, "ana@example.org") == []


def test_short_password_is_a_problem(app):
    assert len(services.password_problems("abc12XY", "")) == 1


def test_common_password_is_a_problem(app):
    assert len(services.password_problems("Password123", "")) == 1


def test_password_of_few_distinct_characters_is_a_problem(app):
    assert len(services.password_problems("abababababab", "")) == 1


def test_password_containing_the_email_name_is_a_problem(app):
    assert len(services.password_problems("soy-mariela-2026", "Mariela@example.org")) == 1


def test_short_email_names_are_not_checked_inside_passwords(app):
    assert services.password_problems("una frase con ana dentro", "ana@example.org") == []


def test_create_user_is_not_committed_until_the_caller_commits(app):
    services.create_user("nueva@example.org", "Nueva", STRONG_PASSWORD, ["juror"])
    db.session.rollback()
    assert services.find_user_by_email("nueva@example.org") is None


def test_create_user_refuses_an_unknown_role(app):
    with pytest.raises(services.AccountError):
        services.create_user("nueva@example.org", "Nueva", STRONG_PASSWORD, ["admin"])


def test_create_user_reports_the_field_of_a_weak_password(app):
    with pytest.raises(services.AccountError) as refusal:
        services.create_user("nueva@example.org", "Nueva", "short", ["juror"])
    assert refusal.value.field == "password"


def test_create_user_reports_the_field_of_a_duplicate_email(app, nominator):
    with pytest.raises(services.AccountError) as refusal:
        services.create_user("NOMINATOR@example.org", "Otra", STRONG_PASSWORD, ["juror"])
    assert refusal.value.field == "email"


def test_create_user_falls_back_to_spanish_for_an_unknown_language(app):
    user = services.create_user("nueva@example.org", "Nueva", STRONG_PASSWORD, ["juror"], locale="fr")
    assert user.locale == "es"


def test_create_user_can_confirm_at_a_given_time(app):
    when = utcnow() - timedelta(days=1)
    user = services.create_user("nueva@example.org", "Nueva", STRONG_PASSWORD, ["juror"],
                                confirmed=True, now=when)
    assert user.email_confirmed_at == when


def test_email_is_unique_in_the_database(app, nominator):
    from sqlalchemy.exc import IntegrityError
    db.session.add(User(email=nominator.email, name="Copia", password_hash="x"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_session_id_carries_the_nonce(app, nominator):
    assert nominator.get_id() == f"{nominator.id}:{nominator.session_nonce}"


def test_password_change_renews_the_session_nonce(app, nominator):
    before = nominator.get_id()
    services.change_password(nominator, PASSWORD, STRONG_PASSWORD)
    assert nominator.get_id() != before


def test_change_password_with_a_wrong_current_password_raises(app, nominator):
    before = (nominator.password_hash, nominator.session_nonce)
    with pytest.raises(services.AccountError):
        services.change_password(nominator, "not my password at all", STRONG_PASSWORD)
    assert (nominator.password_hash, nominator.session_nonce) == before


def test_reset_token_is_tied_to_the_current_password(app, nominator):
    token = tokens.make_token(tokens.RESET_SALT, {
        "uid": nominator.id, "pw": tokens.password_fingerprint(nominator.password_hash)})
    assert services.user_for_reset_token(token).id == nominator.id
    services.change_password(nominator, PASSWORD, STRONG_PASSWORD)
    with pytest.raises(services.AccountError):
        services.user_for_reset_token(token)


def test_read_token_returns_none_for_garbage(app):
    assert tokens.read_token(tokens.CONFIRM_SALT, "garbage", 60) is None


def test_authenticate_counts_failures(app, nominator):
    with pytest.raises(services.AccountError):
        services.authenticate(nominator.email, "not my password at all")
    assert nominator.failed_logins == 1


def test_invitation_token_for_unknown_token_raises(app):
    with pytest.raises(services.AccountError):
        services.invitation_for_token("unknown")


def test_invitation_tokens_are_random(app):
    assert tokens.new_invitation_token()[0] != tokens.new_invitation_token()[0]


def test_accepting_for_a_signed_in_user_keeps_their_other_roles(app, organiser, make_user, last_link):
    user = make_user("organiser", email="org2@example.org")
    services.invite(organiser, "org2@example.org", "", "juror")
    token = last_link("org2@example.org").rsplit("/", 1)[1]
    services.accept_invitation(token, user)
    assert user.role_names == {"organiser", "juror"}


def test_a_role_is_not_added_twice(app, juror):
    assert juror.add_role("juror") is False
    assert [r.role for r in juror.roles] == ["juror"]


def test_remove_role(app, make_user):
    user = make_user("juror", "nominator")
    assert user.remove_role("juror") is True
    assert user.remove_role("juror") is False
    db.session.commit()
    assert user.role_names == {"nominator"}
