"""Languages: every interface string has every language; plain Finnish (selkosuomi) has a
text for everything a participant reads; a person chooses their language, or the browser
does; the switch names every language in itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from server.config import DEFAULTS
from server.languages import (
    PLAIN_CATALOG,
    PLAIN_FINNISH,
    participant_msgids,
    read_plain_catalog,
)

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "server" / "translations"
SOURCE = "en"  # the msgids are the English text
PLACEHOLDER = re.compile(r"\{\w+\}|%\(\w+\)[sd]")


def msgid(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def texts(message) -> tuple[str, ...]:
    return (message.string,) if isinstance(message.string, str) else tuple(message.string)


def template_ids() -> list[str]:
    with (TRANSLATIONS / "messages.pot").open("rb") as source:
        return [msgid(message) for message in read_po(source) if message.id]


@pytest.mark.parametrize("language", [lang for lang in DEFAULTS["LANGUAGES"] if lang != SOURCE])
def test_every_string_is_translated(language):
    """Each catalogue of LANGUAGES exists and translates every msgid of messages.pot,
    neither empty nor fuzzy, with the same placeholders."""
    path = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
    assert path.is_file(), f"no {language} catalogue: {path.relative_to(ROOT)}"
    with path.open("rb") as source:
        catalog = read_po(source)
    problems = []
    for identifier in template_ids():
        message = catalog.get(identifier)
        if message is None or not all(texts(message)):
            problems.append(f"untranslated: {identifier!r}")
        elif message.fuzzy:
            problems.append(f"fuzzy: {identifier!r}")
        elif any(sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(identifier))
                 for text in texts(message)):
            problems.append(f"placeholders differ: {identifier!r} -> {texts(message)!r}")
    assert not problems, f"{language}: {len(problems)} strings\n" + "\n".join(problems[:40])


def test_everything_a_participant_reads_has_plain_finnish(app):
    with app.app_context():
        wanted = participant_msgids()
    # The set is what the participant's pages and scripts show: it must not be empty by
    # accident (a moved script, a renamed template).
    assert len(wanted) > 100
    assert "Waiting for the facilitator to start." in wanted
    assert "No account or e-mail is needed. This phone remembers you, so you can come back "\
        "later." in wanted
    plain = read_plain_catalog()
    problems = []
    for identifier in sorted(wanted):
        message = plain.get(identifier)
        if message is None or not all(texts(message)):
            problems.append(f"no plain Finnish: {identifier!r}")
        elif message.fuzzy:
            problems.append(f"fuzzy: {identifier!r}")
    assert not problems, f"{len(problems)} strings\n" + "\n".join(problems)


def test_plain_finnish_has_nothing_stale_and_keeps_placeholders():
    known = set(template_ids())
    for message in read_plain_catalog():
        if not message.id:
            continue
        identifier = msgid(message)
        assert identifier in known, f"{PLAIN_CATALOG.name}: {identifier!r} is not in the .pot"
        for text in texts(message):
            assert sorted(PLACEHOLDER.findall(text)) == sorted(
                PLACEHOLDER.findall(identifier)), identifier


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


def switch(response) -> dict[str, str]:
    """The language switch: each language's name to its address ("" for the current)."""
    page = response.get_data(as_text=True)
    nav = re.search(r'<nav class="topbar-actions lang-menu".*?</nav>', page, re.S).group(0)
    found = {}
    for _tag, attributes, name in re.findall(r"<(a|span)([^>]*)>([^<]+)</\1>", nav):
        href = re.search(r'href="([^"]+)"', attributes)
        lang = re.search(r'\blang="([^"]+)"', attributes).group(1)
        found[name] = (href.group(1).replace("&amp;", "&") if href else "", lang)
    return found


def test_the_switch_names_every_language_in_itself(client):
    response = client.get("/", headers={"Accept-Language": "fi"})
    assert switch(response) == {
        "Suomi": ("", "fi"),
        "Selkosuomi": (f"/lang/{PLAIN_FINNISH}?next=/?", "fi"),
        "Svenska": ("/lang/sv?next=/?", "sv"),
        "English": ("/lang/en?next=/?", "en"),
    }
    assert 'aria-current="true">Suomi<' in response.get_data(as_text=True)


