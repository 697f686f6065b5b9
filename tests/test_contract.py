"""The event contract, for every command: old snapshot + the events a viewer received ==
a fresh snapshot for that viewer.

In the style of Zulip's ``verify_action``: four viewers (the facilitator, the participant
who authors things, another participant and the projector) connect and take their
snapshots; one command runs; each viewer's received events are applied to its snapshot with
the rules of the browser's store (``static/js/store.js``); the result must equal the fresh
snapshot that viewer gets when it connects again. Every name in the command table has at
least one case here, chosen to exercise its cascades (a delete with children, a rename seen
in other entities, a merge, a reveal, a close), and every registered entity kind is changed
by at least one case - so a new command or entity kind without a case fails the suite.

One workshop serves every case (building one per case would take most of the run); each
case creates what it changes, so cases do not depend on each other's order.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from conftest import PASSWORD, Browserless, database_url, join_as

from server.extensions import socketio

VIEWERS = ("facilitator", "author", "other", "projector")
RANK = {"hidden": 0, "public": 1, "full": 2}


def new() -> str:
    return str(uuid.uuid4())


# -- the browser store's rules, in Python ------------------------------------------------------


def replay(snapshot: dict, messages: list[dict]) -> dict:
    """What ``store.js`` holds after loading ``snapshot`` and receiving ``messages``.

    Messages apply in number order from the snapshot's number on; of two views of one
    number (a subject gets the full one and the lesser one) the fuller is kept; a hidden one
    only moves the number on; a delete leaves a tombstone that an older upsert cannot pass;
    an upsert older than what is held is ignored."""
    entities = {kind: {row["id"]: row for row in rows}
                for kind, rows in snapshot["entities"].items()}
    tombstones: dict[tuple[str, str], int] = {}
    by_seq: dict[int, dict] = {}
    # Numbers of events this viewer may not see come several to a message.
    messages = [part for m in messages
                for part in ([{"seq": seq, "hidden": True} for seq in m["seqs"]]
                             if "seqs" in m else [m])]
    for message in messages:
        if message["seq"] <= snapshot["seq"]:
            continue
        held = by_seq.get(message["seq"])
        if held is None or RANK[_level(message)] > RANK[_level(held)]:
            by_seq[message["seq"]] = message
    seq = snapshot["seq"]
    while seq + 1 in by_seq:
        seq += 1
        message = by_seq.pop(seq)
        if message.get("hidden") or not message.get("data"):
            continue
        kind, data = message["entity"], message["data"]
        rows = entities.setdefault(kind, {})
        if message["op"] == "delete":
            tombstones[(kind, data["id"])] = message["seq"]
            rows.pop(data["id"], None)
            continue
        current = rows.get(data["id"])
        if current is not None and current["rev"] >= data["rev"]:
            continue
        if tombstones.get((kind, data["id"]), -1) >= data["rev"]:
            continue
        rows[data["id"]] = data
    assert not by_seq, f"events after a hole were never applied: {sorted(by_seq)}"
    return {"seq": seq, "entities": {kind: rows for kind, rows in entities.items() if rows}}


def _level(message: dict) -> str:
    return "hidden" if message.get("hidden") else message.get("view", "full")


def differences(replayed: dict, fresh: dict) -> list[str]:
    """Each entity that the replay holds differently from the fresh snapshot, readably."""
    found = []
    for kind in sorted(set(replayed["entities"]) | set(fresh["entities"])):
        have = replayed["entities"].get(kind, {})
        want = fresh["entities"].get(kind, {})
        for item_id in sorted(set(have) | set(want)):
            if have.get(item_id) == want.get(item_id):
                continue
            if item_id not in want:
                found.append(f"{kind} {item_id}: still held, gone from a fresh snapshot")
            elif item_id not in have:
                found.append(f"{kind} {item_id}: missing, a fresh snapshot has it")
            else:
                changed = {key: (have[item_id].get(key), want[item_id].get(key))
                           for key in set(have[item_id]) | set(want[item_id])
                           if have[item_id].get(key) != want[item_id].get(key)}
                found.append(f"{kind} {item_id}: held != fresh: {changed}")
    return found


# -- one workshop with one of everything --------------------------------------------------------


@dataclass
class World:
    app: object
    browsers: dict[str, Browserless]
    workshop: dict
    ids: dict[str, str] = field(default_factory=dict)

    @property
    def wid(self) -> str:
        return self.workshop["id"]

    def join(self, name: str, organisation: str | None = None) -> Browserless:
        """A new participant, with the workshop's join code as it is now."""
        [workshop] = self.entities()["workshop"]
        return join_as(self.app, workshop, name, organisation)

    def in_group(self, who: str = "author") -> None:
        """Make ``who`` a member of the challenge's group (a split may have moved them)."""
        self.run("facilitator", "group.assign", member_id=self.member(who),
                 group_id=self.ids["group"])

    def member(self, who: str) -> str:
        return self.browsers[who].member["id"]

    def run(self, who: str, name: str, /, **args):
        response = self.browsers[who].api(
            "POST", f"/api/workshops/{self.wid}/commands/{name}", json=args)
        assert response.status_code == 200, (name, args, response.get_json())
        return response.get_json()["data"]

    def entities(self, who: str = "facilitator") -> dict[str, list[dict]]:
        return self.browsers[who].api(
            "GET", f"/api/workshops/{self.wid}/state").get_json()["entities"]

    def connect(self, viewer: str):
        auth = {"workshop": self.wid, "since": None}
        browser = None
        if viewer == "projector":
            auth["projector"] = self.workshop["projector_token"]
        else:
            browser = self.browsers[viewer].client
        client = socketio.test_client(self.app, flask_test_client=browser, auth=auth)
        assert client.is_connected(), viewer
        return client

    # Small builders the cases share.

    def idea(self, who="author", hmw="hmw", text="Opastus kirjastossa", **extra) -> dict:
        return self.run(who, "idea.add", id=new(), hmw_id=self.ids[hmw], text=text, **extra)

    def question(self, **settings) -> str:
        hmw = self.run("facilitator", "hmw.save", id=new(), challenge_id=self.ids["challenge"],
                       text="Miten voisimme kokeilla?")
        if settings:
            self.run("facilitator", "hmw.settings", hmw_id=hmw["id"], **settings)
        return hmw["id"]

    def concept(self, **extra) -> dict:
        args = {"id": new(), "hmw_id": self.ids["hmw"], "name": "Digiopastus", **extra}
        return self.run("facilitator", "concept.save", **args)

    def pilot(self) -> dict:
        return self.run("facilitator", "pilot.create", concept_id=self.concept()["id"])

    def persona(self) -> dict:
        return self.run("facilitator", "persona.save", id=new(), kind="persona",
                        fields={"name": {"fi": "Raili"}, "quote": {"fi": "Haluan oppia."}})

    def round(self, target="ideas", open_=True, **extra) -> dict:
        args = {"id": new(), "title": "Äänestys", "target": target, "dots": 3, **extra}
        if target == "ideas":
            args.setdefault("hmw_id", self.ids["hmw"])
        round_ = self.run("facilitator", "vote.save_round", **args)
        if open_:
            round_ = self.run("facilitator", "vote.open", round_id=round_["id"])
        return round_

    def task(self, visibility="shared") -> str:
        session = self.run("facilitator", "session.create", id=new(), kind="async",
                           title={"fi": "Viikkotehtävä", "en": "Weekly task"})
        self.run("facilitator", "session.update", session_id=session["id"], task={
            "title": {"fi": "Kokeile", "en": "Try"}, "instructions": {"fi": "Kokeile ja kerro.",
                                                          "en": "Try and tell."},
            "visibility": visibility,
            "response": "feedback"})
        return session["id"]

    def answer(self, who="author", visibility="shared") -> dict:
        return self.run(who, "task.submit", id=new(), session_id=self.task(visibility),
                        body="Kokeilin opastusta.")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from flask_migrate import upgrade

    from server import create_app
    from server.accounts.service import create_user

    tmp = tmp_path_factory.mktemp("contract")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PAJA_INSTANCE_PATH", str(tmp / "instance"))
        for name in ("DATABASE_URL", "PAJA_DATABASE_URL", "REDIS_URL", "PAJA_REDIS_URL"):
            patch.delenv(name, raising=False)
        patch.setenv("PAJA_ASYNC_MODE", "threading")
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url(tmp),
                          "RATELIMIT_ENABLED": False,
                          # Four viewers connect twice a case: no socket limits here.
                          "SOCKET_EVENTS_PER_SECOND": 0})
        with app.app_context():
            upgrade()
            create_user("anna", "Anna Fasilitaattori", PASSWORD)
        facilitator = Browserless(app.test_client())
        facilitator.page("/login")
        facilitator.form("/login", {"username": "anna", "password": PASSWORD})
        facilitator.page("/f")
        workshop = facilitator.api("POST", "/api/workshops", json={
            "id": new(), "name": "Sopimus"}).get_json()
        world = World(app, {"facilitator": facilitator}, workshop)
        world.browsers["author"] = join_as(app, workshop, "Aino Author", "Kela")
        world.browsers["other"] = join_as(app, workshop, "Ville", "TE-palvelut")
        # A group brings its challenge canvas.
        world.ids["group"] = world.run("facilitator", "group.save", id=new(),
                                       name="Ryhmä A")["id"]
        world.run("facilitator", "group.assign", member_id=world.member("author"),
                  group_id=world.ids["group"])
        world.ids["challenge"] = world.entities()["challenge"][0]["id"]
        world.ids["persona"] = world.run("facilitator", "persona.import",
                                         keys=["raili-ei-laitetta"])[0]["id"]
        world.ids["hmw"] = world.run("facilitator", "hmw.save", id=new(),
                                     challenge_id=world.ids["challenge"],
                                     text="Miten voisimme tukea digiasioinnissa?")["id"]
        yield world
    from server.voting.tally import wait_until_sent

    wait_until_sent()
    with app.app_context():
        from server.extensions import db

        db.session.remove()
        db.engine.dispose()


