"""Shared marshmallow building blocks: every payload is loaded through these.

People's text has one set of rules, on every path (REST, socket commands, the CLI, archive
import): :func:`clean_text`, which :class:`Text` applies. It refuses - never strips silently -
what would break an export, a spreadsheet cell or the database, or make a text read
differently from what it is:

- lone surrogates (half of a UTF-16 pair, such as JSON ``"\\ud800"``): no encoder can write
  them, so one would break the database driver and every export;
- control characters other than tab and newline (C0, DEL and C1): invisible, and they break
  CSV cells, PDF text and terminals. A carriage return is a line end (browser forms send
  CRLF), so CRLF and CR become a newline instead of an error;
- bidi embeddings and overrides (U+202A-U+202E): they reorder the characters that follow,
  so a text can show something other than what it says. The isolates (U+2066-U+2069) and the
  marks (U+200E, U+200F, U+061C) are allowed: right-to-left writers use them, and they only
  set the direction of their own run of text.

Then the text is normalised to NFC (the same word is always the same characters) and trimmed,
and its length is checked after that.

Strings that are not people's text (ids, choices, tokens) are not cleaned, but every payload
a :class:`PajaSchema` loads is first checked for what no database can store (lone surrogates,
NUL) and for absurd nesting, so that such input is a 422 in any field rather than a crash
(an untyped object field is checked by the schema that loads what it holds).
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from datetime import date

from flask_babel import gettext as _
from marshmallow import RAISE, Schema, ValidationError, fields, validate

SURROGATES = re.compile("[\ud800-\udfff]")
# C0 controls but tab, newline and carriage return (handled as a line end); DEL; C1.
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
BIDI_OVERRIDES = re.compile("[\u202a-\u202e]")
# Every character exports replace (see printable): what new text may not contain.
UNPRINTABLE = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
                         "\u202a-\u202e]")
# A payload nested deeper than this is refused: no Paja payload needs more than a few levels.
MAX_DEPTH = 20


def broken_character(at: int) -> str:
    return _("Retype the broken character at position %(at)d (half of an emoji or other "
             "symbol).", at=at)


def control_character(at: int) -> str:
    return _("Remove the invisible control characters (the first is at position %(at)d).",
             at=at)


def clean_text(text: str, *, max_length: int | None = None, allow_empty: bool = True) -> str:
    """``text`` checked and normalised by the rules above; :class:`ValidationError` with a
    message that says what to fix, in the requester's language."""
    if match := SURROGATES.search(text):
        raise ValidationError(broken_character(match.start() + 1))
    if match := CONTROLS.search(text):
        raise ValidationError(control_character(match.start() + 1))
    if match := BIDI_OVERRIDES.search(text):
        raise ValidationError(_(
            "Remove the invisible text-direction override characters (U+202A to U+202E; the "
            "first is at position %(at)d). Right-to-left text needs none of them.",
            at=match.start() + 1))
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.strip()
    if not text and not allow_empty:
        raise ValidationError(_("Write something here; it cannot be empty."))
    if max_length is not None and len(text) > max_length:
        raise ValidationError(_("Too long: %(length)d characters. Shorten it to %(max)d at most.",
                                length=len(text), max=max_length))
    return text


