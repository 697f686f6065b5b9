"""A workshop's own persona and customer-profile cards, and who meets people like them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow

KINDS = ("persona", "profile")
PERSONA_FIELDS = ("name", "age_range", "role", "quote", "situation", "goals", "frustrations",
                  "digital_skills", "devices", "motivation", "services_used", "what_helps")
PROFILE_FIELDS = ("segment", "description", "needs", "channels", "values", "blockers")
FIELDS = {"persona": PERSONA_FIELDS, "profile": PROFILE_FIELDS}
TITLE_FIELD = {"persona": "name", "profile": "segment"}
# Shown as bullet lists; stored, like every field, as {fi, en} text with one item per line.
LIST_FIELDS = ("goals", "frustrations", "services_used", "what_helps", "needs", "channels",
               "values", "blockers")


class Persona(db.Model):
    __tablename__ = "persona"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(8))
    position: Mapped[int] = mapped_column(default=0)
    library_key: Mapped[str | None] = mapped_column(String(80))
    # {field: {"fi": text, "en": text}} for the fields of the kind.
    fields: Mapped[dict] = mapped_column(JSON, default=dict)
    spotlight: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    rev: Mapped[int] = mapped_column(default=0)


class PersonaMeet(db.Model):
    """A member's "I meet people like this" mark on a persona."""

    __tablename__ = "persona_meet"
    __table_args__ = (UniqueConstraint("persona_id", "member_id"),)

    # A UUID derived from persona and member (see schemas.pair_id): one mark each.
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    persona_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("persona.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[str] = mapped_column(String(36), ForeignKey("member.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    rev: Mapped[int] = mapped_column(default=0)
