"""Only you are you: taking over a member by its id, sessions that outlive logout, the
door's limits, redirects and invitation links - each tried against a live server as an
attacker (and a hall of people) would."""

import re
import time
import uuid
from urllib.parse import urlsplit

import pytest
import requests
import socketio
from conftest import PASSWORD, LiveServer
from live_client import WebClient

pytestmark = pytest.mark.live


def new():
    return str(uuid.uuid4())


@pytest.fixture
def door_server(tmp_path):
    """An eventlet server with the door's real limits, behind one trusted proxy, so that a
    test can speak from many addresses with X-Forwarded-For."""
    server = LiveServer(tmp_path, "eventlet")
    for name in ("PAJA_JOIN_RATE_LIMIT", "PAJA_LOGIN_RATE_LIMIT"):
        server.env.pop(name)
    server.env.update({"PAJA_PROXY_COUNT": "1",
                       "PAJA_JOIN_FAILURES_PER_ADDRESS": "10 per 10 minutes",
                       "PAJA_JOIN_FAILURES_GLOBAL": "40 per 10 minutes"})
    server.prepare()
    server.start()
    yield server
    server.stop()


def start_server(tmp_path) -> LiveServer:
    server = LiveServer(tmp_path, "eventlet")
    server.prepare()
    return server.start()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One server for the tests that leave anna's account as they found it."""
    server = start_server(tmp_path_factory.mktemp("identity"))
    yield server
    server.stop()


@pytest.fixture
def own_server(tmp_path):
    """A server of the test's own, for changing anna's account."""
    server = start_server(tmp_path)
    yield server
    server.stop()


def make_workshop(laptop, template="online-coaching-6-weeks"):
    created = laptop.api("POST", "/api/workshops", json={"id": new(), "template": template})
    assert created.status_code == 201, created.text
    return created.json()


def command(web, workshop, name, /, **args):
    return web.api("POST", f"/api/workshops/{workshop['id']}/commands/{name}", json=args)


def state_of(web, workshop):
    return web.api("GET", f"/api/workshops/{workshop['id']}/state")


