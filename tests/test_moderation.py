"""Moderation before reveal through the public surface: an idea or a canvas answer waits
for a facilitator (per question, or for the whole workshop), is approved as it is or
edited with its author's knowledge, or returned to its author with a note - and until
approval nobody but its author and the facilitators learns of it, in events, snapshots,
answers or exports."""

import uuid

import pytest
from conftest import join_as
from test_events import connect, received
from test_framing import do, ok, state

from server.events.coalesce import wait_until_sent


def new():
    return str(uuid.uuid4())


@pytest.fixture
def board(facilitator):
    workshop = facilitator.api("POST", "/api/workshops",
                               json={"id": new(), "name": "Moderointi"}).get_json()
    group = ok(facilitator, workshop, "group.save", id=new(), name="Ryhmä A")
    challenge = state(facilitator, workshop)["challenge"][0]
    hmw = ok(facilitator, workshop, "hmw.save", id=new(), challenge_id=challenge["id"],
             text="Miten voisimme tukea?")
    return {"workshop": workshop, "challenge": challenge, "hmw": hmw, "group": group}


@pytest.fixture
def people(app, facilitator, board):
    workshop = board["workshop"]
    author = join_as(app, workshop, "Aino Author", "Kela")
    other = join_as(app, workshop, "Ville", "TE")
    for person in (author, other):
        ok(facilitator, workshop, "group.assign", member_id=person.member["id"],
           group_id=board["group"]["id"])
    return author, other


def moderate(facilitator, board, **values):
    return ok(facilitator, board["workshop"], "hmw.settings", hmw_id=board["hmw"]["id"],
              moderated=True, **values)


def add(browser, board, text):
    return ok(browser, board["workshop"], "idea.add", id=new(), hmw_id=board["hmw"]["id"],
              text=text)


def ideas(browser, board):
    return {idea["id"]: idea for idea in state(browser, board["workshop"])["idea"]}


def test_a_moderated_idea_reaches_others_only_when_approved(app, facilitator, board, people):
    author, other = people
    assert moderate(facilitator, board)["moderated"] is True
    wait_until_sent()
    phone = connect(app, other, board["workshop"])
    received(phone, "sync")
    projector = connect(app, None, board["workshop"],
                        projector=board["workshop"]["projector_token"])
    received(projector, "sync")
    idea = add(author, board, "Digituki kirjastoon")
    assert idea["moderation"] == "pending"
    wait_until_sent()  # what others may not see goes out a moment later, numbers only
    # Others get only a content-free marker; the author's and the facilitator's state has it.
    for client in (phone, projector):
        assert "Digituki" not in str(received(client, "ev"))
    assert idea["id"] not in ideas(other, board)
    assert ideas(author, board)[idea["id"]]["moderation"] == "pending"
    assert ideas(facilitator, board)[idea["id"]]["moderation"] == "pending"
    # Nobody else can +1 it, build on it or learn of it by its id.
    status, body = do(other, board["workshop"], "idea.plus", idea_id=idea["id"], on=True)
    assert status == 404 and "idea_id" in body["error"]["fields"]
    status, _body = do(other, board["workshop"], "idea.add", id=new(),
                       hmw_id=board["hmw"]["id"], text="Jatkan", builds_on_id=idea["id"])
    assert status == 404
    # A facilitator's own idea goes straight out.
    mine = add(facilitator, board, "Fasilitaattorin idea")
    assert mine["moderation"] is None and mine["id"] in ideas(other, board)

    approved = ok(facilitator, board["workshop"], "moderation.approve", kind="idea",
                  id=idea["id"])
    wait_until_sent()
    assert approved["item"]["moderation"] is None
    seen = ideas(other, board)[idea["id"]]
    assert seen["text"] == "Digituki kirjastoon" and seen["original_text"] is None
    for client in (phone, projector):
        shown = received(client, "ev")
        assert any((m.get("data") or {}).get("id") == idea["id"]
                   and m["type"] == "idea.approved" for m in shown), shown


def test_an_edit_keeps_the_authors_words_for_the_author_only(facilitator, board, people):
    author, other = people
    moderate(facilitator, board)
    idea = add(author, board, "Soita Matille 040 123 4567")
    ok(facilitator, board["workshop"], "moderation.approve", kind="idea", id=idea["id"],
       text="Soita neuvontaan")
    mine = ideas(author, board)[idea["id"]]
    assert mine["text"] == "Soita neuvontaan"
    assert mine["original_text"] == "Soita Matille 040 123 4567"
    theirs = ideas(other, board)[idea["id"]]
    assert theirs["text"] == "Soita neuvontaan" and theirs["original_text"] is None
    # Out in the room, the author may no longer rewrite it while moderation is on.
    status, body = do(author, board["workshop"], "idea.edit", idea_id=idea["id"],
                      text="Soita Matille")
    assert status == 403 and body["error"]["message"]
    assert ideas(other, board)[idea["id"]]["text"] == "Soita neuvontaan"


