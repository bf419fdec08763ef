"""Account rules: registration, confirmation, login with lockout, resets, invitations, roles."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from app import mail
from app.accounts import tokens
from app.accounts.models import ROLE_VALUES, Invitation, Role, User
from app.audit.services import record
from app.db_types import utcnow
from app.extensions import db
from app.urls import external_url

MIN_PASSWORD_LENGTH = 10
COMMON_PASSWORDS = frozenset({
    "1234567890", "12345678910", "password123", "contraseña", "contrasena123", "qwertyuiop",
    "0987654321", "iloveyou12", "passw0rd123", "administrador", "1q2w3e4r5t", "abc1234567",
    "peru123456", "lima123456", "seguridad123", "safecity2026",
})
_DUMMY_HASH = generate_password_hash("timing-equaliser", method="scrypt")


class AccountError(Exception):
    """A refusal with a message the user can read, and the form field it is about, if any."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def password_problems(password: str, email: str = "", name: str = "") -> list[str]:
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(_("The password must have at least %(n)d characters.", n=MIN_PASSWORD_LENGTH))
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or len(set(password)) < 4:
        problems.append(_("This password is too easy to guess; choose another one."))
    local_part = normalise_email(email).split("@")[0]
    if len(local_part) >= 4 and local_part in lowered:
        problems.append(_("The password must not contain your email address."))
    return problems


def _check_password_strength(password: str, email: str, name: str = "") -> None:
    problems = password_problems(password, email, name)
    if problems:
        raise AccountError(" ".join(problems), "password")


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(email: str, name: str, password: str, roles: list[str], locale: str = "es",
                confirmed: bool = False, now: datetime | None = None) -> User:
    """Create an account (not committed); refuses duplicates, unknown roles and weak passwords."""
    email = normalise_email(email)
    if find_user_by_email(email):
        raise AccountError(_("An account with this email address already exists."), "email")
    unknown = [r for r in roles if r not in ROLE_VALUES]
    if unknown:
        raise AccountError(_("Unknown role: %(role)s.", role=", ".join(unknown)))
    _check_password_strength(password, email, name)
    user = User(email=email, name=name.strip(), password_hash=hash_password(password),
                locale=locale if locale in ("es", "en") else "es",
                email_confirmed_at=(now or utcnow()) if confirmed else None)
    for role in roles:
        user.add_role(role)
    db.session.add(user)
    db.session.flush()
    record("user.created", user, summary={"email": email, "roles": sorted(roles)})
    return user


def register_nominator(email: str, name: str, password: str, locale: str) -> User:
    """Public sign-up: every new account may nominate; confirming the address comes by mail."""
    user = create_user(email, name, password, [Role.NOMINATOR.value], locale)
    send_confirmation(user)
    return user


def send_confirmation(user: User) -> None:
    """Mail a confirmation link; commits (with the account, when it is being created)."""
    token = tokens.make_token(tokens.CONFIRM_SALT, {"uid": user.id, "email": user.email})
    mail.mail_user(user, "confirm_email", {
        "user": user, "link": external_url("accounts.confirm_email", token=token)}, obj=user)
    db.session.commit()


def confirm_email(token: str, now: datetime | None = None) -> User:
    payload = tokens.read_token(tokens.CONFIRM_SALT, token, tokens.CONFIRM_MAX_AGE)
    user = db.session.get(User, payload["uid"]) if payload else None
    if user is None or user.email != payload.get("email"):
        raise AccountError(_("This confirmation link is invalid or has expired. "
                             "Log in to receive a new one."))
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now or utcnow()
        record("user.email_confirmed", user)
        db.session.commit()
    return user


