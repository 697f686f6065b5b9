"""A facilitator's own persona and customer-profile cards, from a YAML or CSV file.

YAML is the library's format (see ``personas/README.md``): one card, or a list of cards.
CSV has one card per row and a header row naming the fields, in English or Finnish
(``name`` or ``nimi``), a language after an underscore (``name_sv``, ``rooli_en``).

Unlike the library, a facilitator's card need not be written in every language, nor have
every field: only its kind (or a name or segment to tell it by) and its name or segment. A
text given without a language is in the workshop's language - except a name and an age,
which are the same in every language, as in the library.

Every card is checked before anything is written, and every problem is reported with its
line (``Line 4: age_range: ...``), so that one upload shows all that needs fixing.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass

import yaml
from flask_babel import gettext as _
from marshmallow import ValidationError

from ..errors import Invalid
from ..schemas import CONTENT_LANGUAGES, clean_text
from ..uploads import LineProblems as _Problems
from ..uploads import refused
from ..yamlfiles import line_of
from .models import FIELDS, LIST_FIELDS, TITLE_FIELD

FORMATS = ("yaml", "csv")
MAX_FILE_BYTES = 200 * 1024  # well under a socket message (256 KB), so the command carries it
MAX_CARDS = 100

# As the library's cards: short texts, long texts and lists of short items.
LENGTHS = {"name": 80, "age_range": 20, "role": 200, "quote": 200, "devices": 200,
           "segment": 200, "situation": 2000, "digital_skills": 2000, "motivation": 2000,
           "description": 2000}
LIST_ITEM_LENGTH, LIST_ITEMS, LIST_TOTAL = 300, 12, 2000
# Written once, the same in every language.
NEUTRAL = ("name", "age_range")
AGE = re.compile(r"^\d{1,3}\s*(\+|(-|–|—|to)\s*\d{1,3})?$")

KIND_NAMES = {"persona": "persona", "persoona": "persona", "profile": "profile",
              "profiili": "profile", "asiakasprofiili": "profile",
              "customer_profile": "profile"}

# CSV headers, compared without case, accents or punctuation (``Käytetyt palvelut`` is
# ``kaytetyt_palvelut``): the field names, their English and Finnish labels (as the cockpit
# and the report show them) and a few short Finnish words.
HEADERS = {
    "kind": ("kind", "type", "tyyppi", "laji"),
    "name": ("name", "nimi"),
    "age_range": ("age_range", "age", "ika", "ikaryhma"),
    "role": ("role", "rooli"),
    "quote": ("quote", "lainaus", "sitaatti"),
    "situation": ("situation", "tilanne", "elamantilanne"),
    "goals": ("goals", "tavoitteet"),
    "frustrations": ("frustrations", "turhautumiset"),
    "digital_skills": ("digital_skills", "digitaidot"),
    "devices": ("devices", "laitteet"),
    "motivation": ("motivation", "motivaatio"),
    "services_used": ("services_used", "kaytetyt_palvelut", "palvelut"),
    "what_helps": ("what_helps", "mika_auttaa"),
    "segment": ("segment", "segmentti", "asiakasryhma"),
    "description": ("description", "kuvaus"),
    "needs": ("needs", "tarpeet"),
    "channels": ("channels", "kanavat"),
    "values": ("values", "what_they_value", "arvot", "mita_he_arvostavat"),
    "blockers": ("blockers", "what_blocks_them", "esteet", "mika_heita_estaa"),
}
HEADER_FIELD = {alias: name for name, aliases in HEADERS.items() for alias in aliases}
ALL_FIELDS = tuple(name for name in HEADERS if name != "kind")


@dataclass(frozen=True)
class OwnCard:
    """One card read from a file: where it starts, its kind and its fields as stored
    (``{field: {language: text}}``, only the fields and languages the file gave)."""

    line: int
    kind: str
    fields: dict


def format_of(filename: str) -> str | None:
    """``yaml`` or ``csv`` from a file name's ending, else None."""
    ending = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return {"yaml": "yaml", "yml": "yaml", "csv": "csv"}.get(ending)


