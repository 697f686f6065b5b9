"""Two writers of one workshop at the same instant, where one decides on what the other
changes.

A write takes the workshop's lock late (at its first event or written row, see
``server.database``), so on PostgreSQL (READ COMMITTED) what a command read before that
may have been changed and committed by another writer meanwhile. Each test here makes the
window certain: another connection holds the workshop's lock while the command that makes
the change and then the command that reads before its lock both start and queue for it, in
that order (PostgreSQL hands a row lock to its waiters in the order they came); then the
lock is let go. The command that queued second must then decide on the state the first one
committed. On SQLite a write holds the database's lock from its first statement, so the
same tests pass there whatever order the two get the lock in; they are written to hold in
either order.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from contextlib import contextmanager

import pytest
from conftest import PASSWORD, USE_PG, Browserless, join_as
from test_contract import differences, events, replay, sync
from test_events import connect
from test_framing import do, ok, state


def new() -> str:
    return str(uuid.uuid4())


class HeldLock:
    """The workshop's write lock, held by a connection of the test's own."""

    def __init__(self, app, workshop_id: str):
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        self.workshop_id = workshop_id
        if USE_PG:
            from sqlalchemy import create_engine, text

            self.engine = create_engine(url.replace("postgresql://", "postgresql+psycopg2://",
                                                    1))
            self.connection = self.engine.connect()
            self.connection.begin()
            self.connection.execute(text(
                "SELECT id FROM workshop WHERE id = :id FOR NO KEY UPDATE"), {"id": workshop_id})
            self.watch = self.engine.connect()
        else:
            self.connection = sqlite3.connect(url.removeprefix("sqlite:///"),
                                              isolation_level=None)
            self.connection.execute("BEGIN IMMEDIATE")

    def waiting(self, count: int) -> None:
        """Return once ``count`` writers wait for the lock (on SQLite, after a pause: its
        writers wait in Python, where nothing shows it)."""
        if not USE_PG:
            time.sleep(0.3)
            return
        from sqlalchemy import text

        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            waiting = self.watch.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'")).scalar()
            self.watch.rollback()
            if waiting >= count:
                return
            time.sleep(0.01)
        raise AssertionError(f"{count} writers never came to wait for the workshop's lock")

    def release(self) -> None:
        if USE_PG:
            self.connection.rollback()
            self.connection.close()
            self.watch.close()
            self.engine.dispose()
        else:
            self.connection.execute("ROLLBACK")
            self.connection.close()


@contextmanager
def in_turn(app, workshop: dict, *sends):
    """Run each ``send()`` in its own thread, each starting once the one before waits for
    the workshop's lock (held meanwhile); then let go of the lock. Yields the answers, in
    the order of ``sends``, once all are in."""
    held = HeldLock(app, workshop["id"])
    answers: list = [None] * len(sends)
    threads = []
    try:
        for n, send in enumerate(sends):
            def run(n=n, send=send):
                answers[n] = send()
            thread = threading.Thread(target=run)
            thread.start()
            threads.append(thread)
            held.waiting(n + 1)
    finally:
        held.release()
        for thread in threads:
            thread.join(30)
    assert not any(thread.is_alive() for thread in threads)
    yield answers


def log(browser, workshop) -> list[dict]:
    return browser.api("GET", f"/api/workshops/{workshop['id']}/events?since=0").get_json()[
        "events"]


def seq_of(browser, workshop, type_: str) -> int:
    """The number of the one event of ``type_``."""
    [seq] = [e["seq"] for e in log(browser, workshop) if e["type"] == type_]
    return seq


def agrees_with_fresh(app, browser, workshop, socket, before) -> list[str]:
    """What the viewer's snapshot plus the events it got holds differently from a fresh
    snapshot for it (``browser`` None: the projector)."""
    from server.events.coalesce import wait_until_sent

    wait_until_sent()
    replayed = replay(before, events(socket))
    fresh_socket = connect(app, browser, workshop,
                           projector=None if browser else workshop["projector_token"])
    fresh = sync(fresh_socket)
    fresh_socket.disconnect()
    want = {kind: {row["id"]: row for row in rows}
            for kind, rows in fresh["entities"].items() if rows}
    assert replayed["seq"] == fresh["seq"]
    return differences(replayed, {"entities": want})


@pytest.fixture
def room(app, facilitator):
    """A blank workshop with one question, an author and another participant."""
    workshop = facilitator.api("POST", "/api/workshops",
                               json={"id": new(), "name": "Kilpa"}).get_json()
    ok(facilitator, workshop, "group.save", id=new(), name="Ryhmä A")
    challenge = state(facilitator, workshop)["challenge"][0]
    hmw = ok(facilitator, workshop, "hmw.save", id=new(), challenge_id=challenge["id"],
             text="Miten voisimme auttaa?")
    author = join_as(app, workshop, "Aino", "Kela")
    other = join_as(app, workshop, "Ville", "TE")
    return workshop, hmw["id"], author, other


def add(browser, workshop, hmw_id, text="Digituki kirjastoon", **extra):
    return lambda: do(browser, workshop, "idea.add", id=new(), hmw_id=hmw_id, text=text,
                      **extra)


# -- ideas and their question --------------------------------------------------------------


def test_an_idea_added_while_its_question_is_revealed_reaches_the_room(app, facilitator, room):
    """The idea's event was made with the question as it was before the reveal: the room
    got a hidden marker for an idea a fresh snapshot shows, and the projector lacked it."""
    workshop, hmw_id, author, other = room
    ok(facilitator, workshop, "hmw.settings", hmw_id=hmw_id, silent=True)
    viewers = {"other": other, "projector": None}
    sockets = {name: connect(app, browser, workshop, projector=None if browser else
                             workshop["projector_token"]) for name, browser in viewers.items()}
    before = {name: sync(socket) for name, socket in sockets.items()}
    reveal = lambda: do(facilitator, workshop, "hmw.settings", hmw_id=hmw_id, revealed=True)  # noqa: E731
    with in_turn(app, workshop, reveal, add(author, workshop, hmw_id)) as answers:
        assert [status for status, _body in answers] == [200, 200]
    for name, browser in viewers.items():
        assert not agrees_with_fresh(app, browser, workshop, sockets[name], before[name]), name
    assert [i["text"] for i in state(other, workshop)["idea"]] == ["Digituki kirjastoon"]


def test_a_question_removed_while_an_idea_is_added_takes_the_idea_with_its_event(
        app, facilitator, room):
    """The removal listed the question's ideas before the lock; an idea committed
    meanwhile went with the question by the database's cascade, with no event, and stayed
    on every screen."""
    workshop, hmw_id, author, _other = room
    laptop = connect(app, facilitator, workshop)
    before = sync(laptop)
    remove = lambda: do(facilitator, workshop, "hmw.delete", hmw_id=hmw_id)  # noqa: E731
    with in_turn(app, workshop, add(author, workshop, hmw_id), remove) as answers:
        added, removed = answers
    assert removed[0] == 200 and added[0] in (200, 404), added
    assert not agrees_with_fresh(app, facilitator, workshop, laptop, before)
    assert state(facilitator, workshop)["idea"] == []


def test_an_idea_sent_to_a_question_being_removed_is_refused_cleanly(app, facilitator, room):
    """The other order: the removal commits first, and the idea (its question read before
    the lock) met the missing question only at its insert: a 500."""
    workshop, hmw_id, author, _other = room
    remove = lambda: do(facilitator, workshop, "hmw.delete", hmw_id=hmw_id)  # noqa: E731
    with in_turn(app, workshop, remove, add(author, workshop, hmw_id)) as answers:
        removed, added = answers
    assert removed[0] == 200
    assert added[0] in (200, 404), added  # 200 only when the idea got the lock first
    assert state(facilitator, workshop)["idea"] == []
    assert state(facilitator, workshop)["hmw"] == []


def test_anonymity_cannot_be_turned_off_under_an_idea_written_at_that_instant(
        app, facilitator, room):
    """The question's first idea, written anonymously, and the facilitator turning
    anonymity off at the same instant: the setting saw no ideas (read before the lock), so
    it changed under an idea promised to be anonymous, and named its author to everyone."""
    workshop, hmw_id, author, other = room
    ok(facilitator, workshop, "hmw.settings", hmw_id=hmw_id, anonymous=True)
    named = lambda: do(facilitator, workshop, "hmw.settings", hmw_id=hmw_id, anonymous=False)  # noqa: E731
    with in_turn(app, workshop, add(author, workshop, hmw_id), named) as answers:
        added, setting = answers
    assert added[0] == 200
    settings = [e["seq"] for e in log(facilitator, workshop) if e["type"] == "hmw.settings"]
    [seen] = state(other, workshop)["idea"]
    if setting[0] == 200:  # only if the setting came first, before there was any idea
        assert settings[-1] < seq_of(facilitator, workshop, "idea.added")
    else:
        assert setting[0] == 422, setting
        assert seen["member_id"] is None


# -- moderation --------------------------------------------------------------------------------


def test_an_author_cannot_rewrite_an_idea_while_it_is_being_approved(app, facilitator, room):
    """The author's edit checked that the idea was still waiting before the lock; the
    approval committed meanwhile, and the rewritten text went out to the room unapproved."""
    workshop, hmw_id, author, other = room
    ok(facilitator, workshop, "hmw.settings", hmw_id=hmw_id, moderated=True)
    idea = ok(author, workshop, "idea.add", id=new(), hmw_id=hmw_id, text="Alkuperäinen")
    phone = connect(app, other, workshop)
    before = sync(phone)
    approve = lambda: do(facilitator, workshop, "moderation.approve", kind="idea",  # noqa: E731
                         id=idea["id"])
    edit = lambda: do(author, workshop, "idea.edit", idea_id=idea["id"], text="Muutettu")  # noqa: E731
    with in_turn(app, workshop, approve, edit) as answers:
        approved, edited = answers
    assert approved[0] == 200
    [seen] = state(other, workshop)["idea"]
    if edited[0] == 200:  # only if the edit came first: then the rewrite is what was approved
        assert seq_of(facilitator, workshop, "idea.edited") < seq_of(
            facilitator, workshop, "idea.approved")
    else:
        assert edited[0] == 403, edited
        assert seen["text"] == "Alkuperäinen"
    assert not agrees_with_fresh(app, other, workshop, phone, before)


def test_a_facilitator_approves_the_text_they_saw_not_a_rewrite_made_meanwhile(
        app, facilitator, room):
    """The approval read the waiting idea before the lock; the author's rewrite committed
    meanwhile, and went out to the room with the old text in the approval's event and the
    new one in the database."""
    workshop, hmw_id, author, other = room
    ok(facilitator, workshop, "hmw.settings", hmw_id=hmw_id, moderated=True)
    idea = ok(author, workshop, "idea.add", id=new(), hmw_id=hmw_id, text="Alkuperäinen")
    phone = connect(app, other, workshop)
    before = sync(phone)
    approve = lambda: do(facilitator, workshop, "moderation.approve", kind="idea",  # noqa: E731
                         id=idea["id"])
    edit = lambda: do(author, workshop, "idea.edit", idea_id=idea["id"], text="Muutettu")  # noqa: E731
    with in_turn(app, workshop, edit, approve) as answers:
        edited, approved = answers
    assert edited[0] in (200, 403) and approved[0] == 200
    assert not agrees_with_fresh(app, other, workshop, phone, before)


# -- members -----------------------------------------------------------------------------------


def test_an_idea_sent_while_its_author_is_erased_goes_too(app, facilitator, room):
    """Erasure listed the person's ideas before the lock: one committed meanwhile kept
    their words after their data was erased."""
    workshop, hmw_id, author, _other = room
    erase = lambda: do(facilitator, workshop, "member.erase",  # noqa: E731
                       member_id=author.member["id"], contributions="remove")
    with in_turn(app, workshop, add(author, workshop, hmw_id, "Soita minulle"), erase) as (
            answers):
        added, erased = answers
    assert erased[0] == 200 and added[0] in (200, 403)
    assert state(facilitator, workshop)["idea"] == []


def test_an_idea_sent_as_its_author_is_erased_is_refused(app, facilitator, room):
    """The other order: the erasure commits first; the idea, whose writer was looked up
    before the lock, was stored under the erased member."""
    workshop, hmw_id, author, _other = room
    erase = lambda: do(facilitator, workshop, "member.erase",  # noqa: E731
                       member_id=author.member["id"], contributions="remove")
    with in_turn(app, workshop, erase, add(author, workshop, hmw_id, "Soita minulle")) as (
            answers):
        erased, added = answers
    assert erased[0] == 200 and added[0] in (200, 403), added
    assert state(facilitator, workshop)["idea"] == []


def test_two_facilitators_removing_each_other_leave_one(app, facilitator, make_user, room):
    """Each removal counted the other facilitators before the lock, saw one, and went
    ahead: the workshop was left with no facilitator."""
    workshop, _hmw_id, _author, _other = room
    make_user("bertta", "Bertta", PASSWORD)
    response = facilitator.api("POST", f"/api/workshops/{workshop['id']}/facilitators",
                               json={"username": "bertta"})
    assert response.status_code == 201, response.get_json()
    bertta = Browserless(app.test_client())
    bertta.page("/login")
    assert bertta.form("/login", {"username": "bertta", "password": PASSWORD}).status_code == 302
    bertta.page("/f")
    people = state(facilitator, workshop)["member"]
    ids = {m["display_name"]: m["id"] for m in people if m["role"] == "facilitator"}
    anna_id, bertta_id = ids["Anna Fasilitaattori"], ids["Bertta"]
    with in_turn(app, workshop,
                 lambda: do(facilitator, workshop, "member.remove", member_id=bertta_id),
                 lambda: do(bertta, workshop, "member.remove", member_id=anna_id)) as answers:
        statuses = sorted(status for status, _body in answers)
    assert statuses in ([200, 403], [200, 422]), answers
    from server.extensions import db
    from server.members.models import Member

    with app.app_context():
        left = [m for m in db.session.query(Member).filter_by(workshop_id=workshop["id"],
                                                               role="facilitator")
                if m.removed_at is None]
    assert len(left) == 1


@pytest.mark.parametrize("what", ["comment", "canvas answer"])
def test_anything_sent_as_its_writer_is_erased_is_refused(app, facilitator, room, what):
    """Only the idea re-read its writer under the lock: a comment or a canvas answer sent
    as its writer was being erased was stored under the erased member, after the erasure
    had removed everything of theirs."""
    workshop, _hmw_id, author, _other = room
    card = ok(facilitator, workshop, "concept.save", id=new(), name="Digikahvila")
    challenge = state(facilitator, workshop)["challenge"][0]
    ok(facilitator, workshop, "group.assign", member_id=author.member["id"],
       group_id=challenge["group_id"])
    erase = lambda: do(facilitator, workshop, "member.erase",  # noqa: E731
                       member_id=author.member["id"], contributions="remove")
    sends = {
        "comment": lambda: do(author, workshop, "comment.add", id=new(), target_kind="concept",
                              target_id=card["id"], body="Soita minulle"),
        "canvas answer": lambda: do(author, workshop, "challenge.note", id=new(),
                                    challenge_id=challenge["id"], question="causes",
                                    body="Soita minulle"),
    }
    with in_turn(app, workshop, erase, sends[what]) as answers:
        erased, sent = answers
    assert erased[0] == 200 and sent[0] in (200, 403), sent
    held = state(facilitator, workshop)
    assert held["comment"] == [] and held.get("challenge_note", []) == []


# -- comments ----------------------------------------------------------------------------------


def test_a_comment_sent_as_its_card_is_removed_is_refused(app, facilitator, room):
    """The card was looked up before the lock; its removal (with its thread) committed
    meanwhile, and the comment was stored on a card that no longer exists, on every
    screen."""
    workshop, _hmw_id, author, _other = room
    card = ok(facilitator, workshop, "concept.save", id=new(), name="Digikahvila")
    remove = lambda: do(facilitator, workshop, "concept.delete", concept_id=card["id"])  # noqa: E731
    comment = lambda: do(author, workshop, "comment.add", id=new(), target_kind="concept",  # noqa: E731
                         target_id=card["id"], body="Hyvä ajatus")
    with in_turn(app, workshop, remove, comment) as answers:
        removed, commented = answers
    assert removed[0] == 200 and commented[0] in (200, 404), commented
    assert state(facilitator, workshop)["comment"] == []


def test_a_card_removed_as_a_comment_arrives_takes_the_comment_with_it(app, facilitator, room):
    """The other order: the comment commits first, and the removal, which listed the card's
    thread before its lock, left that comment on every screen."""
    workshop, _hmw_id, author, _other = room
    card = ok(facilitator, workshop, "concept.save", id=new(), name="Digikahvila")
    laptop = connect(app, facilitator, workshop)
    before = sync(laptop)
    comment = lambda: do(author, workshop, "comment.add", id=new(), target_kind="concept",  # noqa: E731
                         target_id=card["id"], body="Hyvä ajatus")
    remove = lambda: do(facilitator, workshop, "concept.delete", concept_id=card["id"])  # noqa: E731
    with in_turn(app, workshop, comment, remove) as answers:
        commented, removed = answers
    # On SQLite the two may get the lock in either order (see the module's docstring).
    assert removed[0] == 200 and commented[0] in (200, 404), commented
    assert not agrees_with_fresh(app, facilitator, workshop, laptop, before)
    assert state(facilitator, workshop)["comment"] == []


# -- one row, two fields -----------------------------------------------------------------------


def test_two_edits_of_one_card_at_once_leave_every_screen_with_both(app, facilitator, room):
    """One facilitator moves a card to another stage while another renames it. The rename
    read the card before its lock and wrote only the name, but its event carried the whole
    card as read: the stage it sent was the one before the move, so every screen put the card
    back until it loaded afresh."""
    workshop, hmw_id, _author, other = room
    card = ok(facilitator, workshop, "concept.save", id=new(), name="Digikahvila",
              hmw_id=hmw_id)
    sockets = {"laptop": connect(app, facilitator, workshop), "phone": connect(app, other,
                                                                               workshop)}
    before = {name: sync(socket) for name, socket in sockets.items()}
    move = lambda: do(facilitator, workshop, "concept.save", id=card["id"], stage="selected")  # noqa: E731
    rename = lambda: do(facilitator, workshop, "concept.save", id=card["id"],  # noqa: E731
                        name="Digikahvila kirjastossa")
    with in_turn(app, workshop, move, rename) as answers:
        assert [status for status, _body in answers] == [200, 200]
    [fresh] = state(facilitator, workshop)["concept"]
    assert (fresh["stage"], fresh["name"]) == ("selected", "Digikahvila kirjastossa")
    for name, browser in (("laptop", facilitator), ("phone", other)):
        assert not agrees_with_fresh(app, browser, workshop, sockets[name], before[name]), name