def authenticate(email: str, password: str, now: datetime | None = None) -> User:
    """The user if the password matches; counts failures and locks the account after too many."""
    now = now or utcnow()
    config = current_app.config
    user = find_user_by_email(email)
    refused = AccountError(_("Incorrect email or password."))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        raise refused
    if user.locked_until and user.locked_until > now:
        raise AccountError(_("Too many failed attempts: this account is locked until %(time)s UTC. "
                             "You can reset your password meanwhile.",
                             time=user.locked_until.strftime("%H:%M")))
    if not check_password_hash(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= config["LOGIN_LOCKOUT_THRESHOLD"]:
            user.locked_until = now + timedelta(minutes=config["LOGIN_LOCKOUT_MINUTES"])
            user.failed_logins = 0
            record("user.locked", user, actor_id=user.id)
        db.session.commit()
        raise refused
    if not user.active:
        raise AccountError(_("This account has been deactivated. Contact the organisers."))
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    record("user.login", user, actor_id=user.id)
    db.session.commit()
    return user


def request_password_reset(email: str) -> None:
    """Mail a reset link if the account exists; say nothing either way."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        return
    token = tokens.make_token(tokens.RESET_SALT, {
        "uid": user.id, "pw": tokens.password_fingerprint(user.password_hash)})
    mail.mail_user(user, "reset_password", {
        "user": user, "link": external_url("accounts.reset_password", token=token)}, obj=user)
    db.session.commit()


def user_for_reset_token(token: str) -> User:
    payload = tokens.read_token(tokens.RESET_SALT, token, tokens.RESET_MAX_AGE)
    user = db.session.get(User, payload["uid"]) if payload else None
    if user is None or payload.get("pw") != tokens.password_fingerprint(user.password_hash):
        raise AccountError(_("This password reset link is invalid, expired or already used. "
                             "Ask for a new one."))
    return user


def reset_password(token: str, password: str, now: datetime | None = None) -> User:
    user = user_for_reset_token(token)
    _set_password(user, password)
    user.locked_until = None
    user.failed_logins = 0
    if user.email_confirmed_at is None:
        user.email_confirmed_at = now or utcnow()
    record("user.password_reset", user, actor_id=user.id)
    db.session.commit()
    return user


def _set_password(user: User, password: str) -> None:
    _check_password_strength(password, user.email, user.name)
    user.password_hash = hash_password(password)
    user.renew_session_nonce()


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not check_password_hash(user.password_hash, current_password):
        raise AccountError(_("The current password is not correct."), "current_password")
    _set_password(user, new_password)
    record("user.password_changed", user)
    db.session.commit()


def update_profile(user: User, name: str, locale: str) -> None:
    changes = {}
    if name.strip() != user.name:
        changes["name"] = [user.name, name.strip()]
        user.name = name.strip()
    if locale != user.locale and locale in ("es", "en"):
        changes["locale"] = [user.locale, locale]
        user.locale = locale
    if changes:
        record("user.profile_updated", user, summary=changes)
        db.session.commit()


def update_locale(user: User, locale: str) -> None:
    if locale in ("es", "en") and user.locale != locale:
        user.locale = locale
        db.session.commit()


def set_active(actor: User, target: User, active: bool) -> None:
    if target.id == actor.id and not active:
        raise AccountError(_("You cannot deactivate your own account."))
    if target.active == active:
        return
    target.active = active
    target.renew_session_nonce()
    record("user.activated" if active else "user.deactivated", target)
    db.session.commit()


def invite(actor: User, email: str, name: str, role: str, now: datetime | None = None) -> Invitation:
    """Create an invitation and mail its link; earlier open invitations for the same role lapse."""
    now = now or utcnow()
    if role not in (Role.ORGANISER.value, Role.JUROR.value):
        raise AccountError(_("Only organisers and jurors are invited."))
    email = normalise_email(email)
    for old in db.session.scalars(select(Invitation).where(
            Invitation.email == email, Invitation.role == role,
            Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))):
        old.revoked_at = now
    token, token_hash = tokens.new_invitation_token()
    invitation = Invitation(
        email=email, name=name.strip(), role=role, token_hash=token_hash, invited_by_id=actor.id,
        created_at=now, expires_at=now + timedelta(days=current_app.config["INVITATION_DAYS"]))
    db.session.add(invitation)
    record("invitation.created", invitation, summary={"email": email, "role": role})
    existing = find_user_by_email(email)
    mail.send_template(email, "invitation", {
        "invitation": invitation, "inviter": actor,
        "link": external_url("accounts.accept_invitation", token=token)},
        locale=existing.locale if existing else "es",
        recipient_id=existing.id if existing else None, obj=invitation)
    db.session.commit()
    return invitation


def invitation_for_token(token: str, now: datetime | None = None) -> Invitation:
    invitation = db.session.scalar(select(Invitation).where(
        Invitation.token_hash == tokens.hash_invitation_token(token)))
    if invitation is None or not invitation.is_usable(now or utcnow()):
        raise AccountError(_("This invitation is invalid, has expired or was already used. "
                             "Ask the organisers for a new one."))
    return invitation


def accept_invitation(token: str, user: User | None, name: str = "", password: str = "",
                      locale: str = "es", now: datetime | None = None) -> User:
    """Give the invited role to the signed-in user, or create the account for the invited address."""
    now = now or utcnow()
    invitation = invitation_for_token(token, now)
    if user is None:
        user = find_user_by_email(invitation.email)
        if user is not None:
            raise AccountError(_("An account with this email already exists: log in first, "
                                 "then open the invitation link again."))
        user = create_user(invitation.email, name or invitation.name, password,
                           [invitation.role], locale, confirmed=True, now=now)
    elif user.email != invitation.email:
        raise AccountError(_("This invitation was sent to another email address."))
    else:
        user.add_role(invitation.role)
        if user.email_confirmed_at is None:
            user.email_confirmed_at = now
    invitation.accepted_at = now
    record("invitation.accepted", invitation, actor_id=user.id,
           summary={"user_id": user.id, "role": invitation.role})
    db.session.commit()
    return user


def decline_invitation(token: str, now: datetime | None = None) -> Invitation:
    """The invited person says no: the link stops working and the organisers see it declined.
    The token is the credential, so declining needs no account."""
    now = now or utcnow()
    invitation = invitation_for_token(token, now)
    invitation.declined_at = now
    record("invitation.declined", invitation,
           summary={"email": invitation.email, "role": invitation.role})
    db.session.commit()
    return invitation


def revoke_invitation(invitation: Invitation, now: datetime | None = None) -> None:
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = now or utcnow()
        record("invitation.revoked", invitation)
        db.session.commit()
