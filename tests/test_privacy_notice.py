"""The privacy notice (tietosuojaseloste): in Finnish, Swedish and English, with the
controller's details and the retention periods from the settings, linked from the join page
before a participant gives their name, and from every page."""

import pytest

from server.config import from_environment


@pytest.mark.parametrize("lang, title, authority", [
    ("fi", "Tietosuojaseloste", "Tietosuojavaltuutetun toimisto"),
    ("sv", "Dataskyddsbeskrivning", "Dataombudsmannens byrå"),
    ("en", "Privacy notice", "Office of the Data Protection Ombudsman"),
])
def test_the_notice_in_each_language(app, client, lang, title, authority):
    app.config["LANGUAGES"] = tuple(dict.fromkeys((*app.config["LANGUAGES"], "sv")))
    page = client.get(f"/privacy?lang={lang}").get_data(as_text=True)
    assert f"<h1>{title}</h1>" in page.replace("&shy;", "")
    assert authority in page and 'href="mailto:tietosuoja@om.fi"' in page
    # Every part articles 13 and 14 ask for has its heading: controller, DPO, purposes and
    # basis, data, recipients, retention, rights, complaint.
    assert page.count("<h2>") == 8


def test_the_controller_the_basis_and_the_periods_come_from_the_settings(app, client):
    app.config.update(PRIVACY_CONTROLLER="Länsi-Uudenmaan hyvinvointialue",
                      PRIVACY_CONTROLLER_ADDRESS="PL 1, 02070 Espoo",
                      PRIVACY_CONTACT_EMAIL="kirjaamo@example.fi",
                      PRIVACY_DPO_EMAIL="tietosuojavastaava@example.fi",
                      PRIVACY_DPO_PHONE="09 816 21", PRIVACY_LEGAL_BASIS="consent",
                      PRIVACY_PROCESSORS="Esimerkki Oy (palvelimet Suomessa)",
                      PRIVACY_NOTICE_DATE="2027-01-15", RETENTION_MONTHS=18,
                      ARCHIVE_GRACE_DAYS=45, AUDIT_RETENTION_DAYS=400)
    fi = " ".join(client.get("/privacy?lang=fi").get_data(as_text=True).split())
    for text in ("Länsi-Uudenmaan hyvinvointialue", "PL 1, 02070 Espoo",
                 'href="mailto:kirjaamo@example.fi"', 'href="tel:0981621"',
                 "Esimerkki Oy (palvelimet Suomessa)", "15.1.2027", "suostumuksesi",
                 "18 kuukauden", "45 päivän", "400 päivän"):
        assert text in fi, text
    assert "ylläpitäjä ei ole vielä ilmoittanut" not in fi
    app.config["PRIVACY_LEGAL_BASIS"] = "public_task"
    assert "julkisen vallan" in " ".join(client.get("/privacy?lang=fi").get_data(
        as_text=True).split())


def test_without_the_controller_it_says_whom_to_ask(client):
    page = client.get("/privacy?lang=fi").get_data(as_text=True)
    assert "Kysy työpajan ohjaajalta" in page


def test_a_legal_basis_it_does_not_know_stops_the_start_naming_the_setting(tmp_path,
                                                                            monkeypatch):
    monkeypatch.setenv("PAJA_PRIVACY_LEGAL_BASIS", "because")
    with pytest.raises(RuntimeError, match="PAJA_PRIVACY_LEGAL_BASIS"):
        from_environment(str(tmp_path))


def test_the_join_page_links_to_it_before_the_name(client, workshop, participant):
    join = client.get(f"/j/{workshop['join_code']}").get_data(as_text=True)
    assert join.index('href="/privacy"') < join.index('id="display_name"')
    for path in ("/", "/login", f"/j/{workshop['join_code']}"):
        assert 'footer' in client.get(path).get_data(as_text=True)
        assert client.get(path).get_data(as_text=True).count('href="/privacy"') >= 1, path
    phone = participant.page(f"/w/{workshop['id']}").get_data(as_text=True)
    assert 'href="/privacy"' in phone
