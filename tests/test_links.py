"""Links between things through the public surface: the personas a challenge, question,
concept or pilot is for, the ideas a concept grew from and what a vote round puts on its
ballot keep the order they were given in; removing a persona, an idea or a concept takes it
out of every list with an event for each thing whose list changed, so every viewer's store
(an earlier snapshot plus the events) matches a fresh snapshot; and a database from before
the link tables keeps its links through the migration."""

import json
import uuid

import pytest
from conftest import join_as
from test_events import connect, received
from test_framing import ok, state
from test_pilots import replay


def new():
    return str(uuid.uuid4())


@pytest.fixture
def linked(app, facilitator):
    """A workshop where three personas, two ideas and two concepts are named from every
    kind of list, each list in an order of its own."""
    workshop = facilitator.api("POST", "/api/workshops",
                               json={"id": new(), "name": "Linkit"}).get_json()
    ok(facilitator, workshop, "group.save", id=new(), name="Ryhmä")
    challenge = state(facilitator, workshop)["challenge"][0]
    raili, samir, tiina = (card["id"] for card in ok(
        facilitator, workshop, "persona.import",
        keys=["raili-ei-laitetta", "samir-innokas-auttaja", "tiina-valimaastossa"]))
    ok(facilitator, workshop, "challenge.update", challenge_id=challenge["id"],
       persona_ids=[samir, raili])
    hmw = ok(facilitator, workshop, "hmw.save", id=new(), challenge_id=challenge["id"],
             text="Miten voisimme auttaa?")
    author = join_as(app, workshop, "Aino", "Kela")
    first = ok(author, workshop, "idea.add", id=new(), hmw_id=hmw["id"], text="Digituki",
               persona_id=raili)
    second = ok(author, workshop, "idea.add", id=new(), hmw_id=hmw["id"], text="Tabletit")
    concept = ok(facilitator, workshop, "concept.save", id=new(), name="Kirjasto",
                 idea_ids=[second["id"], first["id"]], persona_ids=[raili, tiina, samir])
    spare = ok(facilitator, workshop, "concept.save", id=new(), name="Kahvila",
               persona_ids=[tiina])
    pilot = ok(facilitator, workshop, "pilot.create", concept_id=concept["id"])
    ok(facilitator, workshop, "pilot.save", pilot_id=pilot["id"], persona_ids=[tiina, raili])
    concepts_round = ok(facilitator, workshop, "vote.save_round", id=new(), title="Konseptit",
                        item_ids=[spare["id"], concept["id"]])
    ideas_round = ok(facilitator, workshop, "vote.save_round", id=new(), title="Ideat",
                     target="ideas", hmw_id=hmw["id"], item_ids=[second["id"], first["id"]])
    return {"workshop": workshop, "author": author, "personas": (raili, samir, tiina),
            "challenge": challenge["id"], "hmw": hmw["id"], "ideas": (first["id"], second["id"]),
            "concept": concept["id"], "spare": spare["id"], "pilot": pilot["id"],
            "rounds": (concepts_round["id"], ideas_round["id"])}


def by_id(entities, kind, item_id):
    return next(row for row in entities[kind] if row["id"] == item_id)


def test_lists_keep_the_order_they_were_given_in(facilitator, linked):
    raili, samir, tiina = linked["personas"]
    first, second = linked["ideas"]
    entities = state(facilitator, linked["workshop"])
    assert by_id(entities, "challenge", linked["challenge"])["persona_ids"] == [samir, raili]
    assert by_id(entities, "hmw", linked["hmw"])["persona_ids"] == [samir, raili]
    concept = by_id(entities, "concept", linked["concept"])
    assert concept["idea_ids"] == [second, first]
    assert concept["persona_ids"] == [raili, tiina, samir]
    assert by_id(entities, "pilot", linked["pilot"])["persona_ids"] == [tiina, raili]
    concepts_round, ideas_round = linked["rounds"]
    assert by_id(entities, "vote_round", concepts_round)["item_ids"] == [
        linked["spare"], linked["concept"]]
    assert by_id(entities, "vote_round", ideas_round)["item_ids"] == [second, first]
    # A new order replaces the old one; the same list again changes nothing.
    reordered = ok(facilitator, linked["workshop"], "concept.save", id=linked["concept"],
                   persona_ids=[samir, raili])
    assert reordered["persona_ids"] == [samir, raili] and reordered["rev"] > concept["rev"]
    again = ok(facilitator, linked["workshop"], "concept.save", id=linked["concept"],
               persona_ids=[samir, raili])
    assert again["rev"] == reordered["rev"]


