"""People's text through the public surface: one set of rules on every path (REST commands,
Socket.IO commands, plain REST routes). Lone surrogates, control characters and bidi
overrides are refused with a message that says what to fix, in the requester's language;
text is normalised to NFC, trimmed, and measured after that; a string no database can store
is a 422 in any field (ids too), never a 500. A theme's task cannot be set to null."""

import json
import uuid

import pytest
from conftest import join_as
from test_events import cmd, connect, received
from test_framing import ok, state


def new():
    return str(uuid.uuid4())


def send(browser, path, body: str, method="POST"):
    """A request whose JSON body is written by hand, so that it can hold escapes such as a
    lone surrogate exactly as an attacker would send them."""
    return browser.client.open(path, method=method, data=body.encode("utf-8"),
                               content_type="application/json",
                               headers={"X-CSRFToken": browser.ensure_token()})


def command(browser, workshop, name, body: str, lang="en"):
    return send(browser, f"/api/workshops/{workshop['id']}/commands/{name}?lang={lang}", body)


@pytest.fixture
def board(facilitator, workshop, participant):
    """A question to write ideas under, and a persona card."""
    group = ok(facilitator, workshop, "group.split", count=1, method="random")[0]
    challenge = next(c for c in state(facilitator, workshop)["challenge"]
                     if c["group_id"] == group["id"])
    question = ok(facilitator, workshop, "hmw.save", id=new(), challenge_id=challenge["id"],
                  text="Miten voisimme?")
    persona = state(facilitator, workshop)["persona"][0]
    return {"question": question, "challenge": challenge, "persona": persona}


def idea(text_json: str, hmw_id: str) -> str:
    return f'{{"id": "{new()}", "hmw_id": "{hmw_id}", "text": {text_json}}}'


REFUSED = [
    ('"kahvila \\ud800 kirjastoon"', "broken character"),  # a lone high surrogate
    ('"kahvila \\udc00"', "broken character"),  # a lone low surrogate
    ('"a\\u0000b"', "control characters"),
    ('"soita\\u0007 heti"', "control characters"),  # BEL
    ('"a\\u001bb"', "control characters"),  # ESC
    ('"a\\u007fb"', "control characters"),  # DEL
    ('"a\\u0085b"', "control characters"),  # C1: next line
    ('"a\\u009bb"', "control characters"),  # C1: control sequence introducer
    ('"exe.\\u202etxt"', "text-direction"),  # right-to-left override
    ('"\\u202aupotus\\u202c"', "text-direction"),  # embedding and pop
]


@pytest.mark.parametrize(("text", "says"), REFUSED)
def test_an_idea_with_an_invisible_or_broken_character_is_refused(participant, workshop, board,
                                                                  text, says):
    response = command(participant, workshop, "idea.add", idea(text, board["question"]["id"]))
    assert response.status_code == 422, response.get_data(as_text=True)
    [message] = response.get_json()["error"]["fields"]["text"]
    assert says in message and "position" in message
    assert state(participant, workshop)["idea"] == []


def test_the_message_says_where_and_is_in_the_requesters_language(participant, workshop, board):
    response = command(participant, workshop, "idea.add",
                       idea('"abc\\u0007"', board["question"]["id"]), lang="fi")
    assert response.get_json()["error"]["fields"]["text"] == [
        "Poista näkymättömät ohjausmerkit (ensimmäinen on kohdassa 4)."]
    response = command(participant, workshop, "idea.add",
                       idea('"\\u202e"', board["question"]["id"]), lang="fi")
    assert "suunta" in response.get_json()["error"]["fields"]["text"][0]
    response = command(participant, workshop, "idea.add",
                       idea('"x\\ud83d"', board["question"]["id"]), lang="fi")
    [message] = response.get_json()["error"]["fields"]["text"]
    assert "kohdassa 2 oleva rikkinäinen merkki" in message


def test_what_right_to_left_writers_and_everyone_else_use_is_kept(participant, workshop, board):
    texts = [
        "Tabletti\tlainaan\nkirjastosta",  # tab and newline
        "مرحبا \u2067بالعالم\u2069 ja \u2066LTR\u2069 \u2068x\u2069",  # isolates
        "\u200fשלום\u200e ok \u061c",  # marks
        "👩‍👩‍👧 perhe 🇫🇮 ja ‍👍🏽",  # emoji sequences with ZWJ and modifiers
        "\"lainaus\" 'yksi' =HYPERLINK(\"http://x\")",
    ]
    for text in texts:
        made = ok(participant, workshop, "idea.add", id=new(), hmw_id=board["question"]["id"],
                  text=text)
        assert made["text"] == text


