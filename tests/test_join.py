"""Joining with a code or a link, being remembered, and facilitators managing members."""

import re
import uuid

from conftest import Browserless, join_as


def test_join_code_alphabet_is_unambiguous(workshop):
    assert re.fullmatch(r"[ACDEFHJKMNPQRTUVWXY34679]{6}", workshop["join_code"])


def test_join_by_code_form_then_name(app, workshop):
    phone = Browserless(app.test_client())
    phone.page("/")
    typed = workshop["join_code"].lower()[:3] + " " + workshop["join_code"].lower()[3:]
    response = phone.form("/join", {"code": typed})
    assert response.status_code == 302
    link = response.headers["Location"]
    assert link.endswith(f"/j/{workshop['join_code']}")
    page = phone.page(link).get_data(as_text=True)
    member_id = re.search(r'name="id" value="([^"]+)"', page).group(1)
    key = re.search(r'name="key" value="([^"]+)"', page).group(1)
    joined = phone.form(link, {"id": member_id, "key": key, "display_name": "Pekka",
                               "organisation": ""})
    assert joined.status_code == 302
    assert joined.headers["Location"].endswith(f"/w/{workshop['id']}")
    assert phone.page(f"/w/{workshop['id']}").status_code == 200
    # Coming back to the link later rejoins as the same member, without the form.
    again = phone.page(link)
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/w/{workshop['id']}")


def test_wrong_code_is_explained(app, workshop):
    phone = Browserless(app.test_client())
    phone.page("/", headers={"Accept-Language": "en"})
    response = phone.form("/join", {"code": "ZZZZZZ"}, headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert "No open workshop has this code" in response.get_data(as_text=True)


def test_join_needs_a_name(app, workshop):
    phone = Browserless(app.test_client())
    response = phone.api("POST", "/api/join", json={
        "code": workshop["join_code"], "id": str(uuid.uuid4()), "display_name": "  "})
    assert response.status_code == 422
    assert "display_name" in response.get_json()["error"]["fields"]


def test_double_tapped_join_makes_one_member(app, facilitator, workshop):
    # The second tap may arrive before the first answer (and its cookie) did: it carries
    # the same id and the same key, and finds the same member.
    body = {"code": workshop["join_code"], "id": str(uuid.uuid4()), "display_name": "Pekka",
            "key": "phone-secret-0123456789abcdef"}
    first = Browserless(app.test_client()).api("POST", "/api/join", json=body).get_json()
    second = Browserless(app.test_client()).api("POST", "/api/join", json=body).get_json()
    assert first["member"]["id"] == second["member"]["id"]
    members = facilitator.api("GET", f"/api/workshops/{workshop['id']}/members").get_json()
    assert [m["display_name"] for m in members].count("Pekka") == 1


def test_remembered_phone_rejoins_as_same_member(app, workshop, participant):
    again = participant.api("POST", "/api/join", json={
        "code": workshop["join_code"], "id": str(uuid.uuid4()), "display_name": "Other"})
    assert again.get_json()["member"]["id"] == participant.member["id"]


def test_tampered_member_cookie_is_ignored(app, workshop, participant):
    client = participant.client
    cookie = client.get_cookie("paja_members")
    assert cookie is not None
    client.set_cookie("paja_members", cookie.value[:-3] + "abc")
    assert client.get(f"/w/{workshop['id']}").status_code == 302


def test_wrong_codes_are_limited_per_address(app, workshop):
    app.config["JOIN_FAILURES_PER_ADDRESS"] = "5 per minute"
    phone = Browserless(app.test_client())
    codes = [phone.api("POST", "/api/join", json={
        "code": "AAAAAA", "id": str(uuid.uuid4()), "display_name": "x"}).status_code
        for _ in range(7)]
    assert codes[:5] == [422] * 5 and codes[5:] == [429, 429]


def test_qr_code_is_svg_of_the_join_link(facilitator, workshop):
    response = facilitator.client.get(f"/w/{workshop['id']}/qr.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.data.startswith(b"<svg")


def test_projector_link_is_read_only(app, workshop, facilitator):
    projector = Browserless(app.test_client())
    page = projector.page(f"/p/{workshop['id']}/{workshop['projector_token']}")
    assert page.status_code == 200
    assert projector.client.get(f"/p/{workshop['id']}/wrong-token").status_code == 404


def test_facilitator_renames_and_removes_members(app, facilitator, workshop, participant):
    url = f"/api/workshops/{workshop['id']}/members/{participant.member['id']}"
    renamed = facilitator.api("PATCH", url, json={"display_name": "Pekka P."})
    assert renamed.status_code == 200 and renamed.get_json()["display_name"] == "Pekka P."
    removed = facilitator.api("DELETE", url)
    assert removed.status_code == 200 and removed.get_json()["removed"] is True
    # The removed phone's remembered link no longer lets it in.
    assert participant.client.get(f"/w/{workshop['id']}").status_code == 302
    state = participant.api("GET", f"/api/workshops/{workshop['id']}/state")
    assert state.status_code == 403


def test_last_facilitator_cannot_be_removed(facilitator, workshop):
    members = facilitator.api("GET", f"/api/workshops/{workshop['id']}/members").get_json()
    me = next(m for m in members if m["role"] == "facilitator")
    response = facilitator.api("DELETE", f"/api/workshops/{workshop['id']}/members/{me['id']}")
    assert response.status_code in (409, 422)


def test_regenerated_code_replaces_the_old(app, facilitator, workshop):
    response = facilitator.api("POST", f"/api/workshops/{workshop['id']}/join-code")
    new_code = response.get_json()["join_code"]
    assert new_code != workshop["join_code"]
    phone = Browserless(app.test_client())
    assert phone.page(f"/j/{workshop['join_code']}").status_code == 404
    assert phone.page(f"/j/{new_code}").status_code == 200


def test_participant_renames_self_only(app, workshop, participant):
    other = join_as(app, workshop, "Liisa")
    base = f"/api/workshops/{workshop['id']}/members/"
    mine = participant.api("PATCH", base + participant.member["id"], json={"display_name": "P"})
    assert mine.status_code == 200
    theirs = participant.api("PATCH", base + other.member["id"], json={"display_name": "Hah"})
    assert theirs.status_code == 403