def read_cards(fmt: str, text: str, language: str) -> list[OwnCard]:
    """Every card in ``text`` (``fmt`` is yaml or csv), or :class:`Invalid` naming every
    problem with its line, under the field ``file``.

    :param language: the workshop's language: what a text given without one is in.
    """
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise Invalid.field("file", _(
            "The file is too large: import at most %(kb)d KB at a time (split it into "
            "several files).", kb=MAX_FILE_BYTES // 1024))
    problems = _Problems()
    try:
        cards = (_yaml_cards if fmt == "yaml" else _csv_cards)(text, language, problems)
    except _Problems.Full:
        cards = []
    if problems.items:
        raise refused(problems.messages())
    if not cards:
        raise Invalid.field("file", _("The file has no cards. Write one card per row (CSV) "
                                      "or a list of cards (YAML)."))
    return cards


# -- one card, however it was written ---------------------------------------------------------


def _kind_of(value, raw: dict) -> tuple[str | None, str | None]:
    """The kind a card says (or, said nowhere, the kind its title field shows) and what is
    wrong with it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        # Said nowhere: a card with a segment and no name is a profile, any other a persona
        # (which then says its name is missing, if it is).
        return ("profile" if "segment" in raw and "name" not in raw else "persona"), None
    kind = KIND_NAMES.get(_folded(str(value)))
    if kind is None:
        return None, _("Write persona or profile, not %(value)s.", value=str(value)[:40])
    return kind, None


def _text(name: str, value) -> str:
    """One text of field ``name``, cleaned and checked; :class:`ValidationError` says what
    to fix."""
    if isinstance(value, bool) or not isinstance(value, str | int | float | list):
        raise ValidationError(_("Give this as a text."))
    if name in LIST_FIELDS:
        items = value if isinstance(value, list) else re.split(r"\n|;", str(value))
        if any(isinstance(item, bool) or not isinstance(item, str | int | float)
               for item in items):
            raise ValidationError(_("Give each item of the list as a text."))
        items = [clean_text(str(item), max_length=LIST_ITEM_LENGTH) for item in items]
        items = [item for item in items if item]
        if len(items) > LIST_ITEMS:
            raise ValidationError(_("At most %(n)d items; this has %(have)d.", n=LIST_ITEMS,
                                    have=len(items)))
        text = "\n".join(items)
        if len(text) > LIST_TOTAL:
            raise ValidationError(_("Too long: %(length)d characters. Shorten it to %(max)d "
                                    "at most.", length=len(text), max=LIST_TOTAL))
        return text
    if isinstance(value, list):
        raise ValidationError(_("Give this as a text, not a list."))
    text = clean_text(str(value), max_length=LENGTHS[name])
    if name == "age_range" and text and not AGE.match(text):
        raise ValidationError(_("Give an age as a number or a range, such as 45 or 35–45."))
    return text


def _card(raw: dict, kind_value, language: str,
          report) -> tuple[str, dict] | None:
    """``raw`` ({field: {language or None: value}}) as a card's kind and stored fields, or
    None after reporting each problem as ``report(path, message)``, where ``path`` is
    ``(field,)`` or ``(field, language)`` (``("kind",)`` for the kind, ``()`` for the whole
    card)."""
    kind, problem = _kind_of(kind_value, raw)
    if problem:
        report(("kind",), problem)
        return None
    ok = True
    fields: dict = {}
    for name, texts in raw.items():
        if name not in FIELDS[kind]:
            report((name,), _("A %(kind)s card has no field %(name)s; its fields are %(fields)s.",
                              kind=kind, name=name, fields=", ".join(FIELDS[kind])))
            ok = False
            continue
        out: dict = {}
        for lang, value in texts.items():
            try:
                text = _text(name, value)
            except ValidationError as error:
                report((name,) if lang is None else (name, lang),
                       " ".join(str(m) for m in error.messages))
                ok = False
                continue
            if lang is None:
                for each in (CONTENT_LANGUAGES if name in NEUTRAL else (language,)):
                    out.setdefault(each, text)
            else:
                out[lang] = text
        if any(out.values()):
            fields[name] = {lang: out.get(lang, "") for lang in CONTENT_LANGUAGES}
    title = TITLE_FIELD[kind]
    if ok and title not in fields:
        report((title,), _("Give the card a %(field)s; it cannot be empty.",
                           field=_("name") if title == "name" else _("segment")))
        ok = False
    return (kind, fields) if ok else None


def _language_problem(lang) -> str:
    return _("Paja has no language %(lang)s; use %(languages)s.", lang=str(lang)[:20],
             languages=", ".join(CONTENT_LANGUAGES))


# -- YAML -------------------------------------------------------------------------------------


def _yaml_cards(text: str, language: str, problems: _Problems) -> list[OwnCard]:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else 1
        problems.add(line, "", _("This is not valid YAML: %(problem)s", problem=error.problem))
        return []
    except (yaml.YAMLError, ValueError, RecursionError):
        # Also what PyYAML does not report as its own error: nesting deeper than Python
        # recurses, a number longer than Python converts.
        problems.add(1, "", _("This is not valid YAML."))
        return []
    if isinstance(data, dict):
        entries, prefix = [(data, root)], ()
    elif isinstance(data, list) and all(isinstance(item, dict) for item in data):
        entries, prefix = list(zip(data, root.value, strict=True)), None
    else:
        problems.add(1, "", _("Write one card (kind: persona, name: ...) or a list of cards "
                              "(each starting with - kind: ...)."))
        return []
    if len(entries) > MAX_CARDS:
        problems.add(1, "", _("The file has %(n)d cards; import at most %(max)d at a time.",
                              n=len(entries), max=MAX_CARDS))
        return []
    cards = []
    for index, (entry, node) in enumerate(entries):
        base = (index,) if prefix is None else ()

        def report(path, message, node=node, base=base):
            problems.add(line_of(root, (*base, *path)) if base or path else
                         node.start_mark.line + 1, ".".join(map(str, path)), message)

        raw: dict = {}
        for key, value in entry.items():
            if key == "kind":
                continue
            name = str(key)
            if name not in ALL_FIELDS:
                report((name,), _("No card has a field %(name)s. A persona has %(persona)s; "
                                  "a profile has %(profile)s.", name=name[:40],
                                  persona=", ".join(FIELDS["persona"]),
                                  profile=", ".join(FIELDS["profile"])))
                continue
            if isinstance(value, dict):
                texts = {}
                for lang, item in value.items():
                    if lang not in CONTENT_LANGUAGES:
                        report((name, lang), _language_problem(lang))
                    else:
                        texts[lang] = item
                raw[name] = texts
            elif value is not None:
                raw[name] = {None: value}
        made = _card(raw, entry.get("kind"), language, report)
        if made:
            cards.append(OwnCard(node.start_mark.line + 1, *made))
    return cards


# -- CSV --------------------------------------------------------------------------------------


def _folded(text: str) -> str:
    """A header or kind as compared: lower case, no accents, words joined by ``_``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")


def _column(header: str) -> tuple[str, str | None] | None:
    """The field and language a header names (language None: the workshop's)."""
    folded = _folded(header)
    lang = None
    for each in CONTENT_LANGUAGES:
        if folded.endswith(f"_{each}") and folded[:-3] in HEADER_FIELD:
            folded, lang = folded[:-3], each
    field = HEADER_FIELD.get(folded)
    return (field, lang) if field else None


def _delimiter(first_line: str) -> str:
    # Excel in Finland saves semicolons (the comma is the decimal sign); others commas.
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def _csv_cards(text: str, language: str, problems: _Problems) -> list[OwnCard]:
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as error:
        problems.add(start, "", _("This is not valid CSV: %(problem)s", problem=str(error)))
        return []
    if not rows:
        return []
    header_line, header = rows[0]
    columns: list[tuple[str, str | None] | None] = []
    seen: dict = {}
    known = ", ".join(("kind", *ALL_FIELDS))
    for cell in header:
        column = _column(cell) if cell.strip() else None
        if cell.strip() and column is None:
            problems.add(header_line, cell.strip()[:40], _(
                "No card has this column. Use %(known)s (or their Finnish names), with _fi, "
                "_sv or _en after a name for a language.", known=known))
        elif column is not None and column in seen:
            problems.add(header_line, cell.strip()[:40], _(
                "Two columns say the same: %(first)s and %(second)s. Keep one.",
                first=seen[column], second=cell.strip()[:40]))
        elif column is not None:
            seen[column] = cell.strip()[:40]
        columns.append(column)
    if problems.items:
        return []
    # A problem is named by the file's own header: (field,) or (field, language).
    labels: dict = {}
    for column, cell in zip(columns, header, strict=False):
        if column is not None:
            labels[column if column[1] else column[:1]] = cell.strip()[:40]
            labels.setdefault(column[:1], cell.strip()[:40])
    body = rows[1:]
    if len(body) > MAX_CARDS:
        problems.add(body[MAX_CARDS][0], "", _(
            "The file has %(n)d cards; import at most %(max)d at a time.", n=len(body),
            max=MAX_CARDS))
        return []
    cards = []
    for line, row in body:
        if len(row) > len(columns) and any(cell.strip() for cell in row[len(columns):]):
            problems.add(line, "", _("This row has %(n)d cells but the header %(columns)d. "
                                     "Check the separators and quotes.", n=len(row),
                                     columns=len(columns)))
            continue
        raw: dict = {}
        kind_value = None
        for column, cell in zip(columns, row, strict=False):
            if column is None or not cell.strip():
                continue
            field, lang = column
            if field == "kind":
                kind_value = cell
            else:
                raw.setdefault(field, {})[lang] = cell

        def report(path, message, line=line):
            problems.add(line, labels.get(path) or ".".join(path), message)

        made = _card(raw, kind_value, language, report)
        if made:
            cards.append(OwnCard(line, *made))
    return cards
