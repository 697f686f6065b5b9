"""Many phones writing to one workshop at the same instant.

Every write draws its event number from the workshop's row, under the workshop's lock, and
holds that lock only for its last few statements; the other writers do their reads and
checks meanwhile. Whatever the overlap, each write is acknowledged once, and the workshop's
numbers stay gap-free and increasing: a client that is missing a number asks for it, so a
hole or a repeat would be a lost or doubled change. Run on PostgreSQL in the PostgreSQL run
(PAJA_TEST_DB=postgres), where writers really overlap, and on SQLite otherwise.
"""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from conftest import PASSWORD
from live_client import WebClient
from test_db_contention import board

pytestmark = pytest.mark.live

WRITERS = 24
ROUNDS = 2


def test_concurrent_writers_are_all_acknowledged_with_gap_free_numbers(live_server):
    laptop, workshop, hmw_id = board(live_server)
    wid = workshop["id"]
    phones = []
    for i in range(WRITERS):
        web = WebClient(live_server.url)
        web.join(workshop["join_code"], f"Puhelin {i}")
        phones.append(web.live(wid))
    for phone in phones:
        phone.sync()
    laptop.counted(wid, WRITERS)  # the joins' coalesced turnout is in; nothing else comes
    watcher = WebClient(live_server.url).login("anna", PASSWORD).live(wid)
    start = watcher.sync()["snapshot"]["seq"]

    sent: dict[str, str] = {}  # idea id -> text
    answers: list[dict] = []
    lock = threading.Lock()
    barrier = threading.Barrier(WRITERS)

    def write(phone, n):
        for round_ in range(ROUNDS):
            idea_id = str(uuid.uuid4())
            text = f"Idea {n}.{round_}"
            with lock:
                sent[idea_id] = text
            barrier.wait(timeout=30)  # every writer sends at the same instant
            answer = phone.cmd("idea.add", id=idea_id, hmw_id=hmw_id, text=text)
            with lock:
                answers.append(answer)

    threads = [threading.Thread(target=write, args=(phone, n)) for n, phone in
               enumerate(phones)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(t.is_alive() for t in threads)

    # Each write acknowledged once, with the idea it sent.
    assert len(answers) == WRITERS * ROUNDS
    assert all(a["ok"] for a in answers), [a for a in answers if not a["ok"]][:3]
    assert {a["data"]["id"] for a in answers} == set(sent)

    # The log: every number once, from 1 up without a hole; each idea's event once, and
    # the idea's revision is its event's number.
    log = laptop.api("GET", f"/api/workshops/{wid}/events?since=0").json()["events"]
    seqs = [e["seq"] for e in log]
    assert seqs == list(range(1, len(log) + 1))
    added = {e["data"]["id"]: e for e in log if e["type"] == "idea.added"}
    assert set(added) == set(sent)
    assert len([e for e in log if e["type"] == "idea.added"]) == len(sent)
    ideas = {i["id"]: i for i in laptop.api("GET", f"/api/workshops/{wid}/state").json()[
        "entities"]["idea"]}
    assert {i: ideas[i]["text"] for i in sent} == sent
    assert all(ideas[i]["rev"] == added[i]["seq"] for i in sent)

    # A live screen got every number after its snapshot's, each once (in whatever order
    # the broadcasts went out), and so has nothing to catch up on.
    last = seqs[-1]
    got: list[int] = []
    deadline = time.monotonic() + 30
    while (not got or max(got) < last) and time.monotonic() < deadline:
        event = watcher.event(timeout=30)
        got.extend(event.get("seqs") or [event["seq"]])
    assert sorted(got) == list(range(start + 1, last + 1))
    for phone in [*phones, watcher]:
        phone.close()
