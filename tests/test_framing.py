"""Issue 3 through the public surface: personas in a workshop, introductions, groups, the
challenge canvas and how-might-we questions (HTTP commands and Socket.IO)."""

import threading
import uuid

import pytest
from conftest import join_as
from test_events import cmd, connect, received


def new():
    return str(uuid.uuid4())


def do(browser, workshop, command, **args):
    """Run a command over HTTP; return (status, body)."""
    response = browser.api("POST", f"/api/workshops/{workshop['id']}/commands/{command}", json=args)
    return response.status_code, response.get_json()


def ok(browser, workshop, command, **args):
    status, body = do(browser, workshop, command, **args)
    assert status == 200, body
    return body["data"]


def state(browser, workshop):
    return browser.api("GET", f"/api/workshops/{workshop['id']}/state").get_json()["entities"]


@pytest.fixture
def blank(facilitator):
    """A blank workshop: no cards, no groups."""
    response = facilitator.api("POST", "/api/workshops", json={"id": new(), "name": "Tyhjä"})
    assert response.status_code == 201
    return response.get_json()


# -- personas --------------------------------------------------------------------------------


def test_template_starts_with_library_cards_in_order(facilitator, workshop):
    cards = sorted(state(facilitator, workshop)["persona"], key=lambda c: c["position"])
    assert len(cards) == 12
    assert [c["position"] for c in cards] == list(range(12))
    raili = next(c for c in cards if c["library_key"] == "raili-ei-laitetta")
    assert raili["fields"]["name"] == {"fi": "Raili", "sv": "Raili", "en": "Raili"}
    assert raili["fields"]["quote"]["fi"].startswith("En minä")
    # List fields become one item per line, in both languages.
    assert raili["fields"]["goals"]["en"].split("\n")[0] == "Handle her own affairs herself"


def test_import_asks_about_cards_already_in_and_checks_keys(facilitator, blank,
                                                            participant_blank):
    created = ok(facilitator, blank, "persona.import",
                 keys=["raili-ei-laitetta", "profiili-harjoittelijat"])
    assert [c["kind"] for c in created] == ["persona", "profile"]
    status, body = do(facilitator, blank, "persona.import", keys=["raili-ei-laitetta"])
    assert status == 422 and "duplicates" in body["error"]["fields"]
    again = ok(facilitator, blank, "persona.import", keys=["raili-ei-laitetta"],
               duplicates="skip")
    assert again == []
    status, body = do(facilitator, blank, "persona.import", keys=["nobody"])
    assert status == 422 and "nobody" in body["error"]["fields"]["keys"][0]
    status, _ = do(participant_blank, blank, "persona.import", keys=["samir-innokas-auttaja"])
    assert status == 403
    assert len(state(facilitator, blank)["persona"]) == 2


@pytest.fixture
def participant_blank(app, blank):
    return join_as(app, blank, "Ville", "Kela")


def test_facilitator_creates_edits_orders_and_spotlights(facilitator, blank, participant_blank):
    first = new()
    card = ok(facilitator, blank, "persona.save", id=first, kind="persona",
              fields={"name": {"fi": "Aino"}, "quote": {"fi": "Haluan oppia."}})
    assert card["fields"]["name"] == {"fi": "Aino", "en": ""}
    # Editing one language keeps the other.
    card = ok(facilitator, blank, "persona.save", id=first,
              fields={"quote": {"en": "I want to learn."}})
    assert card["fields"]["quote"] == {"fi": "Haluan oppia.", "en": "I want to learn."}
    status, body = do(facilitator, blank, "persona.save", id=new(), kind="persona",
                      fields={"quote": {"fi": "ei nimeä"}})
    assert status == 422 and "name" in body["error"]["fields"]["fields"]
    status, body = do(facilitator, blank, "persona.save", id=new(), kind="profile",
                      fields={"name": {"fi": "x"}})
    assert status == 422 and "name" in str(body["error"]["fields"])
    status, body = do(facilitator, blank, "persona.save", id=new(), kind="persona",
                      fields={"name": {"fi": "x" * 2001}})
    assert status == 422 and "2000" in str(body["error"]["fields"])
    status, _ = do(participant_blank, blank, "persona.save", id=first,
                   fields={"name": {"fi": "Hakkeri"}})
    assert status == 403

    second = ok(facilitator, blank, "persona.save", id=new(), kind="profile",
                fields={"segment": {"fi": "Nuoret"}})
    ok(facilitator, blank, "persona.move", persona_id=second["id"], position=0)
    cards = sorted(state(facilitator, blank)["persona"], key=lambda c: c["position"])
    assert [c["id"] for c in cards] == [second["id"], first]

    ok(facilitator, blank, "persona.spotlight", persona_id=first)
    ok(facilitator, blank, "persona.spotlight", persona_id=second["id"])
    shown = [c["id"] for c in state(participant_blank, blank)["persona"] if c["spotlight"]]
    assert shown == [second["id"]]
    ok(facilitator, blank, "persona.spotlight", persona_id=None)
    assert not any(c["spotlight"] for c in state(facilitator, blank)["persona"])