def test_a_returned_idea_reaches_only_its_author_and_comes_back(app, facilitator, board,
                                                                  people):
    author, other = people
    moderate(facilitator, board)
    idea = add(author, board, "Nimeni on Matti Meikäläinen")
    wait_until_sent()
    phone = connect(app, other, board["workshop"])
    received(phone, "sync")
    returned = ok(facilitator, board["workshop"], "moderation.return", kind="idea",
                  id=idea["id"], note="Jätä nimi pois, niin muut eivät tunnista sinua.")
    wait_until_sent()
    assert returned["item"]["moderation"] == "returned"
    mine = ideas(author, board)[idea["id"]]
    assert mine["moderation"] == "returned"
    assert mine["moderation_note"] == "Jätä nimi pois, niin muut eivät tunnista sinua."
    assert idea["id"] not in ideas(other, board)
    for message in received(phone, "ev"):
        assert "Jätä" not in str(message) and "Matti" not in str(message)
    # The author sends it again, changed: back in the queue, still nobody else's.
    again = ok(author, board["workshop"], "idea.edit", idea_id=idea["id"],
               text="Haluan apua hakemukseen")
    assert again["moderation"] == "pending"
    assert idea["id"] not in ideas(other, board)
    ok(facilitator, board["workshop"], "moderation.approve", kind="idea", id=idea["id"])
    assert ideas(other, board)[idea["id"]]["text"] == "Haluan apua hakemukseen"


def test_only_facilitators_moderate_and_bad_input_names_the_field(facilitator, board, people):
    author, other = people
    moderate(facilitator, board)
    idea = add(author, board, "Odottava idea")
    status, _body = do(other, board["workshop"], "moderation.approve", kind="idea",
                       id=idea["id"])
    assert status == 403
    status, _body = do(author, board["workshop"], "moderation.return", kind="idea",
                       id=idea["id"], note="Itse")
    assert status == 403
    status, body = do(facilitator, board["workshop"], "moderation.return", kind="idea",
                      id=idea["id"], note="   ")
    assert status == 422 and "note" in body["error"]["fields"]
    status, body = do(facilitator, board["workshop"], "moderation.approve", kind="vote",
                      id=idea["id"])
    assert status == 422 and "kind" in body["error"]["fields"]
    status, body = do(facilitator, board["workshop"], "moderation.approve", kind="idea",
                      id=new())
    assert status == 404 and "id" in body["error"]["fields"]
    status, body = do(facilitator, board["workshop"], "moderation.approve", kind="idea",
                      id=idea["id"], text="x" * 281)
    assert status == 422 and "text" in body["error"]["fields"]
    assert ideas(facilitator, board)[idea["id"]]["moderation"] == "pending"
    ok(facilitator, board["workshop"], "moderation.approve", kind="idea", id=idea["id"])
    status, body = do(facilitator, board["workshop"], "moderation.approve", kind="idea",
                      id=idea["id"])
    assert status == 422 and "id" in body["error"]["fields"]


def test_silent_and_anonymous_still_hold_after_approval(facilitator, board, people):
    author, other = people
    moderate(facilitator, board, silent=True, anonymous=True)
    idea = add(author, board, "Hiljainen ja nimetön")
    ok(facilitator, board["workshop"], "moderation.approve", kind="idea", id=idea["id"])
    # Approved, but the question is silent: still only the author's until the reveal.
    assert idea["id"] not in ideas(other, board)
    assert ideas(facilitator, board)[idea["id"]]["member_id"] == author.member["id"]
    waiting = add(author, board, "Vielä odottaa")
    ok(facilitator, board["workshop"], "hmw.settings", hmw_id=board["hmw"]["id"],
       revealed=True)
    seen = ideas(other, board)
    assert seen[idea["id"]]["member_id"] is None
    assert waiting["id"] not in seen


def test_workshop_wide_moderation_covers_canvas_answers(facilitator, board, people):
    author, other = people
    workshop = board["workshop"]
    updated = facilitator.api("PATCH", f"/api/workshops/{workshop['id']}",
                              json={"moderated": True})
    assert updated.status_code == 200 and updated.get_json()["moderated"] is True
    note = ok(author, workshop, "challenge.note", id=new(),
              challenge_id=board["challenge"]["id"], question="gap", body="Ei ole laitetta")
    assert note["moderation"] == "pending"
    assert note["id"] not in {n["id"] for n in state(other, workshop)["challenge_note"]}
    status, _body = do(other, workshop, "challenge.edit_note", note_id=note["id"], body="Minä")
    assert status == 404
    # The workshop's switch reaches ideas of every question too.
    idea = add(author, board, "Koko työpajan moderointi")
    assert idea["moderation"] == "pending"
    ok(facilitator, workshop, "moderation.return", kind="challenge_note", id=note["id"],
       note="Kerro tarkemmin")
    assert note["id"] not in {n["id"] for n in state(other, workshop)["challenge_note"]}
    ok(author, workshop, "challenge.edit_note", note_id=note["id"], body="Ei ole tietokonetta")
    ok(facilitator, workshop, "moderation.approve", kind="challenge_note", id=note["id"])
    [seen] = [n for n in state(other, workshop)["challenge_note"] if n["id"] == note["id"]]
    assert seen["body"] == "Ei ole tietokonetta" and seen["moderation_note"] is None


def test_exports_hold_nothing_still_with_the_facilitator(facilitator, board, people):
    author, _other = people
    moderate(facilitator, board)
    add(author, board, "Salainen odottava idea")
    out = add(author, board, "Hyväksytty idea")
    ok(facilitator, board["workshop"], "moderation.approve", kind="idea", id=out["id"])
    for kind in ("archive.json", "report.md"):
        response = facilitator.api(
            "GET", f"/api/workshops/{board['workshop']['id']}/exports/{kind}")
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        assert "Hyväksytty idea" in text and "Salainen odottava idea" not in text
