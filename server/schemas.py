"""Shared marshmallow building blocks: every payload is loaded through these."""

from __future__ import annotations

import uuid
from datetime import date

from flask_babel import gettext as _
from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema


class PajaSchema(Schema):
    """Base schema: unknown fields are an error, never silently dropped."""

    class Meta:
        unknown = RAISE
        ordered = True


class Text(fields.String):
    """A string that is trimmed, may be required to be non-empty, and has a length cap.

    Messages are made at validation time, in the requester's language.
    """

    def __init__(self, *, max_length: int, allow_empty: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.max_length = max_length
        self.allow_empty = allow_empty
        self.metadata.setdefault("maxLength", max_length)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        if not text and not self.allow_empty:
            raise ValidationError(_("Write something here; it cannot be empty."))
        if len(text) > self.max_length:
            raise ValidationError(
                _(
                    "Too long: %(length)d characters. Shorten it to %(max)d at most.",
                    length=len(text),
                    max=self.max_length,
                )
            )
        if "\x00" in text:
            raise ValidationError(_("Remove the invisible control characters."))
        return text


class ClientId(fields.String):
    """A UUID the client generated for a new item, so that a retry creates nothing new."""

    def __init__(self, **kwargs):
        kwargs.setdefault("metadata", {})
        kwargs["metadata"].setdefault(
            "description", "UUID chosen by the client; sending the same one again is safe."
        )
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return str(uuid.UUID(text))
        except ValueError:
            raise ValidationError(
                _("Give this as a UUID, e.g. 1b4e28ba-2fa1-11d2-883f-0016d3cca427.")
            ) from None


class Localized(PajaSchema):
    """Text in Finnish and English (either may be empty, not both)."""

    fi = Text(max_length=4000, allow_empty=True, load_default="")
    en = Text(max_length=4000, allow_empty=True, load_default="")


class RequiredLocalized(Localized):
    """Like :class:`Localized`, but at least one language must have text (titles)."""

    @validates_schema
    def not_both_empty(self, data, **kwargs):
        if not (data.get("fi") or data.get("en")):
            raise ValidationError(_("Write this in Finnish or English; it cannot be empty."),
                                  "fi")


def bilingual(max_length: int) -> type[Schema]:
    """A text required in both Finnish and English, as content files (templates, personas)
    must have it."""
    return PajaSchema.from_dict(
        {"fi": Text(max_length=max_length, required=True),
         "en": Text(max_length=max_length, required=True)},
        name=f"Bilingual{max_length}",
    )


def bilingual_list(max_length: int, max_items: int) -> type[Schema]:
    """A list of texts in both Finnish and English, each list with 1..max_items entries."""
    def items():
        return fields.List(Text(max_length=max_length), required=True,
                           validate=validate.Length(1, max_items))

    return PajaSchema.from_dict({"fi": items(), "en": items()},
                                name=f"BilingualList{max_length}")


def new_id() -> str:
    return str(uuid.uuid4())


PAIR_NAMESPACE = uuid.UUID("6f0d6c2e-5a1b-4c57-9a43-2f7e1c0b9d11")


def pair_id(*ids: str) -> str:
    """The one id of a row that exists at most once per pair (a member's mark on a card, a
    member's rating of a challenge): the same pair always gives the same UUID."""
    return str(uuid.uuid5(PAIR_NAMESPACE, ":".join(ids)))


# Dates Paja deals in (pilots, coaching weeks): this century.
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 1, 1)


class Number(fields.Float):
    """A finite number (no NaN or infinity), with a clear message."""

    def __init__(self, **kwargs):
        super().__init__(allow_nan=False, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            value = value.strip().replace(",", ".").replace("\u2212", "-")
        try:
            return super()._deserialize(value, attr, data, **kwargs)
        except ValidationError:
            raise ValidationError(_("Write a number, such as 12 or 3,5.")) from None


class Day(fields.Date):
    def _deserialize(self, value, attr, data, **kwargs):
        try:
            day = super()._deserialize(value, attr, data, **kwargs)
        except ValidationError:
            raise ValidationError(_("Write a date as YYYY-MM-DD.")) from None
        if not EARLIEST <= day < LATEST:
            raise ValidationError(_("Choose a date between 2000 and 2099."))
        return day