def watch(app, facilitator, linked):
    """Sockets of a facilitator, the author and another participant, with their snapshots."""
    viewers = {"facilitator": facilitator, "author": linked["author"],
               "other": join_as(app, linked["workshop"], "Ville", "TE")}
    sockets = {name: connect(app, who, linked["workshop"]) for name, who in viewers.items()}
    before = {name: received(s, "sync")[0]["snapshot"] for name, s in sockets.items()}
    return viewers, sockets, before


def check_stores(app, linked, viewers, sockets, before) -> list[dict]:
    """Every viewer's snapshot plus events equals a fresh snapshot; the facilitator's
    events."""
    seen = {}
    for name, s in sockets.items():
        seen[name] = received(s, "ev")
        fresh = received(connect(app, viewers[name], linked["workshop"]), "sync")[0]["snapshot"]
        assert replay(before[name], seen[name]) == replay(fresh, []), name
    return seen["facilitator"]


def changed(events, kind):
    return {e["data"]["id"]: e["data"] for e in events if e["entity"] == kind
            and e["op"] == "upsert"}


def test_removing_a_persona_takes_it_out_of_every_list_by_events(app, facilitator, linked):
    raili, samir, tiina = linked["personas"]
    viewers, sockets, before = watch(app, facilitator, linked)
    ok(facilitator, linked["workshop"], "persona.delete", persona_id=raili)
    events = check_stores(app, linked, viewers, sockets, before)
    assert changed(events, "challenge")[linked["challenge"]]["persona_ids"] == [samir]
    assert changed(events, "hmw")[linked["hmw"]]["persona_ids"] == [samir]
    assert changed(events, "concept")[linked["concept"]]["persona_ids"] == [tiina, samir]
    assert changed(events, "pilot")[linked["pilot"]]["persona_ids"] == [tiina]
    assert changed(events, "idea")[linked["ideas"][0]]["persona_id"] is None
    # Only what named the persona changed.
    assert linked["spare"] not in changed(events, "concept")
    assert linked["ideas"][1] not in changed(events, "idea")


def test_removing_an_idea_takes_it_off_concepts_and_ballots_by_events(app, facilitator,
                                                                        linked):
    first, second = linked["ideas"]
    viewers, sockets, before = watch(app, facilitator, linked)
    ok(linked["author"], linked["workshop"], "idea.delete", idea_id=second)
    events = check_stores(app, linked, viewers, sockets, before)
    assert changed(events, "concept")[linked["concept"]]["idea_ids"] == [first]
    assert changed(events, "vote_round")[linked["rounds"][1]]["item_ids"] == [first]
    assert linked["rounds"][0] not in changed(events, "vote_round")


def test_removing_a_concept_takes_it_off_ballots_by_events(app, facilitator, linked):
    viewers, sockets, before = watch(app, facilitator, linked)
    ok(facilitator, linked["workshop"], "concept.delete", concept_id=linked["spare"])
    events = check_stores(app, linked, viewers, sockets, before)
    assert changed(events, "vote_round")[linked["rounds"][0]]["item_ids"] == [linked["concept"]]
    assert linked["rounds"][1] not in changed(events, "vote_round")


