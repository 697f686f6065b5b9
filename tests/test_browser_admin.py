"""The administrator's page and the cockpit's audit log in real Chromium, with axe."""

from __future__ import annotations

import re
import uuid

import pytest
from conftest import AXE, PASSWORD
from live_client import WebClient
from test_browser import log_in, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_the_cockpits_audit_log_and_retention_setting(browser, server):
    api = WebClient(server.url).login("anna", PASSWORD)
    workshop = api.api("POST", "/api/workshops", json={"id": str(uuid.uuid4()),
                                                       "name": "Lokitesti"}).json()
    api.get(f"/api/workshops/{workshop['id']}/exports/report.md")
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US",
                                 bypass_csp=True)
    try:
        page = log_in(laptop, server)
        page.goto(f"{server.url}/f/w/{workshop['id']}/settings")
        page.fill("#retention-months", "500")
        page.locator("#retention-form button[type=submit]").click()
        page.wait_for_selector("#retention-error:not(:empty)")
        page.fill("#retention-months", "18")
        page.locator("#retention-form button[type=submit]").click()
        page.wait_for_selector("#retention-error:empty", state="attached")
        page.goto(f"{server.url}/f/w/{workshop['id']}/audit")
        table = page.locator("#audit-table")
        table.wait_for()
        page.wait_for_selector("#audit-table tr[data-action='workshop.settings_changed']")
        rows = page.locator("#audit-table tbody tr")
        assert rows.count() >= 2
        assert "anna" in rows.first.inner_text()
        assert page.locator("#audit-table tr[data-action='export.downloaded']").count() == 1
        if AXE.exists():
            assert run_axe(page) == []
    finally:
        laptop.close()


def test_the_administrators_page(browser, server):
    server.cli("create-facilitator", "yllapito", "--admin", "--password", PASSWORD)
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US",
                                 bypass_csp=True)
    try:
        page = laptop.new_page()
        page.goto(server.url + "/login")
        page.fill("#username", "yllapito")
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r".*/f$"))
        page.get_by_role("link", name="Administration").click()
        page.wait_for_selector("#account-table")
        name = f"uusi{uuid.uuid4().hex[:6]}"
        page.fill("#username", name)
        page.fill("#password", PASSWORD)
        page.get_by_role("button", name="Create account").click()
        page.wait_for_selector(f"#account-table tr[data-account='{name}']")
        page.locator(f"tr[data-account='{name}'] button.danger").click()
        page.wait_for_selector(f"tr[data-account='{name}'] button:not(.danger)")
        assert page.locator("#audit-table tr[data-action='account.deactivated']").count() >= 1
        assert page.locator("#retention-table").count() == 1
        if AXE.exists():
            assert run_axe(page) == []
    finally:
        laptop.close()
