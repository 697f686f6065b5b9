"""The interface's languages: Finnish, plain Finnish (selkosuomi), Swedish and English.

Plain Finnish is chosen like a language, but it is a way of writing Finnish, not a language
of its own: the page says ``lang="fi"``, dates and numbers are Finnish, and what facilitators
write stays in the content languages (``LANGUAGES``: fi, sv, en). Its words are a small
catalogue of plain texts for what a participant reads
(``server/translations/fi/LC_MESSAGES/selko.po``), in front of the Finnish catalogue, which
gives every other string.
"""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from flask import current_app, g, has_request_context, request, session
from flask_babel import Domain, get_locale

PLAIN_FINNISH = "fi-x-selko"
# Each language by its own name, in its own language: someone who cannot read the page's
# language still finds theirs.
NAMES = {"fi": "Suomi", PLAIN_FINNISH: "Selkosuomi", "sv": "Svenska", "en": "English"}
COOKIE = "paja_lang"
ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "server" / "translations"
PLAIN_CATALOG = TRANSLATIONS / "fi" / "LC_MESSAGES" / "selko.po"


def interface_languages(config=None) -> tuple[str, ...]:
    """The languages a person can choose, in the order the switch offers them: the content
    languages, with plain Finnish after Finnish."""
    languages: list[str] = []
    for language in (config or current_app.config)["LANGUAGES"]:
        languages.append(language)
        if language == "fi":
            languages.append(PLAIN_FINNISH)
    return tuple(languages)


def babel_language(language: str) -> str:
    """The Babel locale of an interface language: plain Finnish is Finnish."""
    return "fi" if language == PLAIN_FINNISH else language