def test_text_is_normalised_trimmed_and_measured_after_that(facilitator, participant, workshop,
                                                            board):
    decomposed = "Cafe\u0301 Ha\u0308meenlinna"
    made = ok(participant, workshop, "idea.add", id=new(), hmw_id=board["question"]["id"],
              text=f"  \n {decomposed}\t \n")
    assert made["text"] == "Café Hämeenlinna"
    # A carriage return is a line end (forms send CRLF): it becomes a newline.
    made = ok(participant, workshop, "idea.add", id=new(), hmw_id=board["question"]["id"],
              text="yksi\r\nkaksi\rkolme")
    assert made["text"] == "yksi\nkaksi\nkolme"
    # 60 letters with a combining accent are 120 code points but 60 characters in NFC.
    group = ok(facilitator, workshop, "group.save", id=new(), name="e\u0301" * 60)
    assert group["name"] == "é" * 60
    too_long = command(facilitator, workshop, "group.save",
                       json.dumps({"id": new(), "name": "é" * 61}))
    assert too_long.status_code == 422 and "61" in too_long.get_json()["error"]["fields"]["name"][0]


def test_a_lone_surrogate_in_an_id_or_choice_is_a_422_not_a_500(facilitator, participant,
                                                                workshop, board):
    hmw = board["question"]["id"]
    cases = [
        (participant, "idea.add", f'{{"id": "{new()}", "hmw_id": "\\ud800", "text": "x"}}',
         "hmw_id"),
        (participant, "idea.plus", '{"idea_id": "\\udfff", "on": true}', "idea_id"),
        (facilitator, "challenge.update", '{"challenge_id": "\\ud800x", "statement": "x"}',
         "challenge_id"),
        (facilitator, "session.start", '{"session_id": "\\ud800"}', "session_id"),
        (facilitator, "concept.save", f'{{"id": "{new()}", "name": "x", '
                                      f'"persona_ids": ["\\ud800"]}}', "persona_ids"),
        (facilitator, "comment.add", f'{{"id": "{new()}", "target_kind": "\\ud800", '
                                     f'"target_id": "{hmw}", "body": "x"}}', "target_kind"),
        (facilitator, "group.split", '{"count": 1, "method": "\\ud800"}', "method"),
        (participant, "idea.add", f'{{"id": "{new()}", "hmw_id": "{hmw}", "text": "x", '
                                  f'"\\ud800": 1}}', "\ud800"),
    ]
    for browser, name, body, field in cases:
        response = command(browser, workshop, name, body)
        assert response.status_code == 422, (name, response.get_data(as_text=True))
        assert field in response.get_json()["error"]["fields"], (name, response.get_json())
    # A NUL cannot be stored in PostgreSQL: refused in an id as well.
    response = command(participant, workshop, "idea.plus", '{"idea_id": "a\\u0000", "on": true}')
    assert response.status_code == 422
    # Plain REST routes too.
    response = send(facilitator, "/api/workshops",
                    f'{{"id": "{new()}", "name": "x", "template": "\\ud800"}}')
    assert response.status_code == 422 and "template" in response.get_json()["error"]["fields"]


def test_survey_answers_and_persona_fields_go_through_the_same_checks(app, facilitator):
    workshop = facilitator.api("POST", "/api/workshops", json={
        "id": new(), "template": "online-coaching-6-weeks"}).get_json()
    survey = next(s for s in state(facilitator, workshop)["session"]
                  if s["task"] and s["task"].get("survey") and s["position"] < 3)
    maija = join_as(app, workshop, "Maija", None)

    def answer(answers: str):
        return command(maija, workshop, "task.submit", f'{{"id": "{new()}", "session_id": '
                                                       f'"{survey["id"]}", "answers": {answers}}}')

    for bad in ('{"needs": "apua \\ud800"}', '{"needs": "apua\\u0007"}',
                '{"needs": "\\u202eapua"}', '{"needs": {"deep": "x"}}', '{"needs": ["x"]}',
                '{"confidence": true}', '{"needs": "' + "x" * 2001 + '"}'):
        response = answer(bad)
        assert response.status_code == 422, (bad, response.get_data(as_text=True))
        assert "answers" in response.get_json()["error"]["fields"]
    response = answer('{"needs": "  Cafe\\u0301 \\u2067عربي\\u2069 ", "confidence": 4}')
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["data"]["answers"] == {"needs": "Café \u2067عربي\u2069",
                                                      "confidence": 4}

    persona = state(facilitator, workshop)["persona"]
    blank = facilitator.api("POST", "/api/workshops", json={"id": new(), "name": "Tyhjä"})
    blank = blank.get_json()
    card = f'{{"id": "{new()}", "kind": "persona", "fields": {{"name": {{"fi": %s}}}}}}'
    for bad in ('"Aino \\ud800"', '"Aino\\u0000"', '"\\u202dAino"'):
        response = command(facilitator, blank, "persona.save", card % bad)
        assert response.status_code == 422, response.get_data(as_text=True)
        assert "fields" in response.get_json()["error"]["fields"]
    assert state(facilitator, blank)["persona"] == [] and persona is not None


