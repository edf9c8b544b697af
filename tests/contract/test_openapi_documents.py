"""The committed OpenAPI documents are the ones the code generates (make openapi)."""

from __future__ import annotations

import json

import pytest

from scripts import openapi


@pytest.mark.parametrize("service", sorted(openapi.APIS))
def test_the_committed_openapi_document_matches_the_code(service):
    committed = (openapi.ROOT / "services" / service / "openapi.json").read_text()
    assert committed == openapi.document(service), "stale: run make openapi"


def test_every_operation_is_documented_with_its_client_errors():
    for service in openapi.APIS:
        paths = json.loads(openapi.document(service))["paths"]
        for operations in paths.values():
            for operation in operations.values():
                assert "422" in operation["responses"], operation["operationId"]


def test_every_operation_documents_the_503_of_a_store_that_is_down():
    for service in openapi.APIS:
        document = json.loads(openapi.document(service))
        assert document["components"]["schemas"]["Error"]["required"] == ["message", "errors"]
        for operations in document["paths"].values():
            for operation in operations.values():
                unavailable = operation["responses"]["503"]
                assert "Retry-After" in unavailable["headers"], operation["operationId"]
                assert unavailable["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/Error"
                }


def test_every_refusal_of_every_operation_has_the_one_error_body():
    """401 is the authorizer's own body; every other refusal is the kernel's (ADR 61)."""
    for service in openapi.APIS:
        document = json.loads(openapi.document(service))
        assert "HTTPValidationError" not in document["components"]["schemas"], service
        for operations in document["paths"].values():
            for operation in operations.values():
                responses = operation["responses"]
                assert {"401", "403", "422", "503"} <= set(responses), operation["operationId"]
                assert any(code.startswith("2") for code in responses), operation["operationId"]
                for code, response in responses.items():
                    if int(code) >= 400:
                        schema = "Unauthorized" if code == "401" else "Error"
                        assert response["content"]["application/json"]["schema"] == {
                            "$ref": f"#/components/schemas/{schema}"
                        }, (operation["operationId"], code)


def page_schema(document: dict, operation: dict) -> dict | None:
    """The success body's schema when it is a list's page (an object with items)."""
    for code, response in operation["responses"].items():
        content = response.get("content", {}).get("application/json")
        if code.startswith("2") and content and "$ref" in content["schema"]:
            schema = document["components"]["schemas"][content["schema"]["$ref"].split("/")[-1]]
            if schema.get("properties", {}).get("items", {}).get("type") == "array":
                return schema
    return None


# Not pages (ADR 68): one entity's own history and links, answered whole with the entity;
# and a ranking, whose length is its own parameter (top).
WHOLE = {
    "/memberships/{user_id}/audit",
    "/risks/{risk_id}/audit",
    "/solutions/{solution_id}/audit",
    "/risks/{risk_id}/assessments",
    "/relationships",
    "/graph/concentration",
}


def test_every_list_in_every_api_pages_the_same_way():
    """One paging convention (ADR 68): limit 1-500 (50 by default) and offset, answered
    with items, total, limit and offset; nothing pages any other way."""
    lists, whole = [], set()
    for service in openapi.APIS:
        document = json.loads(openapi.document(service))
        for path, operations in document["paths"].items():
            for operation in operations.values():
                parameters = {p["name"]: p["schema"] for p in operation.get("parameters", [])}
                assert not {"after", "cursor", "page", "pageSize"} & set(parameters), path
                page = page_schema(document, operation)
                if page is None:
                    assert "offset" not in parameters, path
                    continue
                if path in WHOLE:
                    whole.add(path)
                    assert not {"limit", "offset"} & set(parameters), path
                    continue
                lists.append(path)
                limit, offset = parameters["limit"], parameters["offset"]
                assert (limit["minimum"], limit["maximum"], limit["default"]) == (1, 500, 50)
                assert (offset["minimum"], offset["maximum"], offset["default"]) == (0, 1e6, 0)
                assert {"items", "total", "limit", "offset"} <= set(page["required"]), path
    assert {"/risks", "/scores", "/reports/risks", "/reports/kris"} <= set(lists)
    assert whole == WHOLE