def test_meet_count_and_comments(app, facilitator, workshop, participant):
    other = join_as(app, workshop, "Liisa", "Järjestö")
    persona = state(facilitator, workshop)["persona"][0]
    for phone in (participant, other, participant):  # the second tap of Pekka changes nothing
        ok(phone, workshop, "persona.meet", persona_id=persona["id"], meets=True)
    view = facilitator.api("GET", f"/api/workshops/{workshop['id']}/personas/{persona['id']}")
    assert view.get_json()["meet_count"] == 2
    result = ok(other, workshop, "persona.meet", persona_id=persona["id"], meets=False)
    assert result["count"] == 1
    # A participant sees only their own mark; the facilitator sees all of them.
    marks = state(participant, workshop)["persona_meet"]
    assert [m["member_id"] for m in marks] == [participant.member["id"]]
    assert len(state(facilitator, workshop)["persona_meet"]) == 1
    assert "meet_count" not in participant.api(
        "GET", f"/api/workshops/{workshop['id']}/personas/{persona['id']}").get_json()

    comment_id = new()
    body = "<script>alert(1)</script> Tunnen monta tällaista."
    for _ in range(2):  # a resend adds nothing
        ok(participant, workshop, "comment.add", id=comment_id, target_kind="persona",
           target_id=persona["id"], body=body)
    comments = state(other, workshop)["comment"]
    assert [c["body"] for c in comments] == [body]  # stored as text, shown as text
    status, resp = do(other, workshop, "comment.add", id=new(), target_kind="persona",
                      target_id=persona["id"], body="   ")
    assert status == 422 and resp["error"]["fields"]["body"]
    status, _ = do(other, workshop, "comment.delete", comment_id=comment_id)
    assert status == 403
    ok(participant, workshop, "comment.delete", comment_id=comment_id)
    assert state(other, workshop)["comment"] == []


# -- introductions -----------------------------------------------------------------------------


def test_introductions_and_who_has_not(app, facilitator, workshop, participant):
    quiet = join_as(app, workshop, "Hiljainen")
    intro = ok(participant, workshop, "introduction.save", about="Olen sosiaaliohjaaja.",
               hopes="Uusia ideoita", organisation="Sosiaalitoimi")
    assert intro["member_id"] == participant.member["id"]
    status, body = do(quiet, workshop, "introduction.save", about="", hopes="x")
    assert status == 422 and body["error"]["fields"]["about"]
    entities = state(quiet, workshop)
    assert [i["about"] for i in entities["introduction"]] == ["Olen sosiaaliohjaaja."]
    me = next(m for m in entities["member"] if m["id"] == participant.member["id"])
    assert me["organisation"] == "Sosiaalitoimi"
    introduced = {i["member_id"] for i in entities["introduction"]}
    missing = [m["display_name"] for m in entities["member"]
               if m["role"] == "participant" and m["id"] not in introduced]
    assert missing == ["Hiljainen"]


# -- groups ------------------------------------------------------------------------------------


def people(app, workshop, orgs):
    return [join_as(app, workshop, f"P{i}", org) for i, org in enumerate(orgs)]