@pytest.mark.parametrize(("header", "expected"), [
    ("sv", "sv"), ("sv-FI, sv;q=0.9, en;q=0.5", "sv"), ("en-GB", "en"), ("fi-FI", "fi"),
    # Languages Paja lacks get the default, Finnish - and the switch names the others.
    ("ar", "fi"), ("so, ar;q=0.8", "fi"), ("ru-RU", "fi"), ("ru, en;q=0.5", "en"),
])
def test_the_browser_chooses_when_the_person_has_not(client, header, expected):
    response = client.get("/", headers={"Accept-Language": header})
    assert html_lang(response) == expected


def test_swedish_page_in_swedish(client):
    page = client.get("/", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    with (TRANSLATIONS / "sv" / "LC_MESSAGES" / "messages.po").open("rb") as source:
        swedish = read_po(source).get("Join a workshop").string
    assert swedish and swedish != "Join a workshop"
    assert f"<h1>{swedish}</h1>" in page


@pytest.mark.parametrize(("address", "cookie", "lang"), [
    ("/lang/sv", "sv", "sv"), (f"/lang/{PLAIN_FINNISH}", PLAIN_FINNISH, "fi"),
    ("/lang/selko", PLAIN_FINNISH, "fi"), ("/lang/en", "en", "en"), ("/lang/fi", "fi", "fi"),
])
def test_choosing_a_language_is_remembered(client, address, cookie, lang):
    chosen = client.get(address + "?next=/w/nothing")
    assert chosen.status_code == 302 and chosen.headers["Location"] == "/w/nothing"
    assert f"paja_lang={cookie};" in chosen.headers["Set-Cookie"]
    # The choice beats the browser's language.
    page = client.get("/", headers={"Accept-Language": "en" if lang != "en" else "fi"})
    assert html_lang(page) == lang
    current = [name for name, (href, _lang) in switch(page).items() if not href]
    assert current == [{"sv": "Svenska", PLAIN_FINNISH: "Selkosuomi", "en": "English",
                        "fi": "Suomi"}[cookie]]


def test_an_unknown_language_is_not_found(client):
    assert client.get("/lang/de").status_code == 404
    assert client.get("/lang/fi-x-other").status_code == 404


def strings_of(browser, page: str) -> dict:
    """The words the phone page loads (a script of their own that the page names, setting
    ``self.pajaStrings``)."""
    import json

    tag = re.search(r'<[^>]*id="paja-strings-file"[^>]*>', page).group(0)
    address = re.search(r'(?:src|href)="([^"]+)"', tag).group(1)
    response = browser.page(address)
    assert response.status_code == 200
    text = response.get_data(as_text=True).strip()
    return json.loads(text.removeprefix("self.pajaStrings = ").removesuffix(";"))


def test_plain_finnish_on_the_participant_page(participant, workshop):
    wid = workshop["id"]
    finnish_page = participant.page(f"/w/{wid}?lang=fi").get_data(as_text=True)
    finnish = strings_of(participant, finnish_page)
    participant.page(f"/lang/{PLAIN_FINNISH}")
    response = participant.page(f"/w/{wid}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert html_lang(response) == "fi"  # plain Finnish is Finnish
    assert 'data-lang="fi"' in page
    # The phone's words are the plain ones, kept apart from the Finnish ones (each
    # language's are made once and kept, at an address of their own).
    assert f"/strings/participant/{PLAIN_FINNISH}/" in page
    plain = strings_of(participant, page)
    assert plain["waiting"] == "Odota. Ohjaaja aloittaa pian."
    assert finnish["waiting"] == "Odotetaan, että ohjaaja aloittaa."
    assert plain["vote_rules"].startswith("Sinulla on {dots} pistettä.")
    # A string with no plain text comes from the Finnish catalogue, not in English.
    assert plain["save"] == finnish["save"] == "Tallenna"
    # Finnish after plain Finnish is Finnish again.
    participant.page("/lang/fi")
    again = strings_of(participant, participant.page(f"/w/{wid}").get_data(as_text=True))
    assert again["waiting"] == "Odotetaan, että ohjaaja aloittaa."


def test_plain_finnish_join_page(client):
    from conftest import Browserless

    person = Browserless(client)
    person.page(f"/lang/{PLAIN_FINNISH}")
    page = person.page("/").get_data(as_text=True)
    assert "Kirjoita koodi, jonka näet isolla näytöllä" in page
    assert "Tule mukaan työpajaan" in page
    # What the server says, too: a wrong code.
    wrong = person.form("/join", {"code": "ZZZZZZ"})
    assert wrong.status_code == 422
    assert "Koodi on väärä. Katso koodi isolta näytöltä." in wrong.get_data(as_text=True)


def test_plain_finnish_is_not_a_content_language(facilitator, workshop):
    """Facilitators write content in fi, sv and en; plain Finnish is only the interface's."""
    facilitator.page(f"/lang/{PLAIN_FINNISH}")
    response = facilitator.api("PATCH", f"/api/workshops/{workshop['id']}",
                               json={"language": PLAIN_FINNISH})
    assert response.status_code == 422
    page = facilitator.page(f"/f/w/{workshop['id']}").get_data(as_text=True)
    config = re.search(r'id="paja-board">(.*?)</script>', page, re.S).group(1)
    assert PLAIN_FINNISH not in config


@pytest.mark.browser
@pytest.mark.live
def test_the_switch_at_320_px(browser, server):
    """A phone 320 px wide (and so 1280 px at 400 %): the four languages wrap onto the
    page, each a target at least 44 px square, none sideways out of view; a tap on one
    turns the page into it."""
    from conftest import PHONE
    from test_browser import run_axe

    phone = browser.new_context(**{**PHONE, "viewport": {"width": 320, "height": 640}},
                                locale="ar", bypass_csp=True)
    try:
        page = phone.new_page()
        page.goto(server.url + "/")
        assert page.evaluate("document.documentElement.lang") == "fi"  # Arabic: the default
        nav = page.get_by_role("navigation", name="Kieli · Språk · Language")
        for name in ("Selkosuomi", "Svenska", "English"):
            link = nav.get_by_role("link", name=name, exact=True)
            box = link.bounding_box()
            assert box["height"] >= 44 and box["width"] >= 44, (name, box)
            assert box["x"] >= 0 and box["x"] + box["width"] <= 320, (name, box)
        assert nav.locator('[aria-current="true"]').inner_text() == "Suomi"
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth + 1")
        assert run_axe(page) == []
        page.screenshot(path=str(server.log.parent / "language-switch-320.png"))
        nav.get_by_role("link", name="Svenska", exact=True).click()
        page.wait_for_function("document.documentElement.lang === 'sv'")
        assert page.get_by_role("navigation", name="Kieli · Språk · Language").locator(
            '[aria-current="true"]').inner_text() == "Svenska"
        page.get_by_role("link", name="Selkosuomi", exact=True).click()
        page.wait_for_function("document.documentElement.lang === 'fi'")
        assert page.get_by_role("heading", level=1).inner_text() == "Tule mukaan työpajaan"
        assert run_axe(page) == []
    finally:
        phone.close()


def test_every_word_a_script_asks_for_exists(app):
    """A key a script passes to ``t()`` that no strings module defines shows on screen as
    the key itself ("mydata_title"): every literal key in the scripts must be defined, for
    the phone or for the cockpit (whose page adds a few words of its own)."""
    from server.pages.board_strings import participant_strings

    with app.test_request_context():
        known = set(participant_strings())
    # The cockpit's and the projector's pages add a few words of their own to the page.
    for page in (TRANSLATIONS.parent / "templates" / "facilitator.html",
                 TRANSLATIONS.parent / "templates" / "projector.html"):
        known |= set(re.findall(r'"([a-z][a-z0-9_]*)": _\(', page.read_text()))
    asked = {}
    for path in sorted((ROOT / "static" / "js").rglob("*.js")):
        for key in re.findall(r"\bt\(\s*\"([a-z][a-z0-9_]*)\"", path.read_text()):
            asked.setdefault(key, path.relative_to(ROOT).as_posix())
    missing = {key: where for key, where in asked.items() if key not in known}
    assert not missing, f"keys no strings module defines: {missing}"