def printable(value):
    """``value`` - text, or dicts, lists and tuples holding text - with every character that
    new text may not contain replaced by U+FFFD, for the exports: whatever was stored before
    these rules (or straight into the database) still makes a file, and an archive made from
    it can be imported again. Other values pass as they are."""
    if isinstance(value, str):
        return UNPRINTABLE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {printable(key): printable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(printable(item) for item in value)
    return value


def _unstorable_string(text: str) -> str | None:
    if match := SURROGATES.search(text):
        return broken_character(match.start() + 1)
    if (at := text.find("\x00")) >= 0:
        return control_character(at + 1)
    return None


def unstorable(data, skip: frozenset = frozenset()) -> dict:
    """Errors, shaped like marshmallow's, for every string in ``data`` (keys too) that no
    database can store, and for nesting deeper than :data:`MAX_DEPTH`; the containers under
    the top-level keys in ``skip`` are left alone. Walked without recursion, so that any
    depth the JSON parser accepted is answered."""
    errors: dict = {}

    def put(path: tuple, message: str) -> None:
        where = errors
        for key in path[:-1]:
            where = where.setdefault(key, {})
            if not isinstance(where, dict):
                return
        where.setdefault(path[-1] if path else "_schema", [message])

    stack = [((), data, 1)]
    while stack:
        path, value, depth = stack.pop()
        if isinstance(value, str):
            if message := _unstorable_string(value):
                put(path, message)
        elif isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                # Said at the field it is in: a path dozens of levels deep helps no one.
                put(path[:1], _("Nested too deeply: at most %(max)d levels.", max=MAX_DEPTH))
                continue
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str) and (message := _unstorable_string(key)):
                    put((*path, key), message)
                elif not (depth == 1 and key in skip and isinstance(item, dict | list)):
                    stack.append(((*path, key), item, depth + 1))
    return errors


def _untyped(field: fields.Field) -> bool:
    return type(field) is fields.Raw or (isinstance(field, fields.Mapping)
                                         and field.value_field is None)


class PajaSchema(Schema):
    """Base schema: unknown fields are an error, never silently dropped; strings no database
    can store and absurd nesting are refused in every field (see :func:`unstorable`)."""

    class Meta:
        unknown = RAISE
        ordered = True

    def load(self, data, *, many=None, partial=None, unknown=None):
        # An untyped object field (a socket command's args, a theme's task) is loaded again
        # by the schema of what it holds, which checks it there - so that its errors are
        # named by that schema's fields, on the socket exactly as over HTTP.
        skip = frozenset(field.data_key or name for name, field in self.load_fields.items()
                         if _untyped(field))
        errors = unstorable(data, skip)
        if errors:
            raise ValidationError(errors)
        return super().load(data, many=many, partial=partial, unknown=unknown)


