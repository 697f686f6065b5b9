"""The live commands as one registry: each package registers its own, every service function
runs as ``fn(actor, data)``, every command's success answer is described in the OpenAPI
document, and a command answers in the same envelope over HTTP and on the socket."""

import inspect

import pytest
from test_events import cmd, connect, received
from test_framing import state

from server.live.commands import COMMANDS


def test_every_command_runs_its_service_function_with_the_loaded_arguments():
    for name, command in COMMANDS.items():
        parameters = list(inspect.signature(command.run).parameters)
        assert parameters[:2] == ["actor", "data"], (name, parameters)


def _ref(schema: dict) -> str:
    """The component a property's schema points at: itself, its items, or in a nullable."""
    for option in (schema, schema.get("items", {}), *schema.get("anyOf", ())):
        if "$ref" in option:
            return option["$ref"].rsplit("/", 1)[-1]
    raise AssertionError(f"no schema named in {schema}")


def test_every_command_documents_its_success_answer(client):
    spec = client.get("/api/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    for name, command in COMMANDS.items():
        operation = spec["paths"][f"/api/workshops/{{workshop_id}}/commands/{name}"]["post"]
        answer = schemas[_ref(operation["responses"]["200"]["content"]["application/json"]
                              ["schema"])]
        assert set(answer["required"]) == {"ok", "data"}, name
        data = answer["properties"]["data"]
        assert (data.get("type") == "array") == command.out.many, name
        out = schemas[_ref(data)]
        assert _ref(data) == type(command.out).__name__ and out["properties"], name
        for status in ("422", "default"):
            refused = operation["responses"][status]["content"]["application/json"]["schema"]
            assert _ref(refused) == "CommandFailure", (name, status)


@pytest.mark.parametrize("name, args, status", [
    # Setting a mark twice changes nothing: the second answer is the same as the first.
    ("persona.meet", {"meets": True}, 200),
    ("persona.meet", {}, 422),  # the arguments do not fit
    ("workshop.update", {"name": "Toinen nimi"}, 403),  # the service refuses a participant
])
def test_http_and_socket_answer_in_the_same_envelope(app, facilitator, workshop, participant,
                                                     name, args, status):
    """The same command from the same participant, once over HTTP and once on the socket."""
    if name == "persona.meet":
        args = {"persona_id": state(facilitator, workshop)["persona"][0]["id"], **args}
    response = participant.api("POST", f"/api/workshops/{workshop['id']}/commands/{name}",
                               json=args)
    socket = connect(app, participant, workshop)
    received(socket, "sync")
    ack = cmd(socket, name, **args)
    socket.disconnect()
    assert response.status_code == status
    assert response.get_json() == ack
    assert ack["ok"] is (status == 200)
    assert ("data" in ack) is (status == 200) and ("error" in ack) is (status != 200)
    if status != 200:
        assert ack["error"]["status"] == status