def wait_until(condition, timeout=10.0, step=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


class From(WebClient):
    """A browser at one client address, as the trusted proxy reports it."""

    def __init__(self, base, address):
        super().__init__(base)
        self.http.headers["X-Forwarded-For"] = address


# -- taking over a member ------------------------------------------------------------------


def test_knowing_a_member_id_does_not_make_you_that_member(server):
    laptop = WebClient(server.url).login("anna", PASSWORD)
    workshop = make_workshop(laptop)
    sessions = state_of(laptop, workshop).json()["entities"]["session"]
    private = next(s for s in sessions if s.get("task") and s["task"]["visibility"] == "private"
                   and not s["task"].get("survey"))
    assert command(laptop, workshop, "session.update", session_id=private["id"],
                   opens_on=time.strftime("%Y-%m-%d"), due_on=None).status_code == 200
    maija = WebClient(server.url)
    key = "maijan-puhelin-0123456789"
    me = maija.api("POST", "/api/join", json={"code": workshop["join_code"], "id": new(),
                                              "display_name": "Maija", "key": key}).json()["member"]
    answer = command(maija, workshop, "task.submit", id=new(), session_id=private["id"],
                     body="Minua jännittää videopuhelut")
    assert answer.status_code == 200, answer.text
    review = command(laptop, workshop, "task.review", submission_id=answer.json()["data"]["id"],
                     feedback="Hyvä että kerroit")
    assert review.status_code == 200, review.text

    # Everyone in the workshop knows Maija's id; an outsider has the code too.
    attacker = WebClient(server.url)
    seen = []
    for body in ({"id": me["id"]}, {"id": me["id"], "key": "arvattu-avain-0123456789"}):
        taken = attacker.api("POST", "/api/join", json={
            "code": workshop["join_code"], "display_name": "Maija", **body})
        assert taken.status_code == 409, taken.text
        seen.append(taken.text)
    # The same through the join form, whose id field the attacker fills in.
    page = attacker.get(f"/j/{workshop['join_code']}")
    form = attacker.post_form(f"/j/{workshop['join_code']}", {
        "id": me["id"], "display_name": "Maija", "organisation": ""})
    assert form.status_code == 409, form.status_code
    seen += [page.text, form.text]
    # The attacker is nobody in the workshop: no state, no ballot, no deleting.
    assert state_of(attacker, workshop).status_code == 403
    assert command(attacker, workshop, "task.submit", id=answer.json()["data"]["id"],
                   session_id=private["id"], body="muutettu").status_code == 403
    everything = "".join(seen)
    assert "jännittää" not in everything and "Hyvä että kerroit" not in everything
    # Maija's own phone, and a resend of her join with her key, are still Maija.
    again = WebClient(server.url).api("POST", "/api/join", json={
        "code": workshop["join_code"], "id": me["id"], "display_name": "Maija", "key": key})
    assert again.status_code == 200 and again.json()["member"]["id"] == me["id"]
    mine = state_of(maija, workshop).json()["entities"]["submission"]
    assert mine[0]["body"] == "Minua jännittää videopuhelut"


def test_a_pilot_invitation_does_not_hand_over_a_member(server):
    laptop = WebClient(server.url).login("anna", PASSWORD)
    workshop = make_workshop(laptop, "service-design-coaching")
    concept = command(laptop, workshop, "concept.save", id=new(), name="Digikahvila").json()
    pilot = command(laptop, workshop, "pilot.create", concept_id=concept["data"]["id"]).json()
    token = command(laptop, workshop, "pilot.invite",
                    pilot_id=pilot["data"]["id"]).json()["data"]["token"]
    tiina = WebClient(server.url)
    me = tiina.join(workshop["join_code"], "Tiina")["member"]
    attacker = WebClient(server.url)
    attacker.get(f"/t/{token}")
    taken = attacker.post_form(f"/t/{token}", {"id": me["id"], "display_name": "x"})
    assert taken.status_code == 409
    assert state_of(attacker, workshop).status_code == 403


# -- sessions that end ---------------------------------------------------------------------


def copy_of(web: WebClient) -> WebClient:
    """Another browser holding a copy of ``web``'s cookies (taken, say, from a shared
    computer) - and its CSRF token, which lives in the same session."""
    stolen = WebClient(web.base)
    stolen.http.cookies.update(web.http.cookies)
    stolen.token = web.token
    return stolen


def test_logout_ends_every_copy_of_the_session(server):
    laptop = WebClient(server.url).login("anna", PASSWORD)
    workshop = make_workshop(laptop)
    stolen = copy_of(laptop)
    assert stolen.get("/f").url.endswith("/f")  # the copy works, as a cookie does
    socket_of_copy = stolen.live(workshop["id"])
    socket_of_copy.sync()
    assert socket_of_copy.cmd("workshop.update", name="Ennen")["ok"]

    assert laptop.post_form("/logout", {}).status_code == 302
    assert "/login" in stolen.get("/f").url
    assert command(stolen, workshop, "workshop.update", name="Kaapattu").status_code in (
        401, 403)
    # The copy's open socket is closed, and cannot run a command if it lingers.
    assert wait_until(lambda: not socket_of_copy.sio.connected)
    with pytest.raises(socketio.exceptions.ConnectionError):
        stolen.live(workshop["id"])
    name = WebClient(server.url).login("anna", PASSWORD).api(
        "GET", f"/api/workshops/{workshop['id']}").json()["name"]
    assert name == "Ennen"


@pytest.mark.parametrize("change", ["set-password", "deactivate"])
def test_password_change_or_deactivation_closes_open_sockets_without_redis(own_server, change):
    server = own_server
    laptop = WebClient(server.url).login("anna", PASSWORD)
    workshop = make_workshop(laptop)
    live = laptop.live(workshop["id"])
    live.sync()
    assert live.cmd("workshop.update", name="Ennen")["ok"]
    # The command line is another process; nothing links it to the server but the database.
    args = ["set-password", "anna", "--password", "uusi salasana 2026"] if (
        change == "set-password") else ["deactivate", "anna"]
    server.cli(*args)
    assert wait_until(lambda: not live.sio.connected), "the socket stayed open"
    assert "/login" in laptop.get("/f").url
    with pytest.raises(socketio.exceptions.ConnectionError):
        laptop.live(workshop["id"])


# -- redirects -----------------------------------------------------------------------------


@pytest.mark.parametrize("target", [
    "/%09/evil.example/x", "//evil.example/x", "/\\evil.example", "https://evil.example/",
    "/%0a/evil.example", "/%0d%0aSet-Cookie:x=1", "%2F%2Fevil.example", "/%5Cevil.example",
    "javascript:alert(1)", "/ok/%00"])
def test_redirect_targets_stay_on_the_site(server, target):
    browser = requests.Session()
    chosen = browser.get(f"{server.url}/lang/en?next={target}", allow_redirects=False,
                         timeout=10)
    assert chosen.status_code == 302
    location = urlsplit(chosen.headers["Location"])
    assert location.netloc in ("", f"127.0.0.1:{server.port}") and not location.path.startswith(
        ("//", "/\\")), chosen.headers["Location"]
    login = browser.get(f"{server.url}/login?next={target}", timeout=10)
    assert login.status_code == 200
    next_field = re.search(r'name="next" value="([^"]*)"', login.text).group(1)
    assert next_field.startswith("/") and not next_field.startswith(("//", "/\\")), next_field
    assert "\t" not in next_field and "\n" not in next_field


def test_login_goes_on_to_a_local_next(server):
    browser = WebClient(server.url)
    browser.get("/login")
    response = browser.post_form("/login", {"username": "anna", "password": PASSWORD,
                                            "next": "/f?tab=pilots"})
    assert response.status_code == 302 and response.headers["Location"] == "/f?tab=pilots"


# -- the door ------------------------------------------------------------------------------


@pytest.mark.serial
def test_a_hall_of_500_behind_one_address_joins_within_a_minute(door_server):
    laptop = From(door_server.url, "10.0.0.1").login("anna", PASSWORD)
    workshop = make_workshop(laptop, "service-design-coaching")
    hall = From(door_server.url, "192.0.2.10")
    # A few people mistype the code first, as people do.
    for typo in ("AAAAAA", "CCCCCC", workshop["join_code"][:5]):
        assert hall.api("POST", "/api/join", json={
            "code": typo, "id": new(), "display_name": "x"}).status_code == 422
    started = time.monotonic()
    statuses, typos = [], []
    for n in range(500):
        person = requests.Session()  # a phone of its own, on the venue's one address
        person.headers["X-Forwarded-For"] = "192.0.2.10"
        person.cookies.set("paja_session", hall.http.cookies.get("paja_session"))

        def join(code, person=person, n=n):
            return person.post(f"{door_server.url}/api/join", json={
                "code": code, "id": new(), "display_name": f"Osallistuja {n}"},
                headers={"X-CSRFToken": hall.token}, timeout=10).status_code

        if n % 12 == 5:  # one in twelve mistypes first - 40 wrong codes from this address
            typos.append(join(workshop["join_code"][:5] + "B"))  # B is never in a code
        statuses.append(join(workshop["join_code"]))
    assert statuses.count(200) == 500, {s: statuses.count(s) for s in set(statuses)}
    assert set(typos) == {422} and len(typos) > 40
    assert time.monotonic() - started < 60
    # Opening the join link is not a guess, however often.
    assert {From(door_server.url, "192.0.2.11").get(f"/j/{workshop['join_code']}").status_code
            for _ in range(30)} == {200}


def test_guessing_codes_is_stopped_per_address_and_overall(door_server):
    laptop = From(door_server.url, "10.0.0.1").login("anna", PASSWORD)
    workshop = make_workshop(laptop, "service-design-coaching")
    room = From(door_server.url, "192.0.2.50")
    assert room.api("POST", "/api/join", json={"code": workshop["join_code"], "id": new(),
                                               "display_name": "Aino"}).status_code == 200

    guesser = From(door_server.url, "198.51.100.1")
    answers = [guesser.api("POST", "/api/join", json={
        "code": f"AAAA{a}{b}", "id": new(), "display_name": "x"})
        for a, b in zip("ACDEFHJKMNPQ", "CDEFHJKMNPQR", strict=True)]
    assert [r.status_code for r in answers[:10]] == [422] * 10
    refused = answers[10]
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert refused.json()["error"]["retry_after"] > 0
    # Every route counts the same guesses: the form and the link are closed to it too,
    # even with the right code.
    assert guesser.post_form("/join", {"code": workshop["join_code"]}).status_code == 429
    assert guesser.get(f"/j/{workshop['join_code']}").status_code == 429

    # Many addresses sweeping together: 3 wrong codes each from 10 more addresses...
    for n in range(10):
        sweeper = From(door_server.url, f"203.0.113.{n}")
        for guess in ("CCCCCC", "DDDDDD", "EEEEEE"):
            sweeper.api("POST", "/api/join", json={"code": guess, "id": new(),
                                                   "display_name": "x"})
    # ...lock the code space for addresses that have not joined: a fresh one is refused,
    # even with the right code, and told when to try again - keeping what was typed.
    newcomer = From(door_server.url, "203.0.113.200")
    refused = newcomer.api("POST", "/api/join", json={
        "code": workshop["join_code"], "id": new(), "display_name": "Uusi"})
    assert refused.status_code == 429 and refused.json()["error"]["retry_after"] > 0
    page = newcomer.post_form("/join", {"code": workshop["join_code"]})
    assert page.status_code == 429 and workshop["join_code"] in page.text
    # The room that is already in keeps joining people.
    assert room.api("POST", "/api/join", json={"code": workshop["join_code"], "id": new(),
                                               "display_name": "Eino"}).status_code == 200


def test_a_refused_join_form_keeps_the_name_typed(door_server):
    laptop = From(door_server.url, "10.0.0.1").login("anna", PASSWORD)
    workshop = make_workshop(laptop, "service-design-coaching")
    phone = From(door_server.url, "198.51.100.77")
    page = phone.get(f"/j/{workshop['join_code']}")
    member_id = re.search(r'name="id" value="([^"]+)"', page.text).group(1)
    for guess in range(10):  # someone on the same network has been guessing
        phone.api("POST", "/api/join", json={"code": f"XXXXX{guess}", "id": new(),
                                              "display_name": "x"})
    refused = phone.post_form(f"/j/{workshop['join_code']}", {
        "id": member_id, "display_name": "Sirkka-Liisa Äijälä", "organisation": "Kylätalo"})
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert 'value="Sirkka-Liisa Äijälä"' in refused.text and 'value="Kylätalo"' in refused.text
    assert 'role="alert"' in refused.text
