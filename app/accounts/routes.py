"""Sign-up, sign-in, password reset, profile, invitations and the organisers' list of people."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.accounts import services
from app.accounts.forms import (AcceptInvitationForm, ChangePasswordForm, ConfirmForm,
                                ForgotPasswordForm, InvitationForm, LoginForm, ProfileForm,
                                RegistrationForm, ResetPasswordForm)
from app.accounts.models import Invitation, Role, User
from app.accounts.permissions import can_deactivate, organiser_required
from app.extensions import db, limiter, login_manager
from app.urls import safe_redirect_target

bp = Blueprint("accounts", __name__)


_WITH_ROLES = (joinedload(User.roles),)


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """Every signed-in request: the user with their roles in one query."""
    user_id, _sep, nonce = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id), options=_WITH_ROLES)
    if user is None or not user.active or user.session_nonce != nonce:
        return None
    return user


def _safe_next(default: str) -> str:
    return safe_redirect_target(request.args.get("next"), default)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("public.home"))
    form = RegistrationForm()
    if form.validate_on_submit():
        try:
            user = services.register_nominator(form.email.data, form.name.data, form.password.data,
                                               form.locale.data)
        except services.AccountError as error:
            form[error.field or "email"].errors.append(str(error))
        else:
            login_user(user)
            flash(_("Welcome! We sent you an email to confirm your address."), "success")
            return redirect(url_for("public.home"))
    return render_template("accounts/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(url_for("public.home")))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except services.AccountError as error:
            flash(str(error), "error")
        else:
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(url_for("public.home")))
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
def logout():
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("public.home"))


@bp.get("/confirm/<token>")
def confirm_email(token: str):
    try:
        services.confirm_email(token)
    except services.AccountError as error:
        flash(str(error), "error")
    else:
        flash(_("Thank you: your email address is confirmed."), "success")
    return redirect(url_for("public.home"))


@bp.post("/confirm/resend")
@login_required
def resend_confirmation():
    if current_user.email_confirmed_at is None:
        services.send_confirmation(current_user)
    flash(_("We sent you a new confirmation email."), "info")
    return redirect(url_for("accounts.profile"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        flash(_("If an account exists for that address, we sent it a link to choose a new password."),
              "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        services.user_for_reset_token(token)
    except services.AccountError as error:
        flash(str(error), "error")
        return redirect(url_for("accounts.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except services.AccountError as error:
            form.password.errors.append(str(error))
        else:
            flash(_("Your password was changed. You can log in now."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    password_form = ChangePasswordForm(prefix="pw")
    if form.validate_on_submit():
        services.update_profile(current_user, form.name.data, form.locale.data)
        flash(_("Your profile was saved."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form, password_form=password_form)


@bp.post("/profile/password")
@login_required
def change_password():
    form = ProfileForm(obj=current_user)
    password_form = ChangePasswordForm(prefix="pw")
    if password_form.validate_on_submit():
        try:
            services.change_password(current_user, password_form.current_password.data,
                                     password_form.password.data)
        except services.AccountError as error:
            password_form[error.field or "password"].errors.append(str(error))
        else:
            # The session id holds the renewed nonce; pass the user itself, not the proxy.
            login_user(current_user._get_current_object())
            flash(_("Your password was changed."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form, password_form=password_form), 400


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    try:
        invitation = services.invitation_for_token(token)
    except services.AccountError as error:
        return render_template("errors/error.html", code=410, title=_("Invitation not valid"),
                               message=str(error)), 410
    form = AcceptInvitationForm(name=invitation.name) if not current_user.is_authenticated else ConfirmForm()
    if form.validate_on_submit():
        try:
            if current_user.is_authenticated:
                services.accept_invitation(token, current_user)
            else:
                user = services.accept_invitation(token, None, form.name.data, form.password.data,
                                                  form.locale.data)
                login_user(user)
        except services.AccountError as error:
            if error.field and error.field in form:
                form[error.field].errors.append(str(error))
            else:
                flash(str(error), "error")
        else:
            flash(_("Welcome! Your invitation was accepted."), "success")
            if invitation.role == Role.JUROR.value:
                return redirect(url_for("jurors.profile"))
            return redirect(url_for("public.home"))
    existing = services.find_user_by_email(invitation.email)
    return render_template("accounts/accept_invitation.html", invitation=invitation, form=form,
                           existing=existing)


@bp.post("/invitations/<token>/decline")
def decline_invitation(token: str):
    try:
        services.decline_invitation(token)
    except services.AccountError as error:
        return render_template("errors/error.html", code=410, title=_("Invitation not valid"),
                               message=str(error)), 410
    flash(_("You declined the invitation. The organisers will see it; thank you for letting "
            "them know."), "info")
    return redirect(url_for("public.home"))


def _people_page(form: InvitationForm, status: int = 200):
    users = db.session.scalars(select(User).order_by(User.name)).all()
    invitations = db.session.scalars(
        select(Invitation).where(Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))
        .order_by(Invitation.created_at.desc())).all()
    return render_template("accounts/organiser/users.html", users=users, invitations=invitations,
                           form=form, can_deactivate=can_deactivate), status


@bp.get("/people")
@organiser_required
def list_users():
    return _people_page(InvitationForm())


@bp.post("/people/invite")
@organiser_required
def invite():
    form = InvitationForm()
    if form.validate_on_submit():
        try:
            services.invite(current_user, form.email.data, form.name.data, form.role.data)
        except services.AccountError as error:
            form[error.field or "email"].errors.append(str(error))
        else:
            flash(_("Invitation sent to %(email)s.", email=form.email.data), "success")
            return redirect(url_for("accounts.list_users"))
    return _people_page(form, 400)


@bp.post("/people/invitations/<int:invitation_id>/revoke")
@organiser_required
def revoke_invitation(invitation_id: int):
    invitation = db.get_or_404(Invitation, invitation_id)
    services.revoke_invitation(invitation)
    flash(_("The invitation was withdrawn."), "info")
    return redirect(url_for("accounts.list_users"))


@bp.post("/people/<int:user_id>/active")
@organiser_required
def set_active(user_id: int):
    target = db.get_or_404(User, user_id)
    if not can_deactivate(current_user, target):
        abort(403)
    activate = request.form.get("active") == "1"
    services.set_active(current_user, target, activate)
    flash(_("The account was reactivated.") if activate else _("The account was deactivated."), "info")
    return redirect(url_for("accounts.list_users"))