def chosen_language() -> str:
    """This request's interface language: ``?lang=``, the session, the cookie
    ``/lang/<language>`` set, then the browser's Accept-Language, then the default.

    A browser that asks only for languages Paja lacks (Arabic, Somali, Russian...) gets the
    default, Finnish, as Finland's public services do; the switch at the top of every page
    names each language in itself, so the way out is readable in any of them."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    cached = g.get("paja_language")
    if cached:
        return cached
    offered = interface_languages()
    language = next((value for value in (request.args.get("lang"), session.get("lang"),
                                         request.cookies.get(COOKIE)) if value in offered),
                    None)
    if language is None:
        content = [lang for lang in offered if lang != PLAIN_FINNISH]
        language = (request.accept_languages.best_match(content)
                    or current_app.config["BABEL_DEFAULT_LOCALE"])
    g.paja_language = language
    return language


def interface_language() -> str:
    """The language the strings are in right now: the chosen one, unless code has forced
    another locale (``force_locale``), or a Finnish forced on a plain-Finnish reader (words
    written into a workshop's content in its language are ordinary Finnish)."""
    locale = str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    if locale == "fi" and not _forced() and has_request_context() and (
            chosen_language() == PLAIN_FINNISH):
        return PLAIN_FINNISH
    return locale


def _forced() -> bool:
    context = g.get("_flask_babel") if has_request_context() else None
    return getattr(context, "forced_babel_locale", None) is not None


class InterfaceDomain(Domain):
    """Flask-Babel's message domain, with plain Finnish in front of Finnish for a reader who
    chose it; the catalogues are kept per interface language, like Flask-Babel's own."""

    def get_translations(self):
        translations = super().get_translations()
        if not has_request_context() or interface_language() != PLAIN_FINNISH:
            return translations
        key = (PLAIN_FINNISH, self.domain[0])
        plain = self.cache.get(key)
        if plain is None:
            plain = self.cache[key] = plain_translations()
            plain.add_fallback(translations)
        return plain


def read_plain_catalog(path: Path = PLAIN_CATALOG):
    """The plain-Finnish catalogue, as Babel reads a .po file."""
    with path.open("rb") as source:
        return read_po(source, locale="fi")


def plain_translations(path: Path = PLAIN_CATALOG) -> Translations:
    """The plain-Finnish texts as gettext translations (no fallback yet). Read from the .po
    itself: the catalogue is small, and there is no compiled file to forget."""
    buffer = BytesIO()
    write_mo(buffer, read_plain_catalog(path))  # fuzzy entries left out
    buffer.seek(0)
    return Translations(fp=buffer)


# -- which strings a participant reads -------------------------------------------------------
#
# The set that must have a plain-Finnish text: the sentences of the pages a participant uses
# (join, the phone page and its scripts, the server's messages to them). One- and two-word
# labels and buttons ("Tallenna", "Ideat") are already plain in Finnish and come from the
# Finnish catalogue.

PARTICIPANT_TEMPLATES = ("base.html", "index.html", "join.html", "participant.html",
                         "error.html", "outcomes.html", "own_link.html", "my_data.html")
# What the server itself tells a participant on the way in and on the phone (the scripts
# show these as they come).
PARTICIPANT_MESSAGES = (
    "No open workshop has this code. Check the code on the screen and try again.",
    "This join link no longer works. Ask for the new code.",
    "This invitation no longer works. Ask the team for a new link.",
    "Join the workshop with its code first.",
    "Join the workshop first.",
    "Too many wrong codes from this network. Check the code on the screen and try again in "
    "%(minutes)d min.",
    "Joining is paused for a moment because many wrong codes are being tried. Try again in "
    "%(minutes)d min.",
    "Very many people are joining from this network right now. Wait %(seconds)d seconds and "
    "press Join again; what you wrote is kept.",
    "This phase is not on now; the facilitator has moved on.",
    "Writing is locked for now; the facilitator will open it again.",
    "You can only change your own ideas.",
    "You can't +1 your own idea.",
    "The ideas are not revealed yet.",
    "That is too large to send.",
    "Too long: %(length)d characters. Shorten it to %(max)d at most.",
    "At most %(cap)d dots per item.",
    "Too many messages at once. Wait a moment and try again.",
    "This device sent too many messages, so the server closed its connection. Wait a moment "
    "before trying again.",
    "Something went wrong on our side. Your work is saved; try again in a moment.",
    "Something went wrong on our side; try again in a moment.",
    "This page does not exist. Check the address.",
)
PARTICIPANT_SCRIPT = "static/js/participant.js"
_IMPORT = re.compile(r"""^\s*import\s[^;]*?from\s+["'](\.{1,2}/[^"']+)["']""", re.M | re.S)
_KEY = re.compile(r"""\bt\(\s*["']([a-z0-9_]+)["']""")
_KEY_PREFIX = re.compile(r"""\bt\(\s*`([a-z0-9_]+)\$\{""")


def participant_scripts() -> list[Path]:
    """The participant page's script and every module of ours it imports."""
    seen: list[Path] = []
    todo = [ROOT / PARTICIPANT_SCRIPT]
    while todo:
        path = todo.pop().resolve()
        if path in seen or not path.is_file():
            continue
        seen.append(path)
        todo += [path.parent / name for name in _IMPORT.findall(path.read_text("utf-8"))]
    return sorted(seen)


def participant_keys(strings: dict) -> set[str]:
    """The keys of ``strings`` (the page's text keys) that the participant's scripts use."""
    keys: set[str] = set()
    prefixes: set[str] = set()
    for path in participant_scripts():
        code = path.read_text("utf-8")
        keys.update(_KEY.findall(code))
        prefixes.update(_KEY_PREFIX.findall(code))
    keys.update(key for key in strings for prefix in prefixes if key.startswith(prefix))
    return keys & set(strings)


def template_msgids(names=PARTICIPANT_TEMPLATES) -> set[str]:
    from babel.messages.extract import extract_from_file

    found: set[str] = set()
    for name in names:
        for _line, message, _comments, _context in extract_from_file(
                "jinja2", str(ROOT / "server" / "templates" / name)):
            found.add(message if isinstance(message, str) else message[0])
    return found


def is_instruction(msgid: str) -> bool:
    """Whether a string is a sentence someone reads to know what to do or what is going on,
    not a label: three words or more."""
    return len(re.sub(r"\{\w+\}|%\(\w+\)\w", "x", msgid).split()) >= 3


def participant_msgids() -> set[str]:
    """The English source texts a participant reads that need a plain-Finnish text.
    Needs an application context."""
    from .pages.board_strings import participant_strings

    with current_app.test_request_context("/?lang=en"):
        strings = participant_strings()  # untranslated: English is the source
    msgids = ({strings[key] for key in participant_keys(strings)} | template_msgids()
              | set(PARTICIPANT_MESSAGES))
    return {msgid for msgid in msgids if is_instruction(msgid)}


def init_app(app) -> None:
    from .extensions import babel

    # Babel() is one object for every app the process builds; its domain is swapped once.
    if not isinstance(babel.__dict__.get("domain_instance"), InterfaceDomain):
        babel.domain_instance = InterfaceDomain(domain=app.config.get("BABEL_DOMAIN",
                                                                      "messages"))

    @app.context_processor
    def language_context():
        language = interface_language() if has_request_context() else "fi"
        return {"interface_language": language,
                "interface_languages": [(code, NAMES.get(code, code), babel_language(code))
                                        for code in interface_languages()]}
