"""The kernel's API plumbing (ADR 61): every refusal in the one error body, with the
status its document lists, and documents that say so for every route."""

from __future__ import annotations

import json
from typing import Annotated, Any

import pymysql
import pytest
from aws_lambda_powertools.event_handler.openapi.params import Body

from riskplatform.api import ApiModel, IfMatch, Patch, create_resolver, openapi_document, serve

app = create_resolver()


class ThingIn(ApiModel):
    name: str


class ThingPatch(Patch):
    name: str | None = None
    note: str | None = None
    nullable = frozenset({"note"})


@app.get("/things")
def list_things() -> ThingIn:
    return ThingIn(name="one")


@app.post("/things/import")
def import_things(body: Annotated[ThingIn, Body()]) -> ThingIn:
    return body


@app.patch("/things/<thing_id>")
def change_thing(thing_id: str, body: Annotated[ThingPatch, Body()], if_match: IfMatch) -> Any:
    if thing_id == "deadlock":
        raise pymysql.err.OperationalError(1213, "Deadlock found when trying to get lock")
    return {"id": thing_id, "ifMatch": if_match, **body.changes()}


def call(
    method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], Any]:
    headers = {"Content-Type": "application/json", **(headers or {})}
    event = {
        "httpMethod": method,
        "path": path,
        "headers": headers,
        "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": None,
        "requestContext": {"requestId": "r-1"},
        "body": body if isinstance(body, str) or body is None else json.dumps(body),
    }
    reply = serve(app, event, None)
    answer_headers = {
        **(reply.get("headers") or {}),
        **{k: v[0] for k, v in (reply.get("multiValueHeaders") or {}).items()},
    }
    return reply["statusCode"], answer_headers, json.loads(reply["body"])


def test_a_change_without_if_match_is_428_naming_the_header():
    status, _, body = call("PATCH", "/things/t-1", {"name": "two"})
    assert status == 428
    assert [(e["field"], e["in"]) for e in body["errors"]] == [("If-Match", "header")]


@pytest.mark.parametrize("header", ["", "3x", '"3', " W/3"])
def test_an_if_match_that_names_no_version_is_422_naming_the_header(header):
    status, _, body = call("PATCH", "/things/t-1", {"name": "two"}, {"If-Match": header})
    assert status == 422
    assert [e["field"] for e in body["errors"]] == ["If-Match"]


@pytest.mark.parametrize("header", ['"3"', "3", 'W/"3"'])
def test_if_match_takes_the_etag_as_sent_or_bare(header):
    status, _, body = call("PATCH", "/things/t-1", {"name": "two"}, {"If-Match": header})
    assert (status, body["ifMatch"]) == (200, header)


def test_a_patch_refuses_null_where_a_field_cannot_be_cleared_and_an_empty_one():
    headers = {"If-Match": "1"}
    assert call("PATCH", "/things/t-1", {"note": None}, headers)[0] == 200
    assert call("PATCH", "/things/t-1", {"name": None}, headers)[0] == 422
    assert call("PATCH", "/things/t-1", {}, headers)[0] == 422


def test_a_deadlock_is_409_in_the_error_body():
    status, _, body = call("PATCH", "/things/deadlock", {"name": "two"}, {"If-Match": "1"})
    assert (status, body["errors"]) == (409, [])
    assert "try again" in body["message"]


def test_an_unknown_path_is_404_and_a_method_the_path_does_not_take_is_405():
    assert call("GET", "/nothing")[:1] == (404,)
    status, headers, body = call("PUT", "/things")
    assert (status, headers["Allow"], body["errors"]) == (405, "GET", [])


def test_a_path_of_its_own_is_not_taken_for_a_route_with_a_parameter():
    status, headers, _ = call("PATCH", "/things/import", {"name": "x"}, {"If-Match": "1"})
    assert (status, headers["Allow"]) == (405, "POST")


def test_a_body_that_is_not_json_is_415():
    status, _, body = call("POST", "/things/import", "a=1", {"Content-Type": "multipart/form-data"})
    assert (status, body["errors"][0]["field"]) == (415, "Content-Type")
    assert call("POST", "/things/import", {"name": "x"})[0] == 200


def test_the_document_lists_every_refusal_with_the_error_body():
    document = openapi_document(app, "Things", "1")
    operations = {
        (method, path): operation
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    }
    refusals = {
        key: sorted(int(c) for c in op["responses"] if int(c) >= 400)
        for key, op in operations.items()
    }
    assert refusals == {
        ("get", "/things"): [401, 403, 422, 503],
        ("post", "/things/import"): [401, 403, 409, 413, 415, 422, 503],
        ("patch", "/things/{thing_id}"): [401, 403, 404, 409, 412, 413, 415, 422, 428, 503],
    }
    for operation in operations.values():
        for code, response in operation["responses"].items():
            if int(code) >= 400:
                schema = "Unauthorized" if code == "401" else "Error"
                assert response["content"]["application/json"]["schema"] == {
                    "$ref": f"#/components/schemas/{schema}"
                }
    change = operations[("patch", "/things/{thing_id}")]
    if_match = next(p for p in change["parameters"] if p["in"] == "header")
    assert (if_match["name"], if_match["required"]) == ("If-Match", True)
    assert if_match["schema"]["pattern"] == r'^(?:W/)?(?:"[0-9]{1,9}"|[0-9]{1,9})$'
    assert "HTTPValidationError" not in document["components"]["schemas"]


def test_a_patch_documents_what_its_validators_enforce():
    schema = ThingPatch.model_json_schema()
    assert schema["minProperties"] == 1
    assert schema["properties"]["name"] == {"title": "Name", "type": "string"}
    assert {"type": "null"} in schema["properties"]["note"]["anyOf"]
