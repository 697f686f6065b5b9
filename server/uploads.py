"""What every file a facilitator uploads (persona cards, pilot updates) shares: its text
read as Excel and editors save it, and its problems gathered with their lines, so that one
upload shows all that needs fixing and refuses the whole file."""

from __future__ import annotations

from flask_babel import gettext as _

from .errors import Invalid

# More than this is one mistake repeated (a wrong delimiter, a shifted column): the first
# ones show it.
MAX_PROBLEMS = 30


class LineProblems:
    """The problems found so far, each with its line; too many stop the reading."""

    class Full(Exception):
        pass

    def __init__(self):
        self.items: list[tuple[int, str, str]] = []

    def add(self, line: int, where: str, message: str) -> None:
        self.items.append((line, where, message))
        if len(self.items) >= MAX_PROBLEMS:
            raise self.Full

    def messages(self) -> list[str]:
        out = []
        for line, where, message in sorted(self.items, key=lambda item: item[0]):
            if where:
                out.append(_("Line %(line)d: %(field)s: %(problem)s", line=line, field=where,
                             problem=message))
            else:
                out.append(_("Line %(line)d: %(problem)s", line=line, problem=message))
        if len(self.items) >= MAX_PROBLEMS:
            out.append(_("The first %(n)d problems are shown; there may be more.",
                         n=MAX_PROBLEMS))
        return out


def refused(messages: list[str]) -> Invalid:
    return Invalid(_("Nothing was imported. Fix what each line says and upload the file "
                     "again."), {"file": messages})


def decode(data: bytes) -> str:
    """An uploaded file's text: UTF-8 (with or without the byte-order mark Excel writes),
    else Windows-1252, which Excel in Finland saves "CSV" in."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise Invalid.field("file", _("The file is not text. Save it as UTF-8 text (YAML "
                                          "or CSV) and upload it again.")) from None
