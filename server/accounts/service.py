"""Account operations shared by the CLI and the login pages."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from flask_babel import gettext as _
from sqlalchemy import select

from ..database import write_transaction
from ..errors import Conflict, Invalid
from ..extensions import db
from .models import User, new_login_token

_hasher = PasswordHasher()
# Verifying against this keeps an unknown username as slow as a wrong password.
_DUMMY_HASH = _hasher.hash("paja-timing-equaliser")

MIN_PASSWORD = 10


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise Invalid.field(
            "password", _("Use at least %(n)d characters in the password.", n=MIN_PASSWORD)
        )


def create_user(username: str, display_name: str, password: str) -> User:
    """Create a facilitator account; the username must be new."""
    username = username.strip().lower()
    if not username:
        raise Invalid.field("username", _("Give a username."))
    _check_password(password)
    with write_transaction():
        if db.session.scalar(select(User).where(User.username == username)):
            raise Conflict(
                _("The username %(name)s is taken; choose another.", name=username),
                {"username": [_("This username is taken.")]},
            )
        user = User(
            username=username,
            display_name=display_name.strip() or username,
            password_hash=_hasher.hash(password),
        )
        db.session.add(user)
    return user


def set_password(username: str, password: str) -> User:
    """Set a new password; every existing login of the account ends."""
    _check_password(password)
    with write_transaction():
        user = _by_username(username)
        user.password_hash = _hasher.hash(password)
        user.login_token = new_login_token()
    return user


def set_active(username: str, active: bool) -> User:
    with write_transaction():
        user = _by_username(username)
        user.active = active
        user.login_token = new_login_token()
    return user


def _by_username(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise Invalid.field("username", _("No account is called %(name)s.", name=username))
    return user


def authenticate(username: str, password: str) -> User | None:
    """Return the active user with these credentials, or ``None``."""
    user = db.session.scalar(select(User).where(User.username == username.strip().lower()))
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerifyMismatchError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        with write_transaction():
            user.password_hash = _hasher.hash(password)
    return user


def load_user(login_token: str) -> User | None:
    user = db.session.scalar(select(User).where(User.login_token == login_token))
    return user if user and user.active else None