def test_split_mixing_organisations(app, facilitator, blank):
    people(app, blank, ["Kela"] * 3 + ["Kaupunki"] * 3 + ["Järjestö"] * 3)
    groups = ok(facilitator, blank, "group.split", count=3, method="mix")
    assert len(groups) == 3
    members = [m for m in state(facilitator, blank)["member"] if m["role"] == "participant"]
    by_group = {}
    for member in members:
        by_group.setdefault(member["group_id"], []).append(member["organisation"])
    assert set(by_group) == {g["id"] for g in groups}
    for orgs in by_group.values():
        assert sorted(orgs) == ["Järjestö", "Kaupunki", "Kela"]
    # Each group got a challenge to frame.
    challenges = state(facilitator, blank)["challenge"]
    assert {c["group_id"] for c in challenges} == {g["id"] for g in groups}


def test_random_split_is_even_and_validated(app, facilitator, blank):
    people(app, blank, [None] * 7)
    ok(facilitator, blank, "group.split", count=3, method="random")
    sizes = {}
    for member in state(facilitator, blank)["member"]:
        if member["role"] == "participant":
            sizes[member["group_id"]] = sizes.get(member["group_id"], 0) + 1
    assert sorted(sizes.values()) == [2, 2, 3]
    status, body = do(facilitator, blank, "group.split", count=9, method="random")
    assert status == 422 and "7" in body["error"]["fields"]["count"][0]
    status, body = do(facilitator, blank, "group.split", count=2, method="alphabet")
    assert status == 422 and "random" in body["error"]["fields"]["method"][0]


def test_by_hand_and_self_pick(app, facilitator, blank, participant_blank):
    other = join_as(app, blank, "Toinen")
    group = ok(facilitator, blank, "group.save", id=new(), name="Ryhmä A")
    me = participant_blank.member["id"]
    status, _ = do(participant_blank, blank, "group.assign", member_id=me, group_id=group["id"])
    assert status == 403  # the facilitator decides until self-pick is on
    facilitator.api("PATCH", f"/api/workshops/{blank['id']}", json={"groups_self_pick": True})
    assert ok(participant_blank, blank, "group.assign", member_id=me,
              group_id=group["id"])["group_id"] == group["id"]
    status, _ = do(participant_blank, blank, "group.assign", member_id=other.member["id"],
                   group_id=group["id"])
    assert status == 403  # never someone else
    ok(facilitator, blank, "group.assign", member_id=other.member["id"], group_id=group["id"])
    ok(facilitator, blank, "group.save", id=group["id"], name="Digiapu")
    assert [g["name"] for g in state(other, blank)["group"]] == ["Digiapu"]
    # Groups persist across sessions: starting and ending sessions leaves them alone.
    ok(facilitator, blank, "group.delete", group_id=group["id"])
    members = state(facilitator, blank)["member"]
    assert all(m["group_id"] is None for m in members)
    assert state(facilitator, blank)["challenge"][0]["group_id"] is None  # the work stays


def test_groups_survive_sessions(app, facilitator, workshop, participant):
    from test_permissions import first_session

    ok(facilitator, workshop, "group.split", count=1, method="random")
    sessions = state(facilitator, workshop)["session"]
    for session in sorted(sessions, key=lambda s: s["position"])[:2]:
        ok(facilitator, workshop, "session.start", session_id=session["id"])
        ok(facilitator, workshop, "session.end", session_id=session["id"])
    assert first_session(facilitator, workshop["id"])
    me = next(m for m in state(participant, workshop)["member"]
              if m["id"] == participant.member["id"])
    assert me["group_id"] is not None


# -- the challenge canvas ----------------------------------------------------------------------


@pytest.fixture
def canvas(app, facilitator, blank):
    """Two groups; Anni and Ben in group 1, Cai in group 2. Returns (challenge, a, b, c)."""
    a, b, c = (join_as(app, blank, name) for name in ("Anni", "Ben", "Cai"))
    one = ok(facilitator, blank, "group.save", id=new(), name="Yksi")
    two = ok(facilitator, blank, "group.save", id=new(), name="Kaksi")
    for phone, group in ((a, one), (b, one), (c, two)):
        ok(facilitator, blank, "group.assign", member_id=phone.member["id"], group_id=group["id"])
    challenge = next(ch for ch in state(facilitator, blank)["challenge"]
                     if ch["group_id"] == one["id"])
    return challenge, a, b, c


