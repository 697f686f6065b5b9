"""A snapshot reads each kind of row once, however big the board: a participant's view of an
idea looks up its question (silent? anonymous?), and that lookup must find the question
already read, not query it again per idea (it did: 0.6 s for a phone joining a board of
2,000 ideas, against 60 ms for the facilitator, whose view needs no such lookup)."""

import uuid

from sqlalchemy import event
from test_framing import ok
from test_hmw_languages import make_canvas

from server.extensions import db


def statements(app, client, workshop) -> int:
    """How many SQL statements the caller's GET of the workshop's state runs."""
    with app.app_context():
        engine = db.engine
    count = 0

    def counted(*_args):
        nonlocal count
        count += 1

    event.listen(engine, "before_cursor_execute", counted)
    try:
        response = client.api("GET", f"/api/workshops/{workshop['id']}/state")
    finally:
        event.remove(engine, "before_cursor_execute", counted)
    assert response.status_code == 200, response.get_json()
    return count


def test_a_participants_snapshot_runs_as_many_statements_for_40_ideas_as_for_2(
        app, facilitator):
    canvas = make_canvas(app, facilitator)
    w, aino = canvas["workshop"], canvas["aino"]
    questions = [ok(facilitator, w, "hmw.save", id=str(uuid.uuid4()),
                    challenge_id=canvas["challenge"]["id"], text=f"Miten voisimme {n}?")["id"]
                 for n in range(2)]

    def add(count):
        for n in range(count):
            ok(facilitator, w, "idea.add", id=str(uuid.uuid4()),
               hmw_id=questions[n % 2], text=f"Idea {n}")

    add(2)
    small = statements(app, aino, w)
    add(38)
    large = statements(app, aino, w)
    assert large == small, (small, large)