# -- the cases ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One run of ``command`` by ``by``: ``prepare`` makes what it needs (before anyone
    connects) and returns its arguments; ``kinds`` are entity kinds its events must touch."""

    command: str
    label: str
    by: str
    prepare: Callable[[World], dict]
    kinds: frozenset[str] = frozenset()
    # What must not reach whom: check(received by viewer) raises if it did.
    check: Callable[[dict[str, list[dict]]], None] | None = None

    @property
    def id(self) -> str:
        return f"{self.command}[{self.label}]"


CASES: list[Case] = []


def case(command: str, label: str, by: str = "facilitator", kinds: tuple[str, ...] = (),
         check=None):
    def decorator(prepare):
        CASES.append(Case(command, label, by, prepare, frozenset(kinds), check))
        return prepare

    return decorator


def _session(w: World, **extra) -> str:
    return w.run("facilitator", "session.create", id=new(), title={"fi": "Työpaja"},
                 kind="live", phases=[{"title": {"fi": "Alku"}, "minutes": 5},
                                      {"title": {"fi": "Ideointi"}, "minutes": 10,
                                       "activity": "ideation"}], **extra)["id"]


def _started(w: World) -> str:
    session_id = _session(w)
    w.run("facilitator", "session.start", session_id=session_id)
    return session_id


def _current_phase(w: World, session_id: str) -> str:
    return next(x for x in w.entities()["session"] if x["id"] == session_id)["current_phase_id"]


# Workshop and members.

case("workshop.update", "rename", kinds=("workshop",))(lambda w: {"name": "Uusi nimi"})
case("workshop.update", "teams may invite", kinds=("workshop",))(
    lambda w: {"teams_may_invite": True, "groups_self_pick": True})
case("workshop.update", "description only", kinds=("workshop",))(
    lambda w: {"description": "Kuvaus"})
case("workshop.update", "retention months", kinds=("workshop",))(
    lambda w: {"retention_months": 18})
case("workshop.outcomes_link", "shared", kinds=("workshop",))(lambda w: {"share": True})


@case("workshop.outcomes_link", "ended", kinds=("workshop",))
def _outcomes_unshared(w):
    w.run("facilitator", "workshop.outcomes_link", share=True)
    return {"share": False}


case("workshop.regenerate_code", "retires invitations", kinds=("workshop",))(
    lambda w: (w.run("facilitator", "pilot.invite", pilot_id=w.pilot()["id"]), {})[1])


@case("member.update", "rename an author", kinds=("member",))
def _rename(w):
    w.idea(text="Nimetty idea")
    w.run("author", "comment.add", id=new(), target_kind="concept",
          target_id=w.concept()["id"], body="Kommentti")
    w.in_group()
    w.run("author", "challenge.note", id=new(), challenge_id=w.ids["challenge"],
          question="causes", body="Kiire")
    return {"member_id": w.member("author"), "display_name": "Aino Uusinimi"}


@case("member.update", "own organisation", by="other", kinds=("member",))
def _own_org(w):
    return {"member_id": w.member("other"), "organisation": "Kunta"}


@case("member.remove", "with everything they wrote", kinds=("member", "done", "turnout"))
def _remove_member(w):
    leaver = w.join("Lähtijä", "Yhdistys")
    w.browsers["leaver"] = leaver
    idea = w.idea(who="leaver", text="Lähtijän idea")
    w.run("author", "idea.plus", idea_id=idea["id"], on=True)
    w.run("leaver", "idea.plus", idea_id=w.idea()["id"], on=True)
    w.run("leaver", "introduction.save", about="Olen täällä hetken.")
    w.run("leaver", "persona.meet", persona_id=w.ids["persona"], meets=True)
    w.run("leaver", "comment.add", id=new(), target_kind="persona",
          target_id=w.ids["persona"], body="Oma kommentti")
    pilot = w.pilot()
    w.run("leaver", "pilot.join", pilot_id=pilot["id"])
    w.run("facilitator", "pilot.save", pilot_id=pilot["id"],
          contact_member_id=leaver.member["id"])
    w.run("leaver", "task.submit", id=new(), session_id=w.task(), body="Vastaus")
    w.run("leaver", "member.done", phase_id=_current_phase(w, _started(w)), done=True)
    return {"member_id": leaver.member["id"]}


def _erasable(w, name: str) -> dict:
    """A participant with something of most kinds, to be erased."""
    leaver = w.join(name, "Yhdistys")
    w.browsers[name] = leaver
    idea = w.idea(who=name, text="Poistettavan idea")
    w.run("author", "idea.plus", idea_id=idea["id"], on=True)
    w.run(name, "idea.plus", idea_id=w.idea()["id"], on=True)
    w.run(name, "introduction.save", about="Kerron itsestäni.")
    w.run(name, "persona.meet", persona_id=w.ids["persona"], meets=True)
    w.run(name, "comment.add", id=new(), target_kind="persona", target_id=w.ids["persona"],
          body="Poistettavan kommentti")
    pilot = w.pilot()
    w.run(name, "pilot.join", pilot_id=pilot["id"])
    w.run("facilitator", "pilot.save", pilot_id=pilot["id"],
          contact_member_id=leaver.member["id"])
    w.run(name, "pilot.update", id=new(), pilot_id=pilot["id"], did="Kokeilin")
    answer = w.run(name, "task.submit", id=new(), session_id=w.task("private"), body="Oma")
    w.run("facilitator", "task.review", submission_id=answer["id"], feedback="Hyvä")
    w.run(name, "task.submit", id=new(), session_id=w.task("shared"), body="Jaettu")
    w.run(name, "member.done", phase_id=_current_phase(w, _started(w)), done=True)
    return leaver.member["id"]


@case("member.erase", "anonymised", kinds=("member", "introduction", "pilot_member",
                                           "submission", "review", "done", "turnout"))
def _erase_anonymised(w):
    return {"member_id": _erasable(w, "Anonyymiksi"), "contributions": "anonymise"}


@case("member.erase", "removed with all they wrote", kinds=(
    "member", "idea", "plus", "comment", "pilot_update", "persona_meet", "submission"))
def _erase_removed(w):
    return {"member_id": _erasable(w, "Poistuva"), "contributions": "remove"}


@case("introduction.save", "first and again", by="author", kinds=("introduction",))
def _intro(w):
    return {"about": "Olen sosiaaliohjaaja.", "hopes": "Uusia ideoita", "organisation": "Kela"}


@case("introduction.save", "names a newcomer to the room", by="newcomer",
      kinds=("introduction", "member"))
def _intro_newcomer(w):
    w.browsers["newcomer"] = w.join("Uusi tulija")
    return {"about": "Tulin juuri."}


@case("idea.add", "a newcomer's first idea names them", by="newcomer", kinds=("idea", "member"))
def _idea_newcomer(w):
    w.browsers["newcomer"] = w.join("Ideoija")
    return {"id": new(), "hmw_id": w.ids["hmw"], "text": "Ensimmäinen ideani"}



@case("group.save", "new", kinds=("group",))
def _group_new(w):
    return {"id": new(), "name": "Ryhmä B"}


@case("group.save", "rename, seen on its challenge", kinds=("group",))
def _group_rename(w):
    return {"id": w.ids["group"], "name": "Ryhmä Alfa"}


@case("group.assign", "a participant", kinds=("member",))
def _assign(w):
    return {"member_id": w.member("other"), "group_id": w.ids["group"]}


@case("group.delete", "with its members and challenge", kinds=("group",))
def _group_delete(w):
    group = w.run("facilitator", "group.save", id=new(), name="Poistuva")
    w.run("facilitator", "group.assign", member_id=w.member("other"), group_id=group["id"])
    return {"group_id": group["id"]}


@case("group.split", "into two", kinds=("member",))
def _split(w):
    return {"count": 2, "method": "random"}


# Personas.

case("persona.import", "from the library", kinds=("persona",))(
    lambda w: {"keys": ["jari-ei-motivaatiota", "profiili-harjoittelijat"]})
case("persona.import", "a card already in, skipped", kinds=("persona",))(
    lambda w: {"keys": ["raili-ei-laitetta", "hanna-tyovalmentaja"], "duplicates": "skip"})
case("persona.import", "a copy anyway", kinds=("persona",))(
    lambda w: {"id": new(), "keys": ["raili-ei-laitetta"], "duplicates": "copy"})
case("persona.import_file", "CSV, a persona and a profile", kinds=("persona",))(
    lambda w: {"id": new(), "format": "csv",
               "file": "tyyppi;nimi;ikä;segmentti\npersoona;Onni;67;\nprofiili;;;Nuoret\n"})
case("persona.import_file", "YAML, one card", kinds=("persona",))(
    lambda w: {"id": new(), "format": "yaml",
               "file": "kind: persona\nname: Maija\nrole: {fi: Yrittäjä, en: Entrepreneur}\n"})
case("persona.save", "new card", kinds=("persona",))(
    lambda w: {"id": new(), "kind": "persona", "fields": {"name": {"fi": "Matti"}}})
case("persona.move", "to the front", kinds=("persona",))(
    lambda w: {"persona_id": w.persona()["id"], "position": 0})
case("persona.spotlight", "on the projector", kinds=("persona",))(
    lambda w: {"persona_id": w.persona()["id"]})
case("persona.meet", "I meet people like this", by="author", kinds=("persona_meet",))(
    lambda w: {"persona_id": w.persona()["id"], "meets": True})


@case("persona.delete", "linked everywhere, with meets and comments", kinds=("persona",))
def _persona_delete(w):
    persona = w.persona()
    w.run("author", "persona.meet", persona_id=persona["id"], meets=True)
    w.run("other", "persona.meet", persona_id=persona["id"], meets=True)
    w.run("author", "comment.add", id=new(), target_kind="persona", target_id=persona["id"],
          body="Tuttu")
    w.run("facilitator", "challenge.update", challenge_id=w.ids["challenge"],
          persona_ids=[persona["id"]])
    w.idea(persona_id=persona["id"])
    w.concept(persona_ids=[persona["id"]])
    pilot = w.pilot()
    w.run("facilitator", "pilot.save", pilot_id=pilot["id"], persona_ids=[persona["id"]])
    w.run("facilitator", "persona.spotlight", persona_id=persona["id"])
    return {"persona_id": persona["id"]}


# Comments.

case("comment.add", "on a concept", by="other", kinds=("comment",))(
    lambda w: {"id": new(), "target_kind": "concept", "target_id": w.concept()["id"],
               "body": "Hyvä"})
case("comment.add", "on a shared answer", by="other", kinds=("comment",))(
    lambda w: {"id": new(), "target_kind": "submission", "target_id": w.answer()["id"],
               "body": "Hyvä"})
case("comment.delete", "own", by="author", kinds=("comment",))(
    lambda w: {"comment_id": w.run("author", "comment.add", id=new(), target_kind="concept",
                                   target_id=w.concept()["id"], body="Pois")["id"]})


# Challenges and how-might-we questions.

case("challenge.update", "statement and personas", kinds=("challenge",))(
    lambda w: {"challenge_id": w.ids["challenge"], "statement": "Ikäihmiset jäävät ulos",
               "persona_ids": [w.ids["persona"]]})
case("challenge.note", "a cause", by="author", kinds=("challenge_note",))(
    lambda w: w.in_group() or {"id": new(), "challenge_id": w.ids["challenge"],
                               "question": "causes", "body": "Palvelut ovat verkossa"})
case("challenge.edit_note", "own", by="author", kinds=("challenge_note",))(
    lambda w: w.in_group() or {"note_id": w.run("author", "challenge.note", id=new(),
                                challenge_id=w.ids["challenge"], question="gap",
                                body="Ennen")["id"], "body": "Jälkeen"})
case("challenge.delete_note", "own", by="author", kinds=("challenge_note",))(
    lambda w: w.in_group() or {"note_id": w.run("author", "challenge.note", id=new(),
                                challenge_id=w.ids["challenge"], question="gap",
                                body="Pois")["id"]})
case("challenge.rate", "importance", by="author", kinds=("rating", "challenge"))(
    lambda w: w.in_group() or {"challenge_id": w.ids["challenge"], "value": 4})
case("hmw.save", "new", kinds=("hmw",))(
    lambda w: {"id": new(), "challenge_id": w.ids["challenge"], "text": "Miten voisimme?"})
case("hmw.save", "new, in two languages", kinds=("hmw",))(
    lambda w: {"id": new(), "challenge_id": w.ids["challenge"],
               "text": {"fi": "Miten voisimme?", "sv": "Hur skulle vi kunna?"}})
case("hmw.save", "one more language, one less", kinds=("hmw",))(
    lambda w: {"id": w.question(), "text": {"en": "How might we try?", "fi": ""}})
case("hmw.move", "first", kinds=("hmw",))(
    lambda w: {"hmw_id": w.question(), "position": 0})


@case("hmw.delete", "with ideas, +1s, groups, comments, rounds and concepts", kinds=("hmw",))
def _hmw_delete(w):
    hmw_id = w.question()
    idea = w.idea(hmw="hmw", text="x") and w.run("author", "idea.add", id=new(), hmw_id=hmw_id,
                                                  text="Poistuva idea")
    w.run("other", "idea.plus", idea_id=idea["id"], on=True)
    w.run("facilitator", "cluster.save", id=new(), hmw_id=hmw_id, name="Ryhmä",
          idea_ids=[idea["id"]])
    w.run("facilitator", "concept.save", id=new(), hmw_id=hmw_id, name="Konsepti",
          idea_ids=[idea["id"]])
    w.round(hmw_id=hmw_id)
    return {"hmw_id": hmw_id}


@case("hmw.delete", "the first of a concept's two questions", kinds=("hmw", "concept"))
def _hmw_delete_first_of_two(w):
    first, second = w.question(), w.question()
    ideas = [w.run("author", "idea.add", id=new(), hmw_id=hmw_id, text="Idea")["id"]
             for hmw_id in (first, second)]
    w.run("facilitator", "concept.save", id=new(), name="Kahdesta", idea_ids=ideas)
    return {"hmw_id": first}


case("hmw.save", "for the whole workshop", kinds=("hmw",))(
    lambda w: {"id": new(), "text": "Miten voisimme kaikki yhdessä?"})


@case("hmw.settings", "live on another group's question too", kinds=("hmw",))
def _live_per_group(w):
    w.question(live=True)
    group = w.run("facilitator", "group.save", id=new(), name="Toinen ryhmä")
    challenge = next(c for c in w.entities()["challenge"] if c["group_id"] == group["id"])
    hmw = w.run("facilitator", "hmw.save", id=new(), challenge_id=challenge["id"],
                text="Miten voisimme toisessa ryhmässä?")
    return {"hmw_id": hmw["id"], "live": True}


# Ideation.

case("hmw.settings", "silent", kinds=("hmw",))(lambda w: {"hmw_id": w.question(),
                                                          "silent": True})


@case("hmw.settings", "reveal a silent question", kinds=("hmw", "idea"))
def _reveal(w):
    hmw_id = w.question(silent=True)
    w.run("author", "idea.add", id=new(), hmw_id=hmw_id, text="Hiljainen idea")
    return {"hmw_id": hmw_id, "revealed": True}


case("hmw.settings", "make anonymous before ideas", kinds=("hmw",))(
    lambda w: {"hmw_id": w.question(), "anonymous": True})


case("hmw.settings", "live and grouping", kinds=("hmw",))(
    lambda w: {"hmw_id": w.question(), "live": True, "grouping_open": True, "locked": False})
# Settings for the questions of the phase: the one on every phone here, so that the
# workshop's other questions (which later cases write under) stay as they are.
@case("hmw.settings_all", "silent and locked, on the live question", kinds=("hmw",))
def _settings_all(w):
    w.question(live=True)
    return {"session_id": _session(w), "silent": True, "locked": True}


@case("hmw.reveal_all", "the live silent question, with ideas", kinds=("hmw", "idea"))
def _reveal_all(w):
    hmw_id = w.question(silent=True, live=True)
    w.run("author", "idea.add", id=new(), hmw_id=hmw_id, text="Piilossa")
    w.run("other", "idea.add", id=new(), hmw_id=hmw_id, text="Toinen piilossa")
    return {"session_id": _session(w)}


case("idea.add", "open question", by="author", kinds=("idea",))(
    lambda w: {"id": new(), "hmw_id": w.ids["hmw"], "text": "Digikummit",
               "persona_id": w.ids["persona"]})
case("idea.add", "silent question", by="author", kinds=("idea",))(
    lambda w: {"id": new(), "hmw_id": w.question(silent=True), "text": "Salainen"})
case("idea.add", "anonymous, building on another", by="author", kinds=("idea",))(
    lambda w: {"id": new(), "hmw_id": (q := w.question(anonymous=True)), "text": "Jatko",
               "builds_on_id": w.run("other", "idea.add", id=new(), hmw_id=q,
                                     text="Pohja")["id"]})
case("idea.edit", "own", by="author", kinds=("idea",))(
    lambda w: {"idea_id": w.idea()["id"], "text": "Muokattu"})
case("idea.plus", "on", by="other", kinds=("plus", "idea"))(
    lambda w: {"idea_id": w.idea()["id"], "on": True})
case("idea.plus", "off", by="other", kinds=("plus", "idea"))(
    lambda w: {"idea_id": (i := w.idea()["id"]),
               "on": not w.run("other", "idea.plus", idea_id=i, on=True) or False})
case("idea.spotlight", "on the projector", kinds=("hmw",))(
    lambda w: {"hmw_id": w.ids["hmw"], "idea_id": w.idea()["id"]})
case("idea.suggest", "groups", kinds=())(lambda w: (w.idea(text="Opastus kirjastossa"),
                                                    w.idea(text="Kirjaston opastus"),
                                                    {"hmw_id": w.ids["hmw"]})[-1])


@case("idea.delete", "with +1s, builds, duplicates and links", by="author", kinds=("idea",))
def _idea_delete(w):
    idea = w.idea(text="Poistuva")
    w.run("other", "idea.plus", idea_id=idea["id"], on=True)
    w.run("facilitator", "idea.plus", idea_id=idea["id"], on=True)
    w.idea(who="other", builds_on_id=idea["id"])
    duplicate = w.idea(who="other", text="Sama")
    w.run("facilitator", "idea.duplicate", idea_id=duplicate["id"], of_id=idea["id"])
    w.concept(idea_ids=[idea["id"]])
    w.run("facilitator", "idea.spotlight", hmw_id=w.ids["hmw"], idea_id=idea["id"])
    return {"idea_id": idea["id"]}


@case("idea.move", "into a group", kinds=("idea",))
def _move(w):
    cluster = w.run("facilitator", "cluster.save", id=new(), hmw_id=w.ids["hmw"], name="A")
    return {"idea_id": w.idea()["id"], "cluster_id": cluster["id"], "position": 0}


case("idea.duplicate", "mark", kinds=("idea",))(
    lambda w: {"idea_id": w.idea(who="other")["id"], "of_id": w.idea()["id"]})
case("cluster.save", "with ideas", kinds=("idea_cluster", "idea"))(
    lambda w: {"id": new(), "hmw_id": w.ids["hmw"], "name": "Opastus",
               "idea_ids": [w.idea()["id"], w.idea(who="other")["id"]]})


@case("cluster.delete", "with its ideas and concept", kinds=("idea_cluster", "idea"))
def _cluster_delete(w):
    cluster = w.run("facilitator", "cluster.save", id=new(), hmw_id=w.ids["hmw"], name="B",
                    idea_ids=[w.idea()["id"]])
    w.run("facilitator", "concept.save", id=new(), cluster_id=cluster["id"])
    return {"cluster_id": cluster["id"]}


@case("cluster.merge", "two groups", kinds=("idea_cluster", "idea"))
def _merge(w):
    first = w.run("facilitator", "cluster.save", id=new(), hmw_id=w.ids["hmw"], name="C",
                  idea_ids=[w.idea()["id"]])
    second = w.run("facilitator", "cluster.save", id=new(), hmw_id=w.ids["hmw"], name="D",
                   idea_ids=[w.idea()["id"], w.idea(who="other")["id"]])
    w.run("facilitator", "concept.save", id=new(), cluster_id=second["id"])
    return {"cluster_id": second["id"], "into_id": first["id"]}


# Moderation before reveal: each case moderates a question of its own, and the workshop's
# switch is turned back off in the same case, so later cases write as before.

case("hmw.settings", "moderated", kinds=("hmw",))(lambda w: {"hmw_id": w.question(),
                                                             "moderated": True})


@case("moderation.approve", "a waiting idea reaches the room", kinds=("idea",))
def _approve(w):
    hmw_id = w.question(moderated=True)
    idea = w.run("author", "idea.add", id=new(), hmw_id=hmw_id, text="Odottaa hyväksyntää")
    return {"kind": "idea", "id": idea["id"]}


@case("moderation.approve", "edited, in an anonymous question", kinds=("idea",))
def _approve_edited(w):
    hmw_id = w.question(moderated=True, anonymous=True)
    idea = w.run("author", "idea.add", id=new(), hmw_id=hmw_id, text="Soita Matille")
    return {"kind": "idea", "id": idea["id"], "text": "Soita neuvontaan"}


@case("moderation.return", "an idea back to its author only", kinds=("idea",))
def _return(w):
    hmw_id = w.question(moderated=True)
    idea = w.run("author", "idea.add", id=new(), hmw_id=hmw_id, text="Nimeni on Aino")
    return {"kind": "idea", "id": idea["id"], "note": "Jätä nimi pois."}


@case("idea.edit", "a returned idea sent again", by="author", kinds=("idea",))
def _resend(w):
    hmw_id = w.question(moderated=True)
    idea = w.run("author", "idea.add", id=new(), hmw_id=hmw_id, text="Nimeni on Aino")
    w.run("facilitator", "moderation.return", kind="idea", id=idea["id"], note="Ilman nimeä")
    return {"idea_id": idea["id"], "text": "Haluan apua"}


@case("workshop.update", "moderation off again", kinds=("workshop",))
def _workshop_unmoderated(w):
    w.run("facilitator", "workshop.update", moderated=True)
    return {"moderated": False}


@case("moderation.approve", "a canvas answer", kinds=("challenge_note",))
def _approve_note(w):
    w.in_group()
    w.run("facilitator", "workshop.update", moderated=True)
    note = w.run("author", "challenge.note", id=new(), challenge_id=w.ids["challenge"],
                 question="gap", body="Odottava vastaus")
    w.run("facilitator", "workshop.update", moderated=False)
    return {"kind": "challenge_note", "id": note["id"]}


@case("moderation.return", "a canvas answer", kinds=("challenge_note",))
def _return_note(w):
    w.in_group()
    w.run("facilitator", "workshop.update", moderated=True)
    note = w.run("author", "challenge.note", id=new(), challenge_id=w.ids["challenge"],
                 question="gap", body="Palautettava vastaus")
    w.run("facilitator", "workshop.update", moderated=False)
    return {"kind": "challenge_note", "id": note["id"], "note": "Kerro tarkemmin."}


# Concepts.

case("concept.save", "from ideas and personas", kinds=("concept",))(
    lambda w: {"id": new(), "hmw_id": w.ids["hmw"], "name": "Digituki",
               "idea_ids": [w.idea()["id"]], "persona_ids": [w.ids["persona"]],
               "need": "Apua", "risks": "Aika"})

case("concept.save", "from ideas of two questions", kinds=("concept",))(
    lambda w: {"id": new(), "name": "Yhdistelmä",
               "idea_ids": [w.idea()["id"],
                            w.run("other", "idea.add", id=new(), hmw_id=w.question(),
                                  text="Toisen kysymyksen idea")["id"]]})


case("concept.ideas", "adding ideas of another question and taking one off",
     kinds=("concept",))(
    lambda w: {"concept_id": w.concept(idea_ids=[w.idea()["id"]])["id"],
               "add": [w.idea(text="Lisätty myöhemmin")["id"],
                       w.run("other", "idea.add", id=new(), hmw_id=w.question(),
                             text="Toisesta kysymyksestä")["id"]],
               "remove": [w.idea(text="Ei tähän")["id"]]})

case("concept.ideas", "a card made from scratch gets its first idea",
     kinds=("concept",))(
    lambda w: {"concept_id": w.run("facilitator", "concept.save", id=new(),
                                   name="Tyhjästä")["id"],
               "add": [w.idea(text="Ensimmäinen idea korttiin")["id"]]})


@case("concept.delete", "with pilot, team, measures, updates, comments, rounds",
      kinds=("concept",))
def _concept_delete(w):
    pilot = w.pilot()
    w.run("author", "pilot.join", pilot_id=pilot["id"])
    w.run("facilitator", "pilot.measure", id=new(), pilot_id=pilot["id"], name="Asiakkaat",
          unit="hlö", baseline=0, target=10)
    w.run("author", "pilot.update", id=new(), pilot_id=pilot["id"], did="Kokeiltiin")
    w.run("facilitator", "pilot.status", pilot_id=pilot["id"], status="running")
    w.run("other", "comment.add", id=new(), target_kind="concept",
          target_id=pilot["concept_id"], body="Hyvä")
    w.round(target="concepts", item_ids=[pilot["concept_id"]])
    return {"concept_id": pilot["concept_id"]}


# Voting.

case("vote.save_round", "ideas", kinds=("vote_round",))(
    lambda w: {"id": new(), "title": "Suosikit", "target": "ideas", "hmw_id": w.ids["hmw"],
               "dots": 3})
case("vote.open", "with a late joiner after", kinds=("vote_round",))(
    lambda w: {"round_id": w.round(open_=False)["id"]})


@case("vote.set", "a named vote", by="author", kinds=("vote_round",))
def _vote(w):
    item = w.idea(who="other")
    return {"round_id": w.round()["id"], "item_id": item["id"], "count": 2}


@case("vote.set", "an anonymous vote with live results", by="other", kinds=("vote_round",))
def _vote_anon(w):
    item = w.idea()
    return {"round_id": w.round(anonymous=True, live_results=True)["id"],
            "item_id": item["id"], "count": 1}


@case("vote.close", "with votes", kinds=("vote_round",))
def _close(w):
    item = w.idea(who="other")
    round_ = w.round()
    w.run("author", "vote.set", round_id=round_["id"], item_id=item["id"], count=1)
    return {"round_id": round_["id"]}


@case("vote.reveal", "after closing", kinds=("vote_round",))
def _vote_reveal(w):
    item = w.idea()
    round_ = w.round()
    w.run("other", "vote.set", round_id=round_["id"], item_id=item["id"], count=3)
    w.run("facilitator", "vote.close", round_id=round_["id"])
    return {"round_id": round_["id"]}


@case("vote.choose", "the top concept", kinds=("vote_round", "concept"))
def _choose(w):
    concept = w.concept(name="Voittaja")
    round_ = w.round(target="concepts", item_ids=[concept["id"], w.concept()["id"]])
    w.run("author", "vote.set", round_id=round_["id"], item_id=concept["id"], count=2)
    w.run("facilitator", "vote.close", round_id=round_["id"])
    w.run("facilitator", "vote.reveal", round_id=round_["id"])
    return {"round_id": round_["id"], "top": 1}


@case("vote.delete_round", "with ballots", kinds=("vote_round",))
def _round_delete(w):
    item = w.idea(who="other")
    round_ = w.round()
    w.run("author", "vote.set", round_id=round_["id"], item_id=item["id"], count=1)
    w.run("facilitator", "vote.close", round_id=round_["id"])
    return {"round_id": round_["id"]}


case("vote.deadline", "later, on an open round", kinds=("vote_round",))(
    lambda w: {"round_id": w.round(closes_at=time.time() + 300)["id"],
               "closes_at": time.time() + 600})


@case("vote.deadline", "reopen a closed, revealed named round", kinds=("vote_round",))
def _reopen(w):
    item = w.idea(who="other")
    round_ = w.round(anonymous=False)
    w.run("author", "vote.set", round_id=round_["id"], item_id=item["id"], count=1)
    w.run("facilitator", "vote.close", round_id=round_["id"])
    w.run("facilitator", "vote.reveal", round_id=round_["id"])
    return {"round_id": round_["id"], "closes_at": time.time() + 600, "reopen": True}


case("vote.mine", "own ballot", by="author")(lambda w: {"round_id": w.round()["id"]})
case("vote.proxies", "paper votes")(lambda w: {"round_id": w.round()["id"]})


# Pilots.

case("pilot.create", "from a concept", kinds=("pilot", "concept"))(
    lambda w: {"concept_id": w.concept()["id"]})
case("pilot.save", "plan, contact and personas", kinds=("pilot",))(
    lambda w: {"pilot_id": w.pilot()["id"], "hypothesis": "Jos opastamme, asiointi kasvaa",
               "contact_member_id": w.member("author"), "persona_ids": [w.ids["persona"]],
               "starts_on": "2026-12-01", "ends_on": "2027-03-01"})
case("pilot.status", "running", kinds=("pilot_status", "pilot"))(
    lambda w: {"pilot_id": w.pilot()["id"], "status": "running", "note": "Alkoi"})
case("pilot.save", "the team's progress and its weight", kinds=("pilot",))(
    lambda w: {"pilot_id": w.pilot()["id"], "progress": 65, "weight": 3})


@case("pilot.status", "a new status brings back its own progress", kinds=("pilot_status",
                                                                          "pilot"))
def _status_after_progress(w):
    pilot = w.pilot()
    w.run("facilitator", "pilot.save", pilot_id=pilot["id"], progress=45)
    return {"pilot_id": pilot["id"], "status": "done"}


case("pilot.milestone", "new, due", kinds=("pilot_milestone",))(
    lambda w: {"id": new(), "pilot_id": w.pilot()["id"], "title": "Ensimmäiset asiakkaat",
               "due_on": "2027-01-15"})


@case("pilot.milestone", "done by a team member", by="author", kinds=("pilot_milestone",))
def _milestone_done(w):
    pilot = w.pilot()
    w.run("author", "pilot.join", pilot_id=pilot["id"])
    made = w.run("facilitator", "pilot.milestone", id=new(), pilot_id=pilot["id"],
                 title="Tilat varattu", due_on="2026-11-01")
    return {"id": made["id"], "done_on": "2026-10-28"}


@case("pilot.delete_milestone", "one", kinds=("pilot_milestone",))
def _milestone_delete(w):
    made = w.run("facilitator", "pilot.milestone", id=new(), pilot_id=w.pilot()["id"],
                 title="Pois")
    return {"milestone_id": made["id"]}


case("pilot.join", "self", by="other", kinds=("pilot_member",))(
    lambda w: {"pilot_id": w.pilot()["id"]})
case("pilot.leave", "self, as its contact", by="author", kinds=("pilot_member",))(
    lambda w: {"pilot_id": (p := w.pilot()["id"]),
               "member_id": (w.run("author", "pilot.join", pilot_id=p),
                             w.run("facilitator", "pilot.save", pilot_id=p,
                                   contact_member_id=w.member("author")),
                             w.member("author"))[-1]})
case("pilot.invite", "a link", kinds=("pilot",))(lambda w: {"pilot_id": w.pilot()["id"]})
case("pilot.measure", "new", kinds=("pilot_measure",))(
    lambda w: {"id": new(), "pilot_id": w.pilot()["id"], "name": "Asiakkaat", "unit": "hlö",
               "baseline": 0, "target": 20})


@case("pilot.delete_measure", "with values in updates", kinds=("pilot_measure",))
def _measure_delete(w):
    pilot = w.pilot()
    measure = w.run("facilitator", "pilot.measure", id=new(), pilot_id=pilot["id"],
                    name="Asiakkaat")
    w.run("facilitator", "pilot.update", id=new(), pilot_id=pilot["id"], did="Mitattiin",
          values=[{"measure_id": measure["id"], "value": 5}])
    return {"measure_id": measure["id"]}


case("pilot.update", "by a team member", by="author", kinds=("pilot_update",))(
    lambda w: {"id": new(), "pilot_id": (p := w.pilot()["id"]) and (
        w.run("author", "pilot.join", pilot_id=p), p)[1], "did": "Kokeiltiin",
        "learned": "Toimii", "blockers": "Aika"})
case("pilot.resolve_update", "blockers dealt with", by="author", kinds=("pilot_update",))(
    lambda w: {"update_id": (p := w.pilot()["id"]) and (
        w.run("author", "pilot.join", pilot_id=p),
        w.run("facilitator", "pilot.update", id=new(), pilot_id=p, did="Kokeiltiin",
              happened_on="2026-10-05", blockers="Tilat puuttuvat"))[1]["id"]})


@case("pilot.resolve_update", "opened again", kinds=("pilot_update",))
def _update_reopen(w):
    update = w.run("facilitator", "pilot.update", id=new(), pilot_id=w.pilot()["id"],
                   did="Kokeiltiin", help_needed="Tarvitaan tulkki")
    w.run("facilitator", "pilot.resolve_update", update_id=update["id"])
    return {"update_id": update["id"], "resolved": False}


def _named_pilot(w) -> tuple[str, dict]:
    """A pilot of its own name (the world's pilots share theirs), as a sheet names it."""
    name = f"Tuonti {new()[:8]}"
    return name, w.run("facilitator", "pilot.create", concept_id=w.concept(name=name)["id"])


case("pilot.import_file", "updates from a sheet", kinds=("pilot_update",))(
    lambda w: {"file": f"pilotti;päivä;mitä teimme;esteet\n{_named_pilot(w)[0]};2026-10-05;"
                       "Kokeiltiin;Tilat\n"})


@case("pilot.import_file", "a day's values into that day's update", kinds=("pilot_update",))
def _import_values(w):
    name, pilot = _named_pilot(w)
    w.run("facilitator", "pilot.measure", id=new(), pilot_id=pilot["id"], name="Asiakkaat",
          unit="hlö")
    w.run("facilitator", "pilot.update", id=new(), pilot_id=pilot["id"], did="Kokeiltiin",
          happened_on="2026-10-05")
    return {"file": f"pilotti;mittari;päivä;arvo;yksikkö\n{name};Asiakkaat;5.10.2026;12;hlö\n"
                    f"{name};Asiakkaat;2026-10-12;15;\n"}


case("pilot.delete_update", "one", kinds=("pilot_update",))(
    lambda w: {"update_id": w.run("facilitator", "pilot.update", id=new(),
                                  pilot_id=w.pilot()["id"], did="Pois")["id"]})


# Sessions and phases.

case("session.create", "with phases", kinds=("session",))(
    lambda w: {"id": new(), "title": {"fi": "Työpaja 4"}, "kind": "live",
               "phases": [{"title": {"fi": "Alku"}, "minutes": 5}]})
case("session.update", "task and dates", kinds=("session",))(
    lambda w: {"session_id": _session(w), "title": {"fi": "Uusi otsikko"},
               "opens_on": "2026-12-01", "due_on": "2026-12-20"})
case("session.start", "live", kinds=("session", "workshop"))(
    lambda w: {"session_id": _session(w)})
case("session.end", "the live one", kinds=("session", "workshop"))(
    lambda w: {"session_id": _started(w)})
case("session.phase", "next", kinds=("session",))(
    lambda w: {"session_id": _started(w), "step": 1})
case("session.timer", "add a minute", kinds=("session",))(
    lambda w: {"session_id": _started(w), "action": "add", "seconds": 60})
case("session.lock", "lock input", kinds=("session",))(
    lambda w: {"session_id": _started(w), "locked": True})
case("session.save_phase", "new phase", kinds=("session",))(
    lambda w: {"session_id": _session(w), "id": new(), "title": {"fi": "Äänestys"},
               "minutes": 10, "activity": "voting"})
@case("session.save_phase", "one more language, as a string and a map", kinds=("session",))
def _phase_in_english(w):
    session_id = _session(w)
    phase_id = new()
    w.run("facilitator", "session.save_phase", session_id=session_id, id=phase_id,
          title={"fi": "Tauko"})
    return {"session_id": session_id, "id": phase_id, "title": "Tauko!",
            "instructions": {"en": "Coffee in the hall."}}
@case("session.delete_phase", "with its done marks", kinds=("session", "done"))
def _delete_done_phase(w):
    session_id = _started(w)
    phase_id = _current_phase(w, session_id)
    w.run("author", "member.done", phase_id=phase_id, done=True)
    w.run("facilitator", "session.phase", session_id=session_id, step=1)
    return {"session_id": session_id, "phase_id": phase_id}


case("session.focus", "a question", kinds=("session",))(
    lambda w: {"session_id": _started(w), "view": "hmw", "id": w.ids["hmw"]})
@case("session.focus", "cleared", kinds=("session",))
def _focus_cleared(w):
    session_id = _started(w)
    w.run("facilitator", "session.focus", session_id=session_id, view="stage")
    return {"session_id": session_id, "view": None}
case("session.follow", "projector follows", kinds=("session",))(
    lambda w: {"session_id": _session(w), "on": True})


def _only_the_member_hears_of_done(received):
    """Whether someone is done is for them and the facilitators only."""
    for viewer in ("other", "projector"):
        assert all(event.get("hidden") for event in received[viewer]), received[viewer]
    for viewer in ("author", "facilitator"):
        assert any(event.get("type") == "member.done" for event in received[viewer])


case("member.done", "with the current phase", by="author", kinds=("done",),
     check=_only_the_member_hears_of_done)(
    lambda w: {"phase_id": _current_phase(w, _started(w)), "done": True})
case("member.done", "not done after all", by="author", kinds=("done",))(
    lambda w: {"phase_id": (p := _current_phase(w, _started(w))),
               "done": not w.run("author", "member.done", phase_id=p, done=True)})


case("session.delete_phase", "in a live session", kinds=("session",))(
    lambda w: {"session_id": (s := _started(w)), "phase_id": next(
        x for x in w.entities()["session"] if x["id"] == s)["phases"][1]["id"]})


# The coaching rhythm.

case("task.submit", "shared", by="author", kinds=("submission",))(
    lambda w: {"id": new(), "session_id": w.task("shared"), "body": "Kokeilin"})
case("task.submit", "private", by="author", kinds=("submission",))(
    lambda w: {"id": new(), "session_id": w.task("private"), "body": "Yksityinen"})
def _only_the_author_hears_of_feedback(received):
    """Feedback is private to its member, even the fact that it was given."""
    for viewer in ("other", "projector"):
        assert all(event.get("hidden") for event in received[viewer]), received[viewer]
    assert any(event.get("type") == "task.reviewed" for event in received["author"])


case("task.review", "feedback on a shared answer", kinds=("review",),
     check=_only_the_author_hears_of_feedback)(
    lambda w: {"submission_id": w.answer()["id"], "feedback": "Hyvä!", "completed": True})
def _marked_for_the_facilitators_only(received):
    """What looks like personal data is marked in the facilitators' events, and in nobody
    else's but the writer's."""
    assert any("personal_data" in (event.get("data") or {}) for event in received["facilitator"])
    for viewer in ("other", "projector"):
        assert all("personal_data" not in (event.get("data") or {})
                   for event in received[viewer]), received[viewer]


case("idea.add", "with a phone number", by="author", kinds=("idea",),
     check=_marked_for_the_facilitators_only)(
    lambda w: {"id": new(), "hmw_id": w.ids["hmw"], "text": "Soita 040 123 4567"})
case("idea.edit", "takes the phone number out", by="author", kinds=("idea",))(
    lambda w: {"idea_id": w.run("author", "idea.add", id=new(), hmw_id=w.ids["hmw"],
                                text="Soita 040 123 4567")["id"], "text": "Soita minulle"})
case("comment.add", "with an e-mail address", by="other", kinds=("comment",),
     check=_marked_for_the_facilitators_only)(
    lambda w: {"id": new(), "target_kind": "submission", "target_id": w.answer()["id"],
               "body": "Kirjoita aino@example.fi"})
case("challenge.note", "with a street address", by="author", kinds=("challenge_note",),
     check=_marked_for_the_facilitators_only)(
    lambda w: w.in_group() or {"id": new(), "challenge_id": w.ids["challenge"],
                               "question": "causes", "body": "Mannerheimintie 12 A 3"})
case("introduction.save", "with a personal identity code", by="author",
     kinds=("introduction",), check=_marked_for_the_facilitators_only)(
    lambda w: {"about": "Tunnukseni 131052-308T", "hopes": ""})
case("task.submit", "shared, with a phone number", by="author", kinds=("submission",),
     check=_marked_for_the_facilitators_only)(
    lambda w: {"id": new(), "session_id": w.task("shared"), "body": "+358 50 765 4321"})


@case("task.summary", "of a survey")
def _summary(w):
    session = w.run("facilitator", "session.create", id=new(), kind="async",
                    title={"fi": "Kysely", "en": "Survey"})
    w.run("facilitator", "session.update", session_id=session["id"], task={
        "title": {"fi": "Kysely", "en": "Survey"}, "instructions": {"fi": "Vastaa.", "en": "Do."},
        "visibility": "private", "response": "mark", "survey": [
            {"id": "confidence", "kind": "scale", "text": {"fi": "Kuinka varma?", "en": "How?"},
             "min": 1, "max": 5}]})
    w.run("author", "task.submit", id=new(), session_id=session["id"],
          answers={"confidence": 4})
    return {"session_id": session["id"]}


# Reminders.

case("notify.preferences", "in the app only", by="author", kinds=("notify_pref",))(
    lambda w: {"channels": ["app"]})
@case("notify.read", "a task reminder", by="author", kinds=("notification",))
def _read(w):
    from datetime import date

    from server.reminders.service import make_due

    session_id = w.task()
    w.run("facilitator", "session.update", session_id=session_id,
          due_on=date.today().isoformat())
    with w.app.app_context():
        assert make_due() >= 1
    return {}
case("reminders.settings", "quiet days", kinds=("reminder_settings",))(
    lambda w: {"tasks": True, "pilots": True, "pilot_quiet_days": 10})


# Entering with help, and the participation view's commands.

case("idea.add", "entered with help", kinds=("idea",))(
    lambda w: {"id": new(), "hmw_id": w.ids["hmw"], "text": "Paperilta",
               "on_behalf_of": w.member("author")})
case("idea.add", "entered with help, anonymous", kinds=("idea",))(
    lambda w: {"id": new(), "hmw_id": w.question(anonymous=True), "text": "Paperilta",
               "on_behalf_of": w.member("author")})
case("challenge.note", "entered with help", kinds=("challenge_note",))(
    lambda w: {"id": new(), "challenge_id": w.ids["challenge"], "question": "causes",
               "body": "Ei puhelinta", "on_behalf_of": w.member("author")})
case("task.submit", "entered with help, private", kinds=("submission",))(
    lambda w: {"id": new(), "session_id": w.task("private"), "body": "Kerrottu ohjaajalle",
               "on_behalf_of": w.member("author")})
case("task.submit", "entered with help, shared", kinds=("submission",))(
    lambda w: {"id": new(), "session_id": w.task("shared"), "body": "Kerrottu ohjaajalle",
               "on_behalf_of": w.member("other")})
case("participation.add_person", "no device", kinds=("member", "turnout"))(
    lambda w: {"id": new(), "display_name": "Eino Ilman"})
case("participation.remind", "an open task", kinds=("notification",))(
    lambda w: {"member_id": w.member("author"), "session_id": w.task("private")})


# -- running them -----------------------------------------------------------------------------


def sync(client) -> dict:
    """The connect's snapshot; events that came with it are kept for :func:`events`."""
    received = client.get_received()
    client.early = [m["args"][0] for m in received if m["name"] == "ev"]
    [message] = [m["args"][0] for m in received if m["name"] == "sync"]
    return message["snapshot"]


def events(client) -> list[dict]:
    early, client.early = getattr(client, "early", []), []
    return early + [m["args"][0] for m in client.get_received() if m["name"] == "ev"]


def verify(world: World, by: str, command: str, args: dict) -> dict[str, list[dict]]:
    """Run ``command`` and check the contract for every viewer; returns what each got."""
    from server.voting.tally import wait_until_sent

    sockets = {viewer: world.connect(viewer) for viewer in VIEWERS}
    before = {viewer: sync(socket) for viewer, socket in sockets.items()}
    world.run(by, command, **args)
    wait_until_sent()
    received = {viewer: events(socket) for viewer, socket in sockets.items()}
    for socket in sockets.values():
        socket.disconnect()
    problems = []
    for viewer in VIEWERS:
        fresh_socket = world.connect(viewer)
        fresh = sync(fresh_socket)
        fresh_socket.disconnect()
        replayed = replay(before[viewer], received[viewer])
        assert replayed["seq"] == fresh["seq"], (viewer, "missed events")
        problems += [f"{viewer}: {line}" for line in unnamed(fresh)]
        want = {kind: {row["id"]: row for row in rows}
                for kind, rows in fresh["entities"].items() if rows}
        problems += [f"{viewer}: {line}"
                     for line in differences(replayed, {"entities": want})]
    assert not problems, "\n".join(problems)
    return received


def unnamed(snapshot: dict) -> list[str]:
    """Members that something in ``snapshot`` names but its member list lacks: the room
    must see whom it sees named."""
    from server.events.entities import ENTITIES

    members = {row["id"] for row in snapshot["entities"].get("member", [])}
    return [f"{kind} {row['id']} names {member_id}"
            for kind, rows in snapshot["entities"].items() if kind in ENTITIES
            for row in rows for member_id in ENTITIES[kind].named(row)
            if member_id not in members]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_contract(world, case):
    args = case.prepare(world)
    received = verify(world, case.by, case.command, args)
    touched = {event["entity"] for event in received["facilitator"]}
    assert case.kinds <= touched, f"expected events for {case.kinds - touched}"
    if case.check is not None:
        case.check(received)


def test_archiving_keeps_the_contract(world):
    """Archiving ends writing: it runs last on its own workshop's state, then reopens."""
    verify(world, "facilitator", "workshop.update", {"status": "archived"})
    world.run("facilitator", "workshop.update", status="active")


@pytest.mark.parametrize("viewer", ["author", "other"])
def test_a_late_joiner_keeps_everyones_turnout_true(world, viewer):
    """A member who joins while a round is open changes its eligible voters everywhere."""
    world.round()
    sockets = {v: world.connect(v) for v in VIEWERS}
    before = {v: sync(s) for v, s in sockets.items()}
    world.join("Myöhäinen")
    from server.voting.tally import wait_until_sent

    wait_until_sent()
    for v, socket in sockets.items():
        fresh_socket = world.connect(v)
        fresh = sync(fresh_socket)
        fresh_socket.disconnect()
        want = {kind: {row["id"]: row for row in rows}
                for kind, rows in fresh["entities"].items() if rows}
        assert not differences(replay(before[v], events(socket)), {"entities": want}), v
        socket.disconnect()


def test_every_command_has_a_case():
    from server.live.commands import COMMANDS

    missing = sorted(set(COMMANDS) - {c.command for c in CASES})
    assert not missing, f"commands without a contract case: {missing}"
    unknown = sorted({c.command for c in CASES} - set(COMMANDS))
    assert not unknown, f"cases for commands that do not exist: {unknown}"


def test_every_entity_kind_is_changed_by_a_case(world):
    from server.events.entities import ENTITIES

    covered = set().union(*(c.kinds for c in CASES))
    missing = sorted(set(ENTITIES) - covered)
    assert not missing, f"entity kinds no case changes: {missing}"


# -- deleted stays deleted ----------------------------------------------------------------------

# Every create a device may send again (its outbox resends until acknowledged): how to make
# it, and how it is deleted afterwards.
RESENDS = {
    "idea.add": ("author", lambda w: {"id": new(), "hmw_id": w.ids["hmw"], "text": "Uudestaan"},
                 lambda w, made: w.run("facilitator", "idea.delete", idea_id=made["id"])),
    "comment.add": ("author", lambda w: {"id": new(), "target_kind": "concept",
                                         "target_id": w.concept()["id"], "body": "Kommentti"},
                    lambda w, made: w.run("facilitator", "comment.delete",
                                          comment_id=made["id"])),
    "challenge.note": ("author", lambda w: w.in_group() or {
        "id": new(), "challenge_id": w.ids["challenge"], "question": "gap", "body": "Aukko"},
        lambda w, made: w.run("facilitator", "challenge.delete_note", note_id=made["id"])),
    "pilot.update": ("author", lambda w: {"id": new(), "pilot_id": (p := w.pilot()["id"]) and (
        w.run("author", "pilot.join", pilot_id=p), p)[1], "did": "Kokeiltiin"},
        lambda w, made: w.run("facilitator", "pilot.delete_update", update_id=made["id"])),
    "hmw.save": ("facilitator", lambda w: {"id": new(), "challenge_id": w.ids["challenge"],
                                           "text": "Miten voisimme taas?"},
                 lambda w, made: w.run("facilitator", "hmw.delete", hmw_id=made["id"])),
    "cluster.save": ("facilitator", lambda w: {"id": new(), "hmw_id": w.ids["hmw"],
                                               "name": "Ryhmä"},
                     lambda w, made: w.run("facilitator", "cluster.delete",
                                           cluster_id=made["id"])),
    "concept.save": ("facilitator", lambda w: {"id": new(), "hmw_id": w.ids["hmw"],
                                               "name": "Konsepti"},
                     lambda w, made: w.run("facilitator", "concept.delete",
                                           concept_id=made["id"])),
    "group.save": ("facilitator", lambda w: {"id": new(), "name": "Ryhmä X"},
                   lambda w, made: w.run("facilitator", "group.delete", group_id=made["id"])),
    "persona.save": ("facilitator", lambda w: {"id": new(), "kind": "persona",
                                               "fields": {"name": {"fi": "Uusi"}}},
                     lambda w, made: w.run("facilitator", "persona.delete",
                                           persona_id=made["id"])),
    "persona.import_file": ("facilitator", lambda w: {"id": new(), "format": "csv",
                                                      "file": "nimi\nUusi\n"},
                            lambda w, made: w.run("facilitator", "persona.delete",
                                                  persona_id=made[0]["id"])),
    "vote.save_round": ("facilitator", lambda w: w.idea() and {
        "id": new(), "title": "Kierros", "target": "ideas", "hmw_id": w.ids["hmw"]},
                        lambda w, made: w.run("facilitator", "vote.delete_round",
                                              round_id=made["id"])),
    "pilot.measure": ("facilitator", lambda w: {"id": new(), "pilot_id": w.pilot()["id"],
                                                "name": "Mittari"},
                      lambda w, made: w.run("facilitator", "pilot.delete_measure",
                                            measure_id=made["id"])),
}


@pytest.mark.parametrize("name", sorted(RESENDS))
def test_a_resent_create_after_its_delete_stays_deleted(world, name):
    """The phone sent it, the answer was lost, someone deleted it, the phone sends it again:
    the answer is "already removed" and nothing is made or broadcast."""
    who, make, delete = RESENDS[name]
    args = make(world)
    made = world.run(who, name, **args)
    delete(world, made)
    watcher = world.connect("facilitator")
    seq = sync(watcher)["seq"]
    response = world.browsers[who].api(
        "POST", f"/api/workshops/{world.wid}/commands/{name}", json=args)
    assert response.status_code == 410, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "removed" and "id" in error["fields"]
    assert events(watcher) == []
    assert sync(world.connect("facilitator"))["seq"] == seq
    watcher.disconnect()