def test_concurrent_contributions_to_one_question_both_survive(app, blank, canvas):
    challenge, a, b, _ = canvas
    barrier = threading.Barrier(2)
    results = {}

    def write(phone, text):
        barrier.wait()
        results[text] = do(phone, blank, "challenge.note", id=new(),
                           challenge_id=challenge["id"], question="causes", body=text)

    threads = [threading.Thread(target=write, args=(phone, text))
               for phone, text in ((a, "Palvelut siirtyivät verkkoon"), (b, "Ei laitteita"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(status == 200 for status, _ in results.values()), results
    notes = [n for n in state(a, blank)["challenge_note"] if n["question"] == "causes"]
    assert sorted(n["body"] for n in notes) == ["Ei laitteita", "Palvelut siirtyivät verkkoon"]
    assert len({n["rev"] for n in notes}) == 2  # two events, two numbers


def test_only_group_members_and_facilitators_change_a_canvas(facilitator, blank, canvas):
    challenge, a, _, c = canvas
    status, body = do(c, blank, "challenge.note", id=new(), challenge_id=challenge["id"],
                      question="gap", body="Vieras ryhmä")
    assert status == 403 and body["error"]["code"] == "forbidden"
    for name, args in (("challenge.rate", {"value": 3}),
                       ("challenge.update", {"statement": "x"})):
        status, _ = do(c, blank, name, challenge_id=challenge["id"], **args)
        assert status == 403
    note = ok(a, blank, "challenge.note", id=new(), challenge_id=challenge["id"],
              question="effects", body="Aikaa kuluu")
    status, _ = do(c, blank, "challenge.delete_note", note_id=note["id"])
    assert status == 403
    ok(facilitator, blank, "challenge.note", id=new(), challenge_id=challenge["id"],
       question="gap", body="Fasilitaattorin lisäys")
    ok(facilitator, blank, "challenge.edit_note", note_id=note["id"], body="Aikaa ja rahaa")
    # Bad contributions are refused with the field and the fix.
    for body, field, words in (("", "body", "tyhjä"), ("x" * 501, "body", "500")):
        status, resp = do(a, blank, "challenge.note", id=new(), challenge_id=challenge["id"],
                          question="gap", body=body)
        assert status == 422 and words in resp["error"]["fields"][field][0]
    status, resp = do(a, blank, "challenge.note", id=new(), challenge_id=challenge["id"],
                      question="why", body="x")
    assert status == 422 and "causes" in resp["error"]["fields"]["question"][0]
    assert len(state(a, blank)["challenge_note"]) == 2
    ok(facilitator, blank, "challenge.delete_note", note_id=note["id"])  # moderation
    assert [n["body"] for n in state(a, blank)["challenge_note"]] == ["Fasilitaattorin lisäys"]


def test_importance_distribution(facilitator, blank, canvas):
    challenge, a, b, _ = canvas
    ok(a, blank, "challenge.rate", challenge_id=challenge["id"], value=5)
    ok(b, blank, "challenge.rate", challenge_id=challenge["id"], value=3)
    result = ok(a, blank, "challenge.rate", challenge_id=challenge["id"], value=4)  # changed
    assert result["importance"] == {"counts": [0, 0, 1, 1, 0], "total": 2, "mean": 3.5}
    seen = next(ch for ch in state(b, blank)["challenge"] if ch["id"] == challenge["id"])
    assert seen["importance"]["counts"] == [0, 0, 1, 1, 0]
    assert [r["value"] for r in state(b, blank)["rating"]] == [3]  # only my own rating
    status, resp = do(a, blank, "challenge.rate", challenge_id=challenge["id"], value=6)
    assert status == 422 and "5" in resp["error"]["fields"]["value"][0]


def test_statement_is_never_silently_overwritten(facilitator, blank, canvas):
    challenge, a, b, _ = canvas
    persona = ok(facilitator, blank, "persona.save", id=new(), kind="persona",
                 fields={"name": {"fi": "Raili"}})
    first = ok(a, blank, "challenge.update", challenge_id=challenge["id"],
               statement="Ikäihmiset jäävät ilman palveluja", base_rev=challenge["rev"],
               persona_ids=[persona["id"]])
    status, body = do(b, blank, "challenge.update", challenge_id=challenge["id"],
                      statement="Toinen versio", base_rev=challenge["rev"])
    assert status == 409
    assert body["error"]["fields"]["statement"] == ["Ikäihmiset jäävät ilman palveluja"]
    ok(b, blank, "challenge.update", challenge_id=challenge["id"],
       statement="Ikäihmiset jäävät ilman digipalveluja", base_rev=first["rev"])
    status, body = do(a, blank, "challenge.update", challenge_id=challenge["id"],
                      persona_ids=["not-a-persona"])
    assert status == 422 and "not-a-persona" in body["error"]["fields"]["persona_ids"][0]


# -- how might we, and the persona's downstream view -----------------------------------------


def test_hmw_questions_and_the_persona_view(facilitator, blank, canvas):
    challenge, a, b, c = canvas
    raili = ok(facilitator, blank, "persona.save", id=new(), kind="persona",
               fields={"name": {"fi": "Raili"}})
    ok(a, blank, "challenge.update", challenge_id=challenge["id"], persona_ids=[raili["id"]],
       statement="Raili ei pääse palveluihin")
    q1 = ok(a, blank, "hmw.save", id=new(), challenge_id=challenge["id"],
            text="Miten voisimme tuoda palvelut Railin luo?")
    assert q1["persona_ids"] == [raili["id"]]  # inherited from the challenge
    q2 = ok(b, blank, "hmw.save", id=new(), challenge_id=challenge["id"],
            text="Miten voisimme opettaa älypuhelimen käyttöä?", persona_ids=[])
    status, _ = do(c, blank, "hmw.save", id=new(), challenge_id=challenge["id"], text="Vieras")
    assert status == 403
    status, _ = do(b, blank, "hmw.save", id=q1["id"], text="Muutettu")
    assert status == 403  # only its writer or a facilitator
    status, _ = do(a, blank, "hmw.move", hmw_id=q2["id"], position=0)
    assert status == 403
    ok(facilitator, blank, "hmw.move", hmw_id=q2["id"], position=0)
    ok(facilitator, blank, "hmw.save", id=q1["id"], text="Miten voisimme viedä palvelut kotiin?")
    ordered = sorted(state(a, blank)["hmw"], key=lambda q: q["position"])
    assert [q["id"] for q in ordered] == [q2["id"], q1["id"]]
    # A string is the text in the writer's page language (Finnish here).
    assert ordered[1]["text"] == {"fi": "Miten voisimme viedä palvelut kotiin?"}

    view = c.api("GET", f"/api/workshops/{blank['id']}/personas/{raili['id']}").get_json()
    assert [x["statement"] for x in view["links"]["challenges"]] == ["Raili ei pääse palveluihin"]
    assert view["links"]["challenges"][0]["group"] == "Yksi"
    assert [x["text"] for x in view["links"]["questions"]] == [
        {"fi": "Miten voisimme viedä palvelut kotiin?"}]
    # Removing the persona unlinks it everywhere.
    ok(facilitator, blank, "persona.delete", persona_id=raili["id"])
    entities = state(a, blank)
    assert all(raili["id"] not in q["persona_ids"] for q in entities["hmw"])
    assert all(raili["id"] not in ch["persona_ids"] for ch in entities["challenge"])


def test_canvas_changes_reach_phones_and_projector_live(app, facilitator, blank, canvas):
    challenge, a, b, _ = canvas
    projector = connect(app, None, blank, projector=blank["projector_token"])
    phone = connect(app, b, blank)
    received(projector, "sync")
    received(phone, "sync")
    writer = connect(app, a, blank)
    ack = cmd(writer, "challenge.note", id=new(), challenge_id=challenge["id"],
              question="when_where", body="Aamuisin jonossa")
    assert ack["ok"], ack
    for client in (projector, phone):
        events = received(client, "ev")
        assert [e["data"]["body"] for e in events if e["entity"] == "challenge_note"] == [
            "Aamuisin jonossa"]
    ack = cmd(projector, "challenge.note", id=new(), challenge_id=challenge["id"],
              question="gap", body="x")
    assert ack["ok"] is False and ack["error"]["status"] == 403  # the projector only watches
