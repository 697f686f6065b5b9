"""The accessibility statement: in Finnish, Swedish and English, in the supervisory
authority's form, with the deployment's own contact details, linked from every page."""

import pytest


@pytest.mark.parametrize("lang, title, status", [
    ("fi", "Saavutettavuusseloste", "osittain"),
    ("sv", "Tillgänglighetsutlåtande", "delvis"),
    ("en", "Accessibility statement", "partially"),
])
def test_the_statement_in_each_language(app, client, lang, title, status):
    app.config["LANGUAGES"] = tuple(dict.fromkeys((*app.config["LANGUAGES"], "sv")))
    page = client.get(f"/accessibility?lang={lang}").get_data(as_text=True)
    assert f"<h1>{title}</h1>" in page.replace("&shy;", "")
    assert status in page
    assert "WCAG 2.1" in page
    assert "Traficom" in page and "saavutettavuusvaatimukset.fi" in page
    assert "14" in page  # the days to an answer, and when one may turn to the authority
    # What is not yet met is named, with its criterion.
    assert "3.1.2" in page and "2.4.3" in page and "1.3.1" in page


def test_dates_and_contacts_come_from_the_settings(app, client):
    app.config.update(ACCESSIBILITY_PROVIDER="Espoon kaupunki, työllisyyspalvelut",
                      ACCESSIBILITY_EMAIL="paja-palaute@example.fi",
                      ACCESSIBILITY_PHONE="09 123 4567",
                      ACCESSIBILITY_STATEMENT_DATE="2026-12-15",
                      ACCESSIBILITY_CHECKED_DATE="2027-01-05")
    fi = client.get("/accessibility?lang=fi").get_data(as_text=True)
    assert "Espoon kaupunki, työllisyyspalvelut" in fi
    assert 'href="mailto:paja-palaute@example.fi"' in fi
    assert 'href="tel:091234567"' in fi
    assert "15.12.2026" in fi and "5.1.2027" in fi
    assert "2026-12-15" not in fi
    en = client.get("/accessibility?lang=en").get_data(as_text=True)
    assert "Dec 15, 2026" in en


def test_without_contacts_it_says_whom_to_tell(client):
    page = client.get("/accessibility?lang=fi").get_data(as_text=True)
    assert "työpajan ohjaajalle" in page


def test_every_page_links_to_it(client, participant, workshop):
    for path in ("/", "/login"):
        assert 'href="/accessibility"' in client.get(path).get_data(as_text=True), path
    phone = participant.page(f"/w/{workshop['id']}").get_data(as_text=True)
    assert 'href="/accessibility"' in phone
