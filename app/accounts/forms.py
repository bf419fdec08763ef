from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

LOCALE_CHOICES = [("es", "Español"), ("en", "English")]


def _password_field(label):
    return PasswordField(label, validators=[DataRequired(), Length(max=200)],
                         render_kw={"autocomplete": "new-password"})


class RegistrationForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)],
                       render_kw={"autocomplete": "name"})
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)],
                       render_kw={"autocomplete": "email"})
    password = _password_field(_l("Password"))
    password_again = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
        render_kw={"autocomplete": "new-password"})
    locale = SelectField(_l("Preferred language"), choices=LOCALE_CHOICES, default="es")


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email()],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[DataRequired()],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Keep me signed in on this device"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email()],
                       render_kw={"autocomplete": "email"})


class ResetPasswordForm(FlaskForm):
    password = _password_field(_l("New password"))
    password_again = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
        render_kw={"autocomplete": "new-password"})


class ProfileForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    locale = SelectField(_l("Preferred language"), choices=LOCALE_CHOICES)


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()],
                                     render_kw={"autocomplete": "current-password"})
    password = _password_field(_l("New password"))
    password_again = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
        render_kw={"autocomplete": "new-password"})


class InvitationForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(_l("Role"), choices=[("juror", _l("Juror")), ("organiser", _l("Organiser"))])


class AcceptInvitationForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    password = _password_field(_l("Password"))
    password_again = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
        render_kw={"autocomplete": "new-password"})
    locale = SelectField(_l("Preferred language"), choices=LOCALE_CHOICES, default="es")


class ConfirmForm(FlaskForm):
    """An empty form: just the CSRF token for POST-only buttons."""
