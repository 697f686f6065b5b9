"""Text that looks like someone's personal data: a Finnish personal identity code
(henkilötunnus), a phone number, an e-mail address or a street address.

Participants are warned on the phone before such a text goes to others
(``static/js/personal-data.js`` holds the same rules; ``tests/personal_data_examples.json``
holds them both to the same examples), and what was sent anyway is marked for the
facilitators: their view of the entity carries ``personal_data: ["phone", ...]``, computed
from its text each time, so nothing is stored and an edit that takes the number out takes
the mark away too. The mark is a hint to look, not a verdict: it never refuses anything.

The patterns are written without look-behind, exactly as the browser's, which must run on
old phones whose JavaScript has none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

# The order the kinds are listed in, wherever several are found.
KINDS = ("personal_id", "phone", "email", "address")

# Letters that can be part of a word next to a number (Finnish, Swedish, English).
_LETTER = "A-Za-zÅÄÖåäöÉéÜü"
_EDGE = f"(?:^|[^0-9{_LETTER}])"  # what may stand before a match

# DDMMYY, the century sign, the individual number and the check character.
_PERSONAL_ID = re.compile(
    _EDGE + r"(\d{2})(\d{2})(\d{2})([-+ABCDEFYXWVU])(\d{3})([0-9A-Z])" + f"(?![0-9{_LETTER}])",
    re.IGNORECASE)
_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_CENTURY = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900,
            "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000}

# +358 / 00358 with the leading 0 dropped (or written as "(0)"), or 0 and the area or
# operator code (040, 050, 09, 02...). Groups are split by single spaces or dashes only: a
# dot or a comma means a date, a sum or a decimal, never a phone number.
_GROUPS = r"(?:[ -]?\d{2,8}){1,3}"
_PHONE = re.compile(
    _EDGE + r"((?:\+|00)358[ -]?(?:\(0\)[ -]?)?[1-9]\d{0,3}" + _GROUPS
    + r"|0[1-9]\d{0,3}" + _GROUPS + r")"
    + f"(?![0-9{_LETTER}])(?![-.,/][0-9])")

_EMAIL = re.compile(
    r"(?:^|[^0-9A-Za-z._%+-])([0-9A-Za-z._%+-]+@[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*"
    + r"\.[A-Za-z]{2,})(?![0-9A-Za-z-])")

# A street name (a word of at least two letters before one of these endings) and a house
# number, perhaps with a staircase and a flat: "Mannerheimintie 12 A 3", "Kotikatu 5b".
_STREET_ENDINGS = (
    "katu", "tie", "polku", "kuja", "kujanen", "väylä", "raitti", "kaari", "kaarre", "rinne",
    "ranta", "aukio", "tori", "puisto", "puistikko", "piha", "mäki", "penger", "portti",
    "kenttä", "tanhua", "bulevardi", "esplanadi", "gatan", "vägen", "gränd", "stigen",
    "torget", "kajen", "backen", "allén")
_ADDRESS = re.compile(
    f"(?:^|[^{_LETTER}])([{_LETTER}]{{2,}}(?:{'|'.join(_STREET_ENDINGS)}) \\d{{1,3}}"
    + f"(?:[ ]?[A-Za-z](?![{_LETTER}]))?(?:[ ]\\d{{1,3}})?)"
    # A number of kilometres, minutes, euros or times is not a house number.
    + f"(?![0-9{_LETTER}%€])(?![.,][0-9])(?! ?(?:km|m|min|h|e|€|%|euroa?|kertaa|kpl|"
    + f"vuotta|tuntia|minuuttia|astetta)(?![{_LETTER}]))",
    re.IGNORECASE)


def _real_personal_id(day: str, month: str, year: str, sign: str, number: str,
                      check: str) -> bool:
    if _CHECK[int(day + month + year + number) % 31] != check.upper():
        return False
    try:
        date(_CENTURY[sign.upper()] + int(year), int(month), int(day))
    except ValueError:
        return False
    return number != "000" and number != "001"


def find(text: str | None) -> list[str]:
    """The kinds of personal data ``text`` seems to hold, in :data:`KINDS` order."""
    if not text:
        return []
    found = set()
    if any(_real_personal_id(*m.groups()) for m in _PERSONAL_ID.finditer(text)):
        found.add("personal_id")
    for match in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group(1))
        if match.group(1).startswith(("+", "00")):
            digits = digits[5 if digits.startswith("00") else 3:]
            if 5 <= len(digits) <= 10:
                found.add("phone")
        elif 7 <= len(digits) <= 11:
            found.add("phone")
    if _EMAIL.search(text):
        found.add("email")
    if _ADDRESS.search(text):
        found.add("address")
    return [kind for kind in KINDS if kind in found]


def texts_of(value) -> Iterable[str]:
    """Every text in ``value`` (a string, or the strings in a dict or list of them)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts_of(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from texts_of(item)


def mark(view: dict, *texts) -> dict:
    """``view`` with ``personal_data`` (the kinds found in ``texts``) when there are any.

    Left out when there are none, so that an item without a mark looks as it always did to
    every viewer and the events of most items stay the same for everyone."""
    found: set[str] = set()
    for text in texts_of(list(texts)):
        found.update(find(text))
    if found:
        view["personal_data"] = [kind for kind in KINDS if kind in found]
    return view


def unmarked(view: dict | None) -> dict | None:
    """``view`` without the facilitators' mark: what other participants may see."""
    if view is None or "personal_data" not in view:
        return view
    return {name: value for name, value in view.items() if name != "personal_data"}


# What participants write in each kind of entity that others read: the texts its mark is
# computed from (see ``events.entities.register``).
TEXTS = {
    "idea": lambda idea: [idea.text],
    "challenge_note": lambda note: [note.body],
    "comment": lambda comment: [comment.body],
    "introduction": lambda intro: [intro.about, intro.hopes],
    "submission": lambda submission: [submission.body, submission.answers],
}