def test_socket_commands_take_the_same_path(app, participant, workshop, board):
    phone = connect(app, participant, workshop)
    received(phone, "sync")
    ack = cmd(phone, "idea.add", id=new(), hmw_id=board["question"]["id"],
              text="kahvila \ud800")
    assert ack["ok"] is False and ack["error"]["status"] == 422
    assert "text" in ack["error"]["fields"]
    ack = cmd(phone, "idea.plus", idea_id="\udc00", on=True)
    assert ack["ok"] is False and ack["error"]["status"] == 422
    ack = cmd(phone, "idea.add", id=new(), hmw_id=board["question"]["id"], text="a\u202eb")
    assert ack["ok"] is False and "text" in ack["error"]["fields"]
    ack = cmd(phone, "idea.add", id=new(), hmw_id=board["question"]["id"], text="Cafe\u0301")
    assert ack["ok"] is True and ack["data"]["text"] == "Café"
    phone.disconnect()


def test_deeply_nested_payloads_are_a_422_naming_the_field(app, participant, workshop, board):
    deep = "[" * 25 + "]" * 25
    response = command(participant, workshop, "idea.add",
                       f'{{"id": "{new()}", "hmw_id": "{board["question"]["id"]}", '
                       f'"text": "x", "persona_id": {deep}}}')
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {
        "persona_id": ["Nested too deeply: at most 20 levels."]}
    phone = connect(app, participant, workshop)
    received(phone, "sync")
    nested: list = []
    for _level in range(200):
        nested = [nested]
    ack = cmd(phone, "idea.add", id=new(), hmw_id=board["question"]["id"], text="x",
              persona_id=nested)
    assert ack["ok"] is False and ack["error"]["status"] == 422
    assert "persona_id" in ack["error"]["fields"]
    phone.disconnect()
    assert state(participant, workshop)["idea"] == []


def test_a_themes_task_cannot_be_set_to_null_and_reminders_keep_running(app, facilitator):
    from datetime import date, timedelta

    workshop = facilitator.api("POST", "/api/workshops", json={
        "id": new(), "template": "online-coaching-6-weeks"}).get_json()
    join_as(app, workshop, "Maija", None)
    theme = next(s for s in state(facilitator, workshop)["session"] if s["task"])
    response = facilitator.api("POST", f"/api/workshops/{workshop['id']}/commands/"
                                       "session.update?lang=fi",
                               json={"session_id": theme["id"], "task": None,
                                     "due_on": (date.today() - timedelta(days=1)).isoformat()})
    assert response.status_code == 422, response.get_json()
    assert "tehtävää ei voi poistaa" in response.get_json()["error"]["fields"]["task"][0].lower()
    after = next(s for s in state(facilitator, workshop)["session"] if s["id"] == theme["id"])
    assert after["task"] == theme["task"] and after["due_on"] == theme["due_on"]
    # The theme's task past its due date is reminded, as it should be.
    ok(facilitator, workshop, "session.update", session_id=theme["id"],
       opens_on=(date.today() - timedelta(days=2)).isoformat(),
       due_on=(date.today() - timedelta(days=1)).isoformat())
    with app.app_context():
        from server.reminders.service import make_due

        assert make_due() >= 1


def test_the_survey_summary_counts_only_answers_that_fit_the_question_now(app, facilitator):
    workshop = facilitator.api("POST", "/api/workshops", json={
        "id": new(), "template": "online-coaching-6-weeks"}).get_json()
    survey = next(s for s in state(facilitator, workshop)["session"]
                  if s["task"] and s["task"].get("survey") and s["position"] < 3)
    maija = join_as(app, workshop, "Maija", None)
    ok(maija, workshop, "task.submit", id=new(), session_id=survey["id"],
       answers={"confidence": 4, "needs": "Tukea"})
    task = survey["task"]
    # The facilitator swaps the two questions' kinds after Maija answered.
    for question in task["survey"]:
        if question["id"] == "needs":
            question.update(kind="scale", min=1, max=5, low=question.get("low") or {
                "fi": "vähän", "en": "little"}, high={"fi": "paljon", "en": "much"})
        elif question["id"] == "confidence":
            question["kind"] = "text"
            question.pop("min"), question.pop("max"), question.pop("low"), question.pop("high")
    ok(facilitator, workshop, "session.update", session_id=survey["id"], task=task)
    summary = ok(facilitator, workshop, "task.summary", session_id=survey["id"])
    by_id = {q["id"]: q for q in summary["questions"]}
    assert by_id["needs"]["answered"] == 0 and by_id["needs"]["mean"] is None
    assert by_id["confidence"]["answered"] == 0 and by_id["confidence"]["answers"] == []
