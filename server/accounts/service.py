"""Account operations shared by the CLI and the login pages."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select

from ..audit.service import audit
from ..database import write_transaction
from ..errors import Conflict, Invalid
from ..extensions import db
from ..timeutil import utcnow
from .models import LoginSession, User, new_session_token, token_digest

_hasher = PasswordHasher()
# Verifying against this keeps an unknown username as slow as a wrong password.
_DUMMY_HASH = _hasher.hash("paja-timing-equaliser")

MIN_PASSWORD = 10


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise Invalid.field(
            "password", _("Use at least %(n)d characters in the password.", n=MIN_PASSWORD)
        )


def create_user(username: str, display_name: str, password: str, *,
                admin: bool = False) -> User:
    """Create a facilitator account (an instance administrator if ``admin``); the username
    must be new."""
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
            is_admin=admin,
        )
        db.session.add(user)
        db.session.flush()
        audit("account.created", target_kind="account", target_id=str(user.id),
              details={"username": user.username, "admin": admin})
    return user


def set_password(username: str, password: str) -> User:
    """Set a new password; every existing login of the account ends."""
    _check_password(password)
    with write_transaction():
        user = _by_username(username)
        user.password_hash = _hasher.hash(password)
        _end_all_logins(user.id)
        audit("account.password_set", target_kind="account", target_id=str(user.id),
              details={"username": user.username})
    _close_sockets(user.id)
    return user


def set_active(username: str, active: bool) -> User:
    """Deactivate (every login ends) or reactivate an account."""
    with write_transaction():
        user = _by_username(username)
        user.active = active
        _end_all_logins(user.id)
        audit("account.activated" if active else "account.deactivated", target_kind="account",
              target_id=str(user.id), details={"username": user.username})
    _close_sockets(user.id)
    return user


def set_admin(username: str, admin: bool) -> User:
    """Make an account an instance administrator, or take that away."""
    with write_transaction():
        user = _by_username(username)
        if user.is_admin != admin:
            user.is_admin = admin
            audit("account.admin_granted" if admin else "account.admin_revoked",
                  target_kind="account", target_id=str(user.id),
                  details={"username": user.username})
    return user


def accounts() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.username)))


def account_named(username: str) -> User | None:
    """The account with this username, if there is one (for an audit entry of a failed
    login: the typed name is kept only when it is an account's)."""
    if not isinstance(username, str):
        return None
    return db.session.scalar(select(User).where(User.username == username.strip().lower()))


def _end_all_logins(user_id: int) -> None:
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user_id))


def _close_sockets(user_id: int) -> None:
    # Sockets in this process close now; every server process also re-checks its own
    # sockets' logins every few seconds, which covers the command line and other processes
    # when no message queue links them.
    from ..members.service import disconnect

    disconnect(user_id=user_id)


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


def start_login(user: User) -> str:
    """Open a login for ``user``; its token goes into the session cookie (as the user's
    Flask-Login id)."""
    token = new_session_token()
    with write_transaction():
        db.session.add(LoginSession(id=token_digest(token), user_id=user.id))
    user.session_token = token
    return token


def end_login(token: str | None) -> None:
    """Log out one login: copies of its cookie stop working everywhere."""
    if not token:
        return
    with write_transaction():
        db.session.execute(delete(LoginSession).where(LoginSession.id == token_digest(token)))
    from ..members.service import disconnect

    disconnect(login_session=token_digest(token))


def login_valid(digest: str | None) -> bool:
    """Whether the login with this token digest still stands (a socket asks before acting)."""
    if not digest:
        return False
    row = db.session.get(LoginSession, digest)
    return row is not None and not _expired(row)


def _expired(row: LoginSession) -> bool:
    return utcnow() - row.created_at > current_app.config["PERMANENT_SESSION_LIFETIME"]


def load_user(token: str) -> User | None:
    """Flask-Login's loader: the user of a login that still stands, or ``None``."""
    if not isinstance(token, str) or not token:
        return None
    row = db.session.get(LoginSession, token_digest(token))
    if row is None or _expired(row):
        return None
    user = db.session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    user.session_token = token
    return user