class Text(fields.String):
    """People's text: checked and normalised by :func:`clean_text`, may be required to be
    non-empty, and has a length cap (counted after normalising and trimming).

    Messages are made at validation time, in the requester's language.
    """

    def __init__(self, *, max_length: int, allow_empty: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.max_length = max_length
        self.allow_empty = allow_empty
        self.metadata.setdefault("maxLength", max_length)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        return clean_text(text, max_length=self.max_length, allow_empty=self.allow_empty)


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


def content_languages() -> tuple[str, ...]:
    """The languages content can be written in: the interface's languages."""
    from flask import current_app

    return tuple(current_app.config["LANGUAGES"])


def writer_language() -> str:
    """The language of the page the writer is on: what a plain string is written in."""
    from flask_babel import get_locale

    languages = content_languages()
    locale = get_locale()
    chosen = str(locale) if locale is not None else ""
    if chosen in languages:
        return chosen
    return next((lang for lang in languages if chosen.split("_")[0] == lang), languages[0])


class LanguageMap(fields.Field):
    """Text that facilitators write for people who read different languages (a phase's
    title, a session's description): stored as a map ``{language: text}`` of the languages
    it has been written in.

    The payload gives either a string - the text in the writer's page language - or a map of
    some of :func:`content_languages` to texts. Each text goes through :func:`clean_text`;
    an empty one means "not in this language". What was loaded holds only the languages the
    payload named, so a save merges it into what is stored (:func:`merge_languages`):
    languages left out keep their text.
    """

    def __init__(self, *, max_length: int, required_text: bool = False,
                 allow_string: bool = True, **kwargs):
        kwargs.setdefault("metadata", {})
        kwargs["metadata"].setdefault("description", (
            "A text, in the writer's page language, or an object of texts by language "
            "code; languages left out keep their text, an empty text removes one."))
        super().__init__(**kwargs)
        self.max_length = max_length
        self.required_text = required_text
        # A stored column (an archive's row) is always a map; only payloads may be strings.
        self.allow_string = allow_string

    def _deserialize(self, value, attr, data, **kwargs):
        languages = content_languages()
        if isinstance(value, str) and self.allow_string:
            value = {writer_language(): value}
        if not isinstance(value, dict):
            raise ValidationError(_(
                "Give this as a text, or as an object of texts by language (%(languages)s).",
                languages=", ".join(languages)))
        errors: dict = {}
        texts: dict = {}
        for lang, text in value.items():
            if lang not in languages:
                errors[lang] = [_("Paja has no language %(lang)s; use %(languages)s.",
                                  lang=str(lang)[:20], languages=", ".join(languages))]
            elif not isinstance(text, str):
                errors[lang] = [_("Give the text in this language as a string.")]
            else:
                try:
                    texts[lang] = clean_text(text, max_length=self.max_length)
                except ValidationError as error:
                    errors[lang] = error.messages
        if errors:
            raise ValidationError(errors)
        if self.required_text and not any(texts.values()):
            raise ValidationError(_("Write this in at least one language; it cannot be "
                                    "empty."))
        return texts


def merge_languages(stored: dict | None, given: dict) -> dict:
    """``stored`` with the languages in ``given`` replaced: an empty text removes its
    language, languages ``given`` leaves out keep theirs. Only languages with text are kept."""
    merged = {lang: text for lang, text in (stored or {}).items() if text}
    for lang, text in given.items():
        if text:
            merged[lang] = text
        else:
            merged.pop(lang, None)
    return merged


def pick_language(value, language: str, fallback: str | None = None) -> tuple[str, str | None]:
    """The text of a language map to show a reader of ``language``, and its language:
    theirs, else the language it is a variant of (``fi`` for a plain-Finnish reader), else
    ``fallback`` (the workshop's language), else any. A plain string is in no known
    language."""
    if not isinstance(value, dict):
        return (value or "", None)
    base = language.replace("-", "_").split("_")[0]
    for lang in (language, base, fallback, "fi", "en", *value):
        if lang and value.get(lang):
            return value[lang], lang
    return "", None


# The languages every content file (workshop templates, the persona library) is written in:
# a facilitator or participant reading any of them finds each text in their own language.
CONTENT_LANGUAGES = ("fi", "sv", "en")
LANGUAGE_NAMES = {"fi": "Finnish", "sv": "Swedish", "en": "English"}


def _missing(lang: str) -> dict:
    # A content-file message for whoever deploys Paja, not an interface string: it names the
    # language so the fix (add that language's text) is obvious from the message alone.
    return {"required": f"the {LANGUAGE_NAMES.get(lang, lang)} ({lang}) text is missing; "
                        f"every text needs {', '.join(CONTENT_LANGUAGES)}."}


def multilingual(max_length: int, *, payload: bool = False) -> type[Schema]:
    """A text in each of :data:`CONTENT_LANGUAGES`, as content files must have it; a missing
    one is named in the error.

    ``payload``: the same shape for what a facilitator sends that is checked like a
    template's (a coaching task): Finnish and English are required, as they always were for
    it, with the usual messages in the facilitator's language; Swedish may be given (or be
    empty), so a task that came from a template can be sent back and stored as it is.
    """
    required = ("fi", "en") if payload else CONTENT_LANGUAGES

    def text(lang: str) -> Text:
        if payload:
            return Text(max_length=max_length, required=lang in required,
                        allow_empty=lang not in required)
        return Text(max_length=max_length, required=True, error_messages=_missing(lang))

    return PajaSchema.from_dict(
        {lang: text(lang) for lang in CONTENT_LANGUAGES},
        name=f"Multilingual{'Payload' if payload else ''}{max_length}",
    )


def multilingual_list(max_length: int, max_items: int) -> type[Schema]:
    """A list of texts in each of :data:`CONTENT_LANGUAGES`, each list with 1..max_items
    entries."""
    def items(lang: str):
        return fields.List(Text(max_length=max_length), required=True,
                           validate=validate.Length(1, max_items),
                           error_messages=_missing(lang))

    return PajaSchema.from_dict({lang: items(lang) for lang in CONTENT_LANGUAGES},
                                name=f"MultilingualList{max_length}")


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


class NoArgs(PajaSchema):
    """The arguments of a command that takes none: an empty object."""
