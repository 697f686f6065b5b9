"""Exports in real Chromium: the facilitator downloads the report and the tables from the
workshop page (with a progress line), imports the archive on the workshops page as a new
workshop, and a participant downloads what they wrote."""

from __future__ import annotations

import json
import uuid

import pytest
from conftest import AXE, PASSWORD, PHONE
from live_client import WebClient
from test_browser import join, log_in, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_downloads_and_import(browser, server, tmp_path):
    api = WebClient(server.url).login("anna", PASSWORD)
    workshop = api.api("POST", "/api/workshops", json={"id": str(uuid.uuid4()),
                                                       "name": "Vientitesti"}).json()
    api.api("POST", f"/api/workshops/{workshop['id']}/commands/concept.save",
            json={"id": str(uuid.uuid4()), "name": "Digikahvila"})
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI",
                                 accept_downloads=True, bypass_csp=True)
    phone = browser.new_context(**PHONE, locale="fi-FI", accept_downloads=True)
    try:
        facilitator = log_in(laptop, server)
        facilitator.goto(f"{server.url}/f/w/{workshop['id']}/exports")
        with facilitator.expect_download() as pdf:
            facilitator.get_by_role("link", name="Raportti (PDF)").click()
        assert pdf.value.suggested_filename.endswith("report.pdf")
        with open(pdf.value.path(), "rb") as handle:
            assert handle.read(4) == b"%PDF"
        facilitator.wait_for_selector("#export-progress:has-text('Ladattu')")
        with facilitator.expect_download() as archive:
            facilitator.get_by_role("link", name="Arkisto (JSON, voi tuoda takaisin)").click()
        saved = tmp_path / "archive.json"
        archive.value.save_as(saved)
        assert json.loads(saved.read_text())["format"] == "paja-workshop"

        facilitator.goto(f"{server.url}/f")
        facilitator.set_input_files("#archive", str(saved))
        facilitator.get_by_role("button", name="Tuo", exact=True).click()
        facilitator.wait_for_url(f"{server.url}/f/w/**")
        assert workshop["id"] not in facilitator.url
        facilitator.goto(facilitator.url.rstrip("/") + "/concepts")
        facilitator.wait_for_selector(".concept-name:has-text('Digikahvila')")
        if AXE.exists():
            facilitator.goto(f"{server.url}/f")
            assert run_axe(facilitator) == []

        member = join(phone, server, workshop["join_code"], "Aino")
        with member.expect_download() as mine:
            member.get_by_role("link", name="Lataa kirjoittamani").click()
        with open(mine.value.path(), encoding="utf-8") as handle:
            data = json.load(handle)
        assert data["name"] == "Aino" and data["format"] == "paja-my-contributions"
    finally:
        laptop.close()
        phone.close()