def test_a_database_from_before_the_link_tables_keeps_its_links(app, facilitator, linked):
    """Back to the revision before the link tables (the lists are JSON columns again), a
    list given a repeat and an id whose row is gone, as old data could hold, then forward:
    every list is as it was, in its order, without the repeat and the missing id."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from server.extensions import db

    raili, samir, tiina = linked["personas"]
    expected = state(facilitator, linked["workshop"])
    with app.app_context():
        db.session.remove()
        downgrade(revision="a8b6c5d7e9f0")
        with db.engine.begin() as connection:
            stored = connection.execute(
                text("SELECT persona_ids FROM concept WHERE id = :id"),
                {"id": linked["concept"]}).scalar()
            # PostgreSQL's driver decodes JSON itself; SQLite's gives the text.
            stored = stored if isinstance(stored, list) else json.loads(stored)
            assert stored == [raili, tiina, samir]
            connection.execute(text("UPDATE concept SET persona_ids = :ids WHERE id = :id"), {
                "id": linked["concept"], "ids": json.dumps([raili, new(), tiina, raili, samir])})
        upgrade()
        db.session.remove()
    after = state(facilitator, linked["workshop"])
    # The turnout is newer than that revision: going back and forth counts it again, under
    # a new revision number.
    assert [t["participants"] for t in after.pop("turnout")] == \
        [t["participants"] for t in expected.pop("turnout")]
    assert after == expected


def test_an_archive_keeps_every_list_in_its_order(facilitator, linked):
    """The archive has each list as a JSON list on its row, as it always had; importing it
    makes the same links, in the same order - a template's too, for what it brings."""
    from test_exports import download, normalised

    raili, samir, tiina = linked["personas"]
    archive = download(facilitator, linked["workshop"], "archive.json").get_json()
    rows = {name: {row["id"]: row for row in archive["tables"][name]}
            for name in ("challenge", "concept", "vote_round")}
    assert rows["challenge"][linked["challenge"]]["persona_ids"] == [samir, raili]
    assert rows["concept"][linked["concept"]]["persona_ids"] == [raili, tiina, samir]
    assert rows["vote_round"][linked["rounds"][1]]["item_ids"] == list(reversed(linked["ideas"]))
    made = facilitator.api("POST", "/api/workshops/import", json={"archive": archive})
    assert made.status_code == 201, made.get_json()
    again = download(facilitator, made.get_json(), "archive.json").get_json()
    assert normalised(again) == normalised(archive)

    template = facilitator.api("POST", "/api/workshops/import",
                               json={"archive": archive, "as_template": True}).get_json()
    entities = state(facilitator, template)
    names = {card["id"]: card["fields"]["name"]["fi"] for card in entities["persona"]}
    assert [names[i] for i in entities["challenge"][0]["persona_ids"]] == ["Samir", "Raili"]
    assert [names[i] for i in entities["hmw"][0]["persona_ids"]] == ["Samir", "Raili"]


def test_migrating_a_full_database_loses_no_row(app, facilitator, linked):
    """SQLite rebuilds a table to alter it; with foreign keys enforced, dropping the old
    copy cascaded to everything pointing at it (migrating to the login sessions took every
    facilitator's membership). From before that revision to now, every row stays."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from server.extensions import db

    def counts():
        from sqlalchemy import func, select, table

        with db.engine.begin() as connection:
            return {name: connection.execute(select(func.count()).select_from(table(name)))
                    .scalar() for name in ("member", "pilot", "idea", "concept", "workshop")}

    expected = state(facilitator, linked["workshop"])
    with app.app_context():
        before = counts()
        db.session.remove()
        downgrade(revision="f7a5b4c6d8e9")
        upgrade()
        db.session.remove()
        assert counts() == before
        with db.engine.begin() as connection:
            assert connection.execute(text("SELECT COUNT(*) FROM workshop "
                                           "WHERE created_by_id IS NULL")).scalar() == 0
    # Logins did not survive the revision that moved them (by design); the rest is as it was.
    from conftest import PASSWORD

    facilitator.page("/login")
    facilitator.form("/login", {"username": "anna", "password": PASSWORD})
    facilitator.page("/f")
    assert state(facilitator, linked["workshop"])["member"] == expected["member"]
