"""Writing and reading the audit log.

:func:`audit` is the one way in: every part of Paja that does something security-relevant
calls it, inside its own write transaction when it has one (the entry then commits or rolls
back with the act) or on its own.
"""

from __future__ import annotations

import re
from datetime import timedelta
from numbers import Real

import click
from flask import current_app, has_request_context, request
from sqlalchemy import delete, func, select

from ..database import write_transaction
from ..extensions import db
from ..timeutil import epoch, utcnow
from .models import AuditEntry

_ACTION = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)+$")
# Details are metadata (kinds, counts, ids, flags, setting names), never content: a short
# string is the longest thing they may hold.
_MAX_DETAIL_TEXT = 80
_MAX_DETAILS = 20


def audit(
    action: str,
    *,
    user=None,
    workshop_id: str | None = None,
    target_kind: str | None = None,
    target_id: str | None = None,
    details: dict | None = None,
) -> None:
    """Write one audit entry.

    :param action: a dotted name such as ``login.succeeded`` or ``export.downloaded``.
    :param user: the facilitator :class:`~server.accounts.models.User` (or its id) who acted;
        ``None`` takes the logged-in user of the current request, if any.
    :param workshop_id: the workshop acted in, if any; its facilitators can read the entry.
    :param target_kind: what was acted on (``member``, ``account``, ``workshop``, ``csv``...).
    :param target_id: its id.
    :param details: non-content metadata only (flags, counts, setting names, short ids).
        Strings longer than a short label, nested mappings or other types are refused
        with ``ValueError``, so that no text anyone wrote can slip in.
    """
    if not _ACTION.match(action):
        raise ValueError(f"audit action {action!r} is not a dotted lower-case name")
    user_id, username = _who(user)
    details = _checked_details(details)
    if not has_request_context() and click.get_current_context(silent=True) is not None:
        details = {**(details or {}), "via": "command_line"}
    entry = AuditEntry(
        action=action,
        user_id=user_id,
        username=username,
        workshop_id=workshop_id,
        target_kind=target_kind,
        target_id=None if target_id is None else str(target_id),
        address=_address(),
        details=details,
    )
    with write_transaction():
        db.session.add(entry)


def _who(user) -> tuple[int | None, str | None]:
    from ..accounts.models import User

    if user is None and has_request_context():
        from flask_login import current_user

        if current_user.is_authenticated:
            user = current_user
    if user is None:
        return None, None
    if isinstance(user, int):
        account = db.session.get(User, user)
        return user, account.username if account else None
    return user.id, user.username


def _address() -> str | None:
    if not has_request_context():
        return None
    return (request.remote_addr or "")[:45] or None


def _checked_details(details: dict | None) -> dict | None:
    if not details:
        return None
    if len(details) > _MAX_DETAILS:
        raise ValueError("audit details hold too many keys")
    checked = {}
    for key, value in details.items():
        if not isinstance(key, str) or len(key) > 40:
            raise ValueError(f"audit detail key {key!r} is not a short name")
        if isinstance(value, list | tuple):
            checked[key] = [_checked_value(key, item) for item in value][:50]
        else:
            checked[key] = _checked_value(key, value)
    return checked


def _checked_value(key: str, value):
    if value is None or isinstance(value, bool | Real):
        return value
    if isinstance(value, str) and len(value) <= _MAX_DETAIL_TEXT:
        return value
    raise ValueError(f"audit detail {key!r} must be a flag, a number or a short label")


def entries(*, workshop_id: str | None = None, all_workshops: bool = False,
            page: int = 1, per_page: int = 50, action: str | None = None
            ) -> tuple[list[AuditEntry], int]:
    """One page of entries, newest first, and how many there are in all.

    Either one workshop's entries, or (``all_workshops``, for an administrator) every
    entry, including those of no workshop (logins, accounts).
    """
    query = select(AuditEntry)
    count = select(func.count(AuditEntry.id))
    if not all_workshops:
        query = query.where(AuditEntry.workshop_id == workshop_id)
        count = count.where(AuditEntry.workshop_id == workshop_id)
    if action:
        query = query.where(AuditEntry.action.startswith(action))
        count = count.where(AuditEntry.action.startswith(action))
    total = db.session.scalar(count) or 0
    page = max(1, page)
    rows = db.session.scalars(
        query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((page - 1) * per_page).limit(per_page)
    ).all()
    return list(rows), total


def retention_days() -> int:
    return int(current_app.config["AUDIT_RETENTION_DAYS"])


def delete_expired(now=None) -> int:
    """Delete the entries older than the audit retention period; return how many went."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days())
    with write_transaction():
        result = db.session.execute(delete(AuditEntry).where(AuditEntry.at < cutoff))
    return result.rowcount or 0


def action_labels() -> dict[str, str]:
    """What each action is called in the reader's language."""
    from flask_babel import gettext as _

    return {
        "login.succeeded": _("Logged in"),
        "login.failed": _("Failed login"),
        "login.logged_out": _("Logged out"),
        "export.downloaded": _("Export downloaded"),
        "member.removed": _("Member removed"),
        "member.erased": _("Member's data erased"),
        "member.self_deleted": _("Member deleted their own data"),
        "workshop.settings_changed": _("Workshop settings changed"),
        "workshop.join_code_changed": _("Join code renewed"),
        "workshop.outcomes_link_changed": _("Outcomes link changed"),
        "workshop.archived": _("Workshop archived"),
        "workshop.restored": _("Workshop restored"),
        "workshop.deleted": _("Workshop deleted"),
        "account.created": _("Account created"),
        "account.deactivated": _("Account deactivated"),
        "account.activated": _("Account activated"),
        "account.password_set": _("Password set"),
        "account.admin_granted": _("Made an administrator"),
        "account.admin_revoked": _("Administrator rights removed"),
        "instance.settings_changed": _("Instance settings changed"),
    }


def dump_entry(entry: AuditEntry, labels: dict[str, str] | None = None) -> dict:
    labels = labels if labels is not None else action_labels()
    return {
        "id": entry.id,
        "at": epoch(entry.at),
        "action": entry.action,
        "label": labels.get(entry.action, entry.action),
        "user_id": entry.user_id,
        "username": entry.username,
        "workshop_id": entry.workshop_id,
        "target_kind": entry.target_kind,
        "target_id": entry.target_id,
        "address": entry.address,
        "details": entry.details or {},
    }
